//! Tree models: checked against scikit-learn and XGBoost on a fixture (made by
//! `tests/tree_reference/make_reference.py`), plus learning, early stopping, saving,
//! determinism and bad settings.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;

use nnplay::engine::scene::Scene;
use nnplay::engine::train::{Session, Status, Which};
use nnplay::engine::trees::Tree;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tree_reference")
}

fn reference() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture().join("reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A scene on the fixture's CSV: `label` column for classification, `target` for regression.
fn fixture_scene(trees: &str, classification: bool) -> Scene {
    let label = if classification { "label" } else { "target" };
    let features = if classification {
        r#"["f0", "f1", "f2", "f3"]"#
    } else {
        r#"["f0", "f1", "f2", "f3"]"#
    };
    common::scene(&format!(
        r#"format = 1
seed = 1
[trees]
{trees}
[data]
train_fraction = 0.6667
features = {features}
[data.csv]
path = "{}"
label = "{label}"
classification = {classification}
[network]
hidden = []
[training]
loss = "mse"
learning_rate = 0.1
batch_size = 10
"#,
        fixture().join("data.csv").display()
    ))
}

fn trained(scene: &Scene) -> Session {
    let mut session = Session::new(scene, Path::new("test.toml")).unwrap();
    while session.status() == Status::Running {
        session.train_epoch();
    }
    session
}

/// Internal nodes breadth-first: (depth, feature, threshold), as the script lists sklearn's.
fn structure(tree: &Tree) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    let mut queue = VecDeque::from([(0usize, 0usize)]);
    while let Some((n, depth)) = queue.pop_front() {
        if tree.is_leaf(n) {
            continue;
        }
        out.push((depth, tree.feature[n] as usize, tree.threshold[n]));
        queue.push_back((tree.left[n] as usize, depth + 1));
        queue.push_back((tree.right[n] as usize, depth + 1));
    }
    out
}

fn reference_structure(value: &serde_json::Value) -> Vec<(usize, usize, f64)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n[0].as_u64().unwrap() as usize,
                n[1].as_u64().unwrap() as usize,
                n[2].as_f64().unwrap(),
            )
        })
        .collect()
}

fn assert_same_structure(ours: &[(usize, usize, f64)], theirs: &[(usize, usize, f64)]) {
    assert_eq!(ours.len(), theirs.len(), "{ours:?}\nvs\n{theirs:?}");
    for (a, b) in ours.iter().zip(theirs) {
        // scikit-learn keeps thresholds in single precision.
        assert!(
            a.0 == b.0 && a.1 == b.1 && (a.2 - b.2).abs() < 1e-6,
            "{ours:?}\nvs\n{theirs:?}"
        );
    }
}

#[test]
fn a_depth_3_tree_is_scikit_learns_split_for_split() {
    let reference = reference();
    let mut session = trained(&fixture_scene("kind = \"tree\"\nmax_depth = 3", true));
    assert_eq!(session.epoch(), 3, "one level per step");
    let tree = &session.ensemble().unwrap().trees[0];
    assert_same_structure(
        &structure(tree),
        &reference_structure(&reference["tree_depth3"]["structure"]),
    );
    let auc = session.auc(Which::Test).unwrap();
    let theirs = reference["tree_depth3"]["test_auc"].as_f64().unwrap();
    assert!(
        (auc - theirs).abs() < 1e-9,
        "AUC {auc} vs scikit-learn {theirs}"
    );
}

#[test]
fn a_regression_tree_is_scikit_learns_split_for_split() {
    let reference = reference();
    let session = trained(&fixture_scene("kind = \"tree\"\nmax_depth = 3", false));
    let tree = &session.ensemble().unwrap().trees[0];
    assert_same_structure(
        &structure(tree),
        &reference_structure(&reference["regression_tree_depth3"]["structure"]),
    );
    let r2 = session.history().last().unwrap().r2.unwrap();
    let theirs = reference["regression_tree_depth3"]["test_r2"]
        .as_f64()
        .unwrap();
    assert!(
        (r2 - theirs).abs() < 1e-6,
        "R^2 {r2} vs scikit-learn {theirs}"
    );
}

#[test]
fn boosting_matches_histgradientboosting_and_xgboost() {
    let reference = reference();
    // scikit-learn's HistGradientBoostingClassifier settings of the script.
    let mut hgb = trained(&fixture_scene(
        "kind = \"boosted\"\ntrees = 50\nlearning_rate = 0.1\nmax_depth = 3\nl2 = 0\n\
         min_samples_leaf = 20\nmin_child_weight = 0.001",
        true,
    ));
    assert_eq!(hgb.epoch(), 50, "one tree per step");
    let ours = hgb.auc(Which::Test).unwrap();
    let theirs = reference["hist_gradient_boosting"]["test_auc"]
        .as_f64()
        .unwrap();
    eprintln!("HGB-like: ours {ours:.5}, scikit-learn {theirs:.5}");
    assert!((ours - theirs).abs() < 0.005, "AUC {ours} vs HGB {theirs}");
    // XGBoost's settings of the script (its defaults for lambda and min_child_weight).
    let mut xgb = trained(&fixture_scene(
        "kind = \"boosted\"\ntrees = 50\nlearning_rate = 0.1\nmax_depth = 3",
        true,
    ));
    let ours = xgb.auc(Which::Test).unwrap();
    let theirs = reference["xgboost"]["test_auc"].as_f64().unwrap();
    eprintln!("XGBoost-like: ours {ours:.5}, XGBoost {theirs:.5}");
    assert!(
        (ours - theirs).abs() < 0.005,
        "AUC {ours} vs XGBoost {theirs}"
    );
}

#[test]
fn a_forest_matches_scikit_learns_forest() {
    let reference = reference();
    let mut forest = trained(&fixture_scene(
        "kind = \"forest\"\ntrees = 100\nmax_depth = 8",
        true,
    ));
    let ours = forest.auc(Which::Test).unwrap();
    let theirs = reference["random_forest"]["test_auc"].as_f64().unwrap();
    eprintln!("forest: ours {ours:.5}, scikit-learn {theirs:.5}");
    assert!(
        (ours - theirs).abs() < 0.005,
        "AUC {ours} vs scikit-learn {theirs}"
    );
}
