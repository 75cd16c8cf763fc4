//! What the trainer publishes for the window: everything one frame draws, already prepared.

use crate::engine::boundary::Region;
use crate::engine::data::Task;
use crate::engine::figures::{DataFigures, ModelFigures};
use crate::engine::nn::Network;
use crate::engine::scene::Scene;
use crate::engine::train::{EpochRecord, Status};
use crate::engine::trees::Ensemble;
use egui::ColorImage;
use std::sync::Arc;

/// One data point as drawn: raw position (first two columns) and class or target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// First column.
    pub x: f64,
    /// Second column (0 for 1-D data).
    pub y: f64,
    /// Class index (classification) or target (regression).
    pub label: f64,
}

/// The points of the current dataset, shared between snapshots until the data changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Points {
    /// Training points.
    pub train: Vec<Point>,
    /// Test points.
    pub test: Vec<Point>,
    /// Smallest and largest regression target (for the colour scale).
    pub label_range: (f64, f64),
}

/// The model of a snapshot.
#[derive(Clone, Debug)]
pub enum SnapshotModel {
    /// A network and its current weights.
    Network(Network),
    /// A tree model's trees (shared with the trainer until it grows another).
    Trees(Arc<Ensemble>),
}

/// The state of training at one moment, as the window shows it.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Increases whenever the session is rebuilt (reset, new data, new network).
    pub generation: u64,
    /// Epochs completed.
    pub epoch: u64,
    /// Running, diverged or stopped early.
    pub status: Status,
    /// Whether training is playing.
    pub playing: bool,
    /// How fast it plays.
    pub speed: super::Speed,
    /// The scene in force, with live changes.
    pub scene: Arc<Scene>,
    /// The file that anchors the scene's relative paths.
    pub anchor: Arc<std::path::PathBuf>,
    /// The learning curves.
    pub records: Arc<Vec<EpochRecord>>,
    /// The current weights or trees.
    pub model: SnapshotModel,
    /// Per model input, the (mean, standard deviation) that turn a standardised value back
    /// into the feature's units ((0, 1) without standardisation).
    pub input_units: Arc<Vec<(f64, f64)>>,
    /// The input-plane region of the maps.
    pub region: Region,
    /// Classification or regression, and how many inputs the data has.
    pub task: Task,
    /// Number of raw data columns (1 for 1-D problems).
    pub columns: usize,
    /// Names of the raw data columns; the maps show the first two.
    pub column_names: Arc<Vec<String>>,
    /// The output map (or the focused neuron's) as an image.
    pub output_image: Arc<ColorImage>,
    /// The output along x for 1-D problems: (x, prediction) pairs.
    pub curve: Arc<Vec<[f64; 2]>>,
    /// Per layer, per neuron: its small picture.
    pub neuron_images: Arc<Vec<Vec<ColorImage>>>,
    /// The data points.
    pub points: Arc<Points>,
    /// The loss landscape of a straight-line model.
    pub landscape: Option<Arc<super::pictures::LandscapeView>>,
    /// A straight-line model's (m, b) after each step so far (thinned when long).
    pub descent_path: Arc<Vec<[f64; 2]>>,
    /// The chart figures of the data alone (cut ROCs, feature histograms).
    pub data_figures: Arc<DataFigures>,
    /// The chart figures of the model now (ROC, scores, confusion).
    pub model_figures: Arc<ModelFigures>,
    /// Where the maps slice through columns beyond the first two (per raw column).
    pub slice: Arc<Vec<f64>>,
    /// What loading the data changed (missing values replaced, ...).
    pub data_notes: Arc<Vec<String>>,
    /// What the per-epoch figures are computed on when a split is too large to score whole
    /// every epoch (see [`crate::engine::train::FIGURE_ROWS`]).
    pub figure_sample_note: Option<String>,
    /// "Finding pi": 4 x the share of validation points the network calls inside the circle.
    pub pi_estimate: Option<f64>,
    /// Training speed over the last half second.
    pub epochs_per_second: f64,
    /// The past runs kept, oldest first.
    pub runs: Arc<Vec<crate::engine::runs::Run>>,
    /// The current run's id (past runs have smaller ones).
    pub run_id: u64,
    /// What sets the current run apart from the one before it.
    pub run_label: String,
    /// Seconds the current run has trained.
    pub training_seconds: f64,
    /// A note for the user, e.g. why training restarted.
    pub notice: Option<String>,
    /// The last command that failed, and why.
    pub error: Option<String>,
}

impl Snapshot {
    /// The network, when the model is one.
    pub fn network(&self) -> Option<&Network> {
        match &self.model {
            SnapshotModel::Network(n) => Some(n),
            SnapshotModel::Trees(_) => None,
        }
    }

    /// The trees, when the model is a tree model.
    pub fn ensemble(&self) -> Option<&Ensemble> {
        match &self.model {
            SnapshotModel::Trees(e) => Some(e),
            SnapshotModel::Network(_) => None,
        }
    }

    /// What one training step is called on chart axes: an epoch, a tree, or a tree level.
    pub fn step_name(&self) -> &'static str {
        match self.scene.trees.as_ref().map(|t| t.kind) {
            None => "epoch",
            Some(crate::engine::scene::TreeKind::Tree) => "tree depth",
            Some(_) => "trees",
        }
    }

    /// The scene with the shown weights or trees and epoch, ready to save.
    pub fn scene_with_model(&self) -> Result<Scene, String> {
        match &self.model {
            SnapshotModel::Network(n) => self.scene.with_weights(n, self.epoch),
            SnapshotModel::Trees(e) => Ok(self.scene.with_ensemble(e, self.epoch)),
        }
    }
}
