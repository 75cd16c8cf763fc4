//! The trainer thread alone: commands in, snapshots out, with no window.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use nnplay::engine::scene::SceneEdit;
use nnplay::worker::{Command, Snapshot, Worker};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Takes snapshots until one satisfies `done` (or fails after 20 s).
fn wait_for(worker: &Worker, what: &str, done: impl Fn(&Snapshot) -> bool) -> Arc<Snapshot> {
    let start = Instant::now();
    loop {
        if let Some(s) = worker.take()
            && done(&s)
        {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no snapshot with {what}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn spiral_worker() -> Worker {
    let preset = nnplay::engine::presets::find("spiral").unwrap();
    Worker::start(preset.scene().unwrap(), preset.label(), || {})
}

#[test]
fn a_refused_live_change_is_reported_and_the_scene_keeps_the_true_value() {
    let worker = spiral_worker();
    let first = wait_for(&worker, "the scene", |_| true);
    let true_rate = first.scene.training.learning_rate;
    worker.send(Command::Edit(SceneEdit::LearningRate(-1.0)));
    let refused = wait_for(&worker, "the refusal", |s| s.error.is_some());
    assert!(
        refused
            .error
            .as_deref()
            .unwrap()
            .contains("training.learning_rate"),
        "{:?}",
        refused.error
    );
    assert_eq!(refused.scene.training.learning_rate, true_rate);
    worker.send(Command::Edit(SceneEdit::LearningRate(0.3)));
    wait_for(&worker, "the accepted rate", |s| {
        s.scene.training.learning_rate == 0.3
    });
}

#[test]
fn two_quick_edits_both_apply_to_the_scene_in_force() {
    let worker = spiral_worker();
    let first = wait_for(&worker, "the scene", |_| true);
    let layers = first.scene.network.hidden.len();
    worker.send(Command::Edit(SceneEdit::RemoveLayer));
    worker.send(Command::Edit(SceneEdit::RemoveLayer));
    let s = wait_for(&worker, "two layers fewer", |s| {
        s.scene.network.hidden.len() == layers - 2
    });
    assert_eq!(s.epoch, 0, "a network change restarts training");
    assert!(s.notice.as_deref().unwrap().contains("Network changed"));
}

#[test]
fn closing_does_not_wait_for_a_long_epoch() {
    // 200,000 samples through ten layers of 128: one epoch takes many seconds.
    let mut scene = nnplay::engine::presets::find("spiral")
        .unwrap()
        .scene()
        .unwrap();
    scene.data.samples = Some(200_000);
    scene.data.train_fraction = 0.9;
    scene.network.hidden = vec![128; 10];
    scene.training.batch_size = 10;
    let worker = Worker::start(scene, "heavy.toml".into(), || {});
    let first = wait_for(&worker, "the heavy scene", |_| true);
    worker.send(Command::Step);
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    worker.send(Command::Reset);
    wait_for(&worker, "the reset", |s| s.generation > first.generation);
    let reset = start.elapsed();
    eprintln!("reset {reset:?} after the step began");
    assert!(reset < Duration::from_secs(5), "reset took {reset:?}");
    worker.send(Command::Step);
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    drop(worker);
    let closed = start.elapsed();
    eprintln!("closed {closed:?} after the step began");
    assert!(closed < Duration::from_secs(5), "closing took {closed:?}");
}
