//! The lessons' claims (shared/presets.md), measured headless on the shipped presets with their
//! shipped seeds. Thresholds keep a margin over the measured values in the comments.

mod common;
use nnplay::presets;
use nnplay::train::Session;

fn preset_session(id: &str) -> Session {
    let p = presets::find(id).unwrap_or_else(|| panic!("no preset {id}"));
    Session::new(&p.scene().unwrap(), &p.label()).unwrap()
}

#[test]
fn circle_deck_reaches_test_loss_below_0_05_by_epoch_1000() {
    let mut s = preset_session("circle-deck");
    // measured with the shipped seed 4: 0.0154 at epoch 1000 (seeds 1 and 9 get stuck with dead
    // ReLUs at 0.30 and 0.50, which is why the seed is part of the preset)
    let r = common::train(&mut s, 1000);
    assert!(r.test_loss.unwrap() < 0.05, "{r:?}");
}
