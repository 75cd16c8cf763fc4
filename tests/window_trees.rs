//! The window with tree models, driven by the labels of its controls (egui_kittest, headless):
//! the BDT lesson from the menu, growing tree by tree, its charts, and switching models.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod window_common;

use egui_kittest::kittest::Queryable;
use nnplay::app::LaunchOptions;
use nnplay::engine::scene::TreeKind;
use nnplay::engine::train::Status;
use window_common::*;

#[test]
fn the_bdt_lesson_grows_tree_by_tree_with_its_roc_and_scores() {
    let mut h = harness(LaunchOptions::default());
    wait_for(&mut h, "the first snapshot", |_| true);
    h.get_by_label("Presets").click();
    h.run_steps(2);
    h.get_by_label_contains("30 Classification — A BDT with 20 trees")
        .click();
    wait_for(&mut h, "the BDT preset", |s| {
        s.scene.lesson.id == "bdt-jets"
    });
    h.run_steps(2);
    // Before training: the tree view says what to do, and the top bar counts trees.
    h.get_by_label("Press Play or Step to grow the first tree.");
    h.get_by_label("Trees 0");
    h.get_by_label("Step").click();
    wait_for(&mut h, "the first tree", |s| s.epoch == 1);
    h.run_steps(2);
    h.get_by_label("1 of 20 trees");
    h.get_by_label_contains("Feature importance");
    h.get_by_label("Play").click();
    wait_for(&mut h, "all 20 trees", |s| {
        s.status == Status::Complete { epoch: 20 }
    });
    h.run_steps(2);
    let s = h.state().snapshot().unwrap().clone();
    assert_eq!(s.ensemble().unwrap().trees.len(), 20);
    assert_eq!(s.records.len(), 20, "one point per tree on the curves");
    assert!(h.query_by_label_contains("every tree is grown").is_some());
    h.get_by_label("ROC").click();
    h.run_steps(2);
    h.get_by_label_contains("BDT, test set (AUC 0.9");
    h.get_by_label_contains("BDT, training set (AUC 0.9");
    move_away(&mut h);
    h.get_by_label("Threshold").click();
    h.run_steps(2);
    // The lesson's expected counts reach the threshold tab.
    h.get_by_label_contains("best s/sqrt(s+b)");
    let cut_counts = h.query_all_by_value("1200").count() + h.query_all_by_value("23000").count();
    assert!(cut_counts >= 2, "the expected events are 1200 and 23000");
}

#[test]
fn the_model_chooser_switches_between_a_network_and_trees() {
    let mut h = preset_harness("circle-deck");
    wait_for(&mut h, "the circle", |s| s.network().is_some());
    h.get_by_label("Model").click();
    h.run_steps(2);
    h.get_by_label("Decision tree").click();
    wait_for(&mut h, "a decision tree", |s| {
        s.scene.trees.as_ref().map(|t| t.kind) == Some(TreeKind::Tree) && s.ensemble().is_some()
    });
    h.get_by_label("Step").click();
    wait_for(&mut h, "the first level", |s| s.epoch == 1);
    h.run_steps(2);
    h.get_by_label("Depth 1");
    // The depth setting in the top bar restarts the tree with the new limit.
    h.get_by_label("Depth").click();
    h.run_steps(2);
    h.get_by_label("unlimited").click();
    wait_for(&mut h, "an unlimited tree", |s| {
        s.scene
            .trees
            .as_ref()
            .is_some_and(|t| t.max_depth.is_none())
            && s.epoch == 0
    });
    h.get_by_label("Model").click();
    h.run_steps(2);
    h.get_by_label("Neural network").click();
    wait_for(&mut h, "the network again", |s| s.network().is_some());
}
