//! nnplay's V8 functions against a table node 20 wrote (`tests/v8_math/make_table.js`): every
//! sin, cos, exp, log and tanh value must be the very same double.

use nnplay::engine::v8_math;

#[test]
fn every_function_returns_what_node_returns_bit_for_bit() {
    let table = include_str!("v8_math/table.txt");
    let mut checked = std::collections::BTreeMap::<&str, usize>::new();
    let mut wrong = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let mut parts = line.split(' ');
        let (Some(name), Some(x), Some(y)) = (parts.next(), parts.next(), parts.next()) else {
            panic!("bad line {line}");
        };
        let bits = |h: &str| u64::from_str_radix(h, 16).unwrap_or_else(|e| panic!("{h}: {e}"));
        let x = f64::from_bits(bits(x));
        let f = match name {
            "sin" => v8_math::sin,
            "cos" => v8_math::cos,
            "exp" => v8_math::exp,
            "log" => v8_math::log,
            "tanh" => v8_math::tanh,
            other => panic!("unknown function {other}"),
        };
        *checked.entry(name).or_default() += 1;
        if f(x).to_bits() != bits(y) {
            wrong.push(format!(
                "{name}({x:e}) = {:e}, node says {:e}",
                f(x),
                f64::from_bits(bits(y))
            ));
        }
    }
    println!("checked {checked:?}");
    assert!(checked.values().all(|&n| n >= 2000), "{checked:?}");
    assert!(
        wrong.is_empty(),
        "{} differ, e.g. {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}

#[test]
fn tanh_of_a_slice_is_node_s_tanh_too() {
    // The table's tanh arguments, those the lanes compute first (a chunk with one tiny, huge
    // or non-finite value goes through the scalar function), then every one in table order.
    let table = include_str!("v8_math/table.txt");
    let pairs: Vec<(f64, u64)> = table
        .lines()
        .filter(|l| l.starts_with("tanh "))
        .map(|l| {
            let mut parts = l.split(' ').skip(1);
            let mut next = || u64::from_str_radix(parts.next().unwrap(), 16).unwrap();
            (f64::from_bits(next()), next())
        })
        .collect();
    let lane_friendly = |x: f64| (2f64.powi(-27)..22.0).contains(&x.abs());
    let (mut easy, mut rest): (Vec<_>, Vec<_>) = pairs.iter().partition(|(x, _)| lane_friendly(*x));
    easy.append(&mut rest);
    let mut values: Vec<f64> = easy.iter().map(|(x, _)| *x).collect();
    v8_math::tanh_slice(&mut values);
    let wrong = values
        .iter()
        .zip(&easy)
        .filter(|(y, (_, expected))| y.to_bits() != *expected)
        .count();
    assert!(
        pairs.len() >= 2000 && wrong == 0,
        "{wrong} of {} differ",
        pairs.len()
    );
    // And many more arguments over every branch of expm1 against the scalar function.
    let mut rng = nnplay::engine::rng::Rng::new(11);
    let mut xs: Vec<f64> = (0..400_000)
        .map(|k| {
            let magnitude =
                10f64.powf(rng.uniform() * 9.0 - 8.0) * if k % 2 == 0 { 1.0 } else { 3.0 };
            if k % 3 == 0 { -magnitude } else { magnitude }
        })
        .collect();
    let expected: Vec<u64> = xs.iter().map(|&x| v8_math::tanh(x).to_bits()).collect();
    v8_math::tanh_slice(&mut xs);
    let differ = xs
        .iter()
        .zip(&expected)
        .filter(|(y, e)| y.to_bits() != **e)
        .count();
    assert_eq!(differ, 0, "of {}", xs.len());
}
