//! TF Playground links against TF Playground itself: `tests/playground_runs/runs.json` holds
//! what TF Playground's own code computed under node (`make_fixtures.js` there) for six links
//! (every dataset, tanh, ReLU, sigmoid and linear networks, L1 and L2, noise, several training
//! fractions and batch sizes, up to 400 epochs of a six-layer tanh network). Opened from the
//! same link, nnplay must give the very same points, first weights and biases, and train and
//! test loss after every epoch, bit for bit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use nnplay::engine::scene::playground_link::from_playground_link;
use nnplay::engine::train::Session;
use serde_json::Value;
use std::path::Path;

fn numbers(v: &Value) -> Vec<f64> {
    match v {
        Value::Number(n) => vec![n.as_f64().unwrap()],
        Value::Array(items) => items.iter().flat_map(numbers).collect(),
        Value::Object(map) => {
            // {bias, weights}: the bias first, then the input weights in order.
            let mut out = numbers(&map["bias"]);
            out.extend(numbers(&map["weights"]));
            out
        }
        other => panic!("not a number: {other}"),
    }
}

/// A network's parameters in TF Playground's order: per layer, per neuron, bias then weights.
fn parameters(session: &Session) -> Vec<f64> {
    let mut out = Vec::new();
    for layer in &session.network().unwrap().layers {
        for j in 0..layer.outputs {
            out.push(layer.biases[j]);
            out.extend((0..layer.inputs).map(|i| layer.weight(i, j)));
        }
    }
    out
}

/// TF Playground's points: x, y and its label (+1 / -1 for classes, the value for regression).
fn points(session: &Session, rows: std::ops::Range<usize>, classes: bool) -> Vec<f64> {
    let table = session.table();
    rows.flat_map(|r| {
        let label = table.labels[r];
        let label = if classes { 2.0 * label - 1.0 } else { label };
        [table.value(r, 0), table.value(r, 1), label]
    })
    .collect()
}

fn first_difference(what: &str, ours: &[f64], theirs: &[f64]) -> Option<String> {
    if ours.len() != theirs.len() {
        return Some(format!(
            "{what}: {} values against {}",
            ours.len(),
            theirs.len()
        ));
    }
    let k = ours
        .iter()
        .zip(theirs)
        // Equal as numbers: the same double, except that JSON writes -0 as 0.
        .position(|(a, b)| a != b)?;
    Some(format!(
        "{what}[{k}]: {:e} against TF Playground's {:e}",
        ours[k], theirs[k]
    ))
}

#[test]
fn every_link_trains_exactly_as_tf_playground_does() {
    let text = include_str!("playground_runs/runs.json");
    let fixture: Value = serde_json::from_str(text).unwrap();
    let mut failures = Vec::new();
    for run in fixture["runs"].as_array().unwrap() {
        let link = run["link"].as_str().unwrap();
        let (scene, _) = from_playground_link(link).unwrap();
        let mut session = Session::new(&scene, Path::new("link.toml")).unwrap();
        let classes = session.task().is_classification();
        let n_train = session.splits().train.rows();
        let n = session.table().rows();
        let mut problems = Vec::new();
        problems.extend(first_difference(
            "training points",
            &points(&session, 0..n_train, classes),
            &numbers(&run["train"]),
        ));
        problems.extend(first_difference(
            "test points",
            &points(&session, n_train..n, classes),
            &numbers(&run["test"]),
        ));
        problems.extend(first_difference(
            "first weights",
            &parameters(&session),
            &numbers(&run["first"]),
        ));
        let losses = run["losses"].as_array().unwrap();
        let epochs = run["epochs"].as_u64().unwrap();
        let mut curve = Vec::new();
        for _ in 0..epochs {
            session.train_epoch();
            let record = session.history().last().unwrap();
            curve.extend([record.train_loss, record.test_loss.unwrap()]);
        }
        let expected: Vec<f64> = losses[1..].iter().flat_map(numbers).collect();
        problems.extend(first_difference(
            "losses (train, test) per epoch",
            &curve,
            &expected,
        ));
        problems.extend(first_difference(
            "weights after training",
            &parameters(&session),
            &numbers(&run["last"]),
        ));
        let summary = if problems.is_empty() {
            "identical".to_string()
        } else {
            problems.join("; ")
        };
        println!("{link}\n  {epochs} epochs: {summary}");
        if !problems.is_empty() {
            failures.push(format!("{link}: {summary}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_new_seed_on_a_links_scene_draws_as_tf_playground_would_for_that_seed() {
    use nnplay::engine::scene::SceneEdit;
    let fixture: Value = serde_json::from_str(include_str!("playground_runs/runs.json")).unwrap();
    let link = fixture["runs"][0]["link"].as_str().unwrap();
    let (scene, _) = from_playground_link(link).unwrap();
    let reseeded = scene.edited(&SceneEdit::Seed(7)).unwrap();
    assert_eq!(reseeded.playground_seed.as_deref(), Some("7"));
    let written = nnplay::engine::scene::playground_link::to_playground_link(&reseeded)
        .unwrap()
        .0;
    assert!(written.contains("seed=7&"), "{written}");
    // The same scene as the link with seed=7 gives.
    let (from_link, _) = from_playground_link(&link.replace("seed=0.13116", "seed=7")).unwrap();
    let a = Session::new(&reseeded, Path::new("a.toml")).unwrap();
    let b = Session::new(&from_link, Path::new("b.toml")).unwrap();
    assert_eq!(a.table().values, b.table().values);
    assert_eq!(parameters(&a), parameters(&b));
    assert_ne!(
        a.table().values,
        Session::new(&scene, Path::new("c.toml"))
            .unwrap()
            .table()
            .values
    );
}
