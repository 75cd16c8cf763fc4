//! Helpers shared by the integration tests.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use nnplay::engine::data::splits::TargetCoding;
use nnplay::engine::nn::Loss;
use nnplay::engine::scene::Scene;
use nnplay::engine::train::{EpochRecord, Session};
use std::path::Path;

/// TF Playground's circle with a [4, 2] tanh network in its compatible mode (config A).
pub const CIRCLE: &str = nnplay::engine::workloads::CONFIG_A;

/// Parses scene text (panics with the message on error: the text is the test's own).
pub fn scene(text: &str) -> Scene {
    Scene::parse(text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// A session for scene text.
pub fn session(text: &str) -> Session {
    Session::new(&scene(text), Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// Trains `epochs` epochs and returns the last record.
pub fn train(session: &mut Session, epochs: u64) -> EpochRecord {
    for _ in 0..epochs {
        session.train_epoch();
    }
    *session.history().last().expect("at least one epoch")
}

/// A built-in preset's session with the variant labelled `variant` applied (None: as shipped).
pub fn preset_session(id: &str, variant: Option<&str>) -> Session {
    let p = nnplay::engine::presets::find(id).unwrap_or_else(|| panic!("no preset {id}"));
    let mut scene = p.scene().unwrap();
    if let Some(label) = variant {
        let index = scene
            .lesson
            .variants
            .iter()
            .position(|v| v.label == label)
            .unwrap_or_else(|| panic!("{id} has no variant {label}"));
        scene = scene.with_variant(index).unwrap();
    }
    Session::new(&scene, &p.label()).unwrap()
}

/// What nnplay itself says for rows of raw columns: the network's outputs through the same
/// head the export promises (class-1 score, softmax probabilities or the value).
pub fn nnplay_outputs(session: &mut Session, columns: &[f64]) -> Vec<f64> {
    let (mut inputs, mut raw) = (Vec::new(), Vec::new());
    session.predict_columns(columns, &mut inputs, &mut raw);
    let (coding, loss) = (session.splits().coding, session.loss());
    let width = coding.outputs();
    raw.chunks_exact(width)
        .flat_map(|o| match coding {
            TargetCoding::Binary { negative, positive } => {
                vec![loss.positive_score(o[0], (negative, positive))]
            }
            TargetCoding::OneHot { .. } if loss == Loss::SoftmaxCe => {
                let max = o.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let sum: f64 = o.iter().map(|z| (z - max).exp()).sum();
                o.iter().map(|z| (z - max).exp() / sum).collect()
            }
            _ => o.to_vec(),
        })
        .collect()
}
