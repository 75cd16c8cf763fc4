//! A tree model as ONNX-ML tree-ensemble nodes. A classifying tree or forest becomes a
//! `TreeEnsembleClassifier` whose scores are the mean class fractions of the leaves (the
//! probabilities); boosted trees and regression trees become a `TreeEnsembleRegressor` giving
//! nnplay's raw output (boosting's scores, a forest's mean), which the output head turns into
//! a probability when the trees classify.
//!
//! A split sends `x < threshold` (and NaN, as nnplay does) to its first child.

use super::onnx::{HeadTransform, OutputHead, output_head};
use super::onnx_graph::{GraphBuilder, floats, int, ints, string, strings};
use super::onnx_proto::AttributeProto;
use crate::engine::data::splits::TargetCoding;
use crate::engine::nn::Loss;
use crate::engine::scene::TreeKind;
use crate::engine::trees::Ensemble;

/// The ensemble's nodes reading the model inputs `x`; returns the output value and its head.
pub(super) fn ensemble_nodes(
    g: &mut GraphBuilder,
    x: &str,
    ensemble: &Ensemble,
    coding: TargetCoding,
    loss: Loss,
) -> Result<(String, OutputHead), String> {
    if ensemble.trees.is_empty() {
        return Err("the tree model has no trees yet: train it before exporting".into());
    }
    let head = output_head(coding, loss);
    let classes = match coding {
        TargetCoding::Binary { .. } => 2,
        TargetCoding::OneHot { classes } => classes,
        TargetCoding::Value => 0,
    };
    let averaged = ensemble.kind != TreeKind::Boosted;
    if averaged && classes > 0 {
        let n = ensemble.trees.len() as f64;
        let mut attributes = tree_attributes(ensemble, 1.0 / n, "class");
        let labels: Vec<i64> = (0..classes as i64).collect();
        attributes.push(ints("classlabels_int64s", labels));
        attributes.push(string("post_transform", "NONE"));
        let outputs = g.ml_op("TreeEnsembleClassifier", &[x], 2, attributes);
        let scores = outputs[1].clone();
        let probability = if classes == 2 {
            let one = g.constant_i64("class_1", vec![1]);
            g.op("Gather", &[&scores, &one], vec![int("axis", 1)])
        } else {
            scores
        };
        let head = OutputHead {
            transform: HeadTransform::None,
            ..head
        };
        return Ok((probability, head));
    }
    let channels = ensemble.channels();
    let mut attributes = tree_attributes(ensemble, 1.0, "target");
    attributes.push(int("n_targets", channels as i64));
    attributes.push(string(
        "aggregate_function",
        if averaged { "AVERAGE" } else { "SUM" },
    ));
    if !ensemble.base.is_empty() {
        attributes.push(floats(
            "base_values",
            ensemble.base.iter().map(|&b| b as f32).collect(),
        ));
    }
    attributes.push(string("post_transform", "NONE"));
    let raw = g
        .ml_op("TreeEnsembleRegressor", &[x], 1, attributes)
        .remove(0);
    let value = head.apply(g, &raw);
    Ok((value, head))
}

/// The node and leaf lists of every tree; leaf values are multiplied by `scale`, and the
/// leaf lists' names start with `prefix` (`class` or `target`).
fn tree_attributes(ensemble: &Ensemble, scale: f64, prefix: &str) -> Vec<AttributeProto> {
    let mut nodes = NodeLists::default();
    for (t, tree) in ensemble.trees.iter().enumerate() {
        for (n, node) in tree.nodes.iter().enumerate() {
            nodes.tree.push(t as i64);
            nodes.id.push(n as i64);
            if node.is_leaf() {
                nodes.mode.push("LEAF");
                nodes.feature.push(0);
                nodes.threshold.push(0.0);
                nodes.if_true.push(0);
                nodes.if_false.push(0);
                nodes.missing_true.push(0);
                for k in 0..tree.outputs {
                    nodes.leaf_tree.push(t as i64);
                    nodes.leaf_node.push(n as i64);
                    nodes.leaf_target.push(k as i64);
                    nodes
                        .leaf_weight
                        .push((tree.values[n * tree.outputs + k] * scale) as f32);
                }
            } else {
                nodes.mode.push("BRANCH_LT");
                nodes.feature.push(i64::from(node.feature));
                nodes.threshold.push(node.threshold as f32);
                nodes.if_true.push(i64::from(node.left));
                nodes.if_false.push(i64::from(node.left) + 1);
                nodes.missing_true.push(1);
            }
        }
    }
    vec![
        ints("nodes_treeids", nodes.tree),
        ints("nodes_nodeids", nodes.id),
        ints("nodes_featureids", nodes.feature),
        strings("nodes_modes", &nodes.mode),
        floats("nodes_values", nodes.threshold),
        ints("nodes_truenodeids", nodes.if_true),
        ints("nodes_falsenodeids", nodes.if_false),
        ints("nodes_missing_value_tracks_true", nodes.missing_true),
        ints(&format!("{prefix}_treeids"), nodes.leaf_tree),
        ints(&format!("{prefix}_nodeids"), nodes.leaf_node),
        ints(&format!("{prefix}_ids"), nodes.leaf_target),
        floats(&format!("{prefix}_weights"), nodes.leaf_weight),
    ]
}

/// The tree-ensemble attributes, one entry per node (and per leaf value), as ONNX lists them.
#[derive(Default)]
struct NodeLists {
    tree: Vec<i64>,
    id: Vec<i64>,
    feature: Vec<i64>,
    mode: Vec<&'static str>,
    threshold: Vec<f32>,
    if_true: Vec<i64>,
    if_false: Vec<i64>,
    missing_true: Vec<i64>,
    leaf_tree: Vec<i64>,
    leaf_node: Vec<i64>,
    leaf_target: Vec<i64>,
    leaf_weight: Vec<f32>,
}
