//! The command line end to end: presets, check, train, export and reproduce, bench, errors.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use assert_cmd::Command;
use std::path::Path;

fn nnplay() -> Command {
    Command::cargo_bin("nnplay").unwrap()
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn failure_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    err
}

#[test]
fn presets_lists_every_built_in_preset() {
    let out = stdout_of(nnplay().arg("presets"));
    for p in nnplay::engine::presets::PRESETS {
        assert!(
            out.lines().any(|l| l.starts_with(p.id)),
            "{} missing from\n{out}",
            p.id
        );
    }
}

#[test]
fn check_accepts_the_shipped_presets_and_rejects_a_bad_file() {
    let presets: Vec<_> = std::fs::read_dir("presets")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(presets.len() >= nnplay::engine::presets::PRESETS.len());
    nnplay().arg("check").args(&presets).assert().success();

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string("presets/spiral.toml")
        .unwrap()
        .replace("learning_rate = 0.03", "learning_rate = -2");
    std::fs::write(&bad, text).unwrap();
    let err = failure_of(nnplay().arg("check").arg(&bad), 1);
    assert!(
        err.contains("bad.toml:")
            && err.contains("training.learning_rate must be in (0, 10], got -2"),
        "{err}"
    );
    nnplay()
        .arg("check")
        .arg("presets/spiral.toml")
        .arg(&bad)
        .assert()
        .code(1);
}

#[test]
fn train_writes_metrics_and_a_scene_that_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, saved) = (dir.path().join("m.csv"), dir.path().join("saved.toml"));
    let out = stdout_of(
        nnplay()
            .args(["train", "spiral", "--epochs", "20", "--out"])
            .arg(&csv)
            .arg("--save")
            .arg(&saved),
    );
    assert!(
        out.starts_with("epoch 20") && out.contains("test AUC"),
        "{out}"
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "epoch,train_loss,val_loss,test_loss,train_acc,val_acc,test_acc,auc,rej30,r2,weighted_auc"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 20);
    assert_eq!(rows[19][0], "20");
    assert_eq!(rows[19][2], "", "no validation split: empty cell");
    assert!(rows[19][7].parse::<f64>().unwrap() > 0.5);
    nnplay().arg("check").arg(&saved).assert().success();
    let out = stdout_of(nnplay().arg("train").arg(&saved).args(["--epochs", "5"]));
    assert!(out.starts_with("epoch 25"), "{out}");
}

#[test]
fn exported_model_and_data_reproduce_the_run_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout_of(
        nnplay()
            .args(["train", "spiral", "--epochs", "30", "--out"])
            .arg(d.join("a.csv")),
    );
    stdout_of(
        nnplay()
            .args(["export-model", "spiral", "--out"])
            .arg(d.join("model.json"))
            .arg("--data")
            .arg(d.join("data.csv")),
    );
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("model.json")).unwrap()).unwrap();
    assert_eq!(model["layers"].as_array().unwrap().len(), 7);
    assert_eq!(model["layers"][0]["activation"], "tanh");
    stdout_of(
        nnplay()
            .args(["train", "spiral", "--epochs", "30", "--data"])
            .arg(d.join("data.csv"))
            .arg("--model")
            .arg(d.join("model.json"))
            .arg("--out")
            .arg(d.join("b.csv")),
    );
    let a = std::fs::read_to_string(d.join("a.csv")).unwrap();
    let b = std::fs::read_to_string(d.join("b.csv")).unwrap();
    assert_eq!(a, b, "the run from plain files differs");
}

#[test]
fn errors_are_one_line_with_a_non_zero_status() {
    let err = failure_of(nnplay().args(["train", "no-such-scene"]), 1);
    assert!(
        err.contains("no scene file or preset named 'no-such-scene'"),
        "{err}"
    );
    let err = failure_of(nnplay().arg("frobnicate"), 1);
    assert!(
        err.contains("no scene file or preset named 'frobnicate'"),
        "{err}"
    );
    failure_of(nnplay().arg("--frobnicate"), 2);
    failure_of(nnplay().args(["spiral", "--speed", "fast"]), 1);
    failure_of(nnplay().args(["train", "spiral", "--epochs", "ten"]), 2);
    let dir = tempfile::tempdir().unwrap();
    let err = failure_of(
        nnplay()
            .args(["train", "spiral", "--epochs", "1", "--data"])
            .arg(dir.path().join("none.csv")),
        1,
    );
    assert!(
        err.contains("none.csv") && err.contains("cannot read the file"),
        "{err}"
    );
    assert!(!Path::new(&dir.path().join("none.csv")).exists());
}

#[test]
fn bench_prints_both_configurations() {
    let out = stdout_of(nnplay().args(["bench", "--runs", "1", "--epochs", "20"]));
    assert!(
        out.contains("config A")
            && out.contains("config B")
            && out.contains("epochs/s")
            && out.contains("ms")
            && out.contains("per epoch of updates")
            && out.contains("1000000 x 28 features"),
        "{out}"
    );
}

#[test]
fn bench_json_is_one_object_with_the_fixed_keys() {
    let out = stdout_of(nnplay().args(["bench", "--json", "--runs", "1", "--epochs", "20"]));
    let figures: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    let keys = [
        "a_epochs_per_s",
        "b_epochs_per_s",
        "a_fast_epochs_per_s",
        "b_fast_epochs_per_s",
        "m_ms",
        "j_epoch_ms",
        "j_epoch_with_loss_ms",
        "h_epoch_ms",
        "h_epoch_figures_ms",
        "h_live_figures_ms",
    ];
    for key in keys {
        let value = figures[key].as_f64().unwrap_or(f64::NAN);
        assert!(value.is_finite() && value > 0.0, "{key}: {value} in {out}");
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(figures["threads"], cores.min(2), "{out}");
    assert_eq!(figures["precision"], "f32", "{out}");
    assert_eq!(figures.as_object().map(|o| o.len()), Some(keys.len() + 2));
    let args = ["bench", "--json", "--f64", "--runs", "1", "--epochs", "20"];
    let double: serde_json::Value =
        serde_json::from_str(stdout_of(nnplay().args(args)).trim()).expect("one JSON object");
    assert_eq!(double["precision"], "f64");
}

#[test]
fn train_on_a_csv_with_missing_markers_says_what_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("events.csv");
    let mut text = String::from("x,y,label\n");
    for k in 0..100 {
        let x = if k == 7 {
            -999.0
        } else {
            k as f64 / 50.0 - 1.0
        };
        text += &format!("{x},{},{}\n", (k % 7) as f64 / 7.0, u8::from(k >= 50));
    }
    std::fs::write(&data, text).unwrap();
    let out = nnplay()
        .args(["train", "circle-linear", "--epochs", "2", "--data"])
        .arg(&data)
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("note: column 'x': 1 of 100 values are -999 (missing), replaced by"),
        "{err}"
    );
}

#[test]
fn train_compares_the_lesson_variants_in_one_runs_table() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("runs.csv");
    let out = stdout_of(
        nnplay()
            .args(["train", "tree-depth", "--epochs", "20", "--variants"])
            .arg(&table),
    );
    assert!(
        out.contains("5 runs: the scene and its lesson variants"),
        "{out}"
    );
    let text = std::fs::read_to_string(&table).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    let labels: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "\"as given\"",
            "\"depth 1\"",
            "\"depth 3\"",
            "\"depth 8\"",
            "\"unlimited\""
        ]
    );
    // The epochs column: a tree stops growing when its depth is reached (11 levels unlimited).
    // The model (quoted, with a comma) ends at the second `",`; then parameters, epochs.
    let epochs: Vec<&str> = lines[1..]
        .iter()
        .map(|l| {
            let after_model = l.match_indices("\",").nth(1).unwrap().0 + 2;
            l[after_model..].split(',').nth(1).unwrap()
        })
        .collect();
    assert_eq!(epochs, ["3", "1", "3", "8", "11"]);
}

#[test]
fn train_runs_a_comparison_side_by_side_with_one_csv_per_side_and_saves_both() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.csv");
    let saved = dir.path().join("both.toml");
    let printed = stdout_of(
        nnplay()
            .args([
                "train",
                "l2-gauss",
                "--side-by-side",
                "--epochs",
                "30",
                "--out",
            ])
            .arg(&out)
            .arg("--save")
            .arg(&saved),
    );
    assert!(printed.contains("left (no penalty): epoch 30"), "{printed}");
    assert!(printed.contains("right (L2 0.03): epoch 30"), "{printed}");
    for side in ["left", "right"] {
        let text = std::fs::read_to_string(dir.path().join(format!("m.{side}.csv"))).unwrap();
        assert_eq!(text.lines().count(), 31, "{side}: header and 30 epochs");
    }
    let table = std::fs::read_to_string(dir.path().join("m.runs.csv")).unwrap();
    let labels: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(labels, ["\"no penalty\"", "\"L2 0.03\""]);
    // The saved file is a comparison: both sides, trained, training on where they stopped.
    let scene = nnplay::engine::scene::Scene::load(&saved).unwrap();
    let right = scene.compare_with.as_ref().unwrap();
    assert_eq!(scene.model.as_ref().unwrap().epoch, 30);
    assert_eq!(right.model.as_ref().unwrap().epoch, 30);
    assert_eq!(right.training.regularization_rate, 0.03);
    let again = stdout_of(nnplay().args(["train", "--epochs", "5"]).arg(&saved));
    assert!(again.contains("left (no penalty): epoch 35"), "{again}");
    assert!(again.contains("right (L2 0.03): epoch 35"), "{again}");
}

#[test]
fn a_comparison_that_does_not_apply_is_refused_with_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let text = nnplay::engine::presets::find("l2-gauss")
        .unwrap()
        .text
        .replace("right = \"L2 0.03\"", "right = \"L3 0.03\"");
    std::fs::write(&path, text).unwrap();
    let output = nnplay().arg("check").arg(&path).output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        err.contains("lesson.side_by_side names no variant \"L3 0.03\""),
        "{err}"
    );
    let output = nnplay()
        .args(["train", "spiral", "--side-by-side"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(err.contains("declares no [lesson.side_by_side]"), "{err}");
}

#[test]
fn train_takes_a_tf_playground_link_wherever_a_scene_goes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.csv");
    let link = "https://playground.tensorflow.org/#activation=relu&dataset=circle&learningRate=0.003&networkShape=3&seed=0.13116&percTrainData=50&x=true&y=true&colour=red";
    let output = nnplay()
        .args(["train", link, "--epochs", "5", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("note: unknown key `colour` left out"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 6);
    let output = nnplay()
        .args(["check", "https://playground.tensorflow.org/"])
        .output()
        .unwrap();
    assert!(!output.status.success());
}

#[test]
fn link_prints_a_preset_as_a_tf_playground_link_that_train_and_check_take() {
    let link = stdout_of(nnplay().args(["link", "circle-deck"]));
    let link = link.trim();
    assert!(
        link.starts_with("https://playground.tensorflow.org/#activation=relu&"),
        "{link}"
    );
    assert!(link.contains("&networkShape=3&"), "{link}");
    let checked = stdout_of(nnplay().arg("check").arg(link));
    assert!(checked.starts_with("ok"), "{checked}");
    let output = nnplay().args(["link", "bdt-jets"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not tree models"));
}

#[test]
fn train_reads_a_gzipped_csv_without_a_header_and_only_its_first_rows() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    // As UCI's HIGGS.csv.gz: no header, the label in the first column.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for k in 0..500 {
        let label = k % 2;
        writeln!(
            gz,
            "{label}.000000000000000000e+00,{},{}",
            k as f64 * 0.01 + label as f64,
            (k % 7) as f64
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("higgs.csv.gz"), gz.finish().unwrap()).unwrap();
    let scene = dir.path().join("higgs.toml");
    std::fs::write(
        &scene,
        "format = 1\n[data]\nfeatures = [\"c1\", \"c2\"]\nstandardise = true\n\
         [data.csv]\npath = \"higgs.csv.gz\"\nlabel = \"c0\"\nrows = 200\n\
         [network]\nhidden = [4]\n[training]\nloss = \"bce\"\noptimizer = \"adam\"\n\
         learning_rate = 0.01\nbatch_size = 32\nepochs = 3\n",
    )
    .unwrap();
    let output = nnplay().arg("train").arg(&scene).output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("CSV file: gzip-compressed, no header row: columns named c0 to c2, the first 200 rows only"),
        "{err}"
    );
    // rows and sample are counts: 0 is refused with its field.
    let bad = std::fs::read_to_string(&scene)
        .unwrap()
        .replace("rows = 200", "sample = 0");
    std::fs::write(&scene, bad).unwrap();
    let output = nnplay().arg("check").arg(&scene).output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        err.contains("data.csv.sample must be in [1, 10000000], got 0"),
        "{err}"
    );
}

#[test]
fn export_onnx_writes_a_trained_scene_and_warns_about_an_untrained_one() {
    let dir = tempfile::tempdir().unwrap();
    let trained = dir.path().join("trained.toml");
    stdout_of(
        nnplay()
            .current_dir(dir.path())
            .args(["train", "xor", "--epochs", "5", "--save"])
            .arg(&trained),
    );
    let model = dir.path().join("xor.onnx");
    let out = nnplay()
        .args(["export-onnx"])
        .arg(&trained)
        .arg("--out")
        .arg(&model)
        .arg("--matmul-add")
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("MatMul + Add"), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read(&model)
            .unwrap()
            .windows(6)
            .any(|w| w == b"MatMul")
    );
    // A preset as shipped has no trained weights: exported all the same, with a note.
    let untrained = dir.path().join("untrained.onnx");
    let out = nnplay()
        .args(["export-onnx", "xor", "--out"])
        .arg(&untrained)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("untrained"), "{stderr}");
    assert!(untrained.exists());
    // Trees with nothing grown cannot be exported: one line, no file.
    let refused = dir.path().join("bdt.onnx");
    let err = failure_of(
        nnplay()
            .args(["export-onnx", "bdt-jets", "--out"])
            .arg(&refused),
        1,
    );
    assert!(err.contains("no trees yet"), "{err}");
    assert!(!refused.exists());
}

#[test]
fn export_code_writes_the_script_its_data_and_weights_and_refuses_an_unknown_framework() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("lesson.py");
    let out = stdout_of(
        nnplay()
            .args(["export-code", "spiral", "--framework", "keras", "--out"])
            .arg(&script),
    );
    assert!(out.contains("run it: python3"), "{out}");
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.contains("import keras") && text.contains("SIZES = [8, 8, 8, 8, 8, 8, 1]"));
    assert!(dir.path().join("lesson.csv").exists());
    assert!(dir.path().join("lesson.model.json").exists());
    let err = String::from_utf8(
        nnplay()
            .args([
                "export-code",
                "spiral",
                "--framework",
                "julia",
                "--out",
                "x.py",
            ])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone(),
    )
    .unwrap();
    assert!(err.contains("choose numpy, keras or pytorch"), "{err}");
}
