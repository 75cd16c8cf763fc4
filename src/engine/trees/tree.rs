//! One decision tree, stored as parallel arrays (node 0 is the root; a node's children come
//! after it), so it saves to a scene file as a handful of number lists.

use serde::{Deserialize, Serialize};

/// A grown tree. A node is a leaf when its `left` child index is 0.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    /// Values per node (leaf value for leaves, the node's own value otherwise).
    pub outputs: usize,
    /// Entries per node in `summary`: the class count, or 1 (the mean target).
    pub summary_width: usize,
    /// Split feature of each node (unused for leaves).
    pub feature: Vec<u32>,
    /// Split threshold: rows with `x[feature] < threshold` go left.
    pub threshold: Vec<f64>,
    /// Left child (0 for a leaf).
    pub left: Vec<u32>,
    /// Right child (0 for a leaf).
    pub right: Vec<u32>,
    /// Training rows that reached the node (bootstrap duplicates counted).
    pub samples: Vec<u32>,
    /// Gain of the node's split (0 for leaves): what feature importance adds up.
    pub gain: Vec<f64>,
    /// `outputs` values per node: what the tree predicts for a row ending there.
    pub values: Vec<f64>,
    /// `summary_width` values per node: class fractions, or the mean target.
    pub summary: Vec<f64>,
}

impl Tree {
    /// An empty tree (no nodes yet).
    pub fn new(outputs: usize, summary_width: usize) -> Tree {
        Tree {
            outputs,
            summary_width,
            ..Tree::default()
        }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.feature.len()
    }

    /// Whether the tree has no nodes.
    pub fn is_empty(&self) -> bool {
        self.feature.is_empty()
    }

    /// Whether node `n` is a leaf.
    pub fn is_leaf(&self, n: usize) -> bool {
        self.left[n] == 0
    }

    /// Appends a leaf and returns its index.
    pub fn push_leaf(&mut self, samples: usize, values: &[f64], summary: &[f64]) -> usize {
        self.feature.push(0);
        self.threshold.push(0.0);
        self.left.push(0);
        self.right.push(0);
        self.samples.push(samples.min(u32::MAX as usize) as u32);
        self.gain.push(0.0);
        self.values.extend_from_slice(values);
        self.summary.extend_from_slice(summary);
        self.len() - 1
    }

    /// Turns leaf `n` into a split on `feature` at `threshold` with the two given children.
    pub fn split(
        &mut self,
        n: usize,
        feature: usize,
        threshold: f64,
        gain: f64,
        (left, right): (usize, usize),
    ) {
        self.feature[n] = feature as u32;
        self.threshold[n] = threshold;
        self.gain[n] = gain;
        self.left[n] = left as u32;
        self.right[n] = right as u32;
    }

    /// The leaf a row of inputs ends in.
    pub fn leaf_of(&self, x: &[f64]) -> usize {
        let mut n = 0;
        while self.left[n] != 0 {
            n = if x[self.feature[n] as usize] < self.threshold[n] {
                self.left[n] as usize
            } else {
                self.right[n] as usize
            };
        }
        n
    }

    /// The values of the leaf a row ends in.
    pub fn predict(&self, x: &[f64]) -> &[f64] {
        let n = self.leaf_of(x);
        &self.values[n * self.outputs..(n + 1) * self.outputs]
    }

    /// Node `n`'s summary (class fractions or mean target).
    pub fn summary_of(&self, n: usize) -> &[f64] {
        &self.summary[n * self.summary_width..(n + 1) * self.summary_width]
    }

    /// The deepest level (the root alone has depth 0).
    pub fn depth(&self) -> usize {
        let mut depth = vec![0usize; self.len()];
        for n in 0..self.len() {
            if !self.is_leaf(n) {
                depth[self.left[n] as usize] = depth[n] + 1;
                depth[self.right[n] as usize] = depth[n] + 1;
            }
        }
        depth.into_iter().max().unwrap_or(0)
    }

    /// Checks a tree read from a file against `features` inputs: consistent lengths, children
    /// after their parents, features in range and finite numbers.
    pub fn check(&self, features: usize) -> Result<(), String> {
        let n = self.len();
        if n == 0 {
            return Err("a tree has no nodes".into());
        }
        let lengths = [
            self.threshold.len(),
            self.left.len(),
            self.right.len(),
            self.samples.len(),
            self.gain.len(),
        ];
        if lengths.iter().any(|&l| l != n)
            || self.values.len() != n * self.outputs
            || self.summary.len() != n * self.summary_width
        {
            return Err(format!("a tree's node lists differ in length ({n} nodes)"));
        }
        for k in 0..n {
            let (l, r) = (self.left[k] as usize, self.right[k] as usize);
            if (l == 0) != (r == 0) {
                return Err(format!("node {k} has one child"));
            }
            if l != 0 && (l <= k || r <= k || l >= n || r >= n) {
                return Err(format!("node {k} has children {l} and {r} out of order"));
            }
            if l != 0 && self.feature[k] as usize >= features {
                return Err(format!(
                    "node {k} splits on input {}, but the model has {features} inputs",
                    self.feature[k]
                ));
            }
            if !self.threshold[k].is_finite() {
                return Err(format!(
                    "node {k} has a threshold that is not a finite number"
                ));
            }
        }
        if self.values.iter().any(|v| !v.is_finite()) {
            return Err("a tree has a value that is not a finite number".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_splits() {
        let mut t = Tree::new(1, 1);
        let root = t.push_leaf(4, &[0.5], &[0.5]);
        let l = t.push_leaf(2, &[0.0], &[0.0]);
        let r = t.push_leaf(2, &[1.0], &[1.0]);
        t.split(root, 1, 2.0, 1.0, (l, r));
        assert_eq!(t.predict(&[9.0, 1.9]), &[0.0]);
        assert_eq!(t.predict(&[9.0, 2.0]), &[1.0]);
        assert_eq!(t.depth(), 1);
        assert!(t.check(2).is_ok());
        assert!(t.check(1).unwrap_err().contains("input 1"));
    }

    #[test]
    fn broken_trees_are_refused() {
        let mut t = Tree::new(1, 1);
        t.push_leaf(1, &[0.0], &[0.0]);
        t.left[0] = 0;
        t.right[0] = 1;
        assert!(t.check(1).is_err());
        t.right[0] = 0;
        t.values[0] = f64::NAN;
        assert!(t.check(1).is_err());
        assert!(Tree::new(1, 1).check(1).is_err());
    }
}
