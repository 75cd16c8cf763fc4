//! Past runs: labels by what differs, the bounded list with pins, renaming and the CSV table.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;

use nnplay::engine::presets;
use nnplay::engine::runs::{MAX_RUNS, Run, Runs, difference, model_name, table_csv};
use nnplay::engine::scene::{Regularization, Scene, TreeKind, TreesSection};
use nnplay::engine::train::Session;
use std::path::Path;

fn preset(id: &str) -> Scene {
    presets::find(id).unwrap().scene().unwrap()
}

#[test]
fn a_run_is_labelled_by_what_sets_it_apart() {
    let plain = preset("l2-gauss");
    let mut l2 = plain.clone();
    l2.training.regularization = Regularization::L2;
    l2.training.regularization_rate = 0.03;
    let mut plain_again = plain.clone();
    plain_again.training.regularization = Regularization::None;
    plain_again.training.regularization_rate = 0.0;
    assert_eq!(difference(&l2, &plain_again), "L2 0.03");
    assert_eq!(difference(&plain_again, &l2), "no penalty");
    let mut fast = plain.clone();
    fast.training.learning_rate = 0.9;
    assert_eq!(difference(&fast, &plain), "lr 0.9");
    let mut bdt = preset("top-tagging");
    bdt.trees = Some(TreesSection {
        trees: 20,
        ..TreesSection::new(TreeKind::Boosted)
    });
    assert_eq!(
        difference(&bdt, &preset("top-tagging")),
        "BDT 20 trees, depth 3"
    );
    assert_eq!(model_name(&preset("top-tagging")), "network [32, 32] relu");
    let mut two = preset("top-tagging");
    two.data.features = vec!["mass".into(), "tau32".into()];
    assert_eq!(
        difference(&two, &preset("top-tagging")),
        "features mass, tau32"
    );
    assert_eq!(difference(&plain, &plain), "same settings");
}

fn run_of(scene: &Scene, id: u64, epochs: u64) -> Run {
    let mut session = Session::new(scene, Path::new("test.toml")).unwrap();
    for _ in 0..epochs {
        session.train_epoch();
    }
    Run::of(&mut session, id, format!("run {id}"), 0.5)
}

#[test]
fn the_list_keeps_the_last_runs_and_every_pinned_one() {
    let scene = preset("circle-deck");
    let mut runs = Runs::default();
    runs.keep(run_of(&scene, 1, 3));
    assert!(runs.pin(1, true));
    for id in 2..=20 {
        runs.keep(run_of(&scene, id, 1));
    }
    let ids: Vec<u64> = runs.list().iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), MAX_RUNS + 1);
    assert_eq!(ids[0], 1, "the pinned run stays");
    assert_eq!(ids[1..], (13..=20).collect::<Vec<_>>()[..]);
    assert!(runs.rename(20, "  my best run "));
    assert!(runs.rename(20, "   "), "a blank name keeps the old one");
    assert_eq!(runs.list().last().unwrap().label, "my best run");
    assert!(!runs.rename(5, "gone"), "dropped runs cannot be renamed");
    assert!(!runs.pin(5, true));
}

#[test]
fn a_run_keeps_its_curves_and_figures_and_exports_as_csv() {
    let run = run_of(&preset("cut-vs-ml"), 7, 5);
    assert_eq!((run.epochs, run.records.len()), (5, 5));
    assert_eq!(run.parameters, 2 * 5 + 5 + 5 + 1);
    let auc = run.auc().unwrap();
    assert!(auc > 0.8 && auc < 1.0, "{auc}");
    // Bounded memory: 10,000 test jets leave a curve of at most 1000 points and no scores.
    let c = run.figures.classifier.as_ref().unwrap();
    assert!(c.roc.len() <= 1001 && c.roc.len() > 100, "{}", c.roc.len());
    assert!(c.test_scores.is_empty());
    let csv = table_csv(std::slice::from_ref(&run));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("label,model,parameters,epochs,train_loss"));
    assert!(lines[1].starts_with("\"run 7\",\"network [5] relu\",21,5,"));
    let cells: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(cells.len(), lines[0].split(',').count());
    let last = run.last().unwrap();
    assert_eq!(cells[4].parse::<f64>().unwrap(), last.train_loss);
    assert_eq!(cells[9].parse::<f64>().unwrap(), auc);
}
