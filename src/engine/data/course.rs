//! The datasets of the course chapters beyond TF Playground's six.

use super::table::Table;
use crate::engine::rng::Rng;
use std::f64::consts::PI;

/// The course's 1-D target: 0.1 x^3 - 0.5 x^2 + 2 sin 3x.
pub fn curve_target(x: f64) -> f64 {
    0.1 * x * x * x - 0.5 * x * x + 2.0 * (3.0 * x).sin()
}

/// The 2-D regression target exp(-7 r^2) * |x1 + 2 x0| of the "network as an image" chapter.
pub fn bump_target(x0: f64, x1: f64) -> f64 {
    (-7.0 * (x0 * x0 + x1 * x1)).exp() * (x1 + 2.0 * x0).abs()
}

/// The least-squares line (slope, intercept) through the points (x, y); NaN when all x are equal.
pub fn least_squares_line(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    crate::engine::landscape::LineLandscape::of_points(xs, ys)
        .and_then(|l| l.minimum())
        .unwrap_or((f64::NAN, f64::NAN))
}

/// y = slope x + intercept + N(0, sigma^2) on x ~ U[-1, 1].
pub fn line(n: usize, sigma: f64, slope: f64, intercept: f64, rng: &mut Rng, out: &mut Table) {
    for _ in 0..n {
        let x = rng.uniform_in(-1.0, 1.0);
        out.push(&[x], slope * x + intercept + sigma * rng.normal());
    }
}

/// The course curve plus N(0, sigma^2), on an even grid over [-2, 2] or uniform x.
pub fn curve(n: usize, sigma: f64, grid: bool, rng: &mut Rng, out: &mut Table) {
    for i in 0..n {
        let x = if grid {
            if n > 1 {
                -2.0 + 4.0 * i as f64 / (n - 1) as f64
            } else {
                0.0
            }
        } else {
            rng.uniform_in(-2.0, 2.0)
        };
        out.push(&[x], curve_target(x) + sigma * rng.normal());
    }
}

/// Two interleaved half circles (as scikit-learn's make_moons), Gaussian jitter sigma.
pub fn moons(n: usize, sigma: f64, rng: &mut Rng, out: &mut Table) {
    for i in 0..n {
        let upper = i < n / 2;
        let t = rng.uniform_in(0.0, PI);
        let (x, y) = if upper {
            (t.cos(), t.sin())
        } else {
            (1.0 - t.cos(), 0.5 - t.sin())
        };
        out.push(
            &[x + sigma * rng.normal(), y + sigma * rng.normal()],
            if upper { 0.0 } else { 1.0 },
        );
    }
}

/// Uniform points in [-1, 1]^2, class 1 inside the unit circle ("finding pi").
pub fn pi_square(n: usize, rng: &mut Rng, out: &mut Table) {
    for _ in 0..n {
        let x = rng.uniform_in(-1.0, 1.0);
        let y = rng.uniform_in(-1.0, 1.0);
        out.push(&[x, y], if x * x + y * y <= 1.0 { 1.0 } else { 0.0 });
    }
}

/// Uniform points in [-0.5, 0.5]^2 with the bump target, plus N(0, sigma^2).
pub fn bump(n: usize, sigma: f64, rng: &mut Rng, out: &mut Table) {
    for _ in 0..n {
        let x = rng.uniform_in(-0.5, 0.5);
        let y = rng.uniform_in(-0.5, 0.5);
        out.push(&[x, y], bump_target(x, y) + sigma * rng.normal());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::data::table::Task;

    #[test]
    fn line_recovers_its_slope_by_least_squares() {
        let mut t = Table::new(&["x"], Task::Regression);
        line(5000, 0.3, 2.0, 1.0, &mut Rng::new(2), &mut t);
        let (m, b) = least_squares_line(&t.values.to_double(), &t.labels);
        assert!(
            (m - 2.0).abs() < 0.03 && (b - 1.0).abs() < 0.02,
            "m {m} b {b}"
        );
    }

    #[test]
    fn curve_grid_is_even_and_noise_free_at_zero_sigma() {
        let mut t = Table::new(&["x"], Task::Regression);
        curve(200, 0.0, true, &mut Rng::new(1), &mut t);
        assert_eq!(t.values.get(0), -2.0);
        assert_eq!(t.values.get(199), 2.0);
        assert_eq!(t.labels[50], curve_target(t.values.get(50)));
    }

    #[test]
    fn finding_pi_fraction_is_close_to_pi_over_four() {
        let mut t = Table::new(&["x", "y"], Task::Classification { classes: 2 });
        pi_square(100_000, &mut Rng::new(3), &mut t);
        let inside = t.labels.iter().sum::<f64>() / t.rows() as f64;
        assert!((4.0 * inside - PI).abs() < 0.02);
    }

    #[test]
    fn moons_are_balanced() {
        let mut t = Table::new(&["x", "y"], Task::Classification { classes: 2 });
        moons(400, 0.1, &mut Rng::new(3), &mut t);
        assert_eq!(t.class_counts(), vec![200, 200]);
    }

    #[test]
    fn bump_is_zero_on_its_ridge_line() {
        assert_eq!(bump_target(0.1, -0.2), 0.0);
        assert!(bump_target(0.2, 0.1) > 0.0);
    }
}
