//! What the window asks of the trainer.

use crate::engine::data::csv_table::CsvTable;
use crate::engine::export::ExportFormat;
use crate::engine::scene::{CsvSource, Scene, SceneEdit};
use crate::worker::ViewSettings;
use std::path::PathBuf;
use std::sync::mpsc::Sender;

/// How fast training runs while playing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Speed {
    /// This many epochs per displayed frame.
    PerFrame(u32),
    /// As many epochs as the trainer manages; the pictures follow every frame.
    Max,
}

/// One request from the window; the trainer obeys them in order, before its next snapshot.
#[derive(Clone, Debug)]
pub enum Command {
    /// Start training.
    Play,
    /// Stop training.
    Pause,
    /// Train exactly one epoch.
    Step,
    /// Rebuild the session from its scene: fresh weights, epoch 0.
    Reset,
    /// Change the speed.
    SetSpeed(Speed),
    /// Change how the maps are drawn.
    SetView(ViewSettings),
    /// Change the scene in force: live settings apply at once, anything else restarts training
    /// on the edited scene. A change the scene refuses is reported and changes nothing.
    Edit(SceneEdit),
    /// Replace the scene (a preset or a file): the session restarts and `reason` is shown.
    Load {
        /// The new scene.
        scene: Box<Scene>,
        /// The file that anchors its relative paths.
        anchor: PathBuf,
        /// Why it restarts, for the notice.
        reason: String,
    },
    /// Keep a CSV table read elsewhere, so scenes with this CSV source start without reading
    /// the file again.
    CacheTable {
        /// The CSV source, its path absolute.
        source: CsvSource,
        /// The table read from it.
        table: Box<CsvTable>,
    },
    /// Add a training point at (x, y) with this class or target.
    AddPoint(f64, f64, f64),
    /// Remove the training point nearest to (x, y).
    RemoveNearestPoint(f64, f64),
    /// Fix a column beyond the first two at a value for the maps.
    SetSlice(usize, f64),
    /// Put every slice value back at its training median.
    ResetSlice,
    /// Set one weight (layer, input, neuron) to a typed value.
    SetWeight(usize, usize, usize, f64),
    /// Pin (keep for good) or unpin a past run.
    PinRun {
        /// The run's id.
        id: u64,
        /// Pinned or not.
        pinned: bool,
    },
    /// Rename a run (past or current).
    RenameRun {
        /// The run's id.
        id: u64,
        /// Its new label.
        label: String,
    },
    /// This trainer has reached the mark of lockstep round N (sent after commands that
    /// restart both sides, see `Lockstep::begin`).
    Sync(u64),
    /// Write the trained model to a file; the outcome (what was written, or why not) is sent
    /// back on `reply`.
    Export {
        /// What to write.
        format: ExportFormat,
        /// Where.
        path: PathBuf,
        /// Where the outcome goes.
        reply: Sender<Result<String, String>>,
    },
    /// End the thread.
    Shutdown,
}

impl Command {
    /// Whether the command should cut the epoch in progress short instead of waiting for it.
    pub fn cannot_wait(&self) -> bool {
        match self {
            Command::Pause
            | Command::Reset
            | Command::Load { .. }
            | Command::AddPoint(..)
            | Command::RemoveNearestPoint(..)
            | Command::Shutdown => true,
            Command::Edit(edit) => !edit.is_live(),
            _ => false,
        }
    }
}
