//! The built-in dataset generators behind one seeded interface.

use super::table::{Table, Task};
use super::{course, jets, playground};
use crate::engine::rng::Rng;
use serde::{Deserialize, Serialize};

/// A built-in dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    /// y = m x + b + noise (1-D regression).
    Line,
    /// The course's cubic-plus-sine curve (1-D regression).
    Curve,
    /// TF Playground's circle (classification).
    Circle,
    /// TF Playground's xor (classification).
    Xor,
    /// TF Playground's two Gaussians (classification).
    Gauss,
    /// TF Playground's spiral (classification).
    Spiral,
    /// Two moons (classification).
    Moons,
    /// Uniform square labelled inside/outside the unit circle (classification).
    PiSquare,
    /// exp(-7 r^2) |x1 + 2 x0| on [-0.5, 0.5]^2 (2-D regression).
    Bump,
    /// TF Playground's plane (2-D regression).
    RegPlane,
    /// TF Playground's six cones (2-D regression).
    RegGauss,
    /// Boosted top-quark jets against QCD jets: high-level features (classification).
    Jets,
}

/// Every built-in dataset, in menu order.
pub const ALL_DATASETS: [DatasetKind; 12] = [
    DatasetKind::Line,
    DatasetKind::Curve,
    DatasetKind::Circle,
    DatasetKind::Xor,
    DatasetKind::Gauss,
    DatasetKind::Spiral,
    DatasetKind::Moons,
    DatasetKind::PiSquare,
    DatasetKind::Bump,
    DatasetKind::RegPlane,
    DatasetKind::RegGauss,
    DatasetKind::Jets,
];

/// A dataset kind with its parameters: everything needed to draw samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Generator {
    /// Which dataset.
    pub kind: DatasetKind,
    /// TF Playground noise fraction in [0, 0.8] for its six sets, Gaussian sigma for the others.
    pub noise: f64,
    /// Slope of the straight line.
    pub slope: f64,
    /// Intercept of the straight line.
    pub intercept: f64,
    /// Whether the curve's x values lie on an even grid (else uniform).
    pub grid: bool,
}

impl Generator {
    /// A generator with default parameters for `kind`.
    pub fn new(kind: DatasetKind, noise: f64) -> Self {
        Self {
            kind,
            noise,
            slope: 2.0,
            intercept: 1.0,
            grid: false,
        }
    }

    /// The scene-file name of the dataset.
    pub fn name(kind: DatasetKind) -> &'static str {
        match kind {
            DatasetKind::Line => "line",
            DatasetKind::Curve => "curve",
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gauss => "gauss",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Moons => "moons",
            DatasetKind::PiSquare => "pi-square",
            DatasetKind::Bump => "bump",
            DatasetKind::RegPlane => "reg-plane",
            DatasetKind::RegGauss => "reg-gauss",
            DatasetKind::Jets => "jets",
        }
    }

    /// True for TF Playground's six sets, whose noise is a fraction in [0, 0.8].
    pub fn is_playground(kind: DatasetKind) -> bool {
        matches!(
            kind,
            DatasetKind::Circle
                | DatasetKind::Xor
                | DatasetKind::Gauss
                | DatasetKind::Spiral
                | DatasetKind::RegPlane
                | DatasetKind::RegGauss
        )
    }

    /// The input columns the dataset provides.
    pub fn columns(&self) -> &'static [&'static str] {
        match self.kind {
            DatasetKind::Line | DatasetKind::Curve => &["x"],
            DatasetKind::Jets => &jets::JET_COLUMNS,
            _ => &["x", "y"],
        }
    }

    /// The problem the dataset poses.
    pub fn task(&self) -> Task {
        match self.kind {
            DatasetKind::Line
            | DatasetKind::Curve
            | DatasetKind::Bump
            | DatasetKind::RegPlane
            | DatasetKind::RegGauss => Task::Regression,
            _ => Task::Classification { classes: 2 },
        }
    }

    /// The sample count TF Playground uses (500 to classify, 1200 for regression), or the course's.
    pub fn default_samples(kind: DatasetKind) -> usize {
        match kind {
            DatasetKind::RegPlane | DatasetKind::RegGauss => 1200,
            DatasetKind::Line => 50,
            DatasetKind::Curve => 200,
            DatasetKind::PiSquare => 10_000,
            DatasetKind::Jets => 20_000,
            _ => 500,
        }
    }

    /// The input-plane region to show: ((x_min, x_max), (y_min, y_max)).
    pub fn domain(&self) -> ((f64, f64), (f64, f64)) {
        match self.kind {
            DatasetKind::Line => ((-1.0, 1.0), (-1.0, 1.0)),
            DatasetKind::Curve => ((-2.0, 2.0), (-2.0, 2.0)),
            DatasetKind::Moons => ((-1.5, 2.5), (-1.25, 1.75)),
            DatasetKind::PiSquare => ((-1.0, 1.0), (-1.0, 1.0)),
            DatasetKind::Bump => ((-0.5, 0.5), (-0.5, 0.5)),
            DatasetKind::Jets => ((0.0, 300.0), (0.0, 1.0)),
            _ => ((-6.0, 6.0), (-6.0, 6.0)),
        }
    }

    /// An empty table with this dataset's columns and task.
    pub fn empty_table(&self) -> Table {
        Table::new(self.columns(), self.task())
    }

    /// Appends `n` samples in the generator's natural order (class blocks, grids).
    pub fn append(&self, n: usize, rng: &mut Rng, out: &mut Table) {
        let noise = self.noise;
        match self.kind {
            DatasetKind::Line => course::line(n, noise, self.slope, self.intercept, rng, out),
            DatasetKind::Curve => course::curve(n, noise, self.grid, rng, out),
            DatasetKind::Circle => playground::circle(n, noise, rng, out),
            DatasetKind::Xor => playground::xor(n, noise, rng, out),
            DatasetKind::Gauss => playground::gauss(n, noise, rng, out),
            DatasetKind::Spiral => playground::spiral(n, noise, rng, out),
            DatasetKind::Moons => course::moons(n, noise, rng, out),
            DatasetKind::PiSquare => course::pi_square(n, rng, out),
            DatasetKind::Bump => course::bump(n, noise, rng, out),
            DatasetKind::RegPlane => playground::reg_plane(n, noise, rng, out),
            DatasetKind::RegGauss => playground::reg_gauss(n, noise, rng, out),
            DatasetKind::Jets => jets::jets(n, rng, out),
        }
    }

    /// `n` samples in random order, as TF Playground shuffles its data once after drawing it.
    pub fn generate(&self, n: usize, rng: &mut Rng) -> Table {
        let mut table = self.empty_table();
        self.append(n, rng, &mut table);
        let mut order: Vec<usize> = (0..table.rows()).collect();
        rng.shuffle(&mut order);
        table.permute(&order);
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_is_deterministic_for_a_seed() {
        for kind in ALL_DATASETS {
            let g = Generator::new(kind, 0.1);
            let a = g.generate(100, &mut Rng::new(5));
            let b = g.generate(100, &mut Rng::new(5));
            let c = g.generate(100, &mut Rng::new(6));
            assert_eq!(a, b, "{}", Generator::name(kind));
            assert_ne!(a, c, "{}", Generator::name(kind));
            assert_eq!(a.rows(), 100);
            assert!(
                a.values
                    .to_double()
                    .iter()
                    .chain(&a.labels)
                    .all(|v| v.is_finite())
            );
        }
    }
}
