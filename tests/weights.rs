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
        .map(|r| plain.table.row(r)[1])
        .collect();
    assert_eq!(weighted.table.weights, read);
    let e = load_root(&file, &spec(&["EventWeight"], Some("EventWeight"))).unwrap_err();
    assert!(e.0.contains("it is the event weight"), "{e}");
}
