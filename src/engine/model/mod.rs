//! The models a session trains, behind one interface: advance one step, predict a batch,
//! describe itself for drawing and saving: a dense network ([`NetworkModel`], an epoch per
//! step) or a tree model ([`TreeModel`], a tree or a tree level per step).

mod descent_path;
mod network;
mod trees;

pub use descent_path::DescentPath;
pub use network::{NetworkModel, training_threads};
pub use trees::TreeModel;

use crate::engine::data::{Generator, Splits, ValueSlice};
use crate::engine::nn::{Loss, Network};
use crate::engine::rng::Rng;
use crate::engine::scene::TrainingSection;
use std::sync::atomic::AtomicBool;

/// What one training step reads: the data and the settings in force.
pub struct StepData<'a> {
    /// The splits (the step trains on the training split).
    pub splits: &'a Splits,
    /// The generator, for streaming (a fresh batch every step).
    pub generator: Option<&'a Generator>,
    /// Draw a fresh batch instead of a pass over the training split.
    pub streaming: bool,
    /// Batch size, dropout, optimiser and the TF-Playground mode.
    pub training: &'a TrainingSection,
    /// The loss minimised.
    pub loss: Loss,
    /// The session's random numbers (shuffling, dropout, streaming).
    pub rng: &'a mut Rng,
    /// When set, the step stops after its current batch and resumes there next time.
    pub stop: Option<&'a AtomicBool>,
}

/// How a step ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepEnd {
    /// The step is complete; `finite` is false when a parameter became non-finite.
    Done {
        /// Whether every parameter is still a finite number.
        finite: bool,
    },
    /// The stop flag cut the step short; the next call continues it where it stopped.
    Interrupted,
    /// Nothing is left to train (every tree grown, or no leaf can be split); no step was made.
    Complete,
}

/// A model as the window draws it and a scene file saves it.
pub enum ModelView<'a> {
    /// A dense network: its layers and weights.
    Network(&'a Network),
    /// A tree model: its trees.
    Trees(&'a crate::engine::trees::Ensemble),
}

/// One kind of trainable model.
pub trait Model: Send {
    /// Advances training by one step (for a network: an epoch of updates, or one update when
    /// streaming), or by part of one when the stop flag is raised.
    fn train_step(&mut self, data: StepData<'_>) -> StepEnd;

    /// Updates made so far over the whole run.
    fn updates(&self) -> u64;

    /// The outputs for `rows` rows of model inputs (row-major), in chunks: `visit(first_row,
    /// outputs)` is called with `rows_in_chunk x outputs` values each time.
    fn predict_batch(
        &mut self,
        inputs: ValueSlice<'_>,
        rows: usize,
        visit: &mut dyn FnMut(usize, &[f64]),
    );

    /// The model for drawing and saving.
    fn describe(&self) -> ModelView<'_>;

    /// Remembers the current parameters as the best so far (early stopping).
    fn keep_best(&mut self);

    /// Puts the remembered best parameters back.
    fn restore_best(&mut self);

    /// The training split now has `train_rows` rows (points added or removed): forget what
    /// depended on the old rows.
    fn rows_changed(&mut self, train_rows: usize);

    /// Adapts to live changes of the training settings (batch size, optimiser).
    fn settings_changed(&mut self, before: &TrainingSection, after: &TrainingSection);
}
