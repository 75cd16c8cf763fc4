//! The loss landscape of a straight line y = m x + b under the mean squared error: the surface
//! the line-fit lessons descend, computed exactly from five sums over the training points.

use crate::engine::nn::{Activation, Loss, Network};

/// Whether a network is a straight line: one input, no hidden layer, one linear output,
/// trained with the mean squared error.
pub fn is_line_model(network: &Network, loss: Loss) -> bool {
    network.layers.len() == 1
        && network.inputs() == 1
        && network.outputs() == 1
        && network.layers[0].activation == Activation::Linear
        && loss == Loss::Mse
}

/// The mean squared error of y = m x + b over a set of points, as a function of (m, b).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineLandscape {
    n: f64,
    sx: f64,
    sxx: f64,
    sy: f64,
    sxy: f64,
    syy: f64,
}

impl LineLandscape {
    /// The landscape of the points (xs[i], ys[i]); None without at least one point.
    pub fn of_points(xs: &[f64], ys: &[f64]) -> Option<LineLandscape> {
        if xs.is_empty() || xs.len() != ys.len() {
            return None;
        }
        let mut l = LineLandscape {
            n: xs.len() as f64,
            sx: 0.0,
            sxx: 0.0,
            sy: 0.0,
            sxy: 0.0,
            syy: 0.0,
        };
        for (&x, &y) in xs.iter().zip(ys) {
            l.sx += x;
            l.sxx += x * x;
            l.sy += y;
            l.sxy += x * y;
            l.syy += y * y;
        }
        Some(l)
    }

    /// The mean squared error of the line (m, b).
    pub fn loss(&self, m: f64, b: f64) -> f64 {
        let sum = m * m * self.sxx + 2.0 * m * b * self.sx + self.n * b * b
            - 2.0 * m * self.sxy
            - 2.0 * b * self.sy
            + self.syy;
        (sum / self.n).max(0.0)
    }

    /// The least-squares line (m, b), where the loss is lowest; None if all x are equal.
    pub fn minimum(&self) -> Option<(f64, f64)> {
        let det = self.n * self.sxx - self.sx * self.sx;
        (det.abs() > 1e-12 * self.n * self.n).then(|| {
            let m = (self.n * self.sxy - self.sx * self.sy) / det;
            (m, (self.sy - m * self.sx) / self.n)
        })
    }

    /// The closed curve (an ellipse: the loss is quadratic) where the loss equals `level`, as
    /// `points` points around the minimum; empty if the level is below the minimum loss.
    pub fn contour(&self, level: f64, points: usize) -> Vec<[f64; 2]> {
        let Some((m0, b0)) = self.minimum() else {
            return Vec::new();
        };
        let excess = level - self.loss(m0, b0);
        if excess <= 0.0 {
            return Vec::new();
        }
        // loss(m0 + r u) = loss(m0) + r^2 u'Au with A = [[Sxx, Sx], [Sx, n]] / n
        let (a, c) = (self.sxx / self.n, self.sx / self.n);
        (0..=points)
            .map(|k| {
                let angle = std::f64::consts::TAU * k as f64 / points as f64;
                let (u, v) = (angle.cos(), angle.sin());
                let r = (excess / (a * u * u + 2.0 * c * u * v + v * v)).sqrt();
                [m0 + r * u, b0 + r * v]
            })
            .collect()
    }

    /// The largest learning rate at which full-batch gradient descent still converges:
    /// 2 / the largest eigenvalue of the loss's Hessian 2/n [[Sxx, Sx], [Sx, n]].
    pub fn stable_learning_rate(&self) -> f64 {
        let (a, c, d) = (self.sxx / self.n, self.sx / self.n, 1.0);
        let half_trace = (a + d) / 2.0;
        let largest = half_trace + (half_trace * half_trace - (a * d - c * c)).max(0.0).sqrt();
        2.0 / (2.0 * largest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_minimum_and_stable_rate_match_direct_sums() {
        let xs = [-1.0, -0.3, 0.2, 0.5, 0.9];
        let ys = [-1.2, 0.5, 1.1, 2.2, 2.7];
        let l = LineLandscape::of_points(&xs, &ys).unwrap();
        let direct = |m: f64, b: f64| {
            xs.iter()
                .zip(&ys)
                .map(|(x, y)| (m * x + b - y).powi(2))
                .sum::<f64>()
                / 5.0
        };
        for (m, b) in [(0.0, 0.0), (2.0, 1.0), (-3.0, 4.5)] {
            assert!((l.loss(m, b) - direct(m, b)).abs() < 1e-12);
        }
        let (m, b) = l.minimum().unwrap();
        // worked by hand from the sums: m = (n Sxy - Sx Sy) / (n Sxx - Sx^2), b = (Sy - m Sx) / n
        assert!((m - 2.0635359116022096).abs() < 1e-12 && (b - 0.9361878453038676).abs() < 1e-12);
        for (dm, db) in [(1e-3, 0.0), (0.0, 1e-3), (-1e-3, 1e-3)] {
            assert!(l.loss(m + dm, b + db) > l.loss(m, b));
        }
        let ring = l.contour(l.loss(m, b) + 0.5, 64);
        assert_eq!(ring.len(), 65);
        assert!(
            ring.iter()
                .all(|p| (l.loss(p[0], p[1]) - l.loss(m, b) - 0.5).abs() < 1e-9)
        );
        assert!(l.contour(l.loss(m, b) - 0.1, 64).is_empty());
        // x = [1, 1]: Hessian 2 [[1, 1], [1, 1]] has eigenvalue 4, so the bound is 0.5
        let flat = LineLandscape::of_points(&[1.0, 1.0], &[0.0, 1.0]).unwrap();
        assert!((flat.stable_learning_rate() - 0.5).abs() < 1e-12);
        assert_eq!(flat.minimum(), None);
    }
}
