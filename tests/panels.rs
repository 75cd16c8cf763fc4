//! Each panel alone, without the app or a trainer thread: a snapshot made on the test's thread,
//! real clicks on the panel's controls, and the actions it pushes read back.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnplay::app::panel::{Action, Actions, Panel, PanelInput};
use nnplay::app::preferences::Preferences;
use nnplay::app::{DataPanel, LessonPanel, NetworkView, Textures, TopBar};
use nnplay::engine::data::DatasetKind;
use nnplay::engine::scene::SceneEdit;
use nnplay::worker::{Command, Snapshot, ViewSettings, snapshot_after};

/// A panel with everything it reads, and the actions it pushed so far.
struct Bench<P> {
    panel: P,
    snapshot: Snapshot,
    textures: Textures,
    prefs: Preferences,
    view: ViewSettings,
    actions: Vec<Action>,
}

/// A harness drawing `panel` on the preset `id` after `epochs` epochs.
fn bench<P: Panel + 'static>(panel: P, id: &str, epochs: u64) -> Harness<'static, Bench<P>> {
    let preset = nnplay::engine::presets::find(id).unwrap();
    let snapshot = snapshot_after(&preset.scene().unwrap(), &preset.label(), epochs).unwrap();
    bench_on(panel, snapshot)
}

/// A harness drawing `panel` on `snapshot`.
fn bench_on<P: Panel + 'static>(panel: P, snapshot: Snapshot) -> Harness<'static, Bench<P>> {
    let state = Bench {
        panel,
        snapshot,
        textures: Textures::default(),
        prefs: Preferences::default(),
        view: ViewSettings::default(),
        actions: Vec::new(),
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(900.0, 700.0))
        .build_ui_state(
            |ui, b: &mut Bench<P>| {
                if b.textures.output.is_none() {
                    b.textures.update(ui.ctx(), &b.snapshot);
                }
                let input = PanelInput {
                    snapshot: &b.snapshot,
                    textures: &b.textures,
                    prefs: &b.prefs,
                    view: &b.view,
                    partner: None,
                };
                let mut actions = Actions::default();
                b.panel.ui(ui, &input, &mut actions);
                b.actions.extend(actions.take());
            },
            state,
        );
    h.run_steps(2);
    h.state_mut().actions.clear();
    h
}

/// The scene edits among the actions.
fn edits<P>(h: &Harness<'static, Bench<P>>) -> Vec<SceneEdit> {
    h.state()
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(Command::Edit(e)) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_data_panel_asks_for_a_dataset_and_a_feature() {
    let mut h = bench(DataPanel::default(), "spiral", 0);
    h.get_by_label("xor").click();
    h.run_steps(1);
    assert_eq!(edits(&h), vec![SceneEdit::Dataset(DatasetKind::Xor)]);
    h.state_mut().actions.clear();
    h.get_by_label("Feature x^2").click();
    h.run_steps(1);
    assert_eq!(edits(&h), vec![SceneEdit::ToggleFeature("x^2".into())]);
    h.state_mut().actions.clear();
    h.get_by_label("Regenerate").click();
    h.run_steps(1);
    assert_eq!(edits(&h), vec![SceneEdit::Regenerate]);
}

#[test]
fn the_network_view_asks_for_layers_and_neurons() {
    let mut h = bench(NetworkView::default(), "circle-deck", 3);
    h.get_by_label("Add layer").click();
    h.run_steps(1);
    h.get_by_label("Add neuron to layer 1").click();
    h.run_steps(1);
    h.get_by_label("Remove layer").click();
    h.run_steps(1);
    assert_eq!(
        edits(&h),
        vec![
            SceneEdit::AddLayer,
            SceneEdit::Neurons {
                layer: 0,
                change: 1
            },
            SceneEdit::RemoveLayer
        ]
    );
}

#[test]
fn every_layer_of_the_deepest_network_has_its_header_above_its_column() {
    let preset = nnplay::engine::presets::find("top-tagging").unwrap();
    let mut scene = preset.scene().unwrap();
    scene.network.hidden = vec![64; nnplay::engine::scene::bounds::MAX_HIDDEN_LAYERS];
    let snapshot = snapshot_after(&scene, &preset.label(), 0).unwrap();
    let h = bench_on(NetworkView::default(), snapshot);
    let recorded = nnplay::app::layout::recorded(&h.ctx);
    let canvas = recorded[&nnplay::app::layout::Part::NetworkCanvas];
    let layers = scene.network.hidden.len();
    // The canvas's columns: the inputs, each hidden layer, the output.
    let column_width = canvas.width() / (layers + 2) as f32;
    let misplaced: Vec<String> = (0..layers)
        .filter_map(|l| {
            let add = h
                .get_by_label(&format!("Add neuron to layer {}", l + 1))
                .rect();
            let left = canvas.left() + (l + 1) as f32 * column_width;
            let right = left + column_width;
            // Half a pixel for rounding to the pixel grid.
            let inside = add.left() >= left - 0.5 && add.right() <= right + 0.5;
            let place = format!(
                "layer {}: + at {:?}, column {left}..{right}",
                l + 1,
                add.x_range()
            );
            (!inside).then_some(place)
        })
        .collect();
    assert!(
        misplaced.is_empty(),
        "headers off their columns: {misplaced:?}"
    );
}

#[test]
fn the_lesson_panel_switches_a_variant_and_hides_itself() {
    let mut h = bench(LessonPanel::default(), "learning-rate", 0);
    h.get_by_label("lr 0.9").click();
    h.run_steps(1);
    assert_eq!(edits(&h), vec![SceneEdit::Variant(2)]);
    h.state_mut().actions.clear();
    h.get_by_label("Hide").click();
    h.run_steps(1);
    let hidden = h
        .state()
        .actions
        .iter()
        .any(|a| matches!(a, Action::Preferences(p) if !p.show_lesson));
    assert!(hidden, "Hide asks for preferences without the lesson panel");
}

#[test]
fn the_top_bar_sends_play_and_step_and_shows_the_epoch_it_is_given() {
    let mut h = bench(TopBar, "spiral", 7);
    h.get_by_label("Epoch 7");
    h.get_by_label("Play").click();
    h.run_steps(1);
    h.get_by_label("Step").click();
    h.run_steps(1);
    let commands: Vec<String> = h
        .state()
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(c) => Some(format!("{c:?}")),
            _ => None,
        })
        .collect();
    assert_eq!(commands, vec!["Play", "Step"]);
}
