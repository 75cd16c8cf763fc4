//! Helpers shared by the integration tests.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

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
