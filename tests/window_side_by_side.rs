//! Two runs side by side in the window (egui_kittest, headless): a lesson's comparison in one
//! click, both sides advancing in lockstep, "Compare with a BDT" on the same rows with both
//! ROCs on one chart, one side's settings changed alone, and a comparison saved to one file
//! and reopened.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod window_common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnplay::app::PlaygroundApp;
use nnplay::worker::Snapshot;
use std::time::{Duration, Instant};
use window_common::*;

/// Runs frames until `done` holds for both sides' newest snapshots.
fn wait_for_both(
    h: &mut Harness<'static, PlaygroundApp>,
    what: &str,
    done: impl Fn(&Snapshot, &Snapshot) -> bool,
) {
    let start = Instant::now();
    loop {
        h.step();
        let app = h.state();
        if let (Some(left), Some(right)) = (app.snapshot(), app.partner_snapshot())
            && done(left, right)
        {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn epochs(h: &Harness<'static, PlaygroundApp>) -> (u64, u64) {
    let app = h.state();
    (
        app.snapshot().unwrap().epoch,
        app.partner_snapshot().unwrap().epoch,
    )
}

#[test]
fn a_lesson_starts_its_comparison_side_by_side_and_both_sides_advance_in_lockstep() {
    let mut h = preset_harness("l2-gauss");
    wait_for(&mut h, "the lesson", |s| s.scene.lesson.id == "l2-gauss");
    h.get_by_label("Side by side: no penalty | L2 0.03").click();
    wait_for_both(&mut h, "both sides playing", |l, r| {
        l.playing && r.playing && l.epoch > 30 && r.epoch > 30
    });
    let (l, r) = {
        let app = h.state();
        (
            app.snapshot().unwrap().clone(),
            app.partner_snapshot().unwrap().clone(),
        )
    };
    assert_eq!(l.scene.training.regularization_rate, 0.0);
    assert_eq!(r.scene.training.regularization_rate, 0.03);
    assert_eq!(l.points.train, r.points.train, "the same training rows");
    h.get_by_label("Left: no penalty");
    h.get_by_label("Right: L2 0.03");
    // Pause stops both; in lockstep neither is more than one epoch ahead of the other.
    h.get_by_label("Pause").click();
    wait_for_both(&mut h, "both paused", |l, r| !l.playing && !r.playing);
    h.run_steps(3);
    let (a, b) = epochs(&h);
    assert!(a.abs_diff(b) <= 1, "left {a}, right {b}");
    // Step drives both by one epoch.
    h.get_by_label("Step").click();
    wait_for_both(&mut h, "one step each", |l, r| {
        l.epoch == a + 1 && r.epoch == b + 1
    });
    // The right side's run is drawn beside the left one, named in the legend.
    h.run_steps(2);
    h.get_by_label("right: L2 0.03: test loss");
}

#[test]
fn compare_with_a_bdt_trains_it_beside_the_network_on_the_same_rows() {
    let mut h = preset_harness("cut-vs-ml");
    wait_for(&mut h, "the lesson", |s| s.scene.lesson.id == "cut-vs-ml");
    let rows = h.state().snapshot().unwrap().points.train.clone();
    h.get_by_label("Compare with…").click();
    h.run_steps(2);
    h.get_by_label("a BDT (20 trees, depth 3)").click();
    wait_for_both(&mut h, "the BDT grown beside the network", |l, r| {
        r.ensemble().is_some_and(|e| e.trees.len() == 20) && l.epoch >= 20
    });
    let right = h.state().partner_snapshot().unwrap().clone();
    assert_eq!(right.points.train, rows, "the same training rows");
    assert!(h.state().snapshot().unwrap().network().is_some());
    h.get_by_label("Pause").click();
    h.run_steps(3);
    move_away(&mut h);
    h.get_by_label("ROC").click();
    h.run_steps(2);
    h.get_by_label_contains("network, test set (AUC 0.9");
    h.get_by_label_contains("right: BDT 20 trees, depth 3 (AUC 0.9");
    // Close keeps the left side alone.
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(h.state().partner_snapshot().is_none());
}

#[test]
fn each_side_changes_alone_and_a_comparison_saves_to_one_file_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("comparison.toml");
    let mut h = preset_harness("activations");
    wait_for(&mut h, "the lesson", |s| s.scene.lesson.id == "activations");
    h.get_by_label("Side by side: ReLU | tanh").click();
    wait_for_both(&mut h, "both sides", |l, r| l.epoch > 3 && r.epoch > 3);
    h.get_by_label("Pause").click();
    wait_for_both(&mut h, "both paused", |l, r| !l.playing && !r.playing);
    // Edit the right side: the learning rate changes there only.
    h.get_all_by_label("Edit").nth(1).unwrap().click();
    h.run_steps(2);
    move_away(&mut h);
    h.get_by_label("Learning rate").click();
    h.run_steps(2);
    h.get_by_label("0.3").click();
    wait_for_both(&mut h, "the right side's new rate", |_, r| {
        r.scene.training.learning_rate == 0.3
    });
    h.run_steps(2);
    assert_eq!(
        h.state().snapshot().unwrap().scene.training.learning_rate,
        0.03
    );
    // Save both sides in one file, trained.
    save_through_the_path_field(&mut h, &path);
    let saved = nnplay::engine::scene::Scene::load(&path).expect("the comparison loads");
    let right = saved.compare_with.as_ref().expect("both sides saved");
    assert_eq!(right.training.learning_rate, 0.3);
    assert!(
        saved.model.is_some() && right.model.is_some(),
        "both trained"
    );
    // Close, then reopen the file: both sides come back side by side, trained.
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(h.state().partner_snapshot().is_none());
    h.get_by_label("Open").click();
    wait_for_both(&mut h, "the reopened comparison", |l, r| {
        r.scene.training.learning_rate == 0.3 && l.epoch == saved.model.as_ref().unwrap().epoch
    });
}
