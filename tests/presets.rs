//! The lessons' claims (shared/presets.md), measured headless on the shipped presets with their
//! shipped seeds. Thresholds keep a margin over the measured values in the comments.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
use common::{preset_session, train};
use nnplay::engine::presets::PRESETS;
use nnplay::engine::train::{Session, Status, Which};
use std::path::Path;

/// (m, b) of a line model.
fn line(s: &Session) -> (f64, f64) {
    let layer = &s.network().unwrap().layers[0];
    (layer.weights[0], layer.biases[0])
}

/// The least-squares line through the session's data.
fn least_squares(s: &Session) -> (f64, f64) {
    let t = s.table();
    nnplay::engine::data::course::least_squares_line(&t.values.to_double(), &t.labels)
}

/// The first epoch whose test loss is below `target`, within `max` epochs.
fn epochs_to_test_loss(s: &mut Session, target: f64, max: u64) -> Option<u64> {
    (1..=max).find(|_| {
        s.train_epoch();
        s.history().last().and_then(|r| r.test_loss).unwrap() < target
    })
}

#[test]
fn every_preset_file_is_built_in_passes_check_and_every_variant_starts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    files.sort();
    let mut built_in: Vec<String> = PRESETS.iter().map(|p| format!("{}.toml", p.id)).collect();
    built_in.sort();
    assert_eq!(files, built_in, "presets/ and the built-in list differ");
    for p in PRESETS {
        let path = dir.join(format!("{}.toml", p.id));
        assert_cmd::Command::cargo_bin("nnplay")
            .unwrap()
            .arg("check")
            .arg(&path)
            .assert()
            .success();
        let scene = p.scene().unwrap();
        let words = scene.lesson.lesson.split(". ").count();
        assert!(
            (2..=6).contains(&words),
            "{}: lesson of {words} sentences",
            p.id
        );
        assert!(!scene.lesson.watch.is_empty(), "{}", p.id);
        for (k, v) in scene.lesson.variants.iter().enumerate() {
            let varied = scene.with_variant(k).unwrap();
            assert!(varied.variant_is_active(k), "{} {}", p.id, v.label);
            Session::new(&varied, &p.label())
                .unwrap_or_else(|e| panic!("{} {}: {e}", p.id, v.label));
        }
    }
}

#[test]
fn line_fit_reaches_the_least_squares_line_within_100_steps() {
    let mut s = preset_session("line-fit", None);
    assert_eq!(
        line(&s),
        (-2.0, 3.0),
        "the lesson starts at (m, b) = (-2, 3)"
    );
    let (m, b) = least_squares(&s);
    train(&mut s, 100);
    // measured: (1.9318, 1.0191) against least squares (1.9382, 1.0180)
    let (m_fit, b_fit) = line(&s);
    assert!(
        (m_fit - m).abs() < 1e-2 && (b_fit - b).abs() < 1e-2,
        "fit ({m_fit}, {b_fit}) vs least squares ({m}, {b})"
    );
}

#[test]
fn learning_rates_creep_zig_zag_and_diverge() {
    let (m, b) = least_squares(&preset_session("learning-rate", None));
    // 0.01: measured (0.761, 1.244) after 200 steps, far from (1.938, 1.018)
    let mut slow = preset_session("learning-rate", Some("lr 0.01"));
    train(&mut slow, 200);
    assert!((line(&slow).0 - m).abs() > 0.5, "{:?}", line(&slow));
    // 0.9: b overshoots at every one of the first 20 steps (measured 19 sign changes), and the
    // fit still lands on the minimum (measured to 1e-15)
    let mut zig = preset_session("learning-rate", Some("lr 0.9"));
    let mut sides = Vec::new();
    for _ in 0..200 {
        zig.train_epoch();
        sides.push(line(&zig).1 > b);
    }
    let flips = sides[..20].windows(2).filter(|w| w[0] != w[1]).count();
    assert!(flips >= 15, "b changed sides {flips} times in 20 steps");
    assert!((line(&zig).0 - m).abs() < 1e-6 && (line(&zig).1 - b).abs() < 1e-6);
    // 1.05: above 2 / lambda_max ~ 1.0 the loss grows ~21% per step; measured: diverged at
    // step 54
    let mut wild = preset_session("learning-rate", Some("lr 1.05"));
    train(&mut wild, 200);
    let Status::Diverged {
        step,
        learning_rate,
        ..
    } = wild.status()
    else {
        panic!("lr 1.05 did not diverge: {:?}", wild.status())
    };
    assert!(step < 120 && learning_rate == 1.05, "{:?}", wild.status());
}

#[test]
fn single_sample_batches_jitter_above_the_full_batch_loss() {
    // measured train loss at epoch 200: batch 50 0.114311, batch 10 0.114342, batch 1 0.117568
    let losses: Vec<f64> = ["batch 50 (full)", "batch 1"]
        .iter()
        .map(|v| train(&mut preset_session("batch-size", Some(v)), 200).train_loss)
        .collect();
    assert!(losses[1] > losses[0] * 1.01, "{losses:?}");
    // the single-sample fit moves at every step even at the end: it never settles
    let mut s = preset_session("batch-size", Some("batch 1"));
    train(&mut s, 199);
    let before = line(&s);
    train(&mut s, 1);
    assert!(before != line(&s));
}

#[test]
fn circle_is_not_linearly_separable_until_the_squares_are_inputs() {
    // measured test accuracy at epoch 100 (seed 3): x, y 0.488; with x^2, y^2 1.0 (seed 1 leaves
    // the squared-feature model saturated at 0.504, which is why the preset ships seed 3)
    let xy = train(&mut preset_session("circle-linear", Some("x, y")), 100);
    assert!(xy.test_accuracy.unwrap() <= 0.65, "{xy:?}");
    let squares = train(
        &mut preset_session("circle-linear", Some("x, y, x², y²")),
        100,
    );
    assert!(squares.test_accuracy.unwrap() > 0.95, "{squares:?}");
}

#[test]
fn circle_deck_reaches_test_loss_below_0_05_by_epoch_1000() {
    let mut s = preset_session("circle-deck", None);
    // measured with the shipped seed 4: 0.0154 at epoch 1000 (seeds 1 and 9 get stuck with dead
    // ReLUs at 0.30 and 0.50, which is why the seed is part of the preset)
    let r = train(&mut s, 1000);
    assert!(r.test_loss.unwrap() < 0.05, "{r:?}");
}

#[test]
fn relu_learns_the_circle_before_tanh_and_tanh_before_sigmoid() {
    // measured epochs to test loss < 0.05 with seed 3: ReLU 27, tanh 79, sigmoid 279 (over
    // seeds 1-12 tanh always needs 70-137 and sigmoid 213-579; ReLU 27-77, but seed 1 needs 200
    // and seed 9 never gets there)
    let epochs: Vec<u64> = ["ReLU", "tanh", "sigmoid"]
        .iter()
        .map(|v| epochs_to_test_loss(&mut preset_session("activations", Some(v)), 0.05, 1000))
        .map(|e| e.expect("reaches test loss 0.05 within 1000 epochs"))
        .collect();
    assert!(
        epochs[0] * 2 < epochs[1] && epochs[1] * 2 < epochs[2],
        "{epochs:?}"
    );
}

#[test]
fn xor_needs_a_hidden_layer() {
    // measured at epoch 2000: no hidden layer 0.672 (seeds 2, 3: 0.696, 0.66; one straight line
    // can at best get three quadrants right, 0.75); five sigmoid neurons 0.996
    let none = train(&mut preset_session("xor", Some("no hidden layer")), 2000);
    assert!(none.test_accuracy.unwrap() < 0.75, "{none:?}");
    let hidden = train(&mut preset_session("xor", Some("5 sigmoid neurons")), 2000);
    assert!(hidden.test_accuracy.unwrap() > 0.9, "{hidden:?}");
}

#[test]
fn network_image_loss_falls_more_than_fivefold() {
    // measured training loss: 0.03928 before the first step, 0.00812 at step 2000 (4.8x),
    // 0.00752 at 3000 (5.2x), 0.00653 at 5000 (6.0x)
    let mut s = preset_session("network-image", None);
    assert!(s.scene().data.streaming);
    let initial = s.figures(Which::Train).loss;
    let at_2000 = train(&mut s, 2000).train_loss;
    assert!(initial > 4.5 * at_2000, "{initial} -> {at_2000}");
    let at_5000 = train(&mut s, 3000).train_loss;
    assert!(initial > 5.5 * at_5000, "{initial} -> {at_5000}");
}

#[test]
fn underfit_curve_is_poor_on_both_splits_after_five_epochs() {
    // measured at epoch 5: train 1.530, validation 1.712, target variance 2.038
    let mut s = preset_session("underfit-curve", None);
    let r = train(&mut s, 5);
    let labels = &s.table().labels;
    let mean = labels.iter().sum::<f64>() / labels.len() as f64;
    let variance = labels.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / labels.len() as f64;
    let validation = r.validation_loss.unwrap();
    assert!(
        r.train_loss > 0.5 * variance && validation > 0.5 * variance,
        "{r:?}"
    );
    assert!(
        (validation - r.train_loss).abs() < 0.25 * r.train_loss,
        "{r:?}"
    );
}

#[test]
fn overfit_curve_memorises_the_noise_and_early_stopping_stops_before_the_end() {
    let mut s = preset_session("overfit-curve", Some("keep training"));
    assert_eq!(
        (s.splits().train.rows(), s.splits().validation.rows()),
        (20, 200)
    );
    // measured (train, validation): epoch 300 (0.093, 0.530), epoch 3000 (0.0070, 0.607)
    let r = train(&mut s, 300);
    assert!(
        r.train_loss < 0.1 && r.validation_loss.unwrap() > 2.0 * r.train_loss,
        "{r:?}"
    );
    let mut s = preset_session("overfit-curve", Some("early stopping"));
    train(&mut s, 3000);
    // measured: stopped at epoch 258, restored epoch 238
    let Status::Stopped {
        epoch, best_epoch, ..
    } = s.status()
    else {
        panic!("no early stop: {:?}", s.status())
    };
    assert!(epoch < 1000 && best_epoch < epoch, "{:?}", s.status());
}

#[test]
fn l2_lowers_the_test_loss_on_overlapping_gaussians() {
    // measured test loss at epoch 2000: no penalty 0.220, L2 0.03 0.121
    let plain = train(&mut preset_session("l2-gauss", Some("no penalty")), 2000);
    let l2 = train(&mut preset_session("l2-gauss", Some("L2 0.03")), 2000);
    assert!(
        l2.test_loss.unwrap() < 0.8 * plain.test_loss.unwrap(),
        "{l2:?} vs {plain:?}"
    );
}

#[test]
fn finding_pi_estimates_pi_within_0_1() {
    // measured: 3.202 after early stopping at epoch 413 (restored 401)
    let mut s = preset_session("finding-pi", None);
    train(&mut s, 600);
    let pi = s.pi_estimate().unwrap();
    assert!((pi - std::f64::consts::PI).abs() < 0.1, "{pi}");
}

#[test]
fn the_network_beats_every_single_feature_cut() {
    // measured test AUC: cuts mass > 0.909, tau32 < 0.818; network after 200 epochs: SGD 0.942,
    // Adam 0.952
    for variant in ["SGD 0.001 (HSF)", "Adam 0.001"] {
        let mut s = preset_session("cut-vs-ml", Some(variant));
        let cuts = nnplay::engine::figures::classifier::cut_rocs(&s);
        assert_eq!(cuts.len(), 2);
        let best_cut = cuts.iter().map(|c| c.auc).fold(0.0, f64::max);
        train(&mut s, 200);
        let auc = s.auc(Which::Test).unwrap();
        assert!(auc > best_cut + 0.02, "{variant}: {auc} vs cuts {best_cut}");
    }
}

#[test]
fn more_jet_features_give_a_higher_auc() {
    // measured test AUC at epoch 50: mass 0.9402, mass + tau32 0.9520, all 0.9553
    let aucs: Vec<f64> = ["mass", "mass, tau32", "all features"]
        .iter()
        .map(|v| {
            let mut s = preset_session("feature-sets", Some(v));
            train(&mut s, 50);
            s.auc(Which::Test).unwrap()
        })
        .collect();
    assert!(
        aucs[0] + 0.005 < aucs[1] && aucs[1] + 0.001 < aucs[2],
        "{aucs:?}"
    );
}
