//! One file per class: CSV and ROOT files become one table whose classes are the files, with
//! stratified splits, and a network trained on it separates them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
use common::train;
use nnplay::engine::scene::Scene;
use nnplay::engine::train::{Session, Which};
use std::path::Path;

/// Writes a CSV of `rows` events with a mass around `centre` and a width of noise.
fn write_class(path: &Path, rows: usize, centre: f64, seed: u64) {
    let mut rng = nnplay::engine::rng::Rng::new(seed);
    let mut text = String::from("mass,width\n");
    for _ in 0..rows {
        text += &format!("{},{}\n", centre + 15.0 * rng.normal(), rng.normal());
    }
    std::fs::write(path, text).unwrap();
}

fn scene_text(section: &str) -> String {
    format!(
        r#"
format = 1
seed = 3
[data]
train_fraction = 0.6
validation_fraction = 0.2
standardise = true
features = ["mass", "width"]
{section}
[network]
hidden = [8]
activation = "relu"
init = "he"
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.01
batch_size = 32
"#
    )
}

/// The class fractions of one split's labels.
fn fractions(labels: &[f64]) -> f64 {
    labels.iter().filter(|&&l| l == 1.0).count() as f64 / labels.len() as f64
}

#[test]
fn a_signal_file_and_a_background_file_train_with_stratified_splits() {
    let dir = tempfile::tempdir().unwrap();
    write_class(&dir.path().join("qcd.csv"), 900, 100.0, 1);
    write_class(&dir.path().join("top.csv"), 300, 170.0, 2);
    let text = scene_text(
        r#"[data.csv]
classes = [{ name = "background", path = "qcd.csv" }, { path = "top.csv" }]"#,
    );
    let anchor = dir.path().join("scene.toml");
    let scene = Scene::parse(&text, &anchor).unwrap();
    let mut s = Session::new(&scene, &anchor).unwrap();
    let counts = s.table().class_counts();
    assert_eq!(counts, vec![900, 300]);
    let note = &s.data_notes()[0];
    assert!(
        note.contains("background = class 0 (900 rows)")
            && note.contains("top = class 1 (300 rows)"),
        "{note}"
    );
    let splits = s.splits();
    for split in [&splits.train, &splits.validation, &splits.test] {
        let share = fractions(&split.labels);
        assert!((share - 0.25).abs() <= 1.0 / split.rows() as f64, "{share}");
    }
    train(&mut s, 30);
    let auc = s.auc(Which::Test).unwrap();
    eprintln!("test AUC {auc:.4}");
    // measured 0.9985: the masses sit 70 GeV apart with a spread of 15 GeV each
    assert!(auc > 0.98, "{auc}");
}

#[test]
fn class_files_that_disagree_or_clash_are_refused_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    write_class(&dir.path().join("a.csv"), 50, 0.0, 1);
    std::fs::write(dir.path().join("b.csv"), "mass,other\n1,2\n").unwrap();
    let anchor = dir.path().join("scene.toml");
    let cases = [
        (
            r#"[data.csv]
classes = [{ path = "a.csv" }, { path = "b.csv" }]"#,
            "columns",
        ),
        (
            r#"[data.csv]
classes = [{ path = "a.csv" }, { path = "sub/a.csv" }]"#,
            "two classes are named 'a'",
        ),
        (
            r#"[data.csv]
classes = [{ path = "a.csv" }]"#,
            "at least two classes",
        ),
        (
            r#"[data.csv]
path = "a.csv"
label = "mass"
classes = [{ path = "a.csv" }, { path = "b.csv" }]"#,
            "replaces `path` and `label`",
        ),
        (
            r#"[data.csv]
classes = [{ path = "a.csv" }, { path = "missing.csv" }]"#,
            "missing.csv",
        ),
    ];
    for (section, wanted) in cases {
        let text = scene_text(section);
        let message = match Scene::parse(&text, &anchor) {
            Err(e) => e.to_string(),
            Ok(scene) => match Session::new(&scene, &anchor) {
                Err(e) => e.to_string(),
                Ok(_) => panic!("{section}: accepted"),
            },
        };
        assert!(message.contains(wanted), "{section}: {message}");
    }
}

#[test]
fn two_root_files_become_two_classes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/root");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    // The same events twice, as zlib and LZ4: the mechanics, not a physics result.
    let text = format!(
        r#"
format = 1
seed = 3
[data]
standardise = true
features = ["pt1", "pt2"]
[data.root]
branches = ["pt1", "pt2"]
classes = [{{ name = "zlib", path = "{0}/uproot-Zmumu.root" }}, {{ name = "lz4", path = "{0}/uproot-Zmumu-lz4.root" }}]
[network]
hidden = [4]
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.01
batch_size = 32
"#,
        dir.display()
    );
    let scene = Scene::parse(&text, Path::new("scene.toml")).unwrap();
    let s = Session::new(&scene, Path::new("scene.toml")).unwrap();
    assert_eq!(s.table().class_counts(), vec![2304, 2304]);
    assert!(s.data_notes()[0].contains("zlib = class 0 (2304 rows), lz4 = class 1 (2304 rows)"));
    let train = &s.splits().train;
    assert!((fractions(&train.labels) - 0.5).abs() <= 1.0 / train.rows() as f64);
}
