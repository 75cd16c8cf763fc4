//! A training session: owns the data, the network, the optimiser and the history of one scene,
//! and advances epoch by epoch. The window's worker thread and the command line both drive it.

use super::history::{EpochRecord, History};
use super::optimizer::{Optimizer, UpdateRule};
use crate::data::csv_table::{CsvSpec, load_table};
use crate::data::splits::TargetCoding;
use crate::data::{Feature, Generator, Split, Splits, Table, Task};
use crate::metrics::{auc_with, r_squared};
use crate::nn::{Activation, Dropout, Gradients, Loss, Network, Workspace, backward, forward};
use crate::rng::Rng;
use crate::scene::model_file::network_from_layers;
use crate::scene::{ModelFile, OptimizerKind, Regularization, Scene};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Most classes a classifier may have (one output neuron each).
pub const MAX_CLASSES: usize = 64;

/// Rows per chunk when evaluating whole splits.
const EVAL_CHUNK: usize = 256;

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
    /// A step produced a non-finite number; training stopped.
    Diverged {
        /// The epoch during which it happened (1-based).
        epoch: u64,
        /// The update step (1-based, counted over the whole run).
        step: u64,
        /// The learning rate in force.
        learning_rate: f64,
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
    best_network: Network,
    waited: usize,
}

/// Everything one training run owns.
pub struct Session {
    scene: Scene,
    generator: Option<Generator>,
    table: Table,
    splits: Splits,
    task: Task,
    loss: Loss,
    network: Network,
    initial_epoch: u64,
    optimizer: Optimizer,
    rule: UpdateRule,
    batch_size: usize,
    dropout: f64,
    train_workspace: Workspace,
    eval_workspace: Workspace,
    gradients: Gradients,
    order: Vec<usize>,
    batch_inputs: Vec<f64>,
    batch_targets: Vec<f64>,
    stream_table: Table,
    scores: Vec<f64>,
    positives: Vec<bool>,
    auc_scratch: Vec<(f64, bool)>,
    rng: Rng,
    epoch: u64,
    steps: u64,
    history: History,
    status: Status,
    early: Option<EarlyStopState>,
    full_metrics: bool,
}

impl Session {
    /// Builds a session from a scene; `scene_file` anchors relative paths (CSV, model JSON).
    pub fn new(scene: &Scene, scene_file: &Path) -> Result<Session, SessionError> {
        scene
            .check()
            .map_err(|(field, message)| SessionError::Setting { field, message })?;
        let mut rng = Rng::new(scene.seed);
        let d = &scene.data;
        let (generator, table) = match (&d.dataset, &d.csv) {
            (Some(kind), _) => {
                let mut g = Generator::new(*kind, d.noise);
                g.slope = d.slope.unwrap_or(g.slope);
                g.intercept = d.intercept.unwrap_or(g.intercept);
                g.grid = d.grid;
                let n = d
                    .samples
                    .unwrap_or_else(|| Generator::default_samples(*kind));
                let table = g.generate(n, &mut rng);
                (Some(g), table)
            }
            (None, Some(csv)) => {
                let path = Scene::resolve(scene_file, &csv.path);
                let spec = CsvSpec {
                    label: csv.label.clone(),
                    columns: Vec::new(),
                    classification: csv.classification,
                };
                let table = load_table(&path, &spec).map_err(|e| SessionError::Data {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
                (None, table)
            }
            (None, None) => return Err(setting("data.dataset", "no data source")),
        };
        Self::with_table(scene, scene_file, generator, table, rng)
    }

    fn with_table(
        scene: &Scene,
        scene_file: &Path,
        generator: Option<Generator>,
        table: Table,
        mut rng: Rng,
    ) -> Result<Session, SessionError> {
        let d = &scene.data;
        let t = &scene.training;
        let task = table.task;
        let features = d
            .features
            .iter()
            .map(|f| Feature::parse(f, &table.columns))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|m| setting("data.features", m))?;
        let (coding, output_activation) = match task {
            Task::Regression => {
                if matches!(t.loss, Loss::Bce | Loss::SoftmaxCe) {
                    return Err(setting(
                        "training.loss",
                        format!(
                            "{} needs class labels; this dataset is a regression problem",
                            t.loss.name()
                        ),
                    ));
                }
                (
                    TargetCoding::Value,
                    scene
                        .network
                        .output_activation
                        .unwrap_or(Activation::Linear),
                )
            }
            Task::Classification { classes } if classes > MAX_CLASSES => {
                return Err(setting(
                    "data",
                    format!("{classes} classes; at most {MAX_CLASSES} are supported"),
                ));
            }
            Task::Classification { classes } => {
                let output = scene
                    .network
                    .output_activation
                    .unwrap_or(t.loss.classification_output());
                if t.loss == Loss::SoftmaxCe {
                    (TargetCoding::OneHot { classes }, output)
                } else if classes == 2 {
                    let (negative, positive) = t.loss.binary_targets(output);
                    (TargetCoding::Binary { negative, positive }, output)
                } else {
                    return Err(setting(
                        "training.loss",
                        format!("{classes} classes need loss = \"softmax-ce\""),
                    ));
                }
            }
        };
        if t.loss == Loss::Bce && output_activation != Activation::Linear {
            return Err(setting(
                "network.output_activation",
                "bce works on logits: the output activation must be linear",
            ));
        }
        let splits = Splits::new(
            &table,
            features,
            d.train_fraction,
            d.validation_fraction,
            d.standardise,
            coding,
        );
        if splits.train.rows() == 0 {
            return Err(setting(
                "data.train_fraction",
                format!(
                    "no training rows: {} samples x train fraction {}",
                    table.rows(),
                    d.train_fraction
                ),
            ));
        }
        let mut sizes = scene.network.hidden.clone();
        sizes.push(coding.outputs());
        let mut activations = scene.hidden_activations();
        activations.push(output_activation);
        let (network, initial_epoch) = match &scene.model {
            Some(model) => {
                let layers = match &model.path {
                    Some(p) => {
                        let path = Scene::resolve(scene_file, p);
                        let text = std::fs::read_to_string(&path).map_err(|e| {
                            setting("model.path", format!("cannot read {}: {e}", path.display()))
                        })?;
                        let file: ModelFile = serde_json::from_str(&text).map_err(|e| {
                            setting("model.path", format!("{}: {e}", path.display()))
                        })?;
                        file.layers
                    }
                    None => model.layers.clone(),
                };
                let net = network_from_layers(splits.width(), &layers)
                    .map_err(|m| setting("model", m))?;
                if net.outputs() != coding.outputs() {
                    return Err(setting(
                        "model",
                        format!(
                            "the model has {} outputs; the data needs {}",
                            net.outputs(),
                            coding.outputs()
                        ),
                    ));
                }
                (net, model.epoch)
            }
            None => (
                Network::new(
                    splits.width(),
                    &sizes,
                    &activations,
                    scene.network.init,
                    &mut rng,
                ),
                0,
            ),
        };
        let batch_size = t.batch_size;
        let early = t.early_stopping.map(|e| EarlyStopState {
            patience: e.patience,
            restore_best: e.restore_best,
            best_loss: f64::INFINITY,
            best_epoch: initial_epoch,
            best_network: network.clone(),
            waited: 0,
        });
        let width = splits.width();
        let outputs = coding.outputs();
        let train_rows = splits.train.rows();
        let stream_table = generator
            .map(|g| g.empty_table())
            .unwrap_or_else(|| Table::new(&[], task));
        let largest_split = splits
            .train
            .rows()
            .max(splits.validation.rows())
            .max(splits.test.rows());
        Ok(Session {
            rule: UpdateRule {
                kind: t.optimizer,
                learning_rate: t.learning_rate,
                momentum: t.momentum,
                regularization: t.regularization,
                regularization_rate: t.regularization_rate,
                playground: t.playground_compatible,
            },
            dropout: t.dropout,
            optimizer: Optimizer::new(&network),
            train_workspace: Workspace::new(&network, batch_size),
            eval_workspace: Workspace::new(&network, EVAL_CHUNK),
            gradients: Gradients::zeros_like(&network),
            order: (0..train_rows).collect(),
            batch_inputs: vec![0.0; batch_size * width],
            batch_targets: vec![0.0; batch_size * outputs],
            stream_table,
            scores: Vec::with_capacity(largest_split),
            positives: Vec::with_capacity(largest_split),
            auc_scratch: Vec::with_capacity(largest_split),
            scene: scene.clone(),
            generator,
            table,
            task,
            loss: t.loss,
            splits,
            network,
            initial_epoch,
            batch_size,
            rng,
            epoch: initial_epoch,
            steps: 0,
            history: History::default(),
            status: Status::Running,
            early,
            full_metrics: true,
        })
    }

    /// The scene this session was built from, with any live changes of learning rate, batch
    /// size or regularisation, and without trained weights.
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The scene with the current weights and epoch, ready to save.
    pub fn scene_with_weights(&self) -> Scene {
        let mut scene = self.scene.clone();
        scene.model = Some(crate::scene::ModelSection {
            epoch: self.epoch,
            path: None,
            layers: crate::scene::model_file::layers_of(&self.network),
        });
        scene
    }

    /// The network as it is now.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Replaces one weight (`layer`, input `i`, neuron `j`), as a click-to-edit does.
    pub fn set_weight(
        &mut self,
        layer: usize,
        i: usize,
        j: usize,
        value: f64,
    ) -> Result<(), String> {
        let l = self.network.layers.get_mut(layer).ok_or("no such layer")?;
        if i >= l.inputs || j >= l.outputs || !value.is_finite() {
            return Err(format!(
                "no weight ({i}, {j}) in layer {layer}, or {value} is not finite"
            ));
        }
        l.weights[i * l.outputs + j] = value;
        Ok(())
    }

    /// The data splits.
    pub fn splits(&self) -> &Splits {
        &self.splits
    }

    /// The dataset's raw column names (before feature maps).
    pub fn columns(&self) -> &[String] {
        &self.table.columns
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

    /// Update steps taken in this session.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Where training stands.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The learning curves.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether every epoch also computes the test AUC (on by default; benchmarks turn it off).
    pub fn set_full_metrics(&mut self, on: bool) {
        self.full_metrics = on;
    }

    /// Changes the learning rate from the next step on.
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), String> {
        crate::scene::bounds::LEARNING_RATE.check(learning_rate)?;
        self.rule.learning_rate = learning_rate;
        self.scene.training.learning_rate = learning_rate;
        Ok(())
    }

    /// Changes the batch size from the next epoch on.
    pub fn set_batch_size(&mut self, batch_size: usize) -> Result<(), String> {
        crate::scene::bounds::BATCH_SIZE.check(batch_size as f64)?;
        self.batch_size = batch_size;
        self.scene.training.batch_size = batch_size;
        self.train_workspace = Workspace::new(&self.network, batch_size);
        self.batch_inputs
            .resize(batch_size * self.splits.width(), 0.0);
        self.batch_targets
            .resize(batch_size * self.splits.coding.outputs(), 0.0);
        Ok(())
    }

    /// Changes the weight penalty from the next step on.
    pub fn set_regularization(&mut self, kind: Regularization, rate: f64) -> Result<(), String> {
        crate::scene::bounds::REGULARIZATION_RATE.check(rate)?;
        self.rule.regularization = kind;
        self.rule.regularization_rate = rate;
        self.scene.training.regularization = kind;
        self.scene.training.regularization_rate = rate;
        Ok(())
    }

    /// Changes the dropout probability from the next step on.
    pub fn set_dropout(&mut self, rate: f64) -> Result<(), String> {
        crate::scene::bounds::DROPOUT.check(rate)?;
        if self.rule.playground && rate > 0.0 {
            return Err("TF Playground's mode has no dropout".into());
        }
        self.dropout = rate;
        self.scene.training.dropout = rate;
        Ok(())
    }

    /// Changes the optimiser from the next step on (keeping its state when the kind is unchanged).
    pub fn set_optimizer(&mut self, kind: OptimizerKind) -> Result<(), String> {
        if self.rule.playground && kind != OptimizerKind::Sgd {
            return Err("TF Playground's mode trains with plain SGD".into());
        }
        if kind != self.rule.kind {
            self.optimizer = Optimizer::new(&self.network);
        }
        self.rule.kind = kind;
        self.scene.training.optimizer = kind;
        Ok(())
    }

    /// Trains one epoch (one update in streaming mode), then records the losses. Does nothing
    /// once training has diverged or stopped early.
    pub fn train_epoch(&mut self) -> Status {
        if self.status != Status::Running {
            return self.status;
        }
        let finite = if self.scene.data.streaming {
            self.train_streaming_step()
        } else if self.rule.playground {
            self.train_playground_epoch()
        } else {
            self.train_shuffled_epoch()
        };
        self.epoch += 1;
        if !finite {
            self.status = Status::Diverged {
                epoch: self.epoch,
                step: self.steps,
                learning_rate: self.rule.learning_rate,
            };
            return self.status;
        }
        let record = self.evaluate_epoch();
        let losses = [
            Some(record.train_loss),
            record.validation_loss,
            record.test_loss,
        ];
        if losses.iter().flatten().any(|l| !l.is_finite()) {
            self.status = Status::Diverged {
                epoch: self.epoch,
                step: self.steps,
                learning_rate: self.rule.learning_rate,
            };
            return self.status;
        }
        self.history.push(record);
        self.watch_early_stopping(&record);
        self.status
    }

    /// TF Playground's epoch: samples in fixed order, an update after every `batch_size`-th
    /// sample of the epoch; leftover gradients carry into the next epoch as they do there.
    fn train_playground_epoch(&mut self) -> bool {
        let rows = self.splits.train.rows();
        let mut start = 0;
        let mut finite = true;
        while start < rows {
            let end = ((start / self.batch_size + 1) * self.batch_size).min(rows);
            let train = &self.splits.train;
            let (width, outputs) = (self.splits.width(), self.splits.coding.outputs());
            let inputs = &train.inputs[start * width..end * width];
            let targets = &train.targets[start * outputs..end * outputs];
            accumulate(
                &self.network,
                &mut self.train_workspace,
                self.loss,
                inputs,
                targets,
                end - start,
                &mut self.gradients,
                None,
            );
            if end.is_multiple_of(self.batch_size) {
                finite &= self.apply_update();
            }
            start = end;
        }
        finite
    }

    /// A standard epoch: reshuffled order, mini-batches, the last one possibly smaller.
    fn train_shuffled_epoch(&mut self) -> bool {
        let rows = self.splits.train.rows();
        self.rng.shuffle(&mut self.order);
        let (width, outputs) = (self.splits.width(), self.splits.coding.outputs());
        let mut finite = true;
        for start in (0..rows).step_by(self.batch_size) {
            let end = (start + self.batch_size).min(rows);
            let n = end - start;
            for (k, &r) in self.order[start..end].iter().enumerate() {
                self.batch_inputs[k * width..(k + 1) * width]
                    .copy_from_slice(&self.splits.train.inputs[r * width..(r + 1) * width]);
                self.batch_targets[k * outputs..(k + 1) * outputs]
                    .copy_from_slice(&self.splits.train.targets[r * outputs..(r + 1) * outputs]);
            }
            let dropout = (self.dropout > 0.0).then_some(Dropout {
                rate: self.dropout,
                rng: &mut self.rng,
            });
            accumulate(
                &self.network,
                &mut self.train_workspace,
                self.loss,
                &self.batch_inputs[..n * width],
                &self.batch_targets[..n * outputs],
                n,
                &mut self.gradients,
                dropout,
            );
            finite &= self.apply_update();
            if !finite {
                break;
            }
        }
        finite
    }

    /// Streaming: one update on `batch_size` freshly drawn samples.
    fn train_streaming_step(&mut self) -> bool {
        let Some(generator) = self.generator else {
            return true;
        };
        self.stream_table.clear();
        generator.append(self.batch_size, &mut self.rng, &mut self.stream_table);
        let n = self.stream_table.rows().min(self.batch_size);
        let (width, outputs) = (self.splits.width(), self.splits.coding.outputs());
        for r in 0..n {
            self.splits.inputs_of(
                self.stream_table.row(r),
                &mut self.batch_inputs[r * width..(r + 1) * width],
            );
            self.splits.coding.encode(
                self.stream_table.labels[r],
                &mut self.batch_targets[r * outputs..(r + 1) * outputs],
            );
        }
        let dropout = (self.dropout > 0.0).then_some(Dropout {
            rate: self.dropout,
            rng: &mut self.rng,
        });
        accumulate(
            &self.network,
            &mut self.train_workspace,
            self.loss,
            &self.batch_inputs[..n * width],
            &self.batch_targets[..n * outputs],
            n,
            &mut self.gradients,
            dropout,
        );
        self.apply_update()
    }

    fn apply_update(&mut self) -> bool {
        self.steps += 1;
        let finite = self
            .optimizer
            .update(&mut self.network, &self.gradients, &self.rule);
        self.gradients.clear();
        finite
    }

    /// Losses and accuracies of every split (and the test AUC or R^2) for the epoch just trained.
    fn evaluate_epoch(&mut self) -> EpochRecord {
        let train = self.figures(Which::Train);
        let validation =
            (self.splits.validation.rows() > 0).then(|| self.figures(Which::Validation));
        let test = (self.splits.test.rows() > 0).then(|| self.figures(Which::Test));
        EpochRecord {
            epoch: self.epoch,
            train_loss: train.loss,
            validation_loss: validation.map(|f| f.loss),
            test_loss: test.map(|f| f.loss),
            train_accuracy: train.accuracy,
            validation_accuracy: validation.and_then(|f| f.accuracy),
            test_accuracy: test.and_then(|f| f.accuracy),
            auc: if self.full_metrics {
                self.auc(Which::Test)
            } else {
                None
            },
            r2: test.and_then(|f| f.r2),
        }
    }

    /// Mean loss, accuracy and R^2 of one split under the current weights.
    pub fn figures(&mut self, which: Which) -> SplitFigures {
        let split = split_of(&self.splits, which);
        let (width, outputs) = (self.splits.width(), self.splits.coding.outputs());
        let rows = split.rows();
        let (mut loss_sum, mut correct, mut sse) = (0.0, 0usize, 0.0);
        let mut label_sum = 0.0;
        let mut label_sq = 0.0;
        let mut start = 0;
        while start < rows {
            let end = (start + EVAL_CHUNK).min(rows);
            let out = forward(
                &self.network,
                &mut self.eval_workspace,
                &split.inputs[start * width..end * width],
                end - start,
                None,
            );
            for (k, o) in out.chunks_exact(outputs).enumerate() {
                let r = start + k;
                let target = &split.targets[r * outputs..(r + 1) * outputs];
                loss_sum += self.loss.value(o, target);
                let label = split.labels[r];
                match self.splits.coding {
                    TargetCoding::Value => {
                        sse += (o[0] - label) * (o[0] - label);
                        label_sum += label;
                        label_sq += label * label;
                    }
                    coding => {
                        correct +=
                            usize::from(predicted_class(o, coding, self.loss) == label as usize)
                    }
                }
            }
            start = end;
        }
        let n = rows.max(1) as f64;
        let classification = self.task.is_classification();
        SplitFigures {
            loss: loss_sum / n,
            accuracy: classification.then(|| correct as f64 / n),
            r2: if classification {
                None
            } else {
                r_squared(sse, label_sq - label_sum * label_sum / n)
            },
        }
    }

    /// Positive-class scores of one split (binary classification), written into `out`.
    pub fn scores_into(&mut self, which: Which, out: &mut Vec<f64>) {
        out.clear();
        let TargetCoding::Binary { negative, positive } = self.splits.coding else {
            return;
        };
        let split = split_of(&self.splits, which);
        let width = self.splits.width();
        let mut start = 0;
        while start < split.rows() {
            let end = (start + EVAL_CHUNK).min(split.rows());
            let o = forward(
                &self.network,
                &mut self.eval_workspace,
                &split.inputs[start * width..end * width],
                end - start,
                None,
            );
            out.extend(
                o.iter()
                    .map(|&v| self.loss.positive_score(v, (negative, positive))),
            );
            start = end;
        }
    }

    /// ROC AUC of one split (binary classification only).
    pub fn auc(&mut self, which: Which) -> Option<f64> {
        let mut scores = std::mem::take(&mut self.scores);
        self.scores_into(which, &mut scores);
        let mut positives = std::mem::take(&mut self.positives);
        positives.clear();
        positives.extend(
            split_of(&self.splits, which)
                .labels
                .iter()
                .map(|&l| l >= 0.5),
        );
        let result = if scores.is_empty() {
            None
        } else {
            auc_with(&scores, &positives, &mut self.auc_scratch)
        };
        self.scores = scores;
        self.positives = positives;
        result
    }

    /// Network outputs for raw column rows (`rows x columns`), through the features and the
    /// standardisation; `inputs` is scratch memory. Used for maps and predictions.
    pub fn predict_columns(&mut self, columns: &[f64], inputs: &mut Vec<f64>, out: &mut Vec<f64>) {
        let width_in = self.table.columns.len().max(1);
        let width = self.splits.width();
        let rows = columns.len() / width_in;
        inputs.resize(rows * width, 0.0);
        for r in 0..rows {
            self.splits.inputs_of(
                &columns[r * width_in..(r + 1) * width_in],
                &mut inputs[r * width..(r + 1) * width],
            );
        }
        out.clear();
        let mut start = 0;
        while start < rows {
            let end = (start + EVAL_CHUNK).min(rows);
            out.extend_from_slice(forward(
                &self.network,
                &mut self.eval_workspace,
                &inputs[start * width..end * width],
                end - start,
                None,
            ));
            start = end;
        }
    }

    fn watch_early_stopping(&mut self, record: &EpochRecord) {
        let Some(early) = self.early.as_mut() else {
            return;
        };
        let Some(loss) = record.validation_loss else {
            return;
        };
        if loss < early.best_loss {
            early.best_loss = loss;
            early.best_epoch = record.epoch;
            early.best_network.copy_parameters_from(&self.network);
            early.waited = 0;
        } else {
            early.waited += 1;
            if early.waited >= early.patience {
                if early.restore_best {
                    self.network.copy_parameters_from(&early.best_network);
                }
                self.status = Status::Stopped {
                    epoch: self.epoch,
                    best_epoch: early.best_epoch,
                    restored: early.restore_best,
                };
            }
        }
    }

    /// Epochs of the loaded weights (0 for a fresh network).
    pub fn initial_epoch(&self) -> u64 {
        self.initial_epoch
    }
}

fn split_of(splits: &Splits, which: Which) -> &Split {
    match which {
        Which::Train => &splits.train,
        Which::Validation => &splits.validation,
        Which::Test => &splits.test,
    }
}

/// The class a network output predicts.
pub fn predicted_class(output: &[f64], coding: TargetCoding, loss: Loss) -> usize {
    match coding {
        TargetCoding::Binary { negative, positive } => {
            usize::from(loss.positive_score(output[0], (negative, positive)) >= 0.5)
        }
        TargetCoding::OneHot { .. } => {
            output
                .iter()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |best, (k, &v)| {
                    if v > best.1 { (k, v) } else { best }
                })
                .0
        }
        TargetCoding::Value => 0,
    }
}

/// Forward, loss gradient and backward for `rows` samples, summing into `gradients`.
#[allow(clippy::too_many_arguments)]
fn accumulate(
    network: &Network,
    workspace: &mut Workspace,
    loss: Loss,
    inputs: &[f64],
    targets: &[f64],
    rows: usize,
    gradients: &mut Gradients,
    dropout: Option<Dropout<'_>>,
) {
    let outputs = network.outputs();
    forward(network, workspace, inputs, rows, dropout);
    let last = network.layers.len() - 1;
    // The output activations and the delta buffer live in the same workspace: copy the few
    // outputs of each row to the stack first.
    for r in 0..rows {
        let mut out = [0.0; MAX_CLASSES];
        let n = outputs.min(MAX_CLASSES);
        out[..n].copy_from_slice(&workspace.activations(last)[r * outputs..r * outputs + n]);
        let delta = &mut workspace.output_delta_mut()[r * outputs..(r + 1) * outputs];
        loss.value_and_gradient(&out[..n], &targets[r * outputs..(r + 1) * outputs], delta);
    }
    backward(network, workspace, inputs, rows, gradients);
}
