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
    common::scene(&format!(
        r#"format = 1
seed = 1
[trees]
{trees}
[data]
train_fraction = 0.6667
features = ["f0", "f1", "f2", "f3"]
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
        out.push((
            depth,
            tree.nodes[n].feature as usize,
            tree.nodes[n].threshold,
        ));
        queue.push_back((tree.nodes[n].left as usize, depth + 1));
        queue.push_back((tree.nodes[n].left as usize + 1, depth + 1));
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

/// A tree scene on a built-in dataset.
fn toy(trees: &str, data: &str) -> Scene {
    common::scene(&format!(
        "format = 1\nseed = 3\n[trees]\n{trees}\n[data]\n{data}\nfeatures = [\"x\", \"y\"]\n"
    ))
}

#[test]
fn a_saved_tree_scene_reopens_trained_and_boosting_goes_on() {
    let scene = toy(
        "kind = \"boosted\"\ntrees = 12\nmax_depth = 2",
        "dataset = \"spiral\"\nnoise = 0.1\ntrain_fraction = 0.5",
    );
    let mut session = Session::new(&scene, Path::new("test.toml")).unwrap();
    for _ in 0..6 {
        session.train_epoch();
    }
    let saved = session.scene_with_weights().unwrap().to_toml();
    let reopened = Scene::parse(&saved, Path::new("saved.toml")).unwrap();
    let mut again = Session::new(&reopened, Path::new("saved.toml")).unwrap();
    assert_eq!(again.epoch(), 6);
    assert_eq!(again.ensemble(), session.ensemble());
    assert_eq!(again.auc(Which::Test), session.auc(Which::Test));
    while again.train_epoch() == Status::Running {}
    while session.train_epoch() == Status::Running {}
    assert_eq!(again.status(), Status::Complete { epoch: 12 });
    assert_eq!(
        again.ensemble(),
        session.ensemble(),
        "reopened runs continue the same"
    );
}

#[test]
fn growing_is_deterministic_for_a_seed() {
    let scene = toy(
        "kind = \"forest\"\ntrees = 5\nmax_depth = 6",
        "dataset = \"moons\"\nnoise = 0.3",
    );
    let a = trained(&scene);
    let b = trained(&scene);
    assert_eq!(a.ensemble(), b.ensemble());
    let mut other = scene.clone();
    other.seed += 1;
    assert_ne!(trained(&other).ensemble(), a.ensemble(), "the seed matters");
}

#[test]
fn early_stopping_keeps_the_best_number_of_trees() {
    let mut scene = toy(
        "kind = \"boosted\"\ntrees = 300\nmax_depth = 6\nlearning_rate = 1.0\nl2 = 0",
        "dataset = \"gauss\"\nnoise = 0.5\ntrain_fraction = 0.3\nvalidation_fraction = 0.3",
    );
    scene.training.early_stopping = Some(nnplay::engine::scene::EarlyStopping {
        patience: 5,
        restore_best: true,
    });
    let session = trained(&scene);
    let Status::Stopped {
        epoch,
        best_epoch,
        restored,
    } = session.status()
    else {
        panic!("{:?}", session.status())
    };
    assert!(
        restored && best_epoch < epoch && epoch < 300,
        "{:?}",
        session.status()
    );
    assert_eq!(session.ensemble().unwrap().trees.len() as u64, best_epoch);
}

#[test]
fn the_map_adds_only_the_newest_tree_and_agrees_with_a_full_evaluation() {
    let scene = toy(
        "kind = \"boosted\"\ntrees = 30\nmax_depth = 3",
        "dataset = \"circle\"\nnoise = 0.2",
    );
    let mut session = Session::new(&scene, Path::new("test.toml")).unwrap();
    let grid: Vec<f64> = (0..400)
        .flat_map(|k| [(k % 20) as f64 / 2.0 - 5.0, (k / 20) as f64 / 2.0 - 5.0])
        .collect();
    let (mut scratch, mut incremental) = (Vec::new(), Vec::new());
    for _ in 0..30 {
        session.train_epoch();
        session.predict_columns(&grid, &mut scratch, &mut incremental);
    }
    let saved = session.scene_with_weights().unwrap();
    let mut fresh = Session::new(&saved, Path::new("test.toml")).unwrap();
    let mut full = Vec::new();
    fresh.predict_columns(&grid, &mut scratch, &mut full);
    assert_eq!(incremental.len(), 400);
    for (a, b) in incremental.iter().zip(&full) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
}

/// A CSV file of `rows` rows with three classes in the plane, or a constant column.
fn write_csv(name: &str, body: impl Fn(usize) -> String, rows: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnplay-trees-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let mut text = String::from("a,b,label\n");
    (0..rows).for_each(|r| text += &(body(r) + "\n"));
    std::fs::write(&path, text).unwrap();
    path
}

fn csv_scene(trees: &str, path: &Path, classification: bool) -> Scene {
    common::scene(&format!(
        "format = 1\n[trees]\n{trees}\n[data]\ntrain_fraction = 0.7\nfeatures = [\"a\", \"b\"]\n\
         [data.csv]\npath = \"{}\"\nlabel = \"label\"\nclassification = {classification}\n",
        path.display()
    ))
}

#[test]
fn three_classes_and_regression_learn() {
    let mut rng = nnplay::engine::rng::Rng::new(5);
    let rows: Vec<(f64, f64)> = (0..900).map(|_| (rng.normal(), rng.normal())).collect();
    let path = write_csv(
        "three.csv",
        |r| {
            let (a, b) = rows[r];
            let class = if a > 0.5 {
                2
            } else if b > 0.0 {
                1
            } else {
                0
            };
            format!("{a},{b},{class}")
        },
        900,
    );
    for kind in ["tree", "forest", "boosted"] {
        let mut s = trained(&csv_scene(
            &format!("kind = \"{kind}\"\ntrees = 20\nmax_depth = 4"),
            &path,
            true,
        ));
        let accuracy = s.figures(Which::Test).accuracy.unwrap();
        // measured test accuracy (two axis-aligned boundaries): tree 0.9963, forest 0.9926,
        // boosted 0.9963
        assert!(accuracy > 0.93, "{kind}: {accuracy}");
        assert_eq!(s.confusion(Which::Test).unwrap().len(), 3);
    }
    let path = write_csv(
        "plane.csv",
        |r| {
            let (a, b) = rows[r];
            format!("{a},{b},{}", 2.0 * a - b)
        },
        900,
    );
    let s = trained(&csv_scene(
        "kind = \"boosted\"\ntrees = 100\nmax_depth = 3",
        &path,
        false,
    ));
    let r2 = s.history().last().unwrap().r2.unwrap();
    // measured: 0.9937
    assert!(r2 > 0.95, "R^2 {r2}");
}

#[test]
fn constant_features_and_bad_settings_are_handled() {
    let path = write_csv("constant.csv", |r| format!("1.0,{},{}", r % 7, r % 2), 200);
    let mut s = trained(&csv_scene("kind = \"tree\"", &path, true));
    // The constant column is never split on; b (r mod 7) separates odd from even only in part.
    let tree = &s.ensemble().unwrap().trees[0];
    assert!((0..tree.len()).all(|n| tree.is_leaf(n) || tree.nodes[n].feature == 1));
    assert!(s.figures(Which::Train).accuracy.unwrap() < 1.0);
    let all_constant = write_csv("flat.csv", |r| format!("1.0,2.0,{}", r % 2), 50);
    let flat = trained(&csv_scene(
        "kind = \"boosted\"\ntrees = 5",
        &all_constant,
        true,
    ));
    assert_eq!(
        flat.ensemble().unwrap().trees.iter().map(|t| t.len()).max(),
        Some(1)
    );
    for (setting, field) in [
        ("trees = 0", "trees.trees"),
        ("max_depth = 0", "trees.max_depth"),
        ("learning_rate = 0", "trees.learning_rate"),
        ("learning_rate = nan", "trees.learning_rate"),
        ("subsample = 1.5", "trees.subsample"),
        ("bins = 1000", "trees.bins"),
        ("kind = \"jungle\"", "kind"),
    ] {
        let text = format!(
            "format = 1\n[trees]\nkind = \"boosted\"\n{setting}\n[data]\ndataset = \"circle\"\n\
             features = [\"x\", \"y\"]\n"
        );
        let text = text.replacen("kind = \"boosted\"\nkind", "kind", 1);
        let e = Scene::parse(&text, Path::new("bad.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("bad.toml:") && e.contains(field),
            "{setting}: {e}"
        );
        assert_eq!(e.lines().count(), 1, "{e}");
    }
}

#[test]
fn points_added_while_growing_join_the_next_trees() {
    let scene = toy(
        "kind = \"boosted\"\ntrees = 10\nmax_depth = 2",
        "dataset = \"circle\"\nnoise = 0.1",
    );
    let mut session = Session::new(&scene, Path::new("test.toml")).unwrap();
    for _ in 0..5 {
        session.train_epoch();
    }
    let before = session.splits().train.rows();
    session.add_point(0.0, 0.0, 0.0).unwrap();
    session.remove_nearest_point(4.0, 4.0).unwrap();
    assert_eq!(session.splits().train.rows(), before);
    while session.train_epoch() == Status::Running {}
    assert_eq!(session.status(), Status::Complete { epoch: 10 });
    let trees = &session.ensemble().unwrap().trees;
    assert_eq!(trees.len(), 10);
    assert!(session.history().last().unwrap().train_loss.is_finite());
    // A single tree keeps its levels when points change, and grows on the new rows.
    let mut single = Session::new(
        &toy(
            "kind = \"tree\"\nmax_depth = 4",
            "dataset = \"circle\"\nnoise = 0.1",
        ),
        Path::new("test.toml"),
    )
    .unwrap();
    single.train_epoch();
    single.add_point(0.5, 0.5, 1.0).unwrap();
    assert_eq!(single.ensemble().unwrap().trees.len(), 1);
    while single.train_epoch() == Status::Running {}
    assert!(single.figures(Which::Train).accuracy.unwrap() > 0.9);
}
