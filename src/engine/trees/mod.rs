//! Tree models: histogram binning, level-by-level growth and ensembles (a single CART tree,
//! a random forest, gradient-boosted trees). Written here rather than taken from a crate: the
//! playground grows a tree one level (or an ensemble one tree) per step and shows every
//! intermediate state, which the Rust GBDT crates (forust, lightgbm bindings) do not expose,
//! and the model must run on the same rows, features and metrics as the networks.

mod binning;
mod grow;
mod tree;

pub use binning::{Bins, MAX_BINS};
pub use grow::{Criterion, GrowData, GrowSettings, Grower};
pub use tree::Tree;

use crate::engine::scene::TreeKind;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Smallest class fraction turned into a logit or log-probability (keeps a pure leaf's loss
/// finite: at most -ln(1e-6) = 13.8 per misclassified row).
const MIN_FRACTION: f64 = 1e-6;

/// Rows x trees above which predictions are shared out over the cores (below it, starting
/// threads costs more than it saves).
const PARALLEL_PREDICTION_WORK: usize = 1 << 18;

/// How the trees' combined values become the model's outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Link {
    /// The values themselves (boosting's raw scores, a regression tree's mean).
    Raw,
    /// Two class fractions become one logit, ln(p1 / p0).
    Logit,
    /// Class fractions become log-probabilities.
    Log,
}

/// A trained tree model: its kind, its trees and how their values combine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ensemble {
    /// Single tree, forest or boosted trees.
    pub kind: TreeKind,
    /// How combined values become outputs.
    pub link: Link,
    /// Boosting's starting score per value (empty for trees and forests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base: Vec<f64>,
    /// Number of model inputs the trees split on.
    pub inputs: usize,
    /// The trees, in the order they were grown (shared, so a snapshot of the model is cheap).
    #[serde(default)]
    pub trees: Vec<Arc<Tree>>,
}

impl Ensemble {
    /// Values per tree leaf.
    pub fn channels(&self) -> usize {
        self.trees
            .first()
            .map(|t| t.outputs)
            .unwrap_or(self.base.len().max(1))
    }

    /// Model outputs per row.
    pub fn outputs(&self, channels: usize) -> usize {
        match self.link {
            Link::Logit => 1,
            _ => channels,
        }
    }

    /// Adds the values of trees `from..` to `sums` (`channels` per row) for `inputs` rows
    /// (row-major, [`Ensemble::inputs`] per row), tree by tree so each tree stays in cache.
    /// Large jobs are split by rows over the cores; each row's sum is formed in the same order
    /// either way, so the result does not depend on the number of threads.
    pub fn accumulate(&self, from: usize, inputs: &[f64], sums: &mut [f64]) {
        let width = self.inputs.max(1);
        let rows = inputs.len() / width;
        let trees = self.trees.len().saturating_sub(from);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads > 1 && rows * trees >= PARALLEL_PREDICTION_WORK && rows >= 2 * threads {
            let c = sums.len() / rows.max(1);
            let per_thread = rows.div_ceil(threads);
            std::thread::scope(|scope| {
                for (x, s) in inputs
                    .chunks(per_thread * width)
                    .zip(sums.chunks_mut(per_thread * c))
                {
                    scope.spawn(move || self.accumulate_rows(from, x, s));
                }
            });
            return;
        }
        self.accumulate_rows(from, inputs, sums);
    }

    /// [`Ensemble::accumulate`] on the calling thread.
    fn accumulate_rows(&self, from: usize, inputs: &[f64], sums: &mut [f64]) {
        let width = self.inputs.max(1);
        for tree in &self.trees[from.min(self.trees.len())..] {
            let c = tree.outputs;
            if c == 1 {
                for (x, sum) in inputs.chunks_exact(width).zip(sums.iter_mut()) {
                    *sum += tree.values[tree.leaf_of(x)];
                }
            } else {
                for (x, sum) in inputs.chunks_exact(width).zip(sums.chunks_exact_mut(c)) {
                    sum.iter_mut()
                        .zip(tree.predict(x))
                        .for_each(|(s, v)| *s += v);
                }
            }
        }
    }

    /// The outputs for the summed values of the first `trees` trees.
    pub fn combine(&self, sum: &[f64], trees: usize, out: &mut [f64]) {
        match self.kind {
            TreeKind::Boosted => out
                .iter_mut()
                .zip(sum)
                .enumerate()
                .for_each(|(k, (o, s))| *o = s + self.base.get(k).copied().unwrap_or(0.0)),
            TreeKind::Tree | TreeKind::Forest => {
                let n = trees.max(1) as f64;
                let fraction = |v: f64| (v / n).clamp(MIN_FRACTION, 1.0 - MIN_FRACTION);
                match self.link {
                    Link::Raw => out.iter_mut().zip(sum).for_each(|(o, s)| *o = s / n),
                    Link::Logit => {
                        out[0] = fraction(sum[1]).ln() - fraction(sum[0]).ln();
                    }
                    Link::Log => out
                        .iter_mut()
                        .zip(sum)
                        .for_each(|(o, &s)| *o = fraction(s).ln()),
                }
            }
        }
    }

    /// Total split gain per input over all trees, scaled to sum to 1 (all zeros before any
    /// split).
    pub fn importance(&self) -> Vec<f64> {
        let mut gain = vec![0.0; self.inputs];
        for tree in &self.trees {
            for n in 0..tree.len() {
                if !tree.is_leaf(n)
                    && let Some(g) = gain.get_mut(tree.nodes[n].feature as usize)
                {
                    *g += tree.nodes[n].gain;
                }
            }
        }
        let total: f64 = gain.iter().sum();
        if total > 0.0 {
            gain.iter_mut().for_each(|g| *g /= total);
        }
        gain
    }

    /// Checks an ensemble read from a file against the model's inputs and outputs.
    pub fn check(&self, inputs: usize, outputs: usize) -> Result<(), String> {
        if self.inputs != inputs {
            return Err(format!(
                "the trees split on {} inputs; the data has {inputs}",
                self.inputs
            ));
        }
        let channels = self.channels();
        if self.outputs(channels) != outputs {
            return Err(format!(
                "the trees give {} outputs; the data needs {outputs}",
                self.outputs(channels)
            ));
        }
        if self.kind == TreeKind::Boosted && self.base.len() != channels {
            return Err("boosted trees need one base score per output".into());
        }
        for (k, tree) in self.trees.iter().enumerate() {
            if tree.outputs != channels {
                return Err(format!(
                    "tree {}: {} values per leaf, expected {channels}",
                    k + 1,
                    tree.outputs
                ));
            }
            tree.check(inputs)
                .map_err(|e| format!("tree {}: {e}", k + 1))?;
        }
        Ok(())
    }
}
