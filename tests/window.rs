//! The window driven through real flows by the labels of its controls (egui_kittest, headless).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod window_common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnplay::app::preferences::Preferences;
use nnplay::app::{LaunchOptions, PlaygroundApp};
use nnplay::engine::train::Status;
use window_common::*;

#[test]
fn choose_a_preset_from_the_menu_and_see_its_lesson() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Presets").click();
    h.run_steps(2);
    h.get_by_label("05 Gradient descent — Fitting a straight line by gradient descent")
        .click();
    wait_for(&mut h, "the line-fit preset", |s| {
        s.scene.lesson.id == "line-fit"
    });
    h.run_steps(2);
    h.get_by_label("Fitting a straight line by gradient descent");
    assert_eq!(h.state().snapshot().unwrap().columns, 1, "a 1-D problem");
}

#[test]
fn play_moves_the_epoch_counter_and_the_loss() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Epoch 0");
    h.get_by_label("Play").click();
    wait_for(&mut h, "20 epochs", |s| s.epoch >= 20);
    let snapshot = h.state().snapshot().unwrap().clone();
    let first = snapshot.records.first().unwrap().train_loss;
    let last = snapshot.records.last().unwrap().train_loss;
    assert_ne!(first, last, "the loss did not move");
    h.get_by_label("Pause").click();
    wait_for(&mut h, "the pause", |s| !s.playing);
    h.run_steps(2);
    let shown = format!("Epoch {}", epoch(&h));
    h.get_by_label(&shown);
}

#[test]
fn add_a_layer_and_a_neuron() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    let layers = h
        .state()
        .snapshot()
        .unwrap()
        .network()
        .unwrap()
        .layers
        .len();
    h.get_by_label("Add layer").click();
    wait_for(&mut h, "one more layer", |s| {
        s.network().unwrap().layers.len() == layers + 1
    });
    let before = h.state().snapshot().unwrap().network().unwrap().layers[0].outputs;
    h.run_steps(2);
    h.get_by_label("Add neuron to layer 1").click();
    wait_for(&mut h, "one more neuron", |s| {
        s.network().unwrap().layers[0].outputs == before + 1
    });
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("training restarted").is_some(),
        "the window says training restarted"
    );
}

#[test]
fn change_the_learning_rate_while_running() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Play").click();
    wait_for(&mut h, "5 epochs", |s| s.epoch >= 5);
    h.get_by_label("Learning rate").click();
    h.run_steps(2);
    h.get_by_label("0.1").click();
    wait_for(&mut h, "the new learning rate", |s| {
        s.scene.training.learning_rate == 0.1
    });
    let at_change = epoch(&h);
    wait_for(&mut h, "training to go on", |s| {
        s.epoch > at_change + 5 && s.playing
    });
    assert!(
        h.state().snapshot().unwrap().records.first().unwrap().epoch == 1,
        "the run was not reset"
    );
}

#[test]
fn diverge_with_learning_rate_10_and_recover_with_reset() {
    let scene = nnplay::engine::presets::find("line-fit")
        .unwrap()
        .scene()
        .unwrap();
    let options = LaunchOptions {
        scene: Some((scene, "line-fit.toml".into())),
        ..Default::default()
    };
    let mut h = harness(options);
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Learning rate").click();
    h.run_steps(2);
    h.get_by_label("10").click();
    wait_for(&mut h, "learning rate 10", |s| {
        s.scene.training.learning_rate == 10.0
    });
    play_at_max_speed(&mut h);
    wait_for(&mut h, "divergence", |s| {
        matches!(s.status, Status::Diverged { .. })
    });
    h.run_steps(2);
    let Status::Diverged { epoch, .. } = h.state().snapshot().unwrap().status else {
        unreachable!()
    };
    h.get_by_label(&format!(
        "Diverged at epoch {epoch}: the loss ran away with learning rate 10. \
         Lower it and press Reset."
    ));
    h.get_by_label("Reset now").click();
    wait_for(&mut h, "the reset", |s| {
        s.status == Status::Running && s.epoch == 0
    });
}

#[test]
fn save_and_reopen_a_scene_through_the_path_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.toml");
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Step").click();
    wait_for(&mut h, "one epoch", |s| s.epoch == 1);
    save_through_the_path_field(&mut h, &path);
    let saved = nnplay::engine::scene::Scene::load(&path).expect("the saved scene loads");
    assert_eq!(saved.model.as_ref().unwrap().epoch, 1);
    h.get_by_label("Add layer").click();
    wait_for(&mut h, "the changed network", |s| {
        s.network().unwrap().layers.len() == saved.network.hidden.len() + 2
    });
    h.get_by_label("Open").click();
    wait_for(&mut h, "the reopened scene", |s| {
        s.network().unwrap().layers.len() == saved.network.hidden.len() + 1 && s.epoch == 1
    });
}

#[test]
fn clicking_the_map_adds_a_point_and_right_click_removes_one() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.run_steps(2);
    let before = h.state().snapshot().unwrap().points.train.len();
    let heading = h.get_by_label("Output").rect();
    let on_map = heading.left_bottom() + egui::vec2(120.0, 150.0);
    let click = |h: &Harness<'static, PlaygroundApp>, button: egui::PointerButton| {
        h.event(egui::Event::PointerMoved(on_map));
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos: on_map,
                button,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
        }
    };
    click(&h, egui::PointerButton::Primary);
    wait_for(&mut h, "the added point", |s| {
        s.points.train.len() == before + 1
    });
    click(&h, egui::PointerButton::Secondary);
    wait_for(&mut h, "the removed point", |s| {
        s.points.train.len() == before
    });
}

/// eframe's storage, in memory.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn scene_theme_and_zoom_survive_a_restart() {
    use eframe::App;
    use nnplay::app::preferences::Theme;
    let prefs = Preferences {
        theme: Theme::Dark,
        zoom: 1.5,
        ..Preferences::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_eframe(move |cc| {
            PlaygroundApp::with_preferences(&cc.egui_ctx, prefs, LaunchOptions::default())
        });
    wait_for(&mut h, "the first snapshot", |_| true);
    let layers = h.state().scene().unwrap().network.hidden.len();
    h.get_by_label("Add layer").click();
    wait_for(&mut h, "one more layer", |s| {
        s.network().unwrap().layers.len() == layers + 2
    });
    let mut storage = MemoryStorage::default();
    h.state_mut().save(&mut storage);
    let restored: Preferences =
        eframe::get_value(&storage, eframe::APP_KEY).expect("preferences were saved");
    assert_eq!((restored.theme, restored.zoom), (Theme::Dark, 1.5));
    let mut again = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_eframe(move |cc| {
            PlaygroundApp::with_preferences(&cc.egui_ctx, restored, LaunchOptions::default())
        });
    wait_for(&mut again, "the restored scene", |s| {
        s.network().unwrap().layers.len() == layers + 2
    });
    assert_eq!(again.ctx.zoom_factor(), 1.5);
    assert_eq!(again.ctx.theme(), egui::Theme::Dark);
}

#[test]
fn the_classifier_tabs_show_roc_rejection_and_scores() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the classifier figures", |s| {
        s.model_figures.classifier.is_some()
    });
    for tab in ["ROC", "Rejection", "Scores", "Threshold", "Accuracy"] {
        h.get_by_label(tab).click();
        h.run_steps(2);
        if tab == "ROC" || tab == "Rejection" {
            assert!(
                h.query_all_by_label_contains("AUC 0.").next().is_some(),
                "{tab}: no AUC read-out"
            );
        }
    }
}

#[test]
fn finding_pi_shows_its_estimate_next_to_pi() {
    let mut h = preset_harness("finding-pi");
    wait_for(&mut h, "the first snapshot", |_| true);
    play_at_max_speed(&mut h);
    // Early on the network calls nearly everything inside (pi_hat near 4); measured 3.444 at
    // epoch 40, falling towards pi as the boundary rounds off.
    wait_for(&mut h, "pi_hat below 3.6 after epoch 40", |s| {
        s.epoch >= 40 && s.pi_estimate.is_some_and(|pi| (2.5..3.6).contains(&pi))
    });
}

#[test]
fn lesson_variants_switch_the_learning_rate_and_the_landscape_shows_the_path_leave() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Presets").click();
    h.run_steps(2);
    h.get_by_label("05 Gradient descent — Learning rate: too small, oscillating, divergent")
        .click();
    wait_for(&mut h, "the learning-rate preset with its landscape", |s| {
        s.scene.lesson.id == "learning-rate" && s.landscape.is_some()
    });
    h.run_steps(2);
    h.get_by_label_contains("Loss landscape");
    h.get_by_label("lr 0.9").click();
    wait_for(&mut h, "lr 0.9", |s| s.scene.training.learning_rate == 0.9);
    play_at_max_speed(&mut h);
    wait_for(&mut h, "30 steps", |s| s.epoch >= 30);
    // Still playing after the switch to 1.05: the path runs off the map and the banner says so.
    h.get_by_label("lr 1.05").click();
    wait_for(&mut h, "divergence at lr 1.05", |s| {
        s.scene.training.learning_rate == 1.05 && matches!(s.status, Status::Diverged { .. })
    });
    let s = h.state().snapshot().unwrap().clone();
    let view = s.landscape.as_ref().unwrap();
    let last = *s.descent_path.last().unwrap();
    assert!(
        !(view.b.0..=view.b.1).contains(&last[1]),
        "the path ends at {last:?}, inside the map"
    );
    h.run_steps(2);
    assert!(h.query_by_label_contains("Diverged at epoch").is_some());
}

#[test]
fn the_roc_tab_compares_the_network_with_single_feature_cuts() {
    let scene = nnplay::engine::presets::find("cut-vs-ml")
        .unwrap()
        .scene()
        .unwrap();
    let options = LaunchOptions {
        scene: Some((scene, "cut-vs-ml.toml".into())),
        ..Default::default()
    };
    let mut h = harness(options);
    wait_for(&mut h, "the classifier figures", |s| {
        s.model_figures.classifier.is_some()
    });
    assert_eq!(h.state().snapshot().unwrap().data_figures.cut_rocs.len(), 2);
    h.get_by_label("ROC").click();
    h.run_steps(2);
    h.get_by_label_contains("cut mass > (AUC 0.9");
    h.get_by_label_contains("cut tau32 < (AUC 0.8");
    h.get_by_label_contains("network, test set (AUC 0.");
}

#[test]
fn a_scene_opens_ready_to_project_and_the_command_line_wins() {
    use nnplay::app::preferences::Theme;
    let preset = nnplay::engine::presets::find("l2-gauss").unwrap();
    let text =
        preset.text.to_string() + "\n[view]\nzoom = 2.0\ntheme = \"dark\"\npresenting = true\n";
    let scene = nnplay::engine::scene::Scene::parse(&text, std::path::Path::new("v.toml")).unwrap();
    let h = harness(LaunchOptions {
        scene: Some((scene.clone(), "v.toml".into())),
        ..Default::default()
    });
    let p = h.state().preferences();
    assert_eq!((p.zoom, p.theme, p.presenting), (2.0, Theme::Dark, true));
    let h = harness(LaunchOptions {
        scene: Some((scene, "v.toml".into())),
        zoom: Some(1.5),
        theme: Some(Theme::Projector),
        ..Default::default()
    });
    let p = h.state().preferences();
    assert_eq!((p.zoom, p.theme), (1.5, Theme::Projector));
    let bad = text.replace("zoom = 2.0", "zoom = 3.0");
    let err =
        nnplay::engine::scene::Scene::parse(&bad, std::path::Path::new("v.toml")).unwrap_err();
    assert!(err.to_string().contains("view.zoom"), "{err}");
}

#[test]
fn the_p_key_toggles_presenter_mode() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    assert!(!h.state().preferences().presenting);
    h.key_press(egui::Key::P);
    h.run_steps(2);
    assert!(h.state().preferences().presenting);
    h.key_press(egui::Key::P);
    h.run_steps(2);
    assert!(!h.state().preferences().presenting);
}

#[test]
fn a_tf_playground_link_pasted_into_the_path_field_opens_its_scene() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open or save a scene…").click();
    h.run_steps(2);
    h.get_by_label("Path").click();
    h.get_by_label("Path").type_text(
        "https://playground.tensorflow.org/#activation=relu&batchSize=10&dataset=xor\
         &learningRate=0.003&networkShape=3&seed=0.13116&percTrainData=50&x=true&y=true&oops=1",
    );
    h.run_steps(2);
    h.get_by_label("Open").click();
    wait_for(&mut h, "the link's scene", |s| {
        s.scene.network.hidden == [3]
            && s.scene.data.dataset == Some(nnplay::engine::data::DatasetKind::Xor)
            && s.scene.training.learning_rate == 0.003
    });
    h.run_steps(2);
    // The banner and the file window both say what the link could not set.
    assert!(
        h.query_all_by_label_contains("unknown key `oops` left out")
            .next()
            .is_some()
    );
}

#[test]
fn file_export_model_writes_onnx_and_python_and_says_why_not_when_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = preset_harness("xor");
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Step").click();
    wait_for(&mut h, "one epoch", |s| s.epoch >= 1);
    let export = |h: &mut Harness<'static, PlaygroundApp>, path: &std::path::Path| {
        h.get_by_label("File").click();
        h.run_steps(2);
        h.get_by_label("Export model…").click();
        h.run_steps(2);
        type_path_and_press(h, path, "Export");
    };
    let missing_folder = dir.path().join("no-such-folder").join("model.onnx");
    export(&mut h, &missing_folder);
    wait_for_text(
        &mut h,
        "Not exported:",
        10,
        "the refusal of a missing folder",
    );
    assert!(!missing_folder.exists());
    // A new window, so the path is typed into an empty field.
    let mut h = preset_harness("xor");
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Step").click();
    wait_for(&mut h, "one epoch", |s| s.epoch >= 1);
    let path = dir.path().join("xor.onnx");
    export(&mut h, &path);
    wait_for_text(&mut h, "Wrote", 10, "the export's report");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 100, "{} bytes", bytes.len());
    assert!(bytes.windows(4).any(|w| w == b"Gemm"));
    // A numpy script, with the data and weights it reads beside it.
    let mut h = preset_harness("xor");
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export model…").click();
    h.run_steps(2);
    h.get_by_label("Format").click();
    h.run_steps(2);
    h.get_by_label("Python script: numpy").click();
    h.run_steps(2);
    let script = dir.path().join("xor.py");
    type_path_and_press(&mut h, &script, "Export");
    wait_for_text(&mut h, "Wrote", 10, "the script export's report");
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.contains("import numpy as np") && text.contains("TRAIN_ROWS"));
    assert!(dir.path().join("xor.csv").exists() && dir.path().join("xor.model.json").exists());
}

/// A PNG's width and height from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

/// The xor preset's window after one epoch.
fn xor_after_one_epoch() -> Harness<'static, PlaygroundApp> {
    let mut h = preset_harness("xor");
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Step").click();
    wait_for(&mut h, "one epoch", |s| s.epoch >= 1);
    h
}

#[test]
fn a_chart_saves_as_png_and_svg_from_its_button_and_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    // The loss chart's own button opens the window with the loss chosen, at 800 x 480 points.
    let mut h = xor_after_one_epoch();
    h.get_by_label("Save loss…").click();
    h.run_steps(2);
    wait_for_text(
        &mut h,
        "1600 x 960 pixels",
        5,
        "the PNG's size in the window",
    );
    let missing = dir.path().join("no-such-folder").join("loss.png");
    type_path_and_press(&mut h, &missing, "Save");
    wait_for_text(&mut h, "Not saved:", 10, "the refusal of a missing folder");
    assert!(!missing.exists());
    let mut h = xor_after_one_epoch();
    h.get_by_label("Save loss…").click();
    h.run_steps(2);
    let png = dir.path().join("loss.png");
    type_path_and_press(&mut h, &png, "Save");
    wait_for_text(&mut h, "Saved", 10, "the figure's report");
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (1600, 960));
    // File > Save figure… offers every figure; the map as an SVG.
    let mut h = xor_after_one_epoch();
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Save figure…").click();
    h.run_steps(2);
    wait_for_text(&mut h, "1280 x 1200 pixels", 5, "the map's square size");
    let svg = dir.path().join("map.svg");
    type_path_and_press(&mut h, &svg, "Save");
    wait_for_text(&mut h, "Saved", 10, "the map's report");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("Decision map after 1 epoch") && text.contains("data:image/png;base64"));
    assert!(text.contains("class 1, training"));
}
