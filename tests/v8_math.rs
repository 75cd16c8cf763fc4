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
