//! Bad input gives a clear message naming the file, line and field, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
use common::CIRCLE;
use nnplay::engine::scene::{Scene, SceneEdit};
use nnplay::engine::train::Session;
use std::path::Path;

fn error_of(text: &str) -> String {
    let path = Path::new("bad.toml");
    match Scene::parse(text, path) {
        Err(e) => e.to_string(),
        Ok(scene) => match Session::new(&scene, path) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("accepted:\n{text}"),
        },
    }
}

#[test]
fn malformed_toml_names_the_line() {
    let e = error_of(&CIRCLE.replace("[network]", "[network"));
    assert!(e.starts_with("bad.toml:8:"), "{e}");
}

#[test]
fn unknown_field_is_rejected() {
    let e = error_of(&CIRCLE.replace("batch_size = 10", "batch_size = 10\nlearningrate = 3"));
    assert!(
        e.starts_with("bad.toml:16:") && e.contains("unknown field `learningrate`"),
        "{e}"
    );
}

#[test]
fn zero_neurons_names_the_layer_and_range() {
    let e = error_of(&CIRCLE.replace("[4, 2]", "[4, 0]"));
    assert_eq!(
        e,
        "bad.toml:9: layer 2: network.hidden must be in [1, 128], got 0"
    );
}

#[test]
fn negative_nan_and_absurd_learning_rates_are_refused() {
    for (value, shown) in [
        ("-0.1", "-0.1"),
        ("nan", "NaN"),
        ("1e9", "1000000000"),
        ("0", "0"),
    ] {
        let e =
            error_of(&CIRCLE.replace("learning_rate = 0.03", &format!("learning_rate = {value}")));
        assert_eq!(
            e,
            format!("bad.toml:14: training.learning_rate must be in (0, 10], got {shown}")
        );
    }
}

#[test]
fn empty_dataset_is_refused() {
    let e = error_of(&CIRCLE.replace("samples = 500", "samples = 0"));
    assert_eq!(e, "bad.toml:5: data.samples must be in [1, 1000000], got 0");
    let e = error_of(&CIRCLE.replace("samples = 500", "samples = 1"));
    assert!(e.contains("no training rows"), "{e}");
}

#[test]
fn unknown_feature_and_wrong_loss_are_explained() {
    let e = error_of(&CIRCLE.replace(r#"["x", "y"]"#, r#"["x", "z"]"#));
    assert_eq!(e, "data.features: unknown feature 'z' (columns: x, y)");
    let e = error_of(
        &CIRCLE
            .replace("\"circle\"", "\"reg-plane\"")
            .replace("\"playground\"\nlearning", "\"bce\"\nlearning"),
    );
    assert!(e.contains("bce needs class labels"), "{e}");
}

fn csv_scene(dir: &Path, csv: &str) -> String {
    std::fs::write(dir.join("data.csv"), csv).unwrap();
    let scene = Scene::parse(
        &CIRCLE
            .replace(
                "dataset = \"circle\"",
                "csv = { path = \"data.csv\", label = \"label\" }",
            )
            .replace("samples = 500\n", ""),
        &dir.join("s.toml"),
    )
    .unwrap();
    match Session::new(&scene, &dir.join("s.toml")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("accepted {csv}"),
    }
}

#[test]
fn csv_junk_names_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let e = csv_scene(d, "x,y,label\n1,2,0\n3,NaN,1\n");
    assert!(
        e.ends_with("data.csv: row 3, column 'y': 'NaN' is not a finite number"),
        "{e}"
    );
    let e = csv_scene(d, "x,y,label\n1,2,0\n3,abc,1\n");
    assert!(
        e.ends_with("row 3, column 'y': 'abc' is not a finite number"),
        "{e}"
    );
    let e = csv_scene(d, "x,y,class\n1,2,0\n");
    assert!(
        e.contains("no label column 'label' in the header (columns: x, y, class)"),
        "{e}"
    );
    let e = csv_scene(d, "");
    assert!(e.contains("the file is empty"), "{e}");
    let e = csv_scene(d, "x,y,label\n1,2\n");
    assert!(e.contains("row 2: 2 cells where the header has 3"), "{e}");
    let e = csv_scene(d, "x,y,label\n1,2,1\n3,4,1\n");
    assert!(e.contains("only one class"), "{e}");
    std::fs::remove_file(d.join("data.csv")).unwrap();
    let scene = Scene::parse(
        &CIRCLE.replace(
            "dataset = \"circle\"",
            "csv = { path = \"data.csv\", label = \"label\" }",
        ),
        &d.join("s.toml"),
    )
    .unwrap();
    let e = Session::new(&scene, &d.join("s.toml"))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("cannot read the file"), "{e}");
}

#[test]
fn divergence_stops_training_and_reports_epoch_step_and_rate() {
    let text = r#"format = 1
[data]
dataset = "line"
train_fraction = 1.0
features = ["x"]
[network]
hidden = []
[training]
loss = "mse"
learning_rate = 10
batch_size = 50
"#;
    let mut s = common::session(text);
    let mut epochs = 0;
    while s.train_epoch() == nnplay::engine::train::Status::Running {
        epochs += 1;
        assert!(epochs < 10_000, "no divergence detected");
    }
    let nnplay::engine::train::Status::Diverged {
        epoch,
        step,
        learning_rate,
    } = s.status()
    else {
        panic!("{:?}", s.status())
    };
    assert_eq!((epoch, step, learning_rate), (epochs + 1, epochs + 1, 10.0));
    assert!(
        s.history().records().all(|r| r.train_loss.is_finite()),
        "a non-finite loss was recorded"
    );
    assert_eq!(
        s.train_epoch(),
        s.status(),
        "a diverged session stays stopped"
    );
}

#[test]
fn live_changes_are_range_checked() {
    let mut s = common::session(CIRCLE);
    assert!(s.apply_live(&SceneEdit::LearningRate(f64::NAN)).is_err());
    assert!(s.apply_live(&SceneEdit::LearningRate(-1.0)).is_err());
    assert!(s.apply_live(&SceneEdit::BatchSize(0)).is_err());
    assert!(
        s.apply_live(&SceneEdit::Dropout(0.5)).is_err(),
        "TF Playground's mode has no dropout"
    );
    s.apply_live(&SceneEdit::LearningRate(0.1)).unwrap();
    s.apply_live(&SceneEdit::BatchSize(25)).unwrap();
    s.apply_live(&SceneEdit::Regularization(
        nnplay::engine::scene::Regularization::L1,
        0.001,
    ))
    .unwrap();
    s.train_epoch();
    assert_eq!(s.scene().training.batch_size, 25);
    assert!(s.history().last().unwrap().train_loss.is_finite());
}
