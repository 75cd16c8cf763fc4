//! The trainer thread's loop: obey commands, train while playing, publish a snapshot whenever
//! the window has taken the last one.

use super::Slot;
use super::command::{Command, Speed};
use super::lane::Lane;
use super::lockstep::Lockstep;
use super::pictures::ViewSettings;
use crate::engine::presets;
use crate::engine::scene::{CsvSource, RootSource, Scene, SceneEdit};
use crate::engine::train::{Session, Status};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// How long the trainer trains at "max" before it checks for commands again.
const MAX_SLICE: Duration = Duration::from_millis(4);

/// What the trainer shares with the window's [`super::Worker`].
pub struct Shared {
    /// The newest snapshot.
    pub slot: Arc<Slot>,
    /// Raised by the window when a command cannot wait for the epoch in progress.
    pub stop: Arc<AtomicBool>,
    /// Asks the window to draw a new frame.
    pub repaint: Box<dyn Fn() + Send>,
    /// The meeting point with the trainer beside this one, and this trainer's side (0 or 1).
    pub lockstep: (Arc<Lockstep>, usize),
}

/// The state owned by the trainer thread.
pub struct Trainer {
    lane: Lane,
    playing: bool,
    speed: Speed,
    view: ViewSettings,
    dirty: bool,
    rate_window: (Instant, u64),
    epochs_per_second: f64,
    /// Lockstep held this trainer back: it waits for the other side before training on.
    held: bool,
    shared: Shared,
}

impl Trainer {
    /// A trainer on `scene`, or on the default preset (with the reason) if `scene` fails.
    pub fn new(scene: Scene, anchor: PathBuf, shared: Shared) -> Self {
        let mut lane = Lane::empty(anchor.clone(), Arc::clone(&shared.stop));
        // Each side numbers its runs apart, so the window can tell both sides' runs apart.
        lane.set_first_run_id((shared.lockstep.1 as u64) << 40);
        if !lane.load(scene, anchor, None)
            && let Some(preset) = presets::find(presets::DEFAULT_PRESET)
            && let Ok(default) = preset.scene()
        {
            let why = lane.error.take().unwrap_or_default();
            lane.load(default, preset.label(), None);
            lane.error = Some(format!("{why}; showing the default scene instead"));
        }
        Trainer {
            lane,
            playing: false,
            speed: Speed::PerFrame(1),
            view: ViewSettings::default(),
            dirty: true,
            rate_window: (Instant::now(), 0),
            epochs_per_second: 0.0,
            held: false,
            shared,
        }
    }

    /// Runs until the window sends [`Command::Shutdown`] or goes away.
    pub fn run(mut self, inbox: Receiver<Command>) {
        loop {
            // Lowered before the inbox is read, so a command sent after this point raises it
            // again and cuts the next epoch short.
            self.shared.stop.store(false, Ordering::SeqCst);
            // While paused and up to date, sleep until a command arrives.
            let next = if self.playing || self.dirty {
                match inbox.try_recv() {
                    Ok(c) => Some(c),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match inbox.recv_timeout(Duration::from_millis(100)) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            if let Some(command) = next {
                if matches!(command, Command::Shutdown) {
                    return;
                }
                self.obey(command);
                continue;
            }
            if self.playing {
                self.train_for_a_frame();
            }
            self.report_progress();
            if std::mem::take(&mut self.held) && self.playing {
                // Held back by lockstep: wait for the other side to move.
                self.lockstep().wait(Duration::from_millis(2));
            }
            let slot_empty = self.shared.slot.is_empty();
            if self.dirty && slot_empty {
                self.publish();
            } else if self.playing && !slot_empty && self.speed != Speed::Max {
                // The window has not taken the last picture yet: at "max" keep training,
                // otherwise wait briefly for it.
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }

    fn obey(&mut self, command: Command) {
        let failed = match command {
            Command::Play => {
                self.playing = self
                    .session()
                    .is_some_and(|s| s.status() == Status::Running);
                None
            }
            Command::Pause => {
                self.playing = false;
                None
            }
            Command::Step => {
                self.playing = false;
                self.train_epochs(1, false);
                None
            }
            Command::Sync(round) => {
                let (epoch, advancing) = self.progress();
                self.lockstep()
                    .join(self.shared.lockstep.1, round, epoch, advancing);
                None
            }
            Command::Reset => {
                if let Some(mut scene) = self.session().map(|s| s.scene().clone()) {
                    scene.model = None;
                    let anchor = self.lane.anchor.clone();
                    self.restart(scene, anchor, None);
                }
                None
            }
            Command::SetSpeed(speed) => {
                self.speed = speed;
                None
            }
            Command::SetView(view) => {
                self.view = view;
                None
            }
            Command::Edit(edit) => self.edit(edit),
            Command::Load {
                scene,
                anchor,
                reason,
            } => {
                self.restart(*scene, anchor, Some(reason));
                None
            }
            Command::CacheTable { source, table } => {
                self.lane.cache_table(source, *table);
                None
            }
            Command::SetWeight(layer, i, j, value) => {
                self.with_session(|s| s.set_weight(layer, i, j, value))
            }
            Command::SetSlice(column, value) => self.with_session(|s| s.set_slice(column, value)),
            Command::ResetSlice => self.with_session(|s| {
                s.reset_slice();
                Ok(())
            }),
            Command::AddPoint(x, y, label) => self.edit_points(|s| s.add_point(x, y, label)),
            Command::RemoveNearestPoint(x, y) => self.edit_points(|s| s.remove_nearest_point(x, y)),
            Command::PinRun { id, pinned } => self.lane.pin_run(id, pinned),
            Command::RenameRun { id, label } => self.lane.rename_run(id, &label),
            Command::Export {
                format,
                path,
                reply,
            } => {
                let outcome = match self.session() {
                    Some(session) => format.write(session, &path),
                    None => Err("Nothing to export: no scene is loaded.".into()),
                };
                let _ = reply.send(outcome);
                None
            }
            Command::Shutdown => None,
        };
        if failed.is_some() {
            self.lane.error = failed;
        }
        self.dirty = true;
    }

    fn session(&self) -> Option<&Session> {
        self.lane.session.as_ref()
    }

    /// Applies a scene edit to the scene in force: live settings in place, anything else by
    /// restarting on the edited scene (a lesson variant keeps playing if it was).
    fn edit(&mut self, edit: SceneEdit) -> Option<String> {
        let session = self.lane.session.as_mut()?;
        if edit.is_live() {
            return session.apply_live(&edit).err();
        }
        let scene = match session.scene().edited(&edit) {
            Ok(scene) => scene,
            Err(message) => return Some(message),
        };
        let (anchor, reason) = match &edit {
            SceneEdit::Csv {
                source: CsvSource { path, .. },
                ..
            }
            | SceneEdit::Root {
                source: RootSource { path, .. },
                ..
            } => (path.clone(), format!("Data from {} loaded", path.display())),
            SceneEdit::Variant(index) => (
                self.lane.anchor.clone(),
                format!(
                    "\"{}\": training restarted",
                    session.scene().lesson.variants[*index].label
                ),
            ),
            _ => (
                self.lane.anchor.clone(),
                format!("{} changed: training restarted", edit.subject()),
            ),
        };
        let keep_playing = self.playing && matches!(edit, SceneEdit::Variant(_));
        self.restart(scene, anchor, Some(reason));
        self.playing = keep_playing && self.lane.error.is_none();
        None
    }

    /// Restarts on `scene`, paused; a scene that fails leaves the current session running.
    fn restart(&mut self, scene: Scene, anchor: PathBuf, reason: Option<String>) {
        self.lane.load(scene, anchor, reason);
        self.playing = false;
    }

    fn with_session(
        &mut self,
        change: impl FnOnce(&mut Session) -> Result<(), String>,
    ) -> Option<String> {
        self.lane.session.as_mut().and_then(|s| change(s).err())
    }

    fn edit_points(
        &mut self,
        edit: impl FnOnce(&mut Session) -> Result<(), String>,
    ) -> Option<String> {
        let failed = self.with_session(edit);
        self.lane.refresh_data_views();
        failed
    }

    fn lockstep(&self) -> &Lockstep {
        &self.shared.lockstep.0
    }

    /// Epochs done, and whether this trainer trains on by itself (playing and running).
    fn progress(&self) -> (u64, bool) {
        self.session().map_or((0, false), |s| {
            (s.epoch(), self.playing && s.status() == Status::Running)
        })
    }

    /// Tells the side beside this one how far this one is and whether it trains on.
    fn report_progress(&self) {
        let (epoch, advancing) = self.progress();
        self.lockstep()
            .report(self.shared.lockstep.1, epoch, advancing);
    }

    /// Trains up to `n` epochs; `gated`, it stops where lockstep asks it to wait.
    fn train_epochs(&mut self, n: u64, gated: bool) {
        let (gate, side) = (Arc::clone(&self.shared.lockstep.0), self.shared.lockstep.1);
        let playing = self.playing;
        let Some(session) = self.lane.session.as_mut() else {
            return;
        };
        let start = Instant::now();
        for _ in 0..n {
            if gated && !gate.may_advance(side, session.epoch()) {
                self.held = true;
                break;
            }
            let status = session.train_epoch();
            // As `progress` says: a Step while paused does not train on by itself.
            gate.report(side, session.epoch(), playing && status == Status::Running);
            if status != Status::Running {
                self.playing = false;
                break;
            }
            if self.shared.stop.load(Ordering::SeqCst) {
                break; // a command is waiting
            }
        }
        self.lane.training_seconds += start.elapsed().as_secs_f64();
        self.dirty = true;
    }

    fn train_for_a_frame(&mut self) {
        match self.speed {
            Speed::PerFrame(n) => {
                if self.shared.slot.is_empty() {
                    self.train_epochs(n as u64, true);
                }
            }
            Speed::Max => {
                let start = Instant::now();
                while start.elapsed() < MAX_SLICE
                    && self.playing
                    && !self.held
                    && !self.shared.stop.load(Ordering::SeqCst)
                {
                    self.train_epochs(1, true);
                }
            }
        }
    }

    fn publish(&mut self) {
        if let Some(epoch) = self.session().map(Session::epoch) {
            let elapsed = self.rate_window.0.elapsed();
            if elapsed > Duration::from_millis(500) {
                let epochs = epoch.saturating_sub(self.rate_window.1);
                self.epochs_per_second = epochs as f64 / elapsed.as_secs_f64();
                self.rate_window = (Instant::now(), epoch);
            }
        }
        let rate = if self.playing {
            self.epochs_per_second
        } else {
            0.0
        };
        // Without a session nothing is drawn; the repaint still lets the window notice.
        if let Some(snapshot) = self
            .lane
            .snapshot(&self.view, (self.playing, self.speed), rate)
            && let Ok(mut slot) = self.shared.slot.newest.lock()
        {
            *slot = Some(Arc::new(snapshot));
        }
        self.dirty = false;
        (self.shared.repaint)();
    }
}

impl Drop for Trainer {
    /// A trainer that ends holds the other side back no longer.
    fn drop(&mut self) {
        self.lockstep().leave(self.shared.lockstep.1);
    }
}
