//! Building a session from a scene: the data (generated or read), the splits, the target
//! coding and output activation the loss needs, and the network (fresh or loaded).

use super::{EarlyStopState, MAX_CLASSES, Session, SessionError, SessionModel, Status, setting};
use crate::engine::data::csv_table::{CsvSpec, CsvTable, load_table};
use crate::engine::data::root_file::{RootSpec, load_root};
use crate::engine::data::splits::TargetCoding;
use crate::engine::data::{Feature, Generator, SplitInputs, Splits, Table, Task};
use crate::engine::model::{NetworkModel, TreeModel};
use crate::engine::nn::{Activation, Loss, Network};
use crate::engine::rng::Rng;
use crate::engine::scene::budget::DataShape;
use crate::engine::scene::model_file::network_from_layers;
use crate::engine::scene::{LossWeights, ModelFile, Scene};
use crate::engine::train::history::History;
use std::path::Path;

impl Session {
    /// Builds a session from a scene; `scene_file` anchors relative paths (CSV, model JSON).
    pub fn new(scene: &Scene, scene_file: &Path) -> Result<Session, SessionError> {
        scene
            .check()
            .map_err(|(field, message)| SessionError::Setting { field, message })?;
        // A TF Playground seed in its compatible mode draws from TF Playground's generator, so
        // the data and first weights are the browser's.
        let mut rng = match &scene.playground_seed {
            Some(seed) if scene.training.playground_compatible => Rng::seedrandom(seed),
            _ => Rng::new(scene.seed),
        };
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
                let spec = csv_spec(csv, scene.seed, scene.training.double_precision());
                let loaded = read_source(scene_file, &csv.path, &csv.classes, scene.seed, {
                    |path, labelled| {
                        let spec = CsvSpec {
                            classification: spec.classification && labelled,
                            ..spec.clone()
                        };
                        load_table(path, &spec).map_err(|e| e.to_string())
                    }
                })?;
                return Self::from_csv_table(scene, scene_file, loaded);
            }
            (None, None) => match &d.root {
                Some(root) => {
                    let spec = root_spec(root);
                    let loaded = read_source(scene_file, &root.path, &root.classes, scene.seed, {
                        |path, labelled| {
                            let spec = RootSpec {
                                classification: spec.classification && labelled,
                                ..spec.clone()
                            };
                            load_root(path, &spec).map_err(|e| e.to_string())
                        }
                    })?;
                    return Self::from_csv_table(scene, scene_file, loaded);
                }
                None => return Err(setting("data.dataset", "no data source")),
            },
        };
        Self::with_table(scene, scene_file, generator, table, rng)
    }

    /// Builds a session on a CSV table already read (the window reads large files on a
    /// helper thread with a progress bar, then hands the table over).
    pub fn from_csv_table(
        scene: &Scene,
        scene_file: &Path,
        csv: CsvTable,
    ) -> Result<Session, SessionError> {
        scene
            .check()
            .map_err(|(field, message)| SessionError::Setting { field, message })?;
        let mut table = csv.table;
        // A data file's columns in the scene's precision (a ROOT file is read in f64).
        table.values = table.values.in_precision(scene.training.double_precision());
        let mut session = Self::with_table(scene, scene_file, None, table, Rng::new(scene.seed))?;
        session.data_notes = csv.notes;
        Ok(session)
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
        // Trees minimise the loss that fits the task: log loss on logits for two classes,
        // softmax cross-entropy for more, squared error for regression.
        let loss = match (&scene.trees, task) {
            (None, _) => t.loss,
            (Some(_), Task::Regression) => Loss::Mse,
            (Some(_), Task::Classification { classes: 2 }) => Loss::Bce,
            (Some(_), Task::Classification { .. }) => Loss::SoftmaxCe,
        };
        let network_output = if scene.trees.is_some() {
            Some(Activation::Linear)
        } else {
            scene.network.output_activation
        };
        scene
            .check_memory(DataShape {
                rows: table.rows() as u64,
                columns: table.columns.len() as u64,
                classes: match task {
                    Task::Classification { classes } => classes as u64,
                    Task::Regression => 0,
                },
            })
            .map_err(|(field, message)| setting(field, message))?;
        let features = d
            .features
            .iter()
            .map(|f| Feature::parse(f, &table.columns))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|m| setting("data.features", m))?;
        let (coding, output_activation) = match task {
            Task::Regression => {
                if matches!(loss, Loss::Bce | Loss::SoftmaxCe) {
                    return Err(setting(
                        "training.loss",
                        format!(
                            "{} needs class labels; this dataset is a regression problem",
                            loss.name()
                        ),
                    ));
                }
                (
                    TargetCoding::Value,
                    network_output.unwrap_or(Activation::Linear),
                )
            }
            Task::Classification { classes } if classes > MAX_CLASSES => {
                return Err(setting(
                    "data",
                    format!("{classes} classes; at most {MAX_CLASSES} are supported"),
                ));
            }
            Task::Classification { classes } => {
                let output = network_output.unwrap_or(loss.classification_output());
                if loss == Loss::SoftmaxCe {
                    (TargetCoding::OneHot { classes }, output)
                } else if classes == 2 {
                    let (negative, positive) = loss.binary_targets(output);
                    (TargetCoding::Binary { negative, positive }, output)
                } else {
                    return Err(setting(
                        "training.loss",
                        format!("{classes} classes need loss = \"softmax-ce\""),
                    ));
                }
            }
        };
        if loss == Loss::Bce && output_activation != Activation::Linear {
            return Err(setting(
                "network.output_activation",
                "bce works on logits: the output activation must be linear",
            ));
        }
        let how = SplitInputs {
            features,
            standardise: d.standardise,
            coding,
            double: double_inputs(scene),
        };
        let mut splits = Splits::new(&table, (d.train_fraction, d.validation_fraction), how);
        check_loss_weights(scene, &table)?;
        weigh_loss(&mut splits, t.loss_weights, task);
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
        let (model, initial_epoch) = match &scene.trees {
            Some(trees) => {
                let loaded = match &scene.model {
                    Some(m) => match &m.path {
                        Some(p) => {
                            let path = Scene::resolve(scene_file, p);
                            let text = crate::engine::data::text_file::read_text(&path)
                                .map_err(|m| setting("model.path", m))?;
                            let file: ModelFile = serde_json::from_str(&text).map_err(|e| {
                                setting("model.path", format!("{}: {e}", path.display()))
                            })?;
                            Some(file.ensemble.ok_or_else(|| {
                                setting("model.path", format!("{} holds no trees", path.display()))
                            })?)
                        }
                        None => m.ensemble.clone(),
                    },
                    None => None,
                };
                let epoch = scene.model.as_ref().map_or(0, |m| m.epoch);
                let model =
                    TreeModel::new(trees, &splits, loaded).map_err(|m| setting("model", m))?;
                (SessionModel::Trees(model), epoch)
            }
            None => {
                let (network, epoch) =
                    network_of(scene, scene_file, &splits, output_activation, &mut rng)?;
                let line = crate::engine::landscape::is_line_model(&network, loss);
                let stream_table = generator
                    .as_ref()
                    .map(|g| g.empty_table())
                    .unwrap_or_else(|| Table::new(&[], task));
                let model = NetworkModel::new(
                    network,
                    t,
                    splits.train.rows(),
                    stream_table,
                    t.early_stopping.is_some(),
                    line,
                );
                (SessionModel::Network(model), epoch)
            }
        };
        let early = t.early_stopping.map(|e| EarlyStopState {
            patience: e.patience,
            restore_best: e.restore_best,
            best_loss: f64::INFINITY,
            best_epoch: initial_epoch,
            waited: 0,
        });
        let train_rows = splits.train.rows();
        let largest_split = splits
            .train
            .rows()
            .max(splits.validation.rows())
            .max(splits.test.rows());
        Ok(Session {
            model,
            scores: Vec::with_capacity(largest_split),
            positives: Vec::with_capacity(largest_split),
            auc_scratch: Vec::with_capacity(largest_split),
            figure_samples: Default::default(),
            scene: scene.clone(),
            generator,
            slice: training_medians(&table, train_rows),
            table,
            task,
            loss,
            splits,
            rng,
            epoch: initial_epoch,
            history: History::default(),
            first_train_loss: None,
            data_notes: Vec::new(),
            status: Status::Running,
            early,
            full_metrics: true,
            stop: None,
        })
    }
}

/// The network a scene starts from: its saved weights, or fresh ones drawn from `rng`.
fn network_of(
    scene: &Scene,
    scene_file: &Path,
    splits: &Splits,
    output_activation: Activation,
    rng: &mut Rng,
) -> Result<(Network, u64), SessionError> {
    let coding = splits.coding;
    let mut sizes = scene.network.hidden.clone();
    sizes.push(coding.outputs());
    let mut activations = scene.hidden_activations();
    activations.push(output_activation);
    let network = match &scene.model {
        Some(model) => {
            let layers = match &model.path {
                Some(p) => {
                    let path = Scene::resolve(scene_file, p);
                    let text = crate::engine::data::text_file::read_text(&path)
                        .map_err(|m| setting("model.path", m))?;
                    let file: ModelFile = serde_json::from_str(&text)
                        .map_err(|e| setting("model.path", format!("{}: {e}", path.display())))?;
                    file.layers
                }
                None => model.layers.clone(),
            };
            let net =
                network_from_layers(splits.width(), &layers).map_err(|m| setting("model", m))?;
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
                rng,
            ),
            0,
        ),
    };
    Ok(network)
}

/// The median of each column over the first `rows` rows of a table.
/// Refuses loss weights the data or the model cannot have.
fn check_loss_weights(scene: &Scene, table: &Table) -> Result<(), SessionError> {
    let how = scene.training.loss_weights;
    let why = if how.is_off() {
        return Ok(());
    } else if table.weights.is_empty() {
        "weighting the loss needs event weights: name the weight column ([data.csv] weight or \
         [data.root] weight)"
    } else if scene.trees.is_some() {
        "tree models count every event once: set loss_weights = \"off\""
    } else if how == LossWeights::Balanced && table.task == Task::Regression {
        "balanced weights need classes: use \"events\" for a regression"
    } else {
        return Ok(());
    };
    Err(setting("training.loss_weights", why))
}

/// Whether the scene's model reads its inputs in `f64`: tree models, TF-Playground-compatible
/// runs and double-precision scenes do; networks in single precision read `f32`.
pub(super) fn double_inputs(scene: &Scene) -> bool {
    scene.trees.is_some() || scene.training.double_precision()
}

/// Sets how the training loss counts the event weights (see [`Splits::weigh_loss`]).
pub(super) fn weigh_loss(splits: &mut Splits, how: LossWeights, task: Task) {
    match (how, task) {
        (LossWeights::Off, _) => splits.loss_scale.clear(),
        (LossWeights::Balanced, Task::Classification { classes }) => {
            splits.weigh_loss(Some(classes))
        }
        _ => splits.weigh_loss(None),
    }
}

pub(super) fn training_medians(table: &Table, rows: usize) -> Vec<f64> {
    let width = table.columns.len();
    let rows = rows.min(table.rows());
    (0..width)
        .map(|c| {
            let mut values: Vec<f64> = (0..rows).map(|r| table.value(r, c)).collect();
            values.sort_by(f64::total_cmp);
            values.get(values.len() / 2).copied().unwrap_or(0.0)
        })
        .collect()
}

/// How to read a scene's CSV source; a random sample of rows is drawn with `seed`; the columns
/// are kept in `f64` when `double`, else in `f32`.
pub fn csv_spec(csv: &crate::engine::scene::CsvSource, seed: u64, double: bool) -> CsvSpec {
    CsvSpec {
        label: csv.label.clone(),
        columns: Vec::new(),
        weight: csv.weight.clone(),
        classification: csv.classification,
        missing: Some(csv.missing_value),
        format: crate::engine::data::csv_table::CsvFormat {
            delimiter: csv.delimiter,
            header: csv.header,
            rows: csv.rows,
            sample: csv.sample.map(|n| (n, seed)),
        },
        double,
    }
}

/// The table of a data file source: its one file with a label, or one file per class
/// (`classes`, each read without a label and stratified with `seed`). `read(path, labelled)`
/// reads one file; `labelled` is false for a class's file, which has no label column.
fn read_source(
    scene_file: &Path,
    path: &Path,
    classes: &[crate::engine::scene::ClassFile],
    seed: u64,
    read: impl Fn(&Path, bool) -> Result<CsvTable, String>,
) -> Result<CsvTable, SessionError> {
    if classes.is_empty() {
        let path = Scene::resolve(scene_file, path);
        return read(&path, true).map_err(|m| data_error(&path, m));
    }
    let mut parts = Vec::with_capacity(classes.len());
    for class in classes {
        let path = Scene::resolve(scene_file, &class.path);
        let table = read(&path, false).map_err(|m| data_error(&path, m))?;
        parts.push((class.shown_name(), table));
    }
    crate::engine::data::class_files::merge_classes(parts, seed).map_err(|m| setting("data", m))
}

/// A data file that could not be read.
fn data_error(path: &Path, e: impl std::fmt::Display) -> SessionError {
    SessionError::Data {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// How to read a scene's ROOT source.
pub fn root_spec(root: &crate::engine::scene::RootSource) -> RootSpec {
    RootSpec {
        tree: root.tree.clone(),
        columns: root.branches.clone(),
        label: root.label.clone(),
        classification: root.classification,
        weight: root.weight.clone(),
    }
}
