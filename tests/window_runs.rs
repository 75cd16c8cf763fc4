//! Past runs in the window (egui_kittest, headless): a lesson variant keeps the run before it,
//! drawn faded in the charts and listed in the runs table.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod window_common;

use egui_kittest::kittest::Queryable;
use window_common::*;

#[test]
fn a_variant_keeps_the_run_before_it_in_the_legend_and_the_runs_table() {
    let mut h = preset_harness("l2-gauss");
    wait_for(&mut h, "the lesson", |s| s.scene.lesson.id == "l2-gauss");
    h.get_by_label("no penalty").click();
    wait_for(&mut h, "no penalty", |s| {
        s.scene.training.regularization_rate == 0.0
    });
    for epoch in 1..=5 {
        h.get_by_label("Step").click();
        wait_for(&mut h, "the next epoch", |s| s.epoch == epoch);
    }
    h.get_by_label("L2 0.03").click();
    wait_for(&mut h, "the run kept", |s| {
        s.runs.len() == 1 && s.scene.training.regularization_rate == 0.03
    });
    h.run_steps(3);
    let s = h.state().snapshot().unwrap().clone();
    assert_eq!(s.runs[0].label, "no penalty");
    assert_eq!(s.runs[0].epochs, 5);
    assert_eq!(s.run_label, "L2 0.03");
    // The past run's curves are drawn faded beside the new ones, named in the legend.
    h.get_by_label("no penalty: test loss");
    h.get_by_label("Runs").click();
    h.run_steps(2);
    h.get_by_label("1 past runs kept (the last 8 unpinned)");
    // Each label is an editable field (a text input and its text run).
    assert!(h.query_all_by_value("no penalty").next().is_some());
    assert!(h.query_all_by_value("L2 0.03").next().is_some());
}

#[test]
fn a_regression_scene_offers_the_runs_table_once_a_run_is_kept() {
    let mut h = preset_harness("boosted-curve");
    wait_for(&mut h, "the lesson", |s| {
        s.scene.lesson.id == "boosted-curve"
    });
    h.get_by_label("Step").click();
    wait_for(&mut h, "the first tree", |s| s.epoch == 1);
    h.get_by_label("learning rate 0.1").click();
    wait_for(&mut h, "the run kept", |s| s.runs.len() == 1);
    h.run_steps(2);
    assert_eq!(h.state().snapshot().unwrap().runs[0].label, "lr 1");
    h.get_by_label("lr 1: train loss");
    move_away(&mut h);
    h.get_by_label("Runs").click();
    h.run_steps(2);
    h.get_by_label("1 past runs kept (the last 8 unpinned)");
}
