//! A UI monkey: random clicks on the window's controls (and random keys) on several presets,
//! with the trainer running. Nothing may panic and the window keeps drawing snapshots.
//! `NNPLAY_MONKEY_ACTIONS=10000 cargo test --release --test monkey` runs longer.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod window_common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use nnplay::engine::rng::Rng;
use window_common::{preset_harness, wait_for};

/// Actions per preset: the environment's `NNPLAY_MONKEY_ACTIONS`, or 150.
fn actions() -> usize {
    std::env::var("NNPLAY_MONKEY_ACTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

/// Controls the monkey may press: everything clickable but the desktop's file dialogs, which
/// would wait for a person.
fn clickable(node: &egui_kittest::kittest::AccessKitNode<'_>) -> bool {
    let role = node.role();
    let label = node.label().unwrap_or_default();
    matches!(
        role,
        Role::Button | Role::CheckBox | Role::RadioButton | Role::ComboBox | Role::Tab
    ) && !label.contains("Browse")
}

#[test]
fn random_clicks_and_keys_never_panic() {
    // Files the clicks write (the runs table's "Export CSV", a save) land in a folder of their
    // own, not in the checkout; this binary holds this one test, so its folder is its own.
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    let mut rng = Rng::new(21);
    let mut clicks = 0;
    for id in [
        "spiral",
        "learning-rate",
        "cut-vs-ml",
        "overfit-curve",
        "finding-pi",
    ] {
        let mut h = preset_harness(id);
        wait_for(&mut h, "the first snapshot", |_| true);
        for _ in 0..actions() {
            if rng.below(8) == 0 {
                let key = [
                    egui::Key::Space,
                    egui::Key::S,
                    egui::Key::R,
                    egui::Key::ArrowRight,
                    egui::Key::Escape,
                ][rng.below(5)];
                h.key_press(key);
            } else {
                let nodes: Vec<_> = h.query_all_by(clickable).collect();
                if !nodes.is_empty() {
                    let node = &nodes[rng.below(nodes.len())];
                    if rng.below(6) == 0 {
                        node.click_secondary();
                    } else {
                        node.click();
                    }
                    clicks += 1;
                }
            }
            h.run_steps(2);
        }
        assert!(
            h.state().snapshot().is_some(),
            "{id}: no snapshot after the monkey"
        );
    }
    eprintln!("{clicks} random clicks");
}
