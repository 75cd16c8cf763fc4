//! The tree lessons' claims, measured headless on the shipped presets with their shipped seeds.
//! Thresholds keep a margin over the measured values in the comments.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;

use common::preset_session;
use nnplay::engine::train::{Session, Status, Which};

/// Trains until every tree is grown (or at most `max` steps).
fn grow(s: &mut Session, max: u64) {
    for _ in 0..max {
        if s.train_epoch() != Status::Running {
            break;
        }
    }
}

/// (train accuracy, test accuracy) after growing.
fn accuracies(s: &mut Session) -> (f64, f64) {
    (
        s.figures(Which::Train).accuracy.unwrap(),
        s.figures(Which::Test).accuracy.unwrap(),
    )
}

#[test]
fn deeper_trees_fit_the_training_points_but_not_the_test_points() {
    // measured (train, test) accuracy: depth 1 (0.690, 0.675), depth 3 (0.825, 0.745),
    // depth 8 (0.945, 0.720), unlimited (1.0, 0.695) after 11 levels
    let measured: Vec<(f64, f64)> = ["depth 1", "depth 3", "depth 8", "unlimited"]
        .iter()
        .map(|v| {
            let mut s = preset_session("tree-depth", Some(v));
            grow(&mut s, 100);
            accuracies(&mut s)
        })
        .collect();
    let [d1, d3, d8, unlimited] = measured[..] else {
        unreachable!()
    };
    assert_eq!(
        unlimited.0, 1.0,
        "an unlimited tree fits every training point"
    );
    assert!(
        d1.0 < d3.0 && d3.0 < d8.0 && d8.0 <= unlimited.0,
        "{measured:?}"
    );
    assert!(
        d3.1 > d1.1 + 0.03 && d3.1 > unlimited.1 + 0.03,
        "{measured:?}"
    );
}

#[test]
fn the_tree_grows_one_level_per_step_and_completes() {
    let mut s = preset_session("tree-depth", None);
    for level in 1..=3 {
        assert_eq!(s.train_epoch(), Status::Running);
        assert_eq!(s.ensemble().unwrap().trees[0].depth(), level);
    }
    assert_eq!(s.train_epoch(), Status::Complete { epoch: 3 });
    assert_eq!(s.history().len(), 3);
}

#[test]
fn a_bdt_grows_tree_by_tree_and_its_training_roc_is_optimistic() {
    // measured test AUC after 1, 5, 20 trees (depth 6): 0.9472, 0.9537, 0.9555; training AUC
    // 0.9732. Training minus test AUC: depth 3 0.0047, depth 6 0.0177, depth 16 0.0503
    // (training AUC 0.9998).
    let mut gaps = Vec::new();
    for v in ["depth 3", "depth 6 (XGBoost)", "deep trees (depth 16)"] {
        let mut s = preset_session("bdt-jets", Some(v));
        let mut aucs = Vec::new();
        while s.train_epoch() == Status::Running {
            aucs.push(s.auc(Which::Test).unwrap());
        }
        assert_eq!((s.epoch(), aucs.len()), (20, 20), "one tree per step");
        if v == "depth 6 (XGBoost)" {
            assert!(aucs[0] < aucs[4] && aucs[4] < aucs[19], "{aucs:?}");
            assert!(aucs[19] > 0.95, "{aucs:?}");
        }
        gaps.push(s.auc(Which::Train).unwrap() - s.auc(Which::Test).unwrap());
    }
    assert!(gaps[0] > 0.0 && gaps[1] > 2.0 * gaps[0], "{gaps:?}");
    assert!(gaps[2] > 0.03 && gaps[2] > 2.0 * gaps[1], "{gaps:?}");
}

#[test]
fn a_forest_beats_a_single_tree_of_the_same_depth() {
    // measured test AUC: forest of 30 trees of depth 8 0.9540, one tree of depth 8 0.9243
    let mut forest = preset_session("forest-vs-tree", Some("random forest, 30 trees"));
    grow(&mut forest, 100);
    let mut tree = preset_session("forest-vs-tree", Some("single tree"));
    grow(&mut tree, 100);
    let (f, t) = (
        forest.auc(Which::Test).unwrap(),
        tree.auc(Which::Test).unwrap(),
    );
    assert_eq!((forest.epoch(), tree.epoch()), (30, 8));
    assert!(f > t + 0.015, "forest {f} vs tree {t}");
}

/// Distinct values of the fit on a fine grid of x.
fn fit_levels(s: &mut Session) -> usize {
    let xs: Vec<f64> = (0..2000).map(|k| -2.0 + 4.0 * k as f64 / 1999.0).collect();
    let (mut scratch, mut out) = (Vec::new(), Vec::new());
    s.predict_columns(&xs, &mut scratch, &mut out);
    out.sort_by(f64::total_cmp);
    out.dedup();
    out.len()
}

#[test]
fn boosting_a_curve_is_a_staircase_and_shrinkage_slows_it() {
    // measured train loss after 1, 5, 20, 100 trees: learning rate 1.0 1.411, 0.576, 0.158,
    // 0.058; learning rate 0.1 2.081, 1.696, 1.199, 0.452
    let mut losses = Vec::new();
    for v in ["learning rate 1.0", "learning rate 0.1"] {
        let mut s = preset_session("boosted-curve", Some(v));
        let mut curve = Vec::new();
        for trees in 1..=100 {
            s.train_epoch();
            curve.push(s.history().last().unwrap().train_loss);
            if trees == 5 {
                // Five stumps: at most five steps, so at most six levels.
                assert!(fit_levels(&mut s) <= 6, "{v}");
            }
        }
        assert!(fit_levels(&mut s) > 6, "{v}: the staircase sharpens");
        assert!(
            curve.windows(2).all(|w| w[1] <= w[0] + 1e-12),
            "{v}: {curve:?}"
        );
        losses.push(curve);
    }
    let (fast, slow) = (&losses[0], &losses[1]);
    assert!(
        fast[4] < 0.5 * slow[4],
        "5 trees: {} vs {}",
        fast[4],
        slow[4]
    );
    assert!(
        fast[99] < 0.2 && slow[99] < slow[4] / 2.0,
        "{} {}",
        fast[99],
        slow[99]
    );
}
