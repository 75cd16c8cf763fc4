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

/// The newest snapshot of `worker` (waits for the first).
fn newest(worker: &Worker, last: &mut Option<Arc<Snapshot>>) -> Arc<Snapshot> {
    if let Some(s) = worker.take() {
        *last = Some(s);
    }
    while last.is_none() {
        *last = worker.take();
        std::thread::sleep(Duration::from_millis(1));
    }
    Arc::clone(last.as_ref().unwrap())
}

#[test]
fn two_trainers_in_lockstep_stay_within_one_epoch_and_train_as_alone() {
    use nnplay::worker::{Lockstep, Speed};
    let preset = nnplay::engine::presets::find("l2-gauss").unwrap();
    let (left, right) = preset.scene().unwrap().side_by_side().unwrap().unwrap();
    let gate = Arc::new(Lockstep::default());
    let workers = [left.clone(), right.clone()]
        .into_iter()
        .enumerate()
        .map(|(k, scene)| Worker::start_side(scene, preset.label(), (Arc::clone(&gate), k), || {}))
        .collect::<Vec<_>>();
    // As the window plays both: a lockstep round opened, then Play and the round's mark.
    let round = gate.begin();
    for w in &workers {
        w.send(Command::SetSpeed(Speed::Max));
        w.send(Command::Play);
        w.send(Command::Sync(round));
    }
    let (mut a, mut b) = (None, None);
    let start = Instant::now();
    let mut checks = 0;
    loop {
        // A side never starts an epoch while ahead of the other: the epochs the two report
        // after each one never differ by more than one.
        let [first, second] = gate.progress();
        assert!(first.abs_diff(second) <= 1, "{first} vs {second}");
        checks += 1;
        if first >= 300 && second >= 300 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "too slow");
        std::thread::sleep(Duration::from_micros(200));
    }
    assert!(checks > 10, "only {checks} checks");
    for w in &workers {
        w.send(Command::Pause);
    }
    // Lockstep changes when epochs run, not what they compute: each side's curve is the one
    // its scene trains alone.
    for (w, scene, last) in [(&workers[0], &left, &mut a), (&workers[1], &right, &mut b)] {
        let paused = loop {
            let s = newest(w, last);
            if !s.playing {
                break s;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let mut alone = nnplay::engine::train::Session::new(scene, &preset.label()).unwrap();
        for _ in 0..paused.epoch {
            alone.train_epoch();
        }
        let ours: Vec<f64> = paused.records.iter().map(|r| r.train_loss).collect();
        let theirs: Vec<f64> = alone.history().records().map(|r| r.train_loss).collect();
        assert_eq!(ours, theirs);
    }
}

#[test]
fn a_side_that_finishes_holds_the_other_back_no_longer() {
    use nnplay::worker::{Lockstep, Speed};
    let preset = nnplay::engine::presets::find("nn-vs-bdt").unwrap();
    let (mut network, bdt) = preset.scene().unwrap().side_by_side().unwrap().unwrap();
    network.data.samples = Some(2000);
    let mut bdt = bdt;
    bdt.data.samples = Some(2000);
    let gate = Arc::new(Lockstep::default());
    let workers: Vec<Worker> = [network, bdt]
        .into_iter()
        .enumerate()
        .map(|(k, scene)| Worker::start_side(scene, preset.label(), (Arc::clone(&gate), k), || {}))
        .collect();
    for w in &workers {
        w.send(Command::SetSpeed(Speed::Max));
        w.send(Command::Play);
    }
    // The BDT completes at 20 trees; the network trains on past it.
    wait_for(&workers[0], "the network past 40 epochs", |s| s.epoch > 40);
    assert_eq!(gate.progress()[1], 20);
    wait_for(&workers[1], "the BDT complete", |s| {
        s.status == nnplay::engine::train::Status::Complete { epoch: 20 }
    });
}
