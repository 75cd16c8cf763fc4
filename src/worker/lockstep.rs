//! Lockstep between two trainers training side by side: while both play, neither starts an
//! epoch (tree, tree level) while it is ahead of the other, so the two sides always show equal
//! counts and the comparison is fair. A side that stops (paused, finished, diverged) holds the
//! other back no longer.
//!
//! Commands that restart both sides (Reset, a new comparison) are followed by a sync mark:
//! [`Lockstep::begin`] opens a new round and each trainer joins it when it reaches the mark,
//! so a side that has restarted never races ahead of one that is still about to.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// What one side last told the other.
#[derive(Clone, Copy, Debug, Default)]
struct SideState {
    /// Whether the side has a trainer (from its worker's start to its trainer's end).
    present: bool,
    /// The round the side has joined.
    round: u64,
    /// Epochs it has completed.
    epoch: u64,
    /// Whether it trains on by itself (playing and not finished).
    advancing: bool,
}

#[derive(Debug)]
struct State {
    enabled: bool,
    round: u64,
    sides: [SideState; 2],
}

/// The meeting point of two trainers (side 0 and side 1).
#[derive(Debug)]
pub struct Lockstep {
    state: Mutex<State>,
    moved: Condvar,
}

impl Default for Lockstep {
    fn default() -> Self {
        Lockstep {
            state: Mutex::new(State {
                enabled: true,
                round: 0,
                sides: [SideState::default(); 2],
            }),
            moved: Condvar::new(),
        }
    }
}

impl Lockstep {
    /// Turns lockstep on (the default) or off ("freely at max").
    pub fn set_enabled(&self, enabled: bool) {
        if let Ok(mut s) = self.state.lock() {
            s.enabled = enabled;
        }
        self.moved.notify_all();
    }

    /// Whether lockstep is on.
    pub fn enabled(&self) -> bool {
        self.state.lock().map(|s| s.enabled).unwrap_or(false)
    }

    /// Opens a new round; both sides wait until each has joined it (see [`Lockstep::join`]).
    pub fn begin(&self) -> u64 {
        let round = match self.state.lock() {
            Ok(mut s) => {
                s.round += 1;
                s.round
            }
            Err(_) => 0,
        };
        self.moved.notify_all();
        round
    }

    /// Side `side` has reached round `round`'s mark, with `epoch` epochs done, training on
    /// by itself or not.
    pub fn join(&self, side: usize, round: u64, epoch: u64, advancing: bool) {
        if let Ok(mut s) = self.state.lock() {
            s.sides[side % 2] = SideState {
                present: true,
                round,
                epoch,
                advancing,
            };
        }
        self.moved.notify_all();
    }

    /// Side `side` has a trainer from now on; until it joins the open round (or the first),
    /// the other side waits for it.
    pub fn arrive(&self, side: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.sides[side % 2] = SideState {
                present: true,
                ..SideState::default()
            };
        }
        self.moved.notify_all();
    }

    /// Side `side` has gone (its trainer ended): it holds the other back no longer.
    pub fn leave(&self, side: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.sides[side % 2] = SideState::default();
        }
        self.moved.notify_all();
    }

    /// Side `side` has completed `epoch` epochs and does (or does not) train on by itself.
    pub fn report(&self, side: usize, epoch: u64, advancing: bool) {
        if let Ok(mut s) = self.state.lock() {
            let me = &mut s.sides[side % 2];
            if (me.epoch, me.advancing) == (epoch, advancing) {
                return;
            }
            me.epoch = epoch;
            me.advancing = advancing;
        }
        self.moved.notify_all();
    }

    /// Whether side `side`, having completed `epoch` epochs, may start the next one.
    pub fn may_advance(&self, side: usize, epoch: u64) -> bool {
        let Ok(s) = self.state.lock() else {
            return true;
        };
        let (me, other) = (s.sides[side % 2], s.sides[(side + 1) % 2]);
        if !s.enabled || !other.present {
            return true;
        }
        if me.round != s.round || other.round != s.round {
            return false; // a command for both has yet to reach one of them
        }
        !other.advancing || epoch <= other.epoch
    }

    /// The epochs each side last reported.
    pub fn progress(&self) -> [u64; 2] {
        self.state
            .lock()
            .map(|s| [s.sides[0].epoch, s.sides[1].epoch])
            .unwrap_or_default()
    }

    /// Waits until the other side moves (or `timeout` passes).
    pub fn wait(&self, timeout: Duration) {
        if let Ok(s) = self.state.lock() {
            let _ = self.moved.wait_timeout(s, timeout);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_ahead_waits_for_the_other_unless_the_other_stops() {
        let gate = Lockstep::default();
        assert!(gate.may_advance(0, 9), "alone, a side is free");
        gate.arrive(0);
        gate.arrive(1);
        gate.report(0, 0, true);
        gate.report(1, 0, true);
        assert!(gate.may_advance(0, 0));
        gate.report(0, 1, true);
        assert!(!gate.may_advance(0, 1), "one ahead waits");
        assert!(gate.may_advance(1, 0));
        gate.report(1, 1, true);
        assert!(gate.may_advance(0, 1));
        gate.report(1, 1, false);
        assert!(gate.may_advance(0, 5), "a stopped side holds nobody back");
        gate.report(1, 1, true);
        gate.set_enabled(false);
        assert!(gate.may_advance(0, 5), "freely when lockstep is off");
    }

    #[test]
    fn after_a_new_round_neither_side_advances_until_both_joined() {
        let gate = Lockstep::default();
        gate.arrive(0);
        gate.arrive(1);
        gate.report(0, 300, true);
        gate.report(1, 300, true);
        let round = gate.begin();
        assert!(!gate.may_advance(0, 0));
        gate.join(0, round, 0, true);
        assert!(
            !gate.may_advance(0, 0),
            "the other side has not restarted yet"
        );
        gate.report(1, 300, false);
        assert!(!gate.may_advance(0, 0), "nor started playing");
        gate.join(1, round, 0, true);
        assert!(gate.may_advance(0, 0) && gate.may_advance(1, 0));
        gate.begin();
        gate.leave(1);
        gate.join(0, 2, 0, true);
        assert!(gate.may_advance(0, 7), "a side gone holds nobody back");
    }
}
