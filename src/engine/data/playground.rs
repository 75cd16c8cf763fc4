//! TF Playground's six datasets with its exact formulas and noise semantics.
//!
//! Every operation is TF Playground's, in its order, with V8's sin, cos and log and d3 3.5's
//! linear scales, so that TF Playground's generator gives the browser's very points.
//!
//! Classification labels are class indices: 1 is TF Playground's +1 (blue), 0 its -1 (orange).
//! `noise` is TF Playground's slider divided by 100, i.e. in [0, 0.5] from its slider, up to 0.8 from a link.

use super::table::Table;
use crate::engine::rng::Rng;
use crate::engine::v8_math::{cos, log, sin};
use std::f64::consts::PI;

fn class_of(positive: bool) -> f64 {
    if positive { 1.0 } else { 0.0 }
}

/// d3 3.5's `scale.linear().domain([d0, d1]).range([r0, r1])` at `x`, clamped or not.
fn d3_linear(x: f64, domain: (f64, f64), range: (f64, f64), clamp: bool) -> f64 {
    let width = domain.1 - domain.0;
    let mut t = (x - domain.0) / width;
    if clamp {
        t = t.clamp(0.0, 1.0);
    }
    range.0 * (1.0 - t) + range.1 * t
}

/// TF Playground's `dist` from the origin-shifted point (dx, dy).
fn length(dx: f64, dy: f64) -> f64 {
    (dx * dx + dy * dy).sqrt()
}

/// Two rings: inner r ~ U(0, 2.5) and outer r ~ U(3.5, 5); the label comes from the noisy
/// position (noise flips labels, points stay).
pub fn circle(n: usize, noise: f64, rng: &mut Rng, out: &mut Table) {
    let radius = 5.0;
    let mut ring = |r_lo: f64, r_hi: f64, out: &mut Table| {
        for _ in 0..n / 2 {
            let r = rng.uniform_in(r_lo, r_hi);
            let angle = rng.uniform_in(0.0, 2.0 * PI);
            let x = r * sin(angle);
            let y = r * cos(angle);
            let nx = rng.uniform_in(-radius, radius) * noise;
            let ny = rng.uniform_in(-radius, radius) * noise;
            let inside = length(x + nx - 0.0, y + ny - 0.0) < radius * 0.5;
            out.push(&[x, y], class_of(inside));
        }
    };
    ring(0.0, radius * 0.5, out);
    ring(radius * 0.7, radius, out);
}

/// Four quadrants: x, y ~ U(-5, 5) pushed 0.3 off each axis, label sign((x+nx)(y+ny)).
pub fn xor(n: usize, noise: f64, rng: &mut Rng, out: &mut Table) {
    let padding = 0.3;
    for _ in 0..n {
        let mut x = rng.uniform_in(-5.0, 5.0);
        x += if x > 0.0 { padding } else { -padding };
        let mut y = rng.uniform_in(-5.0, 5.0);
        y += if y > 0.0 { padding } else { -padding };
        let nx = rng.uniform_in(-5.0, 5.0) * noise;
        let ny = rng.uniform_in(-5.0, 5.0) * noise;
        out.push(&[x, y], class_of((x + nx) * (y + ny) >= 0.0));
    }
}

/// TF Playground's `normalRandom`: Marsaglia's polar method, one output per call.
fn polar_normal(rng: &mut Rng, mean: f64, variance: f64) -> f64 {
    loop {
        let v1 = 2.0 * rng.uniform() - 1.0;
        let v2 = 2.0 * rng.uniform() - 1.0;
        let s = v1 * v1 + v2 * v2;
        if s <= 1.0 {
            let result = (-2.0 * log(s) / s).sqrt() * v1;
            return mean + variance.sqrt() * result;
        }
    }
}

/// Two Gaussians at (2, 2) (positive) and (-2, -2); variance maps noise [0, 0.5] to [0.5, 4].
pub fn gauss(n: usize, noise: f64, rng: &mut Rng, out: &mut Table) {
    let variance = d3_linear(noise, (0.0, 0.5), (0.5, 4.0), false);
    for (c, label) in [(2.0, 1.0), (-2.0, 0.0)] {
        for _ in 0..n / 2 {
            let x = polar_normal(rng, c, variance);
            let y = polar_normal(rng, c, variance);
            out.push(&[x, y], label);
        }
    }
}

/// Two spiral arms, r = 5 i/n, t = 1.75 (i/n) 2 pi (+ pi for the negative arm), jittered by
/// U(-1, 1) * noise.
pub fn spiral(n: usize, noise: f64, rng: &mut Rng, out: &mut Table) {
    let arm = n / 2;
    for (delta_t, label) in [(0.0, 1.0), (PI, 0.0)] {
        for i in 0..arm {
            let r = i as f64 / arm as f64 * 5.0;
            let t = 1.75 * i as f64 / arm as f64 * 2.0 * PI + delta_t;
            let x = r * sin(t) + rng.uniform_in(-1.0, 1.0) * noise;
            let y = r * cos(t) + rng.uniform_in(-1.0, 1.0) * noise;
            out.push(&[x, y], label);
        }
    }
}

/// TF Playground's regression sampling: x, y ~ U(-6, 6), the target taken at the point moved
/// by U(-6, 6) * noise in each direction.
fn regression(
    n: usize,
    noise: f64,
    rng: &mut Rng,
    out: &mut Table,
    target: impl Fn(f64, f64) -> f64,
) {
    let radius = 6.0;
    for _ in 0..n {
        let x = rng.uniform_in(-radius, radius);
        let y = rng.uniform_in(-radius, radius);
        let nx = rng.uniform_in(-radius, radius) * noise;
        let ny = rng.uniform_in(-radius, radius) * noise;
        out.push(&[x, y], target(x + nx, y + ny));
    }
}

/// Regression on a plane: target (x + y) / 10 at the noisy point.
pub fn reg_plane(n: usize, noise: f64, rng: &mut Rng, out: &mut Table) {
    regression(n, noise, rng, out, |x, y| {
        d3_linear(x + y, (-10.0, 10.0), (-1.0, 1.0), false)
    });
}

/// Regression on six cones of radius 2 at (-4|0|4, +-2.5) with alternating signs; at each
/// point the cone largest in absolute value wins.
pub fn reg_gauss(n: usize, noise: f64, rng: &mut Rng, out: &mut Table) {
    const CONES: [(f64, f64, f64); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    let label_at = |x: f64, y: f64| {
        let mut label: f64 = 0.0;
        for (cx, cy, sign) in CONES {
            let height = d3_linear(length(x - cx, y - cy), (0.0, 2.0), (1.0, 0.0), true);
            let candidate = sign * height;
            if candidate.abs() > label.abs() {
                label = candidate;
            }
        }
        label
    };
    regression(n, noise, rng, out, label_at);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::data::table::Task;

    fn make(f: fn(usize, f64, &mut Rng, &mut Table), n: usize, noise: f64, task: Task) -> Table {
        let mut t = Table::new(&["x", "y"], task);
        f(n, noise, &mut Rng::new(11), &mut t);
        t
    }

    const BINARY: Task = Task::Classification { classes: 2 };

    #[test]
    fn circle_without_noise_labels_by_radius() {
        let t = make(circle, 500, 0.0, BINARY);
        assert_eq!(t.rows(), 500);
        for r in 0..t.rows() {
            let p = t.row(r).to_double();
            let radius = (p[0] * p[0] + p[1] * p[1]).sqrt();
            assert_eq!(t.labels[r] == 1.0, radius < 2.5);
            assert!(radius < 2.5 || (3.5..=5.0).contains(&radius));
        }
        assert_eq!(t.class_counts(), vec![250, 250]);
    }

    #[test]
    fn circle_noise_flips_labels_but_keeps_points() {
        let t = make(circle, 500, 0.5, BINARY);
        let flipped = (0..t.rows())
            .filter(|&r| {
                let p = t.row(r).to_double();
                ((p[0] * p[0] + p[1] * p[1]).sqrt() < 2.5) != (t.labels[r] == 1.0)
            })
            .count();
        assert!(flipped > 20, "only {flipped} labels flipped");
    }

    #[test]
    fn xor_points_stay_off_the_axes_and_label_by_quadrant() {
        let t = make(xor, 500, 0.0, BINARY);
        for r in 0..t.rows() {
            let p = t.row(r).to_double();
            assert!(p[0].abs() >= 0.3 && p[1].abs() >= 0.3);
            assert_eq!(t.labels[r] == 1.0, p[0] * p[1] >= 0.0);
        }
    }

    #[test]
    fn gauss_variance_follows_noise() {
        for (noise, variance) in [(0.0, 0.5), (0.5, 4.0)] {
            let t = make(gauss, 20_000, noise, BINARY);
            let xs: Vec<f64> = (0..t.rows())
                .filter(|&r| t.labels[r] == 1.0)
                .map(|r| t.value(r, 0))
                .collect();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
            assert!((mean - 2.0).abs() < 0.05, "mean {mean}");
            assert!(
                (var - variance).abs() < 0.05 * variance,
                "variance {var} vs {variance}"
            );
        }
    }

    #[test]
    fn spiral_without_noise_sits_on_its_arms() {
        let t = make(spiral, 500, 0.0, BINARY);
        let p = t.row(125).to_double();
        let r = (p[0] * p[0] + p[1] * p[1]).sqrt();
        assert!((r - 2.5).abs() < 1e-12);
        assert_eq!(t.labels[0], 1.0);
        assert_eq!(t.labels[499], 0.0);
    }

    #[test]
    fn regression_sets_stay_in_range() {
        let plane = make(reg_plane, 1200, 0.0, Task::Regression);
        for r in 0..plane.rows() {
            let p = plane.row(r).to_double();
            assert!((plane.labels[r] - (p[0] + p[1]) / 10.0).abs() < 1e-12);
        }
        let cones = make(reg_gauss, 1200, 0.0, Task::Regression);
        assert!(cones.labels.iter().all(|l| (-1.0..=1.0).contains(l)));
        assert!(cones.labels.iter().any(|&l| l > 0.7) && cones.labels.iter().any(|&l| l < -0.7));
    }
}
