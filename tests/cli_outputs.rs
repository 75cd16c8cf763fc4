//! The command line under hostile input: scenes too big to run, endless or binary data, saves
//! that must reopen, and outputs that replace their targets only when the command succeeds.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use assert_cmd::Command;
use std::path::Path;

fn nnplay() -> Command {
    Command::cargo_bin("nnplay").unwrap()
}

/// Runs `cmd`, expects exit status `code`, and returns stderr (one line, no panic).
fn failure_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// The files in `dir` whose names end in `.tmp`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

const LINE_DIVERGES: &str = r#"format = 1
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

#[test]
fn check_refuses_a_scene_too_big_to_run_and_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let spiral = nnplay::engine::presets::find("spiral").unwrap().text;
    let huge = spiral
        .replace("batch_size = 10", "batch_size = 1000000")
        .replace("[data]", "[data]\nstreaming = true");
    let huge = huge.replace(
        &huge[huge.find("hidden = ").unwrap()..]
            .lines()
            .next()
            .unwrap()
            .to_string(),
        "hidden = [128, 128, 128, 128, 128, 128, 128, 128, 128, 128]",
    );
    let path = dir.path().join("huge.toml");
    std::fs::write(&path, huge).unwrap();
    let out = nnplay()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("training.batch_size") && text.contains("GB of memory"),
        "{text}"
    );
    let err = failure_of(nnplay().arg("train").arg(&path).args(["--epochs", "1"]), 1);
    assert!(err.contains("lower training.batch_size"), "{err}");
}

#[test]
fn endless_and_binary_data_are_refused_at_once() {
    let err = failure_of(
        nnplay().args(["train", "xor", "--epochs", "1", "--data", "/dev/zero"]),
        1,
    );
    assert!(err.contains("not a regular file"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let err = failure_of(
        nnplay()
            .args(["train", "xor", "--epochs", "1", "--data"])
            .arg(dir.path()),
        1,
    );
    assert!(err.contains("is a folder"), "{err}");
    let binary = dir.path().join("binary.csv");
    std::fs::write(&binary, b"x,y,label\n1,2,\0\x01\n").unwrap();
    let err = failure_of(
        nnplay()
            .args(["train", "xor", "--epochs", "1", "--data"])
            .arg(&binary),
        1,
    );
    assert!(err.contains("NUL byte"), "{err}");
    let long = dir.path().join("long.csv");
    std::fs::write(&long, "x".repeat(3 << 20)).unwrap();
    let err = failure_of(
        nnplay()
            .args(["train", "xor", "--epochs", "1", "--data"])
            .arg(&long),
        1,
    );
    assert!(err.contains("a line longer than 1 MiB"), "{err}");
}

#[test]
fn a_failed_export_leaves_the_old_model_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    std::fs::write(&model, "old").unwrap();
    failure_of(
        nnplay()
            .args(["export-model", "spiral", "--out"])
            .arg(&model)
            .arg("--data")
            .arg(dir.path().join("missing-folder").join("data.csv")),
        1,
    );
    assert_eq!(std::fs::read_to_string(&model).unwrap(), "old");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_failed_save_leaves_the_old_metrics_alone() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("m.csv");
    std::fs::write(&metrics, "old").unwrap();
    failure_of(
        nnplay()
            .args(["train", "spiral", "--epochs", "3", "--out"])
            .arg(&metrics)
            .arg("--save")
            .arg(dir.path().join("missing-folder").join("s.toml")),
        1,
    );
    assert_eq!(std::fs::read_to_string(&metrics).unwrap(), "old");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_diverged_run_writes_its_metrics_but_no_model_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let scene = dir.path().join("line.toml");
    std::fs::write(&scene, LINE_DIVERGES).unwrap();
    let (metrics, save) = (dir.path().join("m.csv"), dir.path().join("s.toml"));
    let err = failure_of(
        nnplay()
            .arg("train")
            .arg(&scene)
            .args(["--epochs", "5000", "--out"])
            .arg(&metrics)
            .arg("--save")
            .arg(&save),
        3,
    );
    assert!(err.contains("diverged"), "{err}");
    assert!(!save.exists(), "a diverged model is not saved");
    let rows = std::fs::read_to_string(&metrics).unwrap();
    assert!(rows.starts_with("epoch,train_loss"));
    assert!(rows.lines().count() > 1);
    assert!(!rows.contains("NaN") && !rows.contains("inf"), "{rows}");
}

#[test]
fn seeds_and_epochs_that_would_not_reopen_are_refused_naming_their_field() {
    let err = failure_of(
        nnplay().args(["train", "spiral", "--seed", "9223372036854775808"]),
        2,
    );
    assert!(err.contains("--seed"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("epoch.toml");
    let text = nnplay::engine::presets::find("circle-deck")
        .unwrap()
        .text
        .to_string()
        + "\n[model]\nepoch = 9223372036854775807\n";
    std::fs::write(&path, text).unwrap();
    let out = nnplay()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("model.epoch"), "{text}");
}

#[test]
fn an_interrupted_run_keeps_valid_metrics_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let (metrics, save) = (dir.path().join("m.csv"), dir.path().join("s.toml"));
    let binary = assert_cmd::cargo::cargo_bin("nnplay");
    let mut child = std::process::Command::new(binary)
        .args(["train", "spiral", "--epochs", "100000000", "--out"])
        .arg(&metrics)
        .arg("--save")
        .arg(&save)
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let rows = std::fs::read_to_string(&metrics).unwrap();
    let mut lines = rows.lines();
    assert!(lines.next().unwrap().starts_with("epoch,train_loss"));
    let last: Vec<&str> = rows.trim_end().lines().last().unwrap().split(',').collect();
    assert_eq!(last.len(), 11, "the last row is complete: {last:?}");
    assert!(rows.lines().count() > 10, "it trained for a while");
    assert!(!save.exists());
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn check_refuses_devices_and_folders_as_scene_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = nnplay()
        .args(["check", "/dev/zero"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(text.contains("/dev/zero is not a regular file"), "{text}");
    assert!(text.contains("is a folder"), "{text}");
}
