//! Event weights: a weight column is read into the table's weights and never becomes a
//! feature; two-class data with weights gets a weighted ROC, AUC and AMS on the test split,
//! with the test weights scaled per class to the whole sample.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
use common::train;
use nnplay::engine::figures::ModelFigures;
use nnplay::engine::figures::weighted::{ams, weighted_figures};
use nnplay::engine::scene::Scene;
use nnplay::engine::train::{Session, Which};
use std::path::Path;

/// Kaggle-like events: signal (label 1) has a higher x; weights are small for signal and
/// large for background, as in the Higgs challenge.
fn write_events(path: &Path) {
    let mut rng = nnplay::engine::rng::Rng::new(9);
    let mut text = String::from("x,y,Weight,Label\n");
    for k in 0..1000 {
        let signal = k % 3 == 0;
        let x = if signal { 1.0 } else { -0.5 } + rng.normal();
        let w = if signal { 0.002 } else { 1.5 } * (1.0 + 0.5 * rng.uniform());
        text += &format!("{x},{},{w},{}\n", rng.normal(), u8::from(signal));
    }
    std::fs::write(path, text).unwrap();
}

fn scene(dir: &Path, features: &str) -> (Result<Scene, String>, std::path::PathBuf) {
    let text = format!(
        r#"
format = 1
seed = 2
[data]
standardise = true
features = [{features}]
[data.csv]
path = "events.csv"
label = "Label"
weight = "Weight"
[network]
hidden = [6]
activation = "relu"
init = "he"
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.01
batch_size = 32
"#
    );
    let anchor = dir.join("scene.toml");
    (
        Scene::parse(&text, &anchor).map_err(|e| e.to_string()),
        anchor,
    )
}

#[test]
fn a_weight_column_weights_the_test_figures_and_is_never_a_feature() {
    let dir = tempfile::tempdir().unwrap();
    write_events(&dir.path().join("events.csv"));
    let (refused, _) = scene(dir.path(), r#""x", "Weight""#);
    let e = refused.unwrap_err();
    assert!(e.contains("'Weight' is the event weight"), "{e}");

    let (scene, anchor) = scene(dir.path(), r#""x", "y""#);
    let mut s = Session::new(&scene.unwrap(), &anchor).unwrap();
    assert_eq!(s.table().columns, ["x", "y"]);
    assert_eq!(s.table().weights.len(), 1000);
    assert!(
        s.data_notes()
            .iter()
            .any(|n| n.contains("'Weight': the event weights"))
    );
    train(&mut s, 20);
    let figures = ModelFigures::of(&mut s);
    let w = figures
        .weighted
        .expect("weighted figures for weighted two-class data");
    // By hand from the session's own scores and weights: the same AUC.
    let mut scores = Vec::new();
    s.scores_into(Which::Test, &mut scores);
    let test = s.splits().test.clone();
    let truth: Vec<bool> = test.labels.iter().map(|&l| l >= 0.5).collect();
    let by_hand = weighted_figures(&scores, &truth, &test.weights, (1.0, 1.0)).unwrap();
    assert!((w.auc - by_hand.auc).abs() < 1e-12);
    // The last epoch's record (the metrics CSV's `weighted_auc`) holds the same figure.
    let recorded = s.history().last().unwrap().weighted_auc.unwrap();
    assert!((recorded - by_hand.auc).abs() < 1e-12, "{recorded}");
    // The AMS uses the test weights scaled to the whole sample: the signal kept never exceeds
    // the sample's signal weight, and the AMS matches the formula at the counts reported.
    let table = s.table();
    let signal_total: f64 = (0..table.rows())
        .filter(|&r| table.labels[r] >= 0.5)
        .map(|r| table.weight(r))
        .sum();
    assert!(
        w.best.signal <= signal_total + 1e-9 && w.best.signal > 0.0,
        "{w:?}"
    );
    assert!((w.best.ams - ams(w.best.signal, w.best.background)).abs() < 1e-12);
    // Unweighted and weighted AUCs are different figures.
    let unweighted = s.auc(Which::Test).unwrap();
    eprintln!(
        "test AUC {unweighted:.4}, weighted {:.4}; best AMS {:.3}",
        w.auc, w.best.ams
    );
    assert!((unweighted - w.auc).abs() > 1e-6);

    // The score histograms and the threshold tab's efficiencies count events by weight.
    let c = figures.classifier.expect("two-class figures");
    assert!(c.histograms.weighted);
    let bins = c.histograms.test_signal.len();
    let bin_of = |s: f64| ((s.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1);
    let mut signal = vec![0.0; bins];
    for ((&score, &t), &weight) in scores.iter().zip(&truth).zip(&test.weights) {
        if t {
            signal[bin_of(score)] += weight;
        }
    }
    let total: f64 = signal.iter().sum();
    for (got, by_hand) in c.histograms.test_signal.iter().zip(&signal) {
        assert!((got - by_hand / total).abs() < 1e-12);
    }
    let [threshold, eps_s, eps_b] = c.efficiency_scan[50];
    let kept = |signal: bool| -> f64 {
        let pass = |k: usize| (scores[k].clamp(0.0, 1.0) * 100.0).floor() >= threshold * 100.0;
        let of = |k: usize| truth[k] == signal;
        let all: f64 = (0..scores.len())
            .filter(|&k| of(k))
            .map(|k| test.weights[k])
            .sum();
        (0..scores.len())
            .filter(|&k| of(k) && pass(k))
            .map(|k| test.weights[k])
            .sum::<f64>()
            / all
    };
    assert!((eps_s - kept(true)).abs() < 1e-12, "{eps_s} {}", kept(true));
    assert!(
        (eps_b - kept(false)).abs() < 1e-12,
        "{eps_b} {}",
        kept(false)
    );
    // Counted as events instead, the signal efficiency at that threshold is another figure.
    let events = (0..scores.len())
        .filter(|&k| truth[k] && (scores[k].clamp(0.0, 1.0) * 100.0).floor() >= 50.0)
        .count() as f64
        / truth.iter().filter(|&&t| t).count() as f64;
    eprintln!("eps_S at 0.5: weighted {eps_s:.4}, by events {events:.4}");
}

#[test]
fn a_root_weight_branch_becomes_the_weights() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/root/uproot-HZZ.root");
    if !file.exists() {
        eprintln!("skipped: {} is absent", file.display());
        return;
    }
    use nnplay::engine::data::root_file::{RootSpec, load_root};
    let spec = |columns: &[&str], weight: Option<&str>| RootSpec {
        tree: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        label: "NJet".into(),
        classification: false,
        weight: weight.map(str::to_string),
    };
    let plain = load_root(&file, &spec(&["MET_px", "EventWeight"], None)).unwrap();
    let weighted = load_root(&file, &spec(&["MET_px"], Some("EventWeight"))).unwrap();
    assert_eq!(weighted.table.columns, ["MET_px"]);
    let read: Vec<f64> = (0..plain.table.rows())
        .map(|r| plain.table.value(r, 1))
        .collect();
    assert_eq!(weighted.table.weights, read);
    let e = load_root(&file, &spec(&["EventWeight"], Some("EventWeight"))).unwrap_err();
    assert!(e.0.contains("it is the event weight"), "{e}");
}

/// A session on the Kaggle-like events with `loss_weights` set as given.
fn weighted_loss_session(dir: &Path, how: &str) -> Result<Session, String> {
    let (scene, anchor) = scene(dir, r#""x", "y""#);
    let text = scene?.to_toml().replace(
        "[training]\n",
        &format!("[training]\nloss_weights = \"{how}\"\n"),
    );
    let scene = Scene::parse(&text, &anchor).map_err(|e| e.to_string())?;
    Session::new(&scene, &anchor).map_err(|e| e.to_string())
}

/// The mean test score of the signal events after 30 epochs.
fn mean_signal_score(s: &mut Session) -> f64 {
    train(s, 30);
    let mut scores = Vec::new();
    s.scores_into(Which::Test, &mut scores);
    let labels = &s.splits().test.labels;
    let signal: Vec<f64> = scores
        .iter()
        .zip(labels)
        .filter(|(_, l)| **l >= 0.5)
        .map(|(s, _)| *s)
        .collect();
    signal.iter().sum::<f64>() / signal.len() as f64
}

#[test]
fn event_weights_can_weight_the_training_loss() {
    let dir = tempfile::tempdir().unwrap();
    write_events(&dir.path().join("events.csv"));
    let mut off = weighted_loss_session(dir.path(), "off").unwrap();
    let mut events = weighted_loss_session(dir.path(), "events").unwrap();
    let mut balanced = weighted_loss_session(dir.path(), "balanced").unwrap();
    // Weighted by the events, the tiny signal weights (0.002 against 1.5) leave almost only
    // background in the loss: signal scores fall. Balanced, signal weighs as much as
    // background: they rise above the unweighted run's (a third of the events are signal).
    // Measured: off 0.546, events 0.002, balanced 0.668.
    let (o, e, b) = (
        mean_signal_score(&mut off),
        mean_signal_score(&mut events),
        mean_signal_score(&mut balanced),
    );
    eprintln!("mean signal score: off {o:.4}, events {e:.4}, balanced {b:.4}");
    assert!(e < o - 0.2, "off {o}, events {e}");
    assert!(b > o + 0.05, "off {o}, balanced {b}");
    // The recorded loss is the loss training weighs: by hand from the scores, each event
    // counted by its weight with each class scaled to half the training rows.
    let train_split = balanced.splits().train.clone();
    let mut scores = Vec::new();
    balanced.scores_into(Which::Train, &mut scores);
    let class_total = |signal: bool| -> f64 {
        (0..train_split.rows())
            .filter(|&r| (train_split.labels[r] >= 0.5) == signal)
            .map(|r| train_split.weights[r])
            .sum()
    };
    let half = train_split.rows() as f64 / 2.0;
    let (signal_scale, background_scale) = (half / class_total(true), half / class_total(false));
    let (mut sum, mut weights) = (0.0, 0.0);
    for (r, &p) in scores.iter().enumerate() {
        let signal = train_split.labels[r] >= 0.5;
        let w = train_split.weights[r]
            * if signal {
                signal_scale
            } else {
                background_scale
            };
        sum += w * -(if signal { p.ln() } else { (1.0 - p).ln() });
        weights += w;
    }
    let recorded = balanced.history().last().unwrap().train_loss;
    assert!(
        (recorded - sum / weights).abs() < 1e-9,
        "{recorded} vs {}",
        sum / weights
    );
    assert!((weights - train_split.rows() as f64).abs() < 1e-6);
}

#[test]
fn loss_weights_without_weights_or_with_trees_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_events(&dir.path().join("events.csv"));
    let (scene, anchor) = scene(dir.path(), r#""x", "y""#);
    let mut scene = scene.unwrap();
    scene.training.loss_weights = nnplay::engine::scene::LossWeights::Events;
    let mut unweighted = scene.clone();
    unweighted.data.csv.as_mut().unwrap().weight = None;
    let e = Session::new(&unweighted, &anchor)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("needs event weights"), "{e}");
    let trees = Scene::parse(
        &(scene.to_toml() + "[trees]\nkind = \"boosted\"\n"),
        &anchor,
    )
    .unwrap();
    let e = Session::new(&trees, &anchor).err().unwrap().to_string();
    assert!(e.contains("tree models count every event once"), "{e}");
}
