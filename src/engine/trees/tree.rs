//! One decision tree: nodes in one array (node 0 is the root; a split's two children sit side
//! by side after it, so a row walks down with one comparison and one load per level). A scene
//! file stores the nodes as a handful of number lists ([`TreeFile`]).

use serde::{Deserialize, Serialize};

/// One node. A leaf has `left == 0`; a split sends rows with `x[feature] < threshold` to
/// `left` and the others to `left + 1`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Node {
    /// Split threshold (unused for leaves).
    pub threshold: f64,
    /// Split feature (unused for leaves).
    pub feature: u32,
    /// Left child; the right one is `left + 1`. 0 for a leaf.
    pub left: u32,
    /// Training rows that reached the node (bootstrap duplicates counted).
    pub samples: u32,
    /// Gain of the node's split (0 for leaves): what feature importance adds up.
    pub gain: f64,
}

impl Node {
    /// Whether the node is a leaf.
    pub fn is_leaf(&self) -> bool {
        self.left == 0
    }
}

/// A grown tree.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "TreeFile", try_from = "TreeFile")]
pub struct Tree {
    /// Values per node (leaf value for leaves, the node's own value otherwise).
    pub outputs: usize,
    /// Entries per node in `summary`: the class count, or 1 (the mean target).
    pub summary_width: usize,
    /// The nodes, root first.
    pub nodes: Vec<Node>,
    /// `outputs` values per node: what the tree predicts for a row ending there.
    pub values: Vec<f64>,
    /// `summary_width` values per node: class fractions, or the mean target.
    pub summary: Vec<f64>,
}

/// A tree as a scene file stores it: one list per node field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeFile {
    /// Values per node.
    pub outputs: usize,
    /// Summary entries per node.
    pub summary_width: usize,
    /// Split feature of each node (0 for leaves).
    pub feature: Vec<u32>,
    /// Split threshold of each node (0 for leaves).
    pub threshold: Vec<f64>,
    /// Left child of each node (0 for a leaf); the right child follows it.
    pub left: Vec<u32>,
    /// Training rows of each node.
    pub samples: Vec<u32>,
    /// Split gain of each node.
    pub gain: Vec<f64>,
    /// `outputs` values per node.
    pub values: Vec<f64>,
    /// `summary_width` values per node.
    pub summary: Vec<f64>,
}

impl From<Tree> for TreeFile {
    fn from(t: Tree) -> TreeFile {
        TreeFile {
            outputs: t.outputs,
            summary_width: t.summary_width,
            feature: t.nodes.iter().map(|n| n.feature).collect(),
            threshold: t.nodes.iter().map(|n| n.threshold).collect(),
            left: t.nodes.iter().map(|n| n.left).collect(),
            samples: t.nodes.iter().map(|n| n.samples).collect(),
            gain: t.nodes.iter().map(|n| n.gain).collect(),
            values: t.values,
            summary: t.summary,
        }
    }
}

impl TryFrom<TreeFile> for Tree {
    type Error = String;

    fn try_from(f: TreeFile) -> Result<Tree, String> {
        let n = f.left.len();
        let lengths = [
            f.feature.len(),
            f.threshold.len(),
            f.samples.len(),
            f.gain.len(),
        ];
        if lengths.iter().any(|&l| l != n)
            || f.values.len() != n * f.outputs
            || f.summary.len() != n * f.summary_width
        {
            return Err(format!("a tree's node lists differ in length ({n} nodes)"));
        }
        let nodes = (0..n)
            .map(|k| Node {
                threshold: f.threshold[k],
                feature: f.feature[k],
                left: f.left[k],
                samples: f.samples[k],
                gain: f.gain[k],
            })
            .collect();
        let tree = Tree {
            outputs: f.outputs,
            summary_width: f.summary_width,
            nodes,
            values: f.values,
            summary: f.summary,
        };
        tree.check_links()?;
        Ok(tree)
    }
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
        self.nodes.len()
    }

    /// Whether the tree has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Whether node `n` is a leaf.
    pub fn is_leaf(&self, n: usize) -> bool {
        self.nodes[n].is_leaf()
    }

    /// The two children of node `n`, if it is a split.
    pub fn children(&self, n: usize) -> Option<(usize, usize)> {
        let left = self.nodes[n].left as usize;
        (left != 0).then_some((left, left + 1))
    }

    /// Appends a leaf and returns its index.
    pub fn push_leaf(&mut self, samples: usize, values: &[f64], summary: &[f64]) -> usize {
        self.nodes.push(Node {
            samples: samples.min(u32::MAX as usize) as u32,
            ..Node::default()
        });
        self.values.extend_from_slice(values);
        self.summary.extend_from_slice(summary);
        self.len() - 1
    }

    /// Turns leaf `n` into a split on `feature` at `threshold`; its children must be the two
    /// nodes at `left` and `left + 1`.
    pub fn split(&mut self, n: usize, feature: usize, threshold: f64, gain: f64, left: usize) {
        let node = &mut self.nodes[n];
        node.feature = feature as u32;
        node.threshold = threshold;
        node.gain = gain;
        node.left = left as u32;
    }

    /// The leaf a row of inputs ends in.
    pub fn leaf_of(&self, x: &[f64]) -> usize {
        let mut n = 0;
        loop {
            let node = &self.nodes[n];
            if node.left == 0 {
                return n;
            }
            n = node.left as usize + usize::from(x[node.feature as usize] >= node.threshold);
        }
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
            if let Some((l, r)) = self.children(n) {
                depth[l] = depth[n] + 1;
                depth[r] = depth[n] + 1;
            }
        }
        depth.into_iter().max().unwrap_or(0)
    }

    /// Checks that children come after their parents and inside the tree.
    fn check_links(&self) -> Result<(), String> {
        let n = self.len();
        if n == 0 {
            return Err("a tree has no nodes".into());
        }
        for (k, node) in self.nodes.iter().enumerate() {
            let l = node.left as usize;
            if l != 0 && (l <= k || l + 1 >= n) {
                return Err(format!(
                    "node {k} has children {l} and {} out of order",
                    l + 1
                ));
            }
        }
        Ok(())
    }

    /// Checks a tree read from a file against `features` inputs: children after their
    /// parents, features in range and finite numbers.
    pub fn check(&self, features: usize) -> Result<(), String> {
        self.check_links()?;
        for (k, node) in self.nodes.iter().enumerate() {
            if node.is_leaf() {
                continue;
            }
            if node.feature as usize >= features {
                return Err(format!(
                    "node {k} splits on input {}, but the model has {features} inputs",
                    node.feature
                ));
            }
            if !node.threshold.is_finite() {
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

    fn stump() -> Tree {
        let mut t = Tree::new(1, 1);
        let root = t.push_leaf(4, &[0.5], &[0.5]);
        let l = t.push_leaf(2, &[0.0], &[0.0]);
        t.push_leaf(2, &[1.0], &[1.0]);
        t.split(root, 1, 2.0, 1.0, l);
        t
    }

    #[test]
    fn rows_follow_the_splits() {
        let t = stump();
        assert_eq!(t.predict(&[9.0, 1.9]), &[0.0]);
        assert_eq!(t.predict(&[9.0, 2.0]), &[1.0]);
        assert_eq!(t.depth(), 1);
        assert!(t.check(2).is_ok());
        assert!(t.check(1).unwrap_err().contains("input 1"));
    }

    #[test]
    fn the_file_form_round_trips_and_broken_trees_are_refused() {
        let file = TreeFile::from(stump());
        assert_eq!(Tree::try_from(file.clone()).unwrap(), stump());
        let mut bad = file.clone();
        bad.left[0] = 2;
        assert!(Tree::try_from(bad).unwrap_err().contains("out of order"));
        let mut bad = file.clone();
        bad.gain.pop();
        assert!(Tree::try_from(bad).is_err());
        let mut nan = stump();
        nan.values[0] = f64::NAN;
        assert!(nan.check(2).is_err());
        assert!(Tree::try_from(TreeFile::default()).is_err());
    }
}
