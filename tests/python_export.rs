//! Python export: the numpy and Keras (JAX backend) scripts are run. From the loaded weights
//! their predictions on every row match nnplay's to 1e-5 and the figures they print match
//! nnplay's test figures; a short training run lowers the training loss. The PyTorch script is
//! compiled, and run where `torch` is importable. In CI numpy, jax and keras must be there.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
use common::{nnplay_outputs, preset_session, session, train};
use nnplay::engine::export::{Framework, session_to_python};
use nnplay::engine::train::Session;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether python3 imports these modules; in CI they must, unless `optional`.
fn python_has(modules: &str, optional: bool) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .env("KERAS_BACKEND", "jax")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none() || optional,
            "CI must have {modules} (pip install numpy jax keras)"
        );
        eprintln!("python3 cannot import {modules} here: those checks are skipped");
    }
    ok
}

/// Writes the script and its files into `dir`; returns the script's path.
fn export(session: &Session, framework: Framework, dir: &Path) -> PathBuf {
    let script = dir.join(format!("train_{}.py", framework.name()));
    for (path, bytes) in session_to_python(session, framework, &script)
        .unwrap()
        .files
    {
        std::fs::write(path, bytes).unwrap();
    }
    script
}

fn run(script: &Path, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .env("KERAS_BACKEND", "jax")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The largest difference (relative above 1) between the script's predictions from the
/// loaded weights and nnplay's, over every row of the data.
fn prediction_difference(session: &mut Session, script: &Path) -> f64 {
    let predictions = script.with_extension("predictions.txt");
    run(script, &["--predictions", predictions.to_str().unwrap()]);
    let got: Vec<f64> = std::fs::read_to_string(&predictions)
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    let table = session.table().clone();
    let expected = nnplay_outputs(session, &table.values.to_double());
    assert_eq!(got.len(), expected.len());
    expected
        .iter()
        .zip(&got)
        .map(|(e, g)| (e - g).abs() / e.abs().max(1.0))
        .fold(0.0, f64::max)
}

/// The number after `name` on the script's line for `split` (e.g. "test", "accuracy").
fn figure(output: &str, split: &str, name: &str) -> Option<f64> {
    let line = output.lines().find(|l| l.starts_with(split))?;
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let at = tokens.iter().position(|t| *t == name)?;
    tokens.get(at + 1)?.parse().ok()
}

/// Runs the numpy and Keras scripts of a trained session: predictions, figures, training.
fn check_scripts(name: &str, session: &mut Session) {
    let dir = tempfile::tempdir().unwrap();
    let record = *session.history().last().unwrap();
    let mut frameworks = Vec::new();
    if python_has("numpy", false) {
        frameworks.push(Framework::Numpy);
    }
    if python_has("numpy, jax, keras", false) {
        frameworks.push(Framework::Keras);
    }
    for framework in frameworks {
        let script = export(session, framework, dir.path());
        let d = prediction_difference(session, &script);
        println!(
            "{name}, {}: predictions differ by at most {d:.2e}",
            framework.name()
        );
        assert!(d <= 1e-5, "{name}, {}: {d}", framework.name());
        // The figures of the loaded network, then after 3 more epochs.
        let output = run(&script, &["--epochs", "3"]);
        let before = figure(&output, "test", "loss").unwrap();
        let expected = record.test_loss.unwrap();
        assert!(
            (before - expected).abs() <= 6e-5 * expected.max(1.0),
            "{name}, {}: test loss {before} against nnplay's {expected}\n{output}",
            framework.name()
        );
        if let Some(accuracy) = record.test_accuracy {
            let printed = figure(&output, "test", "accuracy").unwrap();
            assert!((printed - accuracy).abs() <= 6e-5, "{output}");
        }
        if let Some(auc) = record.auc {
            let printed = figure(&output, "test", "AUC").unwrap();
            assert!((printed - auc).abs() <= 6e-5, "{output}");
        }
        let train_lines: Vec<f64> = output
            .lines()
            .filter(|l| l.starts_with("train "))
            .filter_map(|l| l.split_whitespace().nth(2)?.parse().ok())
            .collect();
        assert_eq!(train_lines.len(), 2, "{output}");
        println!(
            "{name}, {}: train loss {:.4} -> {:.4} after 3 epochs",
            framework.name(),
            train_lines[0],
            train_lines[1]
        );
        assert!(train_lines[1] < train_lines[0], "{name}: {output}");
    }
    let script = export(session, Framework::Pytorch, dir.path());
    if python_has("numpy", false) {
        let compiled = Command::new("python3")
            .args(["-m", "py_compile"])
            .arg(&script)
            .status()
            .unwrap();
        assert!(compiled.success(), "the PyTorch script does not compile");
        println!("{name}, pytorch: the script compiles");
    }
    if python_has("numpy, torch", true) {
        let d = prediction_difference(session, &script);
        println!("{name}, pytorch: predictions differ by at most {d:.2e}");
        assert!(d <= 1e-5, "{name}, pytorch: {d}");
    } else {
        println!("{name}, pytorch: torch is not importable here, so the script was not run");
    }
}

#[test]
fn a_tf_playground_network_on_seven_features() {
    let scene = common::CIRCLE.replace(
        r#"features = ["x", "y"]"#,
        r#"features = ["x", "y", "x^2", "y^2", "xy", "sin(x)", "sin(y)"]"#,
    );
    let mut s = session(&scene);
    train(&mut s, 5);
    check_scripts("circle, playground", &mut s);
}

#[test]
fn every_activation_with_adam_l2_dropout_and_early_stopping() {
    let mut s = session(
        r#"
format = 1
seed = 5
[data]
dataset = "xor"
standardise = true
validation_fraction = 0.2
features = ["x", "y", "x*y"]
[network]
hidden = [8, 8, 8, 8, 8, 8, 8, 8]
activation = ["sigmoid", "tanh", "relu", "leaky-relu", "softplus", "elu", "gelu", "swish"]
init = "xavier"
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.003
batch_size = 16
regularization = "l2"
regularization_rate = 0.001
dropout = 0.1
early_stopping = { patience = 20 }
"#,
    );
    train(&mut s, 3);
    check_scripts("xor, every activation", &mut s);
}

#[test]
fn a_regression_on_root_branches() {
    let mut s = preset_session("zmumu-mass", Some("pt, eta, phi"));
    train(&mut s, 3);
    check_scripts("zmumu-mass, regression", &mut s);
}

#[test]
fn three_classes_with_softmax_and_momentum() {
    let mut s = session(
        r#"
format = 1
seed = 6
[data]
standardise = true
features = ["pt1", "pt2", "pt1*pt2", "eta1^2", "sin(phi1)"]
[data.root]
path = "bundled:uproot-Zmumu.root"
tree = "events"
branches = ["pt1", "pt2", "eta1", "phi1"]
label = "Type"
classification = true
[network]
hidden = [16]
activation = "relu"
init = "he"
[training]
loss = "softmax-ce"
optimizer = "momentum"
momentum = 0.9
learning_rate = 0.01
batch_size = 32
"#,
    );
    train(&mut s, 3);
    check_scripts("zmumu Type, softmax", &mut s);
}

#[test]
fn a_tree_model_is_refused_with_a_pointer_to_onnx() {
    let s = preset_session("bdt-jets", None);
    let err = session_to_python(&s, Framework::Numpy, Path::new("x.py"))
        .err()
        .unwrap();
    assert!(err.contains("ONNX"), "{err}");
}
