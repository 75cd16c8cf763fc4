//! A training session: owns the data, the model (a network with its optimiser) and the history of one scene,
//! and advances epoch by epoch. The window's worker thread and the command line both drive it.
//! Training steps live in `epoch`, evaluation in `evaluation`.

mod build;
mod epoch;
mod evaluation;
mod points;

pub use build::{csv_spec, root_spec};
pub use evaluation::{FIGURE_ROWS, SampledRows, predicted_class};

use super::history::History;
use crate::engine::data::{Generator, Split, Splits, Table, Task};
use crate::engine::model::{Model, ModelView, NetworkModel, TreeModel};
use crate::engine::nn::{Loss, Network};
use crate::engine::rng::Rng;
use crate::engine::scene::{Scene, SceneEdit};
use crate::engine::trees::Ensemble;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use thiserror::Error;

/// Most classes a classifier may have (one output neuron each).
pub const MAX_CLASSES: usize = 64;

/// A scene that loads but cannot become a session.
#[derive(Debug, Error)]
pub enum SessionError {
    /// A setting that does not fit the data (the field and why).
    #[error("{field}: {message}")]
    Setting {
        /// Dotted scene field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The CSV data source could not be read.
    #[error("{}: {message}", path.display())]
    Data {
        /// The CSV file.
        path: PathBuf,
        /// What is wrong, with row and column.
        message: String,
    },
}

fn setting(field: &'static str, message: impl Into<String>) -> SessionError {
    SessionError::Setting {
        field,
        message: message.into(),
    }
}

/// Where training stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    /// Ready to train further.
    Running,
    /// A step produced a non-finite number, or the training loss grew a millionfold over its
    /// first epoch's value; training stopped.
    Diverged {
        /// The epoch during which it happened (1-based).
        epoch: u64,
        /// The update step (1-based, counted over the whole run).
        step: u64,
        /// The learning rate in force.
        learning_rate: f64,
    },
    /// Nothing is left to train: every tree is grown, or no leaf of a single tree can be
    /// split further.
    Complete {
        /// The last epoch (tree or level) trained.
        epoch: u64,
    },
    /// Early stopping ended training.
    Stopped {
        /// The last epoch trained.
        epoch: u64,
        /// The epoch with the lowest validation loss.
        best_epoch: u64,
        /// Whether the best epoch's weights were put back.
        restored: bool,
    },
}

/// Loss, accuracy and the sums behind R^2 for one split.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SplitFigures {
    /// Mean loss.
    pub loss: f64,
    /// Fraction classified correctly (classification only).
    pub accuracy: Option<f64>,
    /// Coefficient of determination (regression only).
    pub r2: Option<f64>,
}

/// Which split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// Training rows.
    Train,
    /// Validation rows.
    Validation,
    /// Test rows.
    Test,
}

struct EarlyStopState {
    patience: usize,
    restore_best: bool,
    best_loss: f64,
    best_epoch: u64,
    waited: usize,
}

/// The model a session trains.
pub(super) enum SessionModel {
    /// A dense network.
    Network(NetworkModel),
    /// A tree, forest or boosted ensemble.
    Trees(TreeModel),
}

impl SessionModel {
    /// The model behind the common interface.
    pub(super) fn get(&mut self) -> &mut dyn Model {
        match self {
            SessionModel::Network(m) => m,
            SessionModel::Trees(m) => m,
        }
    }

    fn view(&self) -> ModelView<'_> {
        match self {
            SessionModel::Network(m) => m.describe(),
            SessionModel::Trees(m) => m.describe(),
        }
    }
}

/// Everything one training run owns.
pub struct Session {
    scene: Scene,
    generator: Option<Generator>,
    table: Table,
    splits: Splits,
    slice: Vec<f64>,
    task: Task,
    loss: Loss,
    model: SessionModel,
    scores: Vec<f64>,
    positives: Vec<bool>,
    auc_scratch: Vec<(f64, bool)>,
    /// Evenly spread samples of the splits larger than the per-epoch figures read (train,
    /// validation, test), taken on first use and dropped whenever the splits are rebuilt.
    figure_samples: [Option<Split>; 3],
    rng: Rng,
    epoch: u64,
    history: History,
    first_train_loss: Option<f64>,
    data_notes: Vec<String>,
    status: Status,
    early: Option<EarlyStopState>,
    full_metrics: bool,
    stop: Option<Arc<AtomicBool>>,
}

impl Session {
    /// The scene in force: the one it was built from with every live change applied (learning
    /// rate, batch size, penalty, dropout, optimiser), without trained weights.
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The scene with the current weights (or trees) and epoch, ready to save.
    pub fn scene_with_weights(&self) -> Result<Scene, String> {
        match self.model.view() {
            ModelView::Network(network) => self.scene.with_weights(network, self.epoch),
            ModelView::Trees(ensemble) => Ok(self.scene.with_ensemble(ensemble, self.epoch)),
        }
    }

    /// What loading the data changed, e.g. missing values replaced by a column mean.
    pub fn data_notes(&self) -> &[String] {
        &self.data_notes
    }

    /// For a straight-line model: its (m, b) at the start and after each update (thinned).
    pub fn descent_path(&self) -> Option<&[[f64; 2]]> {
        match &self.model {
            SessionModel::Network(m) => m.descent_path(),
            SessionModel::Trees(_) => None,
        }
    }

    /// The model as it is now, for drawing and saving.
    pub fn model(&self) -> ModelView<'_> {
        self.model.view()
    }

    /// The network as it is now (`None` for a tree model).
    pub fn network(&self) -> Option<&Network> {
        match self.model.view() {
            ModelView::Network(network) => Some(network),
            ModelView::Trees(_) => None,
        }
    }

    /// The trees as they are now (`None` for a network).
    pub fn ensemble(&self) -> Option<&Ensemble> {
        match self.model.view() {
            ModelView::Trees(ensemble) => Some(ensemble),
            ModelView::Network(_) => None,
        }
    }

    /// Replaces one weight (`layer`, input `i`, neuron `j`), as a click-to-edit does.
    pub fn set_weight(
        &mut self,
        layer: usize,
        i: usize,
        j: usize,
        value: f64,
    ) -> Result<(), String> {
        match &mut self.model {
            SessionModel::Network(m) => m.set_weight(layer, i, j, value),
            SessionModel::Trees(_) => Err("a tree model has no weights to edit".into()),
        }
    }

    /// The data splits.
    pub fn splits(&self) -> &Splits {
        &self.splits
    }

    /// The dataset's raw column names (before feature maps).
    pub fn columns(&self) -> &[String] {
        &self.table.columns
    }

    /// Where maps slice through the columns beyond the first two: each column's median over the
    /// training rows unless set with [`Session::set_slice`] (the first two entries are unused).
    pub fn slice(&self) -> &[f64] {
        &self.slice
    }

    /// Fixes column `column` at `value` for the maps (a column beyond the first two).
    pub fn set_slice(&mut self, column: usize, value: f64) -> Result<(), String> {
        let name = self.table.columns.get(column).cloned().unwrap_or_default();
        if column < 2 || column >= self.slice.len() {
            return Err(format!("column {column} is not sliced: the maps show it"));
        }
        if !value.is_finite() {
            return Err(format!("the slice value of {name} must be a finite number"));
        }
        self.slice[column] = value;
        Ok(())
    }

    /// Puts every slice value back at its training median.
    pub fn reset_slice(&mut self) {
        self.slice = build::training_medians(&self.table, self.splits.train.rows());
    }

    /// Every sample, in split order (training rows first, then validation, then test).
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The built-in generator, if the data is generated.
    pub fn generator(&self) -> Option<&Generator> {
        self.generator.as_ref()
    }

    /// Classification or regression.
    pub fn task(&self) -> Task {
        self.task
    }

    /// The loss being minimised.
    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// Epochs completed (including those of loaded weights).
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Where training stands.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The learning curves.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// A flag that, once raised, makes [`Session::train_epoch`] stop between two batches (the
    /// epoch resumes at the next call); the window raises it to pause, reset or close at once.
    pub fn set_stop_flag(&mut self, flag: Arc<AtomicBool>) {
        self.stop = Some(flag);
    }

    /// Whether every epoch also computes the test AUC (on by default; benchmarks turn it off).
    pub fn set_full_metrics(&mut self, on: bool) {
        self.full_metrics = on;
    }

    /// Applies a live change (learning rate, batch size, penalty, dropout, optimiser) from
    /// the next step on. The session's scene is the one record of these settings; the update
    /// rule is derived from it at every step. A change out of range leaves everything as it was.
    pub fn apply_live(&mut self, edit: &SceneEdit) -> Result<(), String> {
        if !edit.is_live() {
            return Err(format!("{} changes need a restart", edit.subject()));
        }
        let scene = self.scene.edited(edit)?;
        self.model
            .get()
            .settings_changed(&self.scene.training, &scene.training);
        self.scene = scene;
        if build::double_inputs(&self.scene) != self.splits.train.inputs.is_double() {
            // A switch of precision or of compatible mode: the inputs again from the table,
            // so a compatible run reads exactly the values TF Playground does.
            self.resplit(self.splits.train.rows());
        }
        Ok(())
    }
}
