//! ONNX export of tree models: a classifying tree or forest as `TreeEnsembleClassifier` (run by
//! tract and ONNX Runtime), boosted and regression trees as `TreeEnsembleRegressor` (which
//! tract lacks: run by ONNX Runtime); outputs match nnplay's to 1e-5.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
mod onnx_common;
use common::{preset_session, session, train};
use nnplay::engine::export::{OnnxOptions, session_to_onnx};
use onnx_common::{Runtimes, TOLERANCE, largest_difference};

fn check(name: &str, s: &mut nnplay::engine::train::Session, runtimes: Runtimes) {
    let trees = s.ensemble().unwrap().trees.len();
    let d = largest_difference(s, OnnxOptions::default(), runtimes);
    println!("{name} ({trees} trees): largest difference {d:.2e}");
    assert!(d <= TOLERANCE, "{name}: {d}");
}

#[test]
fn a_random_forest_on_jets_matches() {
    let mut s = preset_session("forest-vs-tree", None);
    train(&mut s, 8);
    check("forest, jets, two classes", &mut s, Runtimes::Both);
}

#[test]
fn boosted_trees_on_jets_match() {
    let mut s = preset_session("bdt-jets", None);
    train(&mut s, 10);
    check("boosted, jets, two classes", &mut s, Runtimes::OnnxRuntime);
}

/// Three classes of muon pairs from the bundled ROOT file, with a tree model of `kind`.
fn three_classes(kind: &str) -> nnplay::engine::train::Session {
    session(&format!(
        r#"
format = 1
seed = 3
[trees]
kind = "{kind}"
trees = 6
max_depth = 4
[data]
standardise = true
features = ["pt1", "pt2", "pt1*pt2", "eta1^2"]
[data.root]
path = "bundled:uproot-Zmumu.root"
tree = "events"
branches = ["pt1", "pt2", "eta1"]
label = "Type"
classification = true
[network]
hidden = []
[training]
loss = "softmax-ce"
learning_rate = 0.3
batch_size = 10
"#
    ))
}

#[test]
fn a_single_tree_and_boosted_trees_on_three_classes_match() {
    let mut tree = three_classes("tree");
    train(&mut tree, 4);
    check("tree, 3 classes", &mut tree, Runtimes::Both);
    let mut boosted = three_classes("boosted");
    train(&mut boosted, 6);
    check("boosted, 3 classes", &mut boosted, Runtimes::OnnxRuntime);
}

#[test]
fn regression_forests_and_boosted_trees_match() {
    for kind in ["forest", "boosted"] {
        let scene = format!(
            r#"
format = 1
seed = 2
[trees]
kind = "{kind}"
trees = 5
max_depth = 5
[data]
dataset = "reg-gauss"
features = ["x", "y"]
[network]
hidden = []
[training]
loss = "mse"
learning_rate = 0.3
batch_size = 10
"#
        );
        let mut s = session(&scene);
        train(&mut s, 5);
        check(
            &format!("{kind}, regression"),
            &mut s,
            Runtimes::OnnxRuntime,
        );
    }
}

#[test]
fn a_tree_model_without_trees_is_refused() {
    let s = preset_session("bdt-jets", None);
    let err = session_to_onnx(&s, OnnxOptions::default()).unwrap_err();
    assert!(err.contains("no trees yet"), "{err}");
}
