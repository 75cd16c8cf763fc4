//! Where an axis gets its marks and how they read: round steps (1, 2 or 5 times a power of
//! ten) on a linear axis, decades on a log axis.

/// The marks of a linear axis over `lo..=hi`: about `target` of them at a round step, each
/// with its label.
pub fn linear(lo: f64, hi: f64, target: usize) -> Vec<(f64, String)> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![(lo, format_number(lo, 1.0))];
    }
    let rough = span / target.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            // -0 and round-off near zero read as 0.
            let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
            (v, format_number(v, step))
        })
        .collect()
}

/// The marks of a log axis over `lo..=hi` (both positive): every decade, or every second or
/// third one when there are many.
pub fn decades(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let (a, b) = (lo.log10().ceil() as i32, hi.log10().floor() as i32);
    if b < a {
        // Less than a decade: round marks on the linear scale inside it.
        return linear(lo, hi, 4)
            .into_iter()
            .filter(|(v, _)| *v > 0.0)
            .collect();
    }
    let every = ((b - a) / 8 + 1).max(1);
    (a..=b)
        .filter(|k| (k - a) % every == 0)
        .map(|k| (10f64.powi(k), power_of_ten(k)))
        .collect()
}

/// 10^k as it reads on an axis: 0.01, 0.1, 1, 10, …, 10000, then 1e5 and beyond.
fn power_of_ten(k: i32) -> String {
    if (-3..=4).contains(&k) {
        format_number(10f64.powi(k), 10f64.powi(k))
    } else {
        format!("1e{k}")
    }
}

/// `v` with as many decimals as a step of `step` needs.
pub fn format_number(v: f64, step: f64) -> String {
    let decimals = if step > 0.0 && step.is_finite() {
        (-step.log10().floor()).max(0.0) as usize
    } else {
        2
    };
    if v.abs() >= 1e6 {
        format!("{v:.1e}")
    } else {
        format!("{v:.decimals$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(marks: &[(f64, String)]) -> Vec<String> {
        marks.iter().map(|(_, s)| s.clone()).collect()
    }

    #[test]
    fn linear_marks_are_round() {
        assert_eq!(
            values(&linear(0.0, 1.0, 5)),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
        );
        assert_eq!(values(&linear(-3.0, 7.0, 5)), ["-2", "0", "2", "4", "6"]);
        assert_eq!(
            values(&linear(0.0, 250.0, 5)),
            ["0", "50", "100", "150", "200", "250"]
        );
        assert_eq!(linear(1.0, 1.0, 5).len(), 1, "an empty range gets one mark");
        assert_eq!(linear(0.0, f64::NAN, 5).len(), 1);
    }

    #[test]
    fn log_marks_are_decades() {
        assert_eq!(values(&decades(0.5, 2000.0)), ["1", "10", "100", "1000"]);
        assert_eq!(
            values(&decades(1e-9, 1.0)).first().map(String::as_str),
            Some("1e-9")
        );
        assert!(decades(1e-30, 1e30).len() <= 9, "many decades: every few");
        assert!(!decades(2.0, 5.0).is_empty(), "inside one decade");
    }
}
