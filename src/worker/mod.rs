//! The trainer thread. It owns the session, obeys [`Command`]s, and publishes the newest
//! [`Snapshot`] into a latest-value slot; the window only ever reads the newest one and never
//! waits for training.
//!
//! A [`lane::Lane`] is one session with the pictures prepared for it; the trainer drives one
//! lane today, and is shaped so that it could drive several (runs side by side).

mod command;
mod lane;
mod lockstep;
pub mod pictures;
mod snapshot;
mod trainer;

pub use command::{Command, Speed};
pub use lane::{snapshot_after, snapshot_trained};
pub use lockstep::Lockstep;
pub use pictures::{LandscapeView, ViewSettings};
pub use snapshot::{Point, Points, Snapshot, SnapshotModel};

use crate::engine::scene::Scene;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The slot holding the newest snapshot; taking it leaves it empty.
#[derive(Default)]
struct Slot {
    newest: Mutex<Option<Arc<Snapshot>>>,
}

impl Slot {
    /// Whether the window has taken the last snapshot.
    fn is_empty(&self) -> bool {
        self.newest.lock().map(|s| s.is_none()).unwrap_or(true)
    }
}

/// The window's handle on the trainer thread.
pub struct Worker {
    commands: Sender<Command>,
    slot: Arc<Slot>,
    /// Raised after a command that should not wait for the epoch in progress: the session
    /// stops between two batches and the trainer reads its inbox.
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Disconnects when the trainer thread ends.
    ended: Receiver<()>,
}

/// How long closing waits for the trainer to finish the batch it is in; after that the thread
/// is left to end with the process, so the window closes at once whatever it trains.
const CLOSE_WAIT: Duration = Duration::from_millis(200);

impl Worker {
    /// Starts the trainer on `scene`; `repaint` is called whenever a new snapshot is ready.
    /// A scene that does not build starts the trainer on the default scene, with the error in
    /// the snapshot.
    pub fn start(scene: Scene, anchor: PathBuf, repaint: impl Fn() + Send + 'static) -> Worker {
        Worker::start_side(scene, anchor, (Arc::default(), 0), repaint)
    }

    /// Starts a trainer as side 0 or 1 of a comparison: `lockstep` is shared with the trainer
    /// of the other side, and this side's runs are numbered apart from the other's.
    pub fn start_side(
        scene: Scene,
        anchor: PathBuf,
        lockstep: (Arc<Lockstep>, usize),
        repaint: impl Fn() + Send + 'static,
    ) -> Worker {
        lockstep.0.arrive(lockstep.1);
        let (commands, inbox) = channel();
        let slot = Arc::new(Slot::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_slot, thread_stop) = (Arc::clone(&slot), Arc::clone(&stop));
        let (alive, ended) = channel::<()>();
        let thread = std::thread::Builder::new()
            .name("trainer".into())
            .spawn(move || {
                let _alive = alive;
                let shared = trainer::Shared {
                    slot: thread_slot,
                    stop: thread_stop,
                    repaint: Box::new(repaint),
                    lockstep,
                };
                trainer::Trainer::new(scene, anchor, shared).run(inbox)
            })
            .ok();
        Worker {
            commands,
            slot,
            stop,
            thread,
            ended,
        }
    }

    /// Sends a command; it takes effect before the next snapshot. Pause, Reset, a restart or
    /// the end cut the epoch in progress short (it resumes where it stopped).
    pub fn send(&self, command: Command) {
        // Raised before sending: raised after, it could land once the trainer has already
        // obeyed this command and cut the next one (a Step) short instead.
        if command.cannot_wait() {
            self.stop.store(true, Ordering::SeqCst);
        }
        let _ = self.commands.send(command);
    }

    /// The newest snapshot, if one arrived since the last call.
    pub fn take(&self) -> Option<Arc<Snapshot>> {
        self.slot.newest.lock().ok()?.take()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.send(Command::Shutdown);
        let finished = matches!(
            self.ended.recv_timeout(CLOSE_WAIT),
            Err(RecvTimeoutError::Disconnected)
        );
        if let Some(t) = self.thread.take()
            && finished
        {
            let _ = t.join();
        }
    }
}
