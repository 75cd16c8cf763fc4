//! The window with the data physicists bring: a CSV file through the path field (and one with
//! junk), three classes, and the jets' histograms and slices (egui_kittest).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod window_common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnplay::app::{LaunchOptions, PlaygroundApp};
use window_common::*;

/// Writes a two-class CSV: "mass" separates the classes, "noise" does not; row 3 has a missing
/// mass (-999).
fn write_events(path: &std::path::Path, junk: bool) {
    let mut text = String::from("mass,noise,label\n");
    let mut rng = nnplay::engine::rng::Rng::new(5);
    for k in 0..600 {
        let signal = k % 2;
        let mass = if k == 1 {
            -999.0
        } else {
            100.0 + 60.0 * signal as f64 + 25.0 * rng.normal()
        };
        text += &format!("{mass},{},{signal}\n", rng.normal());
    }
    if junk {
        text += "120,abc,1\n";
    }
    std::fs::write(path, text).unwrap();
}

/// Opens the CSV window and reads the columns of `path`.
fn open_csv_window(h: &mut Harness<'static, PlaygroundApp>, path: &std::path::Path) {
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Load data…").click();
    h.run_steps(2);
    h.get_by_label("Data file").click();
    h.get_by_label("Data file")
        .type_text(&path.display().to_string());
    h.run_steps(2);
    h.get_by_label("Read columns").click();
    // The header is read on a helper thread.
    wait_for_text(h, "Label column", 20, "no columns read");
    h.run_steps(2);
}

#[test]
fn load_a_csv_through_the_path_field_and_open_each_metrics_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    write_events(&path, false);
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    open_csv_window(&mut h, &path);
    h.get_by_label("noise").click(); // use the mass only
    h.run_steps(2);
    h.get_by_label("Load data").click();
    wait_for(&mut h, "the CSV data", |s| {
        s.column_names.as_slice() == ["mass", "noise"] && s.model_figures.classifier.is_some()
    });
    let s = h.state().snapshot().unwrap().clone();
    assert_eq!(s.scene.data.features, vec!["mass"]);
    assert_eq!(s.scene.training.loss, nnplay::engine::nn::Loss::Bce);
    assert_eq!(s.data_notes.len(), 1, "{:?}", s.data_notes);
    h.run_steps(2);
    h.get_by_label_contains("Loaded 600 rows");
    h.get_by_label_contains("Note: column 'mass': 1 of 600 values are -999 (missing)");
    play_at_max_speed(&mut h);
    wait_for(&mut h, "20 epochs", |s| s.epoch >= 20);
    for tab in ["ROC", "Rejection", "Scores", "Threshold", "Accuracy"] {
        h.get_by_label(tab).click();
        h.run_steps(2);
    }
    h.get_by_label("ROC").click();
    h.run_steps(2);
    h.get_by_label_contains("cut mass > (AUC 0.9");
}

#[test]
fn a_csv_with_junk_says_where_and_keeps_the_current_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.csv");
    write_events(&path, true);
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    let before = h.state().snapshot().unwrap().scene.clone();
    open_csv_window(&mut h, &path);
    h.get_by_label("Load data").click();
    wait_for_text(&mut h, "Not loaded", 20, "no error shown");
    h.get_by_label(
        "Not loaded: row 602, column 'noise': 'abc' is not a finite number. The current data \
         stays as it was.",
    );
    h.run_steps(3);
    assert_eq!(h.state().snapshot().unwrap().scene.data, before.data);
    // a missing file is refused (by the helper thread, a few frames later)
    h.get_by_label("Data file").click();
    h.get_by_label("Data file").type_text("-nothing-here");
    h.run_steps(2);
    h.get_by_label("Read columns").click();
    wait_for_text(&mut h, "Cannot use", 20, "no refusal shown");
}

#[test]
fn a_device_or_a_folder_is_refused_when_reading_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    for (path, says) in [
        ("/dev/zero".to_string(), "not a regular file"),
        (dir.path().display().to_string(), "is a folder"),
    ] {
        let mut h = harness(LaunchOptions::default());
        wait_for(&mut h, "the first snapshot", |_| true);
        h.get_by_label("File").click();
        h.run_steps(2);
        h.get_by_label("Load data…").click();
        h.run_steps(2);
        h.get_by_label("Data file").click();
        h.get_by_label("Data file").type_text(&path);
        h.run_steps(2);
        h.get_by_label("Read columns").click();
        wait_for_text(&mut h, says, 10, &format!("{path}: no refusal"));
    }
}

#[test]
fn three_classes_get_their_own_colours_and_a_3x3_confusion_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blobs.csv");
    let mut rng = nnplay::engine::rng::Rng::new(8);
    let mut text = String::from("a,b,class\n");
    let centres = [(0.0, 2.0), (2.0, -1.0), (-2.0, -1.0)];
    for k in 0..450 {
        let (cx, cy) = centres[k % 3];
        text += &format!(
            "{},{},{}\n",
            cx + 0.5 * rng.normal(),
            cy + 0.5 * rng.normal(),
            k % 3
        );
    }
    std::fs::write(&path, text).unwrap();
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    open_csv_window(&mut h, &path);
    h.get_by_label("Load data").click();
    wait_for(&mut h, "the three-class data", |s| {
        s.scene.training.loss == nnplay::engine::nn::Loss::SoftmaxCe
            && s.model_figures.confusion.is_some()
    });
    play_at_max_speed(&mut h);
    // Trained well past the first accurate epochs, so every class's region is saturated (the
    // first snapshot above 0.9 may come while one class's colour is still pale).
    wait_for(&mut h, "a trained classifier", |s| {
        s.epoch >= 300
            && s.records
                .last()
                .and_then(|r| r.test_accuracy)
                .is_some_and(|a| a > 0.9)
    });
    let s = h.state().snapshot().unwrap().clone();
    let colours: std::collections::HashSet<_> = s.output_image.pixels.iter().collect();
    // Every class owns a region: pixels nearer its colour than any other class's or neutral.
    let sure: Vec<egui::Color32> = (0..3)
        .map(|k| {
            let mut logits = [0.0; 3];
            logits[k] = 50.0;
            // the output map's intensity is 0.7
            nnplay::worker::pictures::palette::class_image(&logits, 3, 1, false, 0.7).pixels[0]
        })
        .chain([nnplay::worker::pictures::palette::NEUTRAL])
        .collect();
    let distance = |a: egui::Color32, b: egui::Color32| -> u32 {
        a.to_array()
            .iter()
            .zip(b.to_array())
            .map(|(x, y)| u32::from(x.abs_diff(y)))
            .sum()
    };
    for k in 0..3 {
        assert!(
            colours
                .iter()
                .any(|&&c| (0..4).all(|j| j == k || distance(c, sure[k]) < distance(c, sure[j]))),
            "no region coloured like class {k}"
        );
    }
    h.get_by_label("Confusion").click();
    h.run_steps(2);
    h.get_by_label("predicted 2");
    assert!(
        h.query_all_by_label_contains("%)").count() >= 9,
        "3 x 3 cells"
    );
}

#[test]
fn jets_show_feature_histograms_a_movable_slice_and_log_score_histograms() {
    let mut h = preset_harness("top-tagging");
    wait_for(&mut h, "the jets", |s| {
        s.data_figures.histograms.len() == 11
    });
    h.run_steps(2);
    // the slice: tau21 (the third column) starts at its training median and can be moved
    let median = h.state().snapshot().unwrap().slice[2];
    h.get_by_label_contains("a slice through the other columns at:");
    h.get_by_label("tau21 =").focus();
    h.run_steps(2);
    h.get_by_label("tau21 =").type_text("0.9");
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    wait_for(&mut h, "the moved slice", |s| s.slice[2] == 0.9);
    h.get_by_label("Medians").click();
    wait_for(&mut h, "the medians again", |s| s.slice[2] == median);
    // the feature histograms: the mass of top jets peaks near 176 GeV
    h.get_by_label("Histograms").click();
    h.run_steps(2);
    assert_eq!(
        h.query_all_by_label_contains(" rows)").count(),
        2,
        "one histogram per class"
    );
    let s = h.state().snapshot().unwrap().clone();
    let mass = &s.data_figures.histograms[0];
    let width = (mass.range.1 - mass.range.0) / mass.per_class[1].len() as f64;
    let peak = (0..mass.per_class[1].len())
        .max_by(|&a, &b| mass.per_class[1][a].total_cmp(&mass.per_class[1][b]))
        .unwrap();
    let peak_mass = mass.range.0 + (peak as f64 + 0.5) * width;
    assert!(
        (160.0..190.0).contains(&peak_mass),
        "top mass peak at {peak_mass}"
    );
    h.get_by_label("Scores").click();
    h.run_steps(2);
    h.get_by_label("Log fractions").click();
    h.run_steps(2);
    assert!(h.state().preferences().zoom > 0.0);
}

#[test]
fn a_gzipped_csv_without_a_header_loads_with_the_label_chosen_by_column() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("higgs.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut rng = nnplay::engine::rng::Rng::new(3);
    for k in 0..400 {
        let signal = k % 2;
        writeln!(
            gz,
            "{signal};{};{}",
            signal as f64 + rng.normal(),
            rng.normal()
        )
        .unwrap();
    }
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    open_csv_window(&mut h, &path);
    // No header: the columns are numbered; the label is chosen by its column.
    h.get_by_label("Label column").click();
    h.run_steps(2);
    // The choice in the open list (the feature checkbox "c0" is also on screen).
    h.get_by_role_and_label(egui::accesskit::Role::Button, "c0")
        .click();
    h.run_steps(2);
    h.get_by_label("Load data").click();
    wait_for(&mut h, "the CSV data", |s| {
        s.column_names.as_slice() == ["c1", "c2"]
    });
    h.run_steps(2);
    let s = h.state().snapshot().unwrap().clone();
    assert_eq!(s.scene.data.csv.as_ref().unwrap().label, "c0");
    h.get_by_label_contains("Loaded 400 rows");
    assert!(
        h.query_all_by_label_contains(
            "gzip-compressed, cells separated by semicolon (detected), no header row"
        )
        .next()
        .is_some()
    );
}

/// The shared ROOT test file, or None (saying so) where `../shared` is absent.
fn shared_root(name: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/root");
    if dir.is_dir() {
        Some(dir.join(name))
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

/// Types `path` into the data window's path field and reads it.
fn read_data_file(h: &mut Harness<'static, PlaygroundApp>, path: &str) {
    h.get_by_label("Data file").click();
    h.get_by_label("Data file").type_text(path);
    h.run_steps(2);
    h.get_by_label("Read columns").click();
}

#[test]
fn a_root_tree_loads_with_chosen_branches_and_trains() {
    let Some(path) = shared_root("uproot-Zmumu.root") else {
        return;
    };
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Load data…").click();
    h.run_steps(2);
    read_data_file(&mut h, &path.display().to_string());
    wait_for_text(&mut h, "Label branch", 20, "no trees listed");
    // The window grows to its contents over a few frames (it stays centred meanwhile).
    h.run_steps(20);
    h.get_by_label_contains("Tree 'events': 2304 entries, 20 branches");
    // The string branch Type is guessed as the label; take M as a regression target instead.
    h.get_by_label("Label branch").click();
    h.run_steps(2);
    // The choice in the open list (the branch grid's checkbox "M" is also on screen).
    // The list scrolls: bring its end into view.
    for _ in 0..4 {
        h.get_by_role_and_label(egui::accesskit::Role::Button, "Run")
            .scroll_down();
        h.run_steps(2);
    }
    h.get_by_role_and_label(egui::accesskit::Role::Button, "M")
        .click();
    h.run_steps(2);
    h.get_by_label("Labels are classes").click();
    h.run_steps(2);
    for branch in [
        "Run", "Event", "Q1", "Q2", "pt1", "eta1", "phi1", "pt2", "eta2", "phi2",
    ] {
        h.get_by_label(branch).click();
        h.run_steps(1);
    }
    h.get_by_label("Load data").click();
    wait_for(&mut h, "the ROOT data", |s| {
        s.scene.data.root.is_some() && s.column_names.len() == 8
    });
    let s = h.state().snapshot().unwrap().clone();
    assert_eq!(
        s.scene.data.features,
        ["E1", "px1", "py1", "pz1", "E2", "px2", "py2", "pz2"]
    );
    assert_eq!(s.scene.training.loss, nnplay::engine::nn::Loss::Mse);
    assert_eq!(s.scene.data.root.as_ref().unwrap().label, "M");
    h.run_steps(2);
    h.get_by_label_contains("Loaded 2304 events");
    play_at_max_speed(&mut h);
    wait_for(&mut h, "10 epochs", |s| s.epoch >= 10);
}

#[test]
fn a_root_file_the_reader_cannot_handle_is_refused_and_the_data_stays() {
    let Some(zstd) = shared_root("uproot-Zmumu-zstd.root") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.root");
    std::fs::write(&fake, "x,y,label\n1,2,0\n").unwrap();
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    let before = h.state().snapshot().unwrap().scene.clone();
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Load data…").click();
    h.run_steps(2);
    for (path, says) in [(zstd, "ZSTD"), (fake, "not a ROOT file")] {
        read_data_file(&mut h, &path.display().to_string());
        wait_for_text(&mut h, says, 20, &format!("{says}: no refusal"));
        // Clear the field for the next path.
        h.get_by_label("Data file").click();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.key_press(egui::Key::Backspace);
        h.run_steps(2);
    }
    assert_eq!(h.state().snapshot().unwrap().scene.data, before.data);
}

#[test]
fn the_fit_tab_shows_predicted_against_true_mass_and_the_residual_width() {
    let mut h = preset_harness("zmumu-mass");
    wait_for(&mut h, "the first snapshot", |s| {
        s.scene.data.root.is_some()
    });
    play_at_max_speed(&mut h);
    wait_for(&mut h, "50 epochs", |s| {
        s.epoch >= 50 && s.model_figures.fit.is_some()
    });
    h.get_by_label("Fit").click();
    h.run_steps(3);
    let fit = h
        .state()
        .snapshot()
        .unwrap()
        .model_figures
        .fit
        .clone()
        .unwrap();
    assert_eq!(
        fit.points.len(),
        462,
        "every test event: 2304 - 1382 train - 460 validation"
    );
    // The mass spreads about 15 GeV; a trained network's residuals are a few GeV wide.
    assert!(
        fit.target_width > 10.0 && fit.residual_width < 0.5 * fit.target_width,
        "{fit:?}"
    );
    h.get_by_label_contains("Test set: R² 0.");
    h.get_by_label_contains("median ± half the central 68%");
}

#[test]
fn one_csv_file_per_class_loads_through_the_window_with_the_counts_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = nnplay::engine::rng::Rng::new(4);
    for (name, centre, rows) in [("qcd.csv", 100.0, 400), ("top.csv", 170.0, 200)] {
        let mut text = String::from("mass,noise\n");
        for _ in 0..rows {
            text += &format!("{},{}\n", centre + 15.0 * rng.normal(), rng.normal());
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Load data…").click();
    h.run_steps(2);
    h.get_by_label("One file per class").click();
    h.run_steps(2);
    let fields = [
        dir.path().join("qcd.csv").display().to_string(),
        dir.path().join("top.csv").display().to_string(),
    ];
    for (k, path) in fields.iter().enumerate() {
        h.get_by_label(&format!("Class {k} file")).click();
        h.get_by_label(&format!("Class {k} file")).type_text(path);
        h.run_steps(2);
    }
    h.get_by_label("Read columns").click();
    wait_for_text(&mut h, "Feature columns", 20, "no columns read");
    h.run_steps(4);
    h.get_by_label("noise").click(); // the mass only
    h.run_steps(2);
    h.get_by_label("Load data").click();
    wait_for(&mut h, "the class files", |s| {
        s.scene
            .data
            .csv
            .as_ref()
            .is_some_and(|c| c.classes.len() == 2)
            && s.model_figures.classifier.is_some()
    });
    let s = h.state().snapshot().unwrap().clone();
    assert_eq!(s.scene.data.features, ["mass"]);
    let names: Vec<String> = s
        .scene
        .data
        .csv
        .as_ref()
        .unwrap()
        .classes
        .iter()
        .map(|c| c.shown_name())
        .collect();
    assert_eq!(names, ["background", "signal"]);
    assert!(
        s.data_notes[0].contains("background = class 0 (400 rows), signal = class 1 (200 rows)"),
        "{:?}",
        s.data_notes
    );
    h.run_steps(2);
    h.get_by_label_contains("background = class 0 (400 rows)");
}

#[test]
fn event_weights_can_weight_the_loss_from_the_top_bar() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("mass,w,label\n");
    let mut rng = nnplay::engine::rng::Rng::new(5);
    for k in 0..400 {
        let signal = k % 2;
        let mass = 100.0 + 60.0 * signal as f64 + 25.0 * rng.normal();
        let w = if signal == 1 { 0.01 } else { 1.0 };
        text += &format!("{mass},{w},{signal}\n");
    }
    std::fs::write(dir.path().join("events.csv"), text).unwrap();
    let scene = nnplay::engine::scene::Scene::parse(
        r#"format = 1
[data]
standardise = true
features = ["mass"]
[data.csv]
path = "events.csv"
label = "label"
weight = "w"
[network]
hidden = [4]
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.01
batch_size = 20
"#,
        &dir.path().join("scene.toml"),
    )
    .unwrap();
    let mut h = harness(LaunchOptions {
        scene: Some((scene, dir.path().join("scene.toml"))),
        ..Default::default()
    });
    wait_for(&mut h, "the first snapshot", |_| true);
    assert!(
        h.query_by_label_contains("weighted by the event weights")
            .is_none()
    );
    h.get_by_label("Loss weights").click();
    h.run_steps(2);
    h.get_by_label("Balanced").click();
    wait_for(&mut h, "balanced loss weights", |s| {
        s.scene.training.loss_weights == nnplay::engine::scene::LossWeights::Balanced
    });
    h.get_by_label("Play").click();
    wait_for(&mut h, "3 epochs", |s| s.epoch >= 3);
    h.run_steps(2);
    h.get_by_label("weighted by the event weights");
}
