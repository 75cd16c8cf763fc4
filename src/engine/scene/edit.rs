//! The rules that turn one scene into another: what a click in the window (or a script) asks
//! for, and what else has to change so the scene still fits together. The window sends a
//! [`SceneEdit`]; the trainer applies it to the scene in force, so two quick clicks never work
//! on a stale copy.

use super::bounds::{self, MAX_HIDDEN_LAYERS, NEURONS};
use super::{Activations, CsvSource, ModelSection, OptimizerKind, Regularization, Scene};
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
    /// A CSV file as the data source (read elsewhere into a table of this task).
    Csv {
        /// The file and its label column.
        source: CsvSource,
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
            SceneEdit::Csv { .. } => "Data source",
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
            SceneEdit::Seed(seed) => s.seed = *seed,
            SceneEdit::Regenerate => s.seed = s.seed.wrapping_add(1),
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
            SceneEdit::Csv {
                source,
                features,
                task,
            } => s = s.for_csv(source, features.clone(), *task),
        }
        s.check().map_err(|(_, message)| message)?;
        Ok(s)
    }

    /// The scene switched to another built-in dataset, keeping what still fits: features the
    /// new data has, a noise in its range, a loss that suits its labels.
    pub fn with_dataset(&self, kind: DatasetKind) -> Scene {
        let mut scene = self.clone();
        let g = Generator::new(kind, 0.0);
        let d = &mut scene.data;
        d.dataset = Some(kind);
        d.csv = None;
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
        let mut scene = self.clone();
        let d = &mut scene.data;
        d.dataset = None;
        d.csv = Some(source.clone());
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
    pub fn with_weights(&self, network: &Network, epoch: u64) -> Scene {
        let mut scene = self.clone();
        scene.model = Some(ModelSection {
            epoch,
            path: None,
            layers: super::model_file::layers_of(network),
        });
        scene
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::presets;

    fn preset(id: &str) -> Scene {
        presets::find(id).and_then(|p| p.scene().ok()).unwrap()
    }

    #[test]
    fn switching_to_regression_swaps_a_class_loss_for_mse_and_drops_weights() {
        let mut scene = preset("l2-gauss");
        scene.training.loss = Loss::Bce;
        scene.model = Some(ModelSection {
            epoch: 3,
            path: None,
            layers: Vec::new(),
        });
        let s = scene
            .edited(&SceneEdit::Problem {
                classification: false,
            })
            .unwrap();
        assert_eq!(s.data.dataset, Some(DatasetKind::RegPlane));
        assert_eq!(s.training.loss, Loss::Mse);
        assert!(s.model.is_none());
        let back = s.edited(&SceneEdit::Dataset(DatasetKind::Circle)).unwrap();
        assert_eq!(back.training.loss, Loss::Mse, "mse also fits classes");
    }

    #[test]
    fn switching_to_jets_takes_its_first_two_columns_standardised() {
        let s = preset("spiral").with_dataset(DatasetKind::Jets);
        assert_eq!(s.data.features, vec!["mass", "tau32"]);
        assert!(s.data.standardise);
        assert!(s.data.noise <= 1.0);
        assert_eq!(
            s.data.samples,
            Some(Generator::default_samples(DatasetKind::Jets))
        );
    }

    #[test]
    fn switching_between_plane_datasets_keeps_the_features_they_share() {
        let mut scene = preset("spiral");
        scene.data.features = vec!["x".into(), "sin(y)".into()];
        let s = scene.with_dataset(DatasetKind::Xor);
        assert_eq!(s.data.features, vec!["x", "sin(y)"]);
        let line = scene.with_dataset(DatasetKind::Line);
        assert_eq!(line.data.features, vec!["x"], "the line has one column");
    }

    #[test]
    fn features_toggle_in_offered_order_and_the_last_one_stays() {
        let mut scene = preset("spiral");
        scene.data.features = vec!["y".into()];
        let s = scene.edited(&SceneEdit::ToggleFeature("x".into())).unwrap();
        assert_eq!(s.data.features, vec!["x", "y"], "x comes first, as offered");
        let only = scene.edited(&SceneEdit::ToggleFeature("y".into()));
        assert!(only.unwrap_err().contains("at least one"));
        let unknown = scene.edited(&SceneEdit::ToggleFeature("mass".into()));
        assert!(unknown.unwrap_err().contains("mass"));
        assert_eq!(scene.offered_features().len(), PLAYGROUND_FEATURES.len());
        let jets = scene.with_dataset(DatasetKind::Jets);
        assert!(jets.offered_features().contains(&"nconst".to_string()));
    }

    #[test]
    fn layers_grow_like_the_last_and_neurons_stay_in_range() {
        let scene = preset("spiral").with_hidden(vec![3], vec![Activation::Relu]);
        let s = scene.edited(&SceneEdit::AddLayer).unwrap();
        assert_eq!(s.network.hidden, vec![3, 3]);
        assert_eq!(s.network.activation, Activations::All(Activation::Relu));
        let s = s
            .edited(&SceneEdit::Activation {
                layer: 1,
                activation: Activation::Tanh,
            })
            .unwrap();
        assert_eq!(
            s.network.activation,
            Activations::PerLayer(vec![Activation::Relu, Activation::Tanh])
        );
        let s = s
            .edited(&SceneEdit::Neurons {
                layer: 0,
                change: -1,
            })
            .unwrap();
        assert_eq!(s.network.hidden, vec![2, 3]);
        let one = s.with_hidden(vec![1], vec![Activation::Relu]);
        let zero = one.edited(&SceneEdit::Neurons {
            layer: 0,
            change: -1,
        });
        assert!(zero.unwrap_err().contains("network.hidden"));
        let none = one.edited(&SceneEdit::Neurons {
            layer: 4,
            change: 1,
        });
        assert!(none.unwrap_err().contains("no hidden layer 5"));
        let bare = one.edited(&SceneEdit::RemoveLayer).unwrap();
        assert!(bare.network.hidden.is_empty());
        assert!(bare.edited(&SceneEdit::RemoveLayer).is_err());
        let mut deep = bare;
        for _ in 0..MAX_HIDDEN_LAYERS {
            deep = deep.edited(&SceneEdit::AddLayer).unwrap();
        }
        assert_eq!(deep.network.hidden, vec![4; MAX_HIDDEN_LAYERS]);
        assert!(deep.edited(&SceneEdit::AddLayer).is_err());
    }

    #[test]
    fn live_settings_are_checked_against_their_bounds() {
        let scene = preset("spiral");
        let lr = scene.edited(&SceneEdit::LearningRate(-1.0)).unwrap_err();
        assert!(lr.contains("training.learning_rate"), "{lr}");
        assert!(scene.edited(&SceneEdit::BatchSize(0)).is_err());
        let playground = preset("circle-deck");
        assert!(playground.training.playground_compatible);
        assert!(
            playground
                .edited(&SceneEdit::Optimizer(OptimizerKind::Adam))
                .is_err()
        );
        let adam = playground
            .edited(&SceneEdit::Loss {
                loss: Loss::Bce,
                playground_compatible: false,
            })
            .and_then(|s| s.edited(&SceneEdit::Optimizer(OptimizerKind::Adam)))
            .unwrap();
        assert_eq!(adam.training.optimizer, OptimizerKind::Adam);
        let back = adam
            .edited(&SceneEdit::Loss {
                loss: Loss::Playground,
                playground_compatible: true,
            })
            .unwrap();
        assert_eq!(back.training.optimizer, OptimizerKind::Sgd);
        assert!(SceneEdit::LearningRate(0.1).is_live());
        assert!(!SceneEdit::AddLayer.is_live());
    }

    #[test]
    fn fractions_never_add_up_past_the_whole() {
        let mut scene = preset("spiral");
        scene.data.validation_fraction = 0.2;
        let s = scene.edited(&SceneEdit::TrainFraction(0.9)).unwrap();
        assert!((s.data.validation_fraction - 0.1).abs() < 1e-12);
        let s = s.edited(&SceneEdit::ValidationFraction(0.5)).unwrap();
        assert!(s.data.train_fraction + s.data.validation_fraction <= 1.0 + 1e-12);
        let seed = s.seed;
        assert_eq!(s.edited(&SceneEdit::Regenerate).unwrap().seed, seed + 1);
    }

    #[test]
    fn a_csv_scene_standardises_and_picks_the_loss_from_its_labels() {
        let source = CsvSource {
            path: "d.csv".into(),
            label: "label".into(),
            classification: true,
            missing_value: -999.0,
        };
        let scene = preset("circle-deck");
        let features = vec!["a".to_string(), "b".to_string()];
        let two = scene.for_csv(
            &source,
            features.clone(),
            Task::Classification { classes: 2 },
        );
        assert_eq!(two.training.loss, Loss::Bce);
        assert!(two.data.standardise && !two.training.playground_compatible);
        assert!(two.data.dataset.is_none() && two.lesson.id.is_empty());
        let three = scene.for_csv(
            &source,
            features.clone(),
            Task::Classification { classes: 3 },
        );
        assert_eq!(three.training.loss, Loss::SoftmaxCe);
        let target = scene.for_csv(&source, features, Task::Regression);
        assert_eq!(target.training.loss, Loss::Mse);
        assert_eq!(target.data_columns(), vec!["a", "b"]);
    }

    #[test]
    fn a_scene_with_weights_reopens_at_its_epoch() {
        let scene = preset("circle-deck");
        let mut session =
            crate::engine::train::Session::new(&scene, std::path::Path::new("c.toml")).unwrap();
        for _ in 0..3 {
            session.train_epoch();
        }
        let saved = scene.with_weights(session.network(), session.epoch());
        let text = saved.to_toml();
        let reopened = Scene::parse(&text, std::path::Path::new("saved.toml")).unwrap();
        assert_eq!(reopened.model.as_ref().map(|m| m.epoch), Some(3));
        let resumed =
            crate::engine::train::Session::new(&reopened, std::path::Path::new("saved.toml"))
                .unwrap();
        assert_eq!(resumed.epoch(), 3);
        assert_eq!(
            resumed.network().layers[0].weights,
            session.network().layers[0].weights
        );
    }
}
