//! The side-by-side lessons' claims, measured headless on the shipped presets with their
//! shipped seeds: each preset's `[lesson.side_by_side]` gives the two scenes, trained here in
//! lockstep (one epoch or tree each in turn), as the window trains them.
//! Thresholds keep a margin over the measured values in the comments.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use nnplay::engine::train::{EpochRecord, Session, Status};

/// The two sessions of a preset's side-by-side comparison.
fn sides(id: &str) -> [Session; 2] {
    let p = nnplay::engine::presets::find(id).unwrap();
    let (left, right) = p.scene().unwrap().side_by_side().unwrap().unwrap();
    [left, right].map(|scene| Session::new(&scene, &p.label()).unwrap())
}

/// Trains both sides `steps` steps in lockstep (a side that has finished waits) and returns
/// each side's last record.
fn lockstep(sides: &mut [Session; 2], steps: u64) -> [EpochRecord; 2] {
    for _ in 0..steps {
        for s in sides.iter_mut() {
            if s.status() == Status::Running {
                s.train_epoch();
            }
        }
    }
    [0, 1].map(|k| *sides[k].history().last().unwrap())
}

#[test]
fn side_by_side_l2_ends_with_the_lower_test_loss() {
    let mut s = sides("l2-gauss");
    // measured after 2000 epochs: test loss 0.220 without a penalty, 0.121 with L2 0.03
    // (train loss 0.001 against 0.153: the plain network memorised its 50 points)
    let [plain, l2] = lockstep(&mut s, 2000);
    assert_eq!(s[1].scene().training.regularization_rate, 0.03);
    assert!(l2.test_loss.unwrap() < 0.8 * plain.test_loss.unwrap());
    assert!(plain.train_loss < l2.train_loss);
}

#[test]
fn side_by_side_relu_reaches_a_low_test_loss_before_tanh() {
    let mut s = sides("activations");
    let mut first_below = [None, None];
    for epoch in 1..=1000u64 {
        let records = lockstep(&mut s, 1);
        for k in 0..2 {
            if first_below[k].is_none() && records[k].test_loss.unwrap() < 0.05 {
                first_below[k] = Some(epoch);
            }
        }
    }
    // measured: epochs to a test loss below 0.05: ReLU 27, tanh 79
    let [relu, tanh] = first_below.map(|e| e.unwrap_or(u64::MAX));
    assert!(2 * relu < tanh, "ReLU {relu}, tanh {tanh}");
}

#[test]
fn side_by_side_the_bdt_is_about_as_good_as_the_network_on_the_jets() {
    let mut s = sides("nn-vs-bdt");
    assert!(s[0].scene().trees.is_none() && s[1].scene().trees.is_some());
    let [network, bdt] = lockstep(&mut s, 20);
    // measured test AUC after 20 epochs / 20 trees: network 0.9532, BDT 0.9559
    let (a, b) = (network.auc.unwrap(), bdt.auc.unwrap());
    assert!(a > 0.94 && b > 0.94, "network {a}, BDT {b}");
    assert!((a - b).abs() < 0.01, "network {a}, BDT {b}");
}

#[test]
fn side_by_side_the_forest_against_the_small_network() {
    let mut s = sides("forest-vs-tree");
    assert!(s[0].scene().trees.is_some() && s[1].scene().trees.is_none());
    let [forest, network] = lockstep(&mut s, 30);
    // measured test AUC after 30 trees / 30 epochs: forest 0.9540, 2-5-2 network 0.9551
    // (two softmax outputs: the ROC scores the probability of a top jet)
    let (a, b) = (forest.auc.unwrap(), network.auc.unwrap());
    assert_eq!(s[1].scene().network.hidden, vec![5]);
    assert!(a > 0.94 && b > 0.94, "forest {a}, network {b}");
    assert!((a - b).abs() < 0.01, "forest {a}, network {b}");
}
