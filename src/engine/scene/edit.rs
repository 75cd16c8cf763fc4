//! The rules that turn one scene into another: what a click in the window (or a script) asks
//! for, and what else has to change so the scene still fits together. The window sends a
//! [`SceneEdit`]; the trainer applies it to the scene in force, so two quick clicks never work
//! on a stale copy.

use super::bounds::{self, MAX_HIDDEN_LAYERS, NEURONS};
use super::{
    Activations, CsvSource, LossWeights, ModelSection, OptimizerKind, Regularization, RootSource,
    Scene, TreeKind, TreesSection,
};
use crate::engine::data::features::PLAYGROUND_FEATURES;
use crate::engine::data::{DatasetKind, Feature, Generator, Task};
use crate::engine::nn::{Activation, Loss, Network};

/// One change to a scene, as a control asks for it.
#[derive(Clone, Debug, PartialEq)]
pub enum SceneEdit {
    /// Step size (applies live).
    LearningRate(f64),
    /// Samples per update (applies live).
    BatchSize(usize),
    /// Weight penalty and its rate (applies live).
    Regularization(Regularization, f64),
    /// The optimiser (applies live).
    Optimizer(OptimizerKind),
    /// Probability of dropping a hidden activation while training (applies live).
    Dropout(f64),
    /// How the event weights count in the loss.
    LossWeights(LossWeights),
    /// Another built-in dataset.
    Dataset(DatasetKind),
    /// Classification (the circle) or regression (the plane).
    Problem {
        /// True for classification.
        classification: bool,
    },
    /// The loss, and whether to train exactly as TF Playground.
    Loss {
        /// The loss.
        loss: Loss,
        /// TF-Playground-compatible mode.
        playground_compatible: bool,
    },
    /// Noise of the generator.
    Noise(f64),
    /// Training share of the samples.
    TrainFraction(f64),
    /// Validation share of the samples.
    ValidationFraction(f64),
    /// Number of samples the generator draws.
    Samples(usize),
    /// A fresh batch every step, or a fixed training set.
    Streaming(bool),
    /// The seed.
    Seed(u64),
    /// The next seed: new data and new weights.
    Regenerate,
    /// Use an input feature or stop using it (the last one stays).
    ToggleFeature(String),
    /// A hidden layer more, as wide as the last one.
    AddLayer,
    /// The last hidden layer less.
    RemoveLayer,
    /// One neuron more (+1) or less (-1) in a hidden layer.
    Neurons {
        /// The hidden layer (0 = first).
        layer: usize,
        /// +1 or -1.
        change: i32,
    },
    /// The activation of one hidden layer.
    Activation {
        /// The hidden layer (0 = first).
        layer: usize,
        /// Its new activation.
        activation: Activation,
    },
    /// A lesson variant (its index in the lesson's list).
    Variant(usize),
    /// A network (`None`) or a tree model of this kind, with its starting settings.
    ModelKind(Option<TreeKind>),
    /// A tree model with these settings (switching from a network if need be).
    Trees(TreesSection),
    /// A CSV file as the data source (read elsewhere into a table of this task).
    Csv {
        /// The file and its label column.
        source: CsvSource,
        /// The feature columns.
        features: Vec<String>,
        /// What the labels turned out to be.
        task: Task,
    },
    /// A ROOT file's tree as the data source (read elsewhere to learn its task).
    Root {
        /// The file, tree, columns and label branch.
        source: RootSource,
        /// The feature columns.
        features: Vec<String>,
        /// What the labels turned out to be.
        task: Task,
    },
}

impl SceneEdit {
    /// Whether the edit applies to a running session without a restart.
    pub fn is_live(&self) -> bool {
        matches!(
            self,
            SceneEdit::LearningRate(_)
                | SceneEdit::BatchSize(_)
                | SceneEdit::Regularization(..)
                | SceneEdit::Optimizer(_)
                | SceneEdit::Dropout(_)
        )
    }

    /// What the notice calls the change, e.g. "Network" in "Network changed: training restarted".
    pub fn subject(&self) -> &'static str {
        match self {
            SceneEdit::LearningRate(_) => "Learning rate",
            SceneEdit::BatchSize(_) => "Batch size",
            SceneEdit::Regularization(..) => "Regularisation",
            SceneEdit::Optimizer(_) => "Optimiser",
            SceneEdit::Dropout(_) => "Dropout",
            SceneEdit::Dataset(_) => "Dataset",
            SceneEdit::Problem { .. } => "Problem type",
            SceneEdit::Loss { .. } => "Loss",
            SceneEdit::LossWeights(_) => "Loss weights",
            SceneEdit::Noise(_)
            | SceneEdit::TrainFraction(_)
            | SceneEdit::ValidationFraction(_)
            | SceneEdit::Samples(_)
            | SceneEdit::Streaming(_)
            | SceneEdit::Seed(_)
            | SceneEdit::Regenerate => "Data",
            SceneEdit::ToggleFeature(_) => "Input features",
            SceneEdit::AddLayer | SceneEdit::RemoveLayer | SceneEdit::Neurons { .. } => "Network",
            SceneEdit::Activation { .. } => "Activation",
            SceneEdit::Variant(_) => "Variant",
            SceneEdit::Csv { .. } | SceneEdit::Root { .. } => "Data source",
            SceneEdit::ModelKind(_) => "Model",
            SceneEdit::Trees(_) => "Tree settings",
        }
    }
}

impl Scene {
    /// The scene after `edit`, checked as a scene file would be; the message says what is wrong.
    pub fn edited(&self, edit: &SceneEdit) -> Result<Scene, String> {
        let mut s = self.clone();
        match edit {
            SceneEdit::LearningRate(lr) => {
                bounds::LEARNING_RATE.check(*lr)?;
                s.training.learning_rate = *lr;
            }
            SceneEdit::BatchSize(n) => {
                bounds::BATCH_SIZE.check(*n as f64)?;
                s.training.batch_size = *n;
            }
            SceneEdit::Regularization(kind, rate) => {
                bounds::REGULARIZATION_RATE.check(*rate)?;
                s.training.regularization = *kind;
                s.training.regularization_rate = *rate;
            }
            SceneEdit::Optimizer(kind) => {
                if s.training.playground_compatible && *kind != OptimizerKind::Sgd {
                    return Err("TF Playground's mode trains with plain SGD".into());
                }
                s.training.optimizer = *kind;
            }
            SceneEdit::Dropout(rate) => {
                bounds::DROPOUT.check(*rate)?;
                if s.training.playground_compatible && *rate > 0.0 {
                    return Err("TF Playground's mode has no dropout".into());
                }
                s.training.dropout = *rate;
            }
            SceneEdit::LossWeights(how) => s.training.loss_weights = *how,
            SceneEdit::Dataset(kind) => s = s.with_dataset(*kind),
            SceneEdit::Problem { classification } => {
                let kind = if *classification {
                    DatasetKind::Circle
                } else {
                    DatasetKind::RegPlane
                };
                s = s.with_dataset(kind);
            }
            SceneEdit::Loss {
                loss,
                playground_compatible,
            } => {
                s.training.loss = *loss;
                s.training.playground_compatible = *playground_compatible;
                if *playground_compatible {
                    s.training.optimizer = OptimizerKind::Sgd;
                    s.training.dropout = 0.0;
                }
            }
            SceneEdit::Noise(noise) => s.data.noise = *noise,
            SceneEdit::TrainFraction(f) => {
                s.data.train_fraction = *f;
                s.data.validation_fraction = s.data.validation_fraction.min(1.0 - f).max(0.0);
            }
            SceneEdit::ValidationFraction(f) => {
                s.data.validation_fraction = f.min(1.0 - s.data.train_fraction).max(0.0);
            }
            SceneEdit::Samples(n) => s.data.samples = Some(*n),
            SceneEdit::Streaming(on) => s.data.streaming = *on,
            SceneEdit::Seed(seed) => s.reseed(*seed),
            SceneEdit::Regenerate => s.reseed(s.seed.wrapping_add(1)),
            SceneEdit::ToggleFeature(name) => s = s.with_feature_toggled(name)?,
            SceneEdit::AddLayer => {
                if s.network.hidden.len() >= MAX_HIDDEN_LAYERS {
                    return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
                }
                let (mut hidden, mut activations) =
                    (s.network.hidden.clone(), s.hidden_activations());
                hidden.push(hidden.last().copied().unwrap_or(4));
                activations.push(activations.last().copied().unwrap_or(Activation::Tanh));
                s = s.with_hidden(hidden, activations);
            }
            SceneEdit::RemoveLayer => {
                let (mut hidden, mut activations) =
                    (s.network.hidden.clone(), s.hidden_activations());
                if hidden.pop().is_none() {
                    return Err("the network has no hidden layer to remove".into());
                }
                activations.pop();
                s = s.with_hidden(hidden, activations);
            }
            SceneEdit::Neurons { layer, change } => {
                let mut hidden = s.network.hidden.clone();
                let n = hidden
                    .get_mut(*layer)
                    .ok_or_else(|| format!("no hidden layer {}", layer + 1))?;
                let wanted = *n as i64 + *change as i64;
                NEURONS.check(wanted as f64)?;
                *n = wanted as usize;
                let activations = s.hidden_activations();
                s = s.with_hidden(hidden, activations);
            }
            SceneEdit::Activation { layer, activation } => {
                let mut activations = s.hidden_activations();
                let a = activations
                    .get_mut(*layer)
                    .ok_or_else(|| format!("no hidden layer {}", layer + 1))?;
                *a = *activation;
                let hidden = s.network.hidden.clone();
                s = s.with_hidden(hidden, activations);
            }
            SceneEdit::Variant(index) => s = s.with_variant(*index)?,
            SceneEdit::ModelKind(kind) => {
                s.trees = kind.map(TreesSection::new);
                if kind.is_some() {
                    // Trees train on a fixed training set.
                    s.data.streaming = false;
                }
                s.model = None;
            }
            SceneEdit::Trees(trees) => {
                s.trees = Some(trees.clone());
                s.data.streaming = false;
                s.model = None;
            }
            SceneEdit::Csv {
                source,
                features,
                task,
            } => s = s.for_csv(source, features.clone(), *task),
            SceneEdit::Root {
                source,
                features,
                task,
            } => s = s.for_root(source, features.clone(), *task),
        }
        s.check().map_err(|(_, message)| message)?;
        Ok(s)
    }

    /// Takes a new seed. A scene that came from a TF Playground link keeps a seed string, so
    /// that in compatible mode it still draws as TF Playground would for `seed=N`, and the
    /// link it writes reproduces it.
    fn reseed(&mut self, seed: u64) {
        self.seed = seed;
        if self.playground_seed.is_some() {
            self.playground_seed = Some(seed.to_string());
        }
    }

    /// The scene switched to another built-in dataset, keeping what still fits: features the
    /// new data has, a noise in its range, a loss that suits its labels.
    pub fn with_dataset(&self, kind: DatasetKind) -> Scene {
        let mut scene = self.clone();
        let g = Generator::new(kind, 0.0);
        let d = &mut scene.data;
        d.dataset = Some(kind);
        d.csv = None;
        d.root = None;
        d.samples = Some(Generator::default_samples(kind));
        d.noise = if Generator::is_playground(kind) {
            d.noise.min(0.5)
        } else {
            d.noise.min(1.0)
        };
        d.streaming = false;
        let columns: Vec<String> = g.columns().iter().map(|c| c.to_string()).collect();
        d.features.retain(|f| Feature::parse(f, &columns).is_ok());
        if d.features.is_empty() {
            // Jets start from the two features of the map (mass, tau32), on comparable scales.
            d.features = columns.into_iter().take(2).collect();
            d.standardise = kind == DatasetKind::Jets;
        }
        if d.validation_fraction + d.train_fraction > 1.0 {
            d.validation_fraction = 0.0;
        }
        let t = &mut scene.training;
        match g.task() {
            Task::Regression if matches!(t.loss, Loss::Bce | Loss::SoftmaxCe) => t.loss = Loss::Mse,
            Task::Classification { .. } if t.loss == Loss::SoftmaxCe => t.loss = Loss::Bce,
            _ => {}
        }
        scene.network.output_activation = None;
        scene.model = None;
        scene
    }

    /// The raw columns of the scene's data: the generator's, or (for a CSV source) the
    /// features it uses, the only columns known without reading the file.
    pub fn data_columns(&self) -> Vec<String> {
        match self.data.dataset {
            Some(kind) => Generator::new(kind, 0.0)
                .columns()
                .iter()
                .map(|c| c.to_string())
                .collect(),
            None => self.data.features.clone(),
        }
    }

    /// The input features on offer, in the order shown: TF Playground's feature maps for data
    /// on the plane, the columns themselves otherwise.
    pub fn offered_features(&self) -> Vec<String> {
        let columns = self.data_columns();
        if columns.iter().all(|c| c == "x" || c == "y") {
            PLAYGROUND_FEATURES
                .iter()
                .map(|s| s.to_string())
                .filter(|f| Feature::parse(f, &columns).is_ok())
                .collect()
        } else {
            columns
        }
    }

    /// The scene using feature `name` (if it did not) or not (if it did and is not the last),
    /// features kept in the order they are offered.
    pub fn with_feature_toggled(&self, name: &str) -> Result<Scene, String> {
        let offered = self.offered_features();
        if !offered.iter().any(|f| f == name) {
            return Err(format!("this data has no input feature '{name}'"));
        }
        let mut chosen = self.data.features.clone();
        if chosen.iter().any(|f| f == name) {
            if chosen.len() == 1 {
                return Err("the network needs at least one input feature".into());
            }
            chosen.retain(|f| f != name);
        } else {
            chosen.push(name.to_string());
        }
        let order = |f: &String| offered.iter().position(|n| n == f).unwrap_or(usize::MAX);
        chosen.sort_by_key(order);
        let mut scene = self.clone();
        scene.data.features = chosen;
        scene.model = None;
        Ok(scene)
    }

    /// The scene with these hidden layers and activations (one activation for all when they
    /// agree), and no trained weights.
    pub fn with_hidden(&self, hidden: Vec<usize>, activations: Vec<Activation>) -> Scene {
        let mut s = self.clone();
        s.network.hidden = hidden;
        s.network.activation = match activations.first() {
            Some(&first) if activations.iter().all(|&a| a == first) => Activations::All(first),
            Some(_) => Activations::PerLayer(activations),
            None => s.network.activation.clone(),
        };
        s.model = None;
        s
    }

    /// The scene switched to a CSV source: standardised inputs, no lesson, and a loss that
    /// suits the labels (BCE for two classes, softmax cross-entropy for more, MSE for a target).
    pub fn for_csv(&self, source: &CsvSource, features: Vec<String>, task: Task) -> Scene {
        self.for_data_file(features, task, |d| d.csv = Some(source.clone()))
    }

    /// The scene switched to a ROOT source, as [`Scene::for_csv`] does for CSV.
    pub fn for_root(&self, source: &RootSource, features: Vec<String>, task: Task) -> Scene {
        self.for_data_file(features, task, |d| d.root = Some(source.clone()))
    }

    /// The scene switched to the data file `set_source` names.
    fn for_data_file(
        &self,
        features: Vec<String>,
        task: Task,
        set_source: impl FnOnce(&mut super::DataSection),
    ) -> Scene {
        let mut scene = self.clone();
        let d = &mut scene.data;
        d.dataset = None;
        d.csv = None;
        d.root = None;
        set_source(d);
        d.samples = None;
        d.streaming = false;
        d.standardise = true;
        d.features = features;
        d.slope = None;
        d.intercept = None;
        let t = &mut scene.training;
        t.loss = match task {
            Task::Classification { classes: 2 } => Loss::Bce,
            Task::Classification { .. } => Loss::SoftmaxCe,
            Task::Regression => Loss::Mse,
        };
        t.playground_compatible = false;
        scene.network.output_activation = None;
        scene.model = None;
        scene.lesson = Default::default();
        scene
    }

    /// The scene with these weights reached at `epoch`, ready to save and to resume from.
    /// Refused when a weight is not a finite number (a diverged run): such a file would not
    /// reopen.
    pub fn with_weights(&self, network: &Network, epoch: u64) -> Result<Scene, String> {
        let finite = network
            .layers
            .iter()
            .all(|l| l.weights.iter().chain(&l.biases).all(|v| v.is_finite()));
        if !finite {
            return Err(
                "the weights are not all finite numbers (the run diverged); press \
                 Reset and train again before saving"
                    .into(),
            );
        }
        let mut scene = self.clone();
        scene.model = Some(ModelSection {
            epoch,
            path: None,
            layers: super::model_file::layers_of(network),
            ensemble: None,
        });
        Ok(scene)
    }

    /// The scene with trained trees, as a saved tree scene keeps them.
    pub fn with_ensemble(&self, ensemble: &crate::engine::trees::Ensemble, epoch: u64) -> Scene {
        let mut scene = self.clone();
        scene.model = Some(ModelSection {
            epoch,
            path: None,
            layers: Vec::new(),
            ensemble: Some(ensemble.clone()),
        });
        scene
    }
}
