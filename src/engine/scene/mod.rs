//! Scene files: a whole playground set-up (data, network, training, lesson text, and optionally
//! the trained weights) as TOML. The built-in presets are scene files.

pub mod bounds;
mod edit;
pub mod model_file;
pub mod variants;

use crate::engine::data::DatasetKind;
use crate::engine::nn::{Activation, Init, Loss};
use bounds::field;
pub use edit::SceneEdit;
pub use model_file::{LayerFile, ModelFile};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;
pub use variants::Variant;

/// The scene-file format this build reads and writes.
pub const FORMAT: u32 = 1;

/// A complete scene.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Scene-file format version; must be 1.
    pub format: u32,
    /// Seed for data, initial weights, shuffling and dropout.
    #[serde(default)]
    pub seed: u64,
    /// Lesson text shown beside the scene.
    #[serde(default)]
    pub lesson: Lesson,
    /// The dataset and its splits.
    pub data: DataSection,
    /// The network's shape.
    pub network: NetworkSection,
    /// Loss, optimiser and their settings.
    pub training: TrainingSection,
    /// Trained (or starting) weights, inline or from a model JSON file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelSection>,
}

/// What a lecturer reads out and what students should watch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Lesson {
    /// Short identifier (the preset id).
    pub id: String,
    /// Title of the lesson.
    pub title: String,
    /// The course it belongs to.
    pub course: String,
    /// The chapter within the course.
    pub chapter: String,
    /// Two to five sentences to read aloud.
    pub lesson: String,
    /// Which epochs and panels to watch.
    pub watch: String,
    /// Settings to compare, each a one-click switch in the lesson panel.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

/// Where samples come from and how they are split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSection {
    /// A built-in dataset (exactly one of `dataset` and `csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetKind>,
    /// A CSV file instead of a built-in dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<CsvSource>,
    /// Number of samples to draw (built-in datasets); defaults per dataset.
    #[serde(
        default,
        deserialize_with = "optional_samples",
        skip_serializing_if = "Option::is_none"
    )]
    pub samples: Option<usize>,
    /// Noise: a fraction in [0, 0.5] for TF Playground's sets, a Gaussian sigma otherwise.
    #[serde(default, deserialize_with = "field::noise")]
    pub noise: f64,
    /// Fraction of samples used for training.
    #[serde(default = "half", deserialize_with = "field::train_fraction")]
    pub train_fraction: f64,
    /// Fraction used for validation (taken after the training rows).
    #[serde(default, deserialize_with = "field::validation_fraction")]
    pub validation_fraction: f64,
    /// Draw a fresh training batch every step instead of a fixed training set.
    #[serde(default)]
    pub streaming: bool,
    /// Standardise inputs with the training split's mean and standard deviation.
    #[serde(default)]
    pub standardise: bool,
    /// Input features: column names or x, y, x^2, y^2, xy, sin(x), sin(y).
    pub features: Vec<String>,
    /// Slope of the `line` dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slope: Option<f64>,
    /// Intercept of the `line` dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intercept: Option<f64>,
    /// Put the `curve` dataset's x values on an even grid.
    #[serde(default)]
    pub grid: bool,
}

/// A CSV data source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvSource {
    /// Path of the CSV file, relative to the scene file.
    pub path: PathBuf,
    /// Name of the label column.
    pub label: String,
    /// Treat labels as classes (true) or regression targets (false).
    #[serde(default = "yes")]
    pub classification: bool,
    /// A feature value that means "missing"; such cells become the column's mean.
    #[serde(default = "default_missing_value")]
    pub missing_value: f64,
}

/// The network's hidden layers and initialisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSection {
    /// Neurons per hidden layer (0 to 10 layers of 1 to 128).
    #[serde(default, deserialize_with = "field::hidden")]
    pub hidden: Vec<usize>,
    /// Activation of every hidden layer, or one per hidden layer.
    #[serde(default = "default_activation")]
    pub activation: Activations,
    /// Output activation; by default linear for regression and chosen by the loss otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_activation: Option<Activation>,
    /// How initial weights are drawn.
    #[serde(default = "default_init")]
    pub init: Init,
}

/// One activation for all hidden layers, or one each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Activations {
    /// The same for every hidden layer.
    All(Activation),
    /// One per hidden layer.
    PerLayer(Vec<Activation>),
}

/// The optimiser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent.
    Sgd,
    /// SGD with momentum.
    Momentum,
    /// Adam.
    Adam,
}

/// Weight penalty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Regularization {
    /// No penalty.
    #[default]
    None,
    /// rate * sum |w|.
    L1,
    /// rate * sum w^2 / 2.
    L2,
}

/// Early stopping on the validation loss.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlyStopping {
    /// Epochs without improvement before stopping.
    #[serde(deserialize_with = "field::patience")]
    pub patience: usize,
    /// Put back the weights of the best epoch when stopping.
    #[serde(default = "yes")]
    pub restore_best: bool,
}

/// Loss, optimiser and their settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingSection {
    /// The loss.
    pub loss: Loss,
    /// The optimiser.
    #[serde(default = "default_optimizer")]
    pub optimizer: OptimizerKind,
    /// Step size.
    #[serde(deserialize_with = "field::learning_rate")]
    pub learning_rate: f64,
    /// Momentum coefficient (momentum optimiser).
    #[serde(default = "default_momentum", deserialize_with = "field::momentum")]
    pub momentum: f64,
    /// Samples per update.
    #[serde(deserialize_with = "field::batch_size")]
    pub batch_size: usize,
    /// Weight penalty.
    #[serde(default)]
    pub regularization: Regularization,
    /// Weight-penalty rate.
    #[serde(default, deserialize_with = "field::regularization_rate")]
    pub regularization_rate: f64,
    /// Probability of dropping a hidden activation while training.
    #[serde(default, deserialize_with = "field::dropout")]
    pub dropout: f64,
    /// Train exactly as TF Playground does (see the README).
    #[serde(default)]
    pub playground_compatible: bool,
    /// Epochs a headless run trains by default.
    #[serde(default = "default_epochs", deserialize_with = "field::epochs")]
    pub epochs: u64,
    /// Early stopping on the validation loss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_stopping: Option<EarlyStopping>,
}

/// Weights in a scene: inline layers or a model JSON file, and the epoch they were reached at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSection {
    /// Epochs trained to reach these weights.
    #[serde(default)]
    pub epoch: u64,
    /// A model JSON file, relative to the scene file (instead of `layers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The layers, input side first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<LayerFile>,
}

fn half() -> f64 {
    0.5
}
fn yes() -> bool {
    true
}
fn default_activation() -> Activations {
    Activations::All(Activation::Tanh)
}
fn default_init() -> Init {
    Init::Xavier
}
fn default_optimizer() -> OptimizerKind {
    OptimizerKind::Sgd
}
fn default_missing_value() -> f64 {
    crate::engine::data::csv_table::DEFAULT_MISSING
}
fn default_momentum() -> f64 {
    0.9
}
fn default_epochs() -> u64 {
    1000
}
fn optional_samples<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    field::samples(d).map(Some)
}

/// A scene that could not be read, parsed or checked. The message names the file, the line
/// (where one applies) and the field.
#[derive(Debug, Error)]
#[error("{}{}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct SceneError {
    /// The scene file (or a label such as `<preset circle>`).
    pub file: PathBuf,
    /// 1-based line of the offending field, if known.
    pub line: Option<usize>,
    /// What is wrong, naming the field.
    pub message: String,
}

impl Scene {
    /// Parses scene text; `file` labels error messages and anchors relative paths.
    pub fn parse(text: &str, file: &Path) -> Result<Scene, SceneError> {
        let scene: Scene = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            let key = line.and_then(|l| field_at_line(text, l));
            let message = e.message().trim().to_string();
            let message = match key {
                Some(k) if !message.contains(&k) => format!("field `{k}`: {message}"),
                _ => message,
            };
            SceneError {
                file: file.to_path_buf(),
                line,
                message,
            }
        })?;
        scene.check().map_err(|(field, message)| SceneError {
            file: file.to_path_buf(),
            line: locate_field(text, field),
            message,
        })?;
        Ok(scene)
    }

    /// Reads and parses a scene file.
    pub fn load(path: &Path) -> Result<Scene, SceneError> {
        let text = std::fs::read_to_string(path).map_err(|e| SceneError {
            file: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        Scene::parse(&text, path)
    }

    /// The scene as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot write this scene: {e}\n"))
    }

    /// Writes the scene atomically: to a temporary file beside `path`, then renamed over it.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        write_atomically(path, self.to_toml().as_bytes())
    }

    /// Checks what the parser cannot (ranges of scenes built in code, combinations of fields)
    /// and that every lesson variant applies. Returns the dotted field name and a message.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        self.check_settings()?;
        for index in 0..self.lesson.variants.len() {
            self.with_variant(index)
                .map_err(|m| ("lesson.variants", m))?;
        }
        Ok(())
    }

    /// [`Scene::check`] without the variants.
    fn check_settings(&self) -> Result<(), (&'static str, String)> {
        use bounds::*;
        if self.format != FORMAT {
            return Err((
                "format",
                format!(
                    "format {} is not supported; this version reads format {FORMAT}",
                    self.format
                ),
            ));
        }
        let d = &self.data;
        let t = &self.training;
        for (bound, v) in [
            (NOISE, d.noise),
            (TRAIN_FRACTION, d.train_fraction),
            (VALIDATION_FRACTION, d.validation_fraction),
            (LEARNING_RATE, t.learning_rate),
            (MOMENTUM, t.momentum),
            (BATCH_SIZE, t.batch_size as f64),
            (REGULARIZATION_RATE, t.regularization_rate),
            (DROPOUT, t.dropout),
            (EPOCHS, t.epochs as f64),
        ] {
            bound.check(v).map_err(|m| (bound.field, m))?;
        }
        if let Some(n) = d.samples {
            SAMPLES.check(n as f64).map_err(|m| (SAMPLES.field, m))?;
        }
        check_hidden(&self.network.hidden).map_err(|m| ("network.hidden", m))?;
        if d.train_fraction + d.validation_fraction > 1.0 + 1e-12 {
            return Err((
                "data.validation_fraction",
                format!(
                    "data.train_fraction ({}) plus data.validation_fraction ({}) exceed 1",
                    d.train_fraction, d.validation_fraction
                ),
            ));
        }
        match (d.dataset, &d.csv) {
            (None, None) => {
                return Err((
                    "data.dataset",
                    "data needs either `dataset` or a `[data.csv]` source".into(),
                ));
            }
            (Some(_), Some(_)) => {
                return Err((
                    "data.csv",
                    "data has both `dataset` and `[data.csv]`; keep one".into(),
                ));
            }
            (Some(kind), None) => {
                if crate::engine::data::Generator::is_playground(kind) && d.noise > 0.5 {
                    return Err((
                        "data.noise",
                        format!(
                            "data.noise must be in [0, 0.5] for TF Playground's datasets, got {}",
                            d.noise
                        ),
                    ));
                }
            }
            (None, Some(_)) if d.streaming => {
                return Err((
                    "data.streaming",
                    "streaming needs a built-in dataset, not a CSV file".into(),
                ));
            }
            (None, Some(_)) => {}
        }
        if d.features.is_empty() {
            return Err((
                "data.features",
                "data.features needs at least one input feature".into(),
            ));
        }
        if let Activations::PerLayer(list) = &self.network.activation
            && list.len() != self.network.hidden.len()
        {
            return Err((
                "network.activation",
                format!(
                    "network.activation lists {} activations for {} hidden layers",
                    list.len(),
                    self.network.hidden.len()
                ),
            ));
        }
        if let Init::Uniform { scale, bias } = self.network.init
            && !(scale.is_finite() && (0.0..=10.0).contains(&scale) && bias.is_finite())
        {
            return Err((
                "network.init",
                format!(
                    "network.init uniform scale must be in [0, 10] and bias finite, got {scale}, {bias}"
                ),
            ));
        }
        if t.playground_compatible {
            if t.optimizer != OptimizerKind::Sgd {
                return Err((
                    "training.optimizer",
                    "training.playground_compatible needs optimizer = \"sgd\"".into(),
                ));
            }
            if t.dropout > 0.0 {
                return Err((
                    "training.dropout",
                    "training.playground_compatible has no dropout; set dropout = 0".into(),
                ));
            }
        }
        if t.early_stopping.is_some() && d.validation_fraction <= 0.0 {
            return Err(("training.early_stopping", "training.early_stopping watches the validation loss: set data.validation_fraction > 0".into()));
        }
        Ok(())
    }

    /// Resolves a path written in the scene relative to the scene file's folder.
    pub fn resolve(scene_file: &Path, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            scene_file.parent().unwrap_or(Path::new(".")).join(path)
        }
    }

    /// The hidden activations, one per hidden layer.
    pub fn hidden_activations(&self) -> Vec<Activation> {
        match &self.network.activation {
            Activations::All(a) => vec![*a; self.network.hidden.len()],
            Activations::PerLayer(list) => list.clone(),
        }
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scene".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The dotted name of the key assigned on `line` (1-based), with its table header.
fn field_at_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?;
    let key = here
        .split_once('=')
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| !k.starts_with('['));
    let table = lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    }
}

/// The line on which a dotted field such as `training.learning_rate` is set, if it is.
fn locate_field(text: &str, field: &str) -> Option<usize> {
    (1..=text.lines().count()).find(|&l| {
        field_at_line(text, l).is_some_and(|f| f == field || field.starts_with(&format!("{f}.")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"format = 1
seed = 3

[data]
dataset = "circle"
features = ["x", "y"]

[network]
hidden = [4, 2]
activation = "tanh"

[training]
loss = "playground"
learning_rate = 0.03
batch_size = 10
"#;

    fn parse(text: &str) -> Result<Scene, SceneError> {
        Scene::parse(text, Path::new("lesson.toml"))
    }

    #[test]
    fn minimal_scene_parses_with_defaults_and_round_trips() {
        let scene = parse(MINIMAL).unwrap();
        assert_eq!(scene.data.train_fraction, 0.5);
        assert_eq!(scene.training.optimizer, OptimizerKind::Sgd);
        let again = parse(&scene.to_toml()).unwrap();
        assert_eq!(scene, again);
    }

    #[test]
    fn range_errors_name_file_line_field_and_range() {
        let err =
            parse(&MINIMAL.replace("learning_rate = 0.03", "learning_rate = -1")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lesson.toml:14: training.learning_rate must be in (0, 10], got -1"
        );
        let err =
            parse(&MINIMAL.replace("learning_rate = 0.03", "learning_rate = nan")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("lesson.toml:14: training.learning_rate must be in (0, 10], got NaN")
        );
    }

    #[test]
    fn unknown_fields_are_rejected_with_their_line() {
        let err = parse(&MINIMAL.replace("batch_size = 10", "batch_size = 10\nbatchsize = 5"))
            .unwrap_err();
        assert_eq!(err.line, Some(16));
        assert!(err.message.contains("unknown field `batchsize`"), "{err}");
    }

    #[test]
    fn zero_neurons_and_type_errors_are_explained() {
        let err = parse(&MINIMAL.replace("[4, 2]", "[4, 0]")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lesson.toml:9: layer 2: network.hidden must be in [1, 128], got 0"
        );
        let err = parse(&MINIMAL.replace("batch_size = 10", "batch_size = \"ten\"")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("lesson.toml:15: field `training.batch_size`"),
            "{err}"
        );
    }

    #[test]
    fn malformed_toml_and_cross_field_errors() {
        let err = parse("format = 1\n[data\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        let err = parse(&MINIMAL.replace(
            "[training]",
            "[training]\nearly_stopping = { patience = 5 }",
        ))
        .unwrap_err();
        assert!(err.message.contains("validation_fraction > 0"), "{err}");
        assert_eq!(err.line, Some(13));
        let err = parse(&MINIMAL.replace("format = 1", "format = 7")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lesson.toml:1: format 7 is not supported; this version reads format 1"
        );
    }

    #[test]
    fn save_is_atomic_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let scene = parse(MINIMAL).unwrap();
        scene.save(&path).unwrap();
        scene.save(&path).unwrap();
        assert_eq!(Scene::load(&path).unwrap(), scene);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
