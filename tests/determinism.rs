//! The same scene and seed give bit-identical curves and weights; another seed does not.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
use common::{CIRCLE, session, train};

fn curve_bits(text: &str, epochs: u64) -> (Vec<[u64; 3]>, Vec<u64>) {
    let mut s = session(text);
    train(&mut s, epochs);
    let curve = s
        .history()
        .records()
        .map(|r| {
            [
                r.train_loss.to_bits(),
                r.test_loss.unwrap_or(f64::NAN).to_bits(),
                r.auc.unwrap_or(-1.0).to_bits(),
            ]
        })
        .collect();
    (curve, weight_bits(&s))
}

/// Every weight and bias of the session's network, as bits.
fn weight_bits(s: &nnplay::engine::train::Session) -> Vec<u64> {
    s.network()
        .unwrap()
        .layers
        .iter()
        .flat_map(|l| l.weights.iter().chain(&l.biases))
        .map(|w| w.to_bits())
        .collect()
}

#[test]
fn same_scene_and_seed_give_bit_identical_runs() {
    let adam = CIRCLE
        .replace(
            "playground_compatible = true",
            "optimizer = \"adam\"\ndropout = 0.1",
        )
        .replace("learning_rate = 0.03", "learning_rate = 0.01");
    for text in [CIRCLE.to_string(), adam] {
        let a = curve_bits(&text, 60);
        let b = curve_bits(&text, 60);
        assert_eq!(a, b);
        let c = curve_bits(&text.replace("seed = 1", "seed = 2"), 60);
        assert_ne!(a.0, c.0);
    }
}

#[test]
fn batches_split_across_two_threads_give_bit_identical_runs() {
    // 20,000 jets, [32, 32], batch 256: each batch is computed in two halves on a two-core
    // machine, their gradient sums added in a fixed order.
    let text = nnplay::engine::presets::find("top-tagging")
        .unwrap()
        .text
        .replace("batch_size = 128", "batch_size = 256");
    let a = curve_bits(&text, 3);
    assert_eq!(a, curve_bits(&text, 3));
    assert_ne!(a.1, curve_bits(&text.replace("seed = 1", "seed = 2"), 3).1);
}

#[test]
fn an_epoch_stopped_between_batches_resumes_to_the_same_weights() {
    use nnplay::engine::train::Status;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let adam = CIRCLE
        .replace("playground_compatible = true", "optimizer = \"adam\"")
        .replace("batch_size = 10", "batch_size = 7");
    for text in [CIRCLE.to_string(), adam] {
        let (_, straight) = curve_bits(&text, 5);
        let mut s = session(&text);
        let stop = Arc::new(AtomicBool::new(false));
        s.set_stop_flag(Arc::clone(&stop));
        let mut interruptions = 0;
        while s.epoch() < 5 {
            // Raised before the call: the epoch stops after its first batch, then resumes.
            stop.store(true, Ordering::Relaxed);
            let before = s.epoch();
            assert_eq!(s.train_epoch(), Status::Running);
            if s.epoch() == before {
                interruptions += 1;
            }
            stop.store(false, Ordering::Relaxed);
            s.train_epoch();
        }
        assert_eq!(interruptions, 5, "every epoch was cut once");
        assert_eq!(weight_bits(&s), straight);
    }
}
