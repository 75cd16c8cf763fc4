//! Scene files: a whole playground set-up (data, network, training, lesson text, and optionally
//! the trained weights) as TOML. The built-in presets are scene files.

pub mod bounds;
pub mod budget;
mod check;
mod comparison;
mod edit;
mod file;
pub mod model_file;
pub mod playground_link;
pub mod variants;

use crate::engine::data::DatasetKind;
use crate::engine::nn::{Activation, Init, Loss};
use bounds::field;
pub use comparison::SideBySide;
pub use edit::SceneEdit;
pub use file::{SceneError, temporary_beside, write_atomically};
pub use model_file::{LayerFile, ModelFile};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
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
    /// TF Playground's seed string, for a scene read from (or written as) a TF Playground
    /// link; `seed` is derived from it. In TF-Playground-compatible mode the data and first
    /// weights are drawn from it by TF Playground's own generator, as in the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playground_seed: Option<String>,
    /// Lesson text shown beside the scene.
    #[serde(default)]
    pub lesson: Lesson,
    /// The dataset and its splits.
    pub data: DataSection,
    /// The network's shape (TF Playground's starting network when left out).
    #[serde(default)]
    pub network: NetworkSection,
    /// Loss, optimiser and their settings (TF Playground's defaults when left out, as a tree
    /// scene may).
    #[serde(default)]
    pub training: TrainingSection,
    /// A tree model instead of the network (the network section is then kept but unused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trees: Option<TreesSection>,
    /// How the window shows the scene when it opens (zoom, theme, presenter mode), so a
    /// lecturer's file opens ready to project.
    #[serde(default, skip_serializing_if = "ViewSection::is_empty")]
    pub view: ViewSection,
    /// Trained (or starting) weights, inline or from a model JSON file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelSection>,
    /// The other side of a side-by-side comparison: a whole scene (trained or not) that the
    /// window trains beside this one and `nnplay train` trains after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_with: Option<Box<Scene>>,
}

/// The window's look for a scene; what is left out keeps the viewer's own preference.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewSection {
    /// Zoom factor, 1 to 2.5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoom: Option<f64>,
    /// The colour theme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ViewTheme>,
    /// Presenter mode (only the groups the viewer keeps for presenting are shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenting: Option<bool>,
    /// Draw the test points on the map (TF Playground's "Show test data").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_test_data: Option<bool>,
    /// Colour the output by its sign only (TF Playground's "Discretize output").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discretize: Option<bool>,
    /// Expected signal events before any cut, for the threshold tab's s/sqrt(s+b) and AMS.
    #[serde(
        default,
        deserialize_with = "field::expected_events",
        skip_serializing_if = "Option::is_none"
    )]
    pub expected_signal: Option<f64>,
    /// Expected background events before any cut.
    #[serde(
        default,
        deserialize_with = "field::expected_events",
        skip_serializing_if = "Option::is_none"
    )]
    pub expected_background: Option<f64>,
}

impl ViewSection {
    /// Whether the section asks for nothing.
    pub fn is_empty(&self) -> bool {
        *self == ViewSection::default()
    }
}

/// A colour theme a scene may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ViewTheme {
    /// Light and high-contrast, for projectors.
    Projector,
    /// Dark, for screens.
    Dark,
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
    /// Two variants (or the scene and one variant) the lesson panel starts side by side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side_by_side: Option<SideBySide>,
}

/// Where samples come from and how they are split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSection {
    /// A built-in dataset (exactly one of `dataset`, `csv` and `root`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetKind>,
    /// A CSV file instead of a built-in dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<CsvSource>,
    /// A TTree in a ROOT file instead of a built-in dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<RootSource>,
    /// Number of samples to draw (built-in datasets); defaults per dataset.
    #[serde(
        default,
        deserialize_with = "optional_samples",
        skip_serializing_if = "Option::is_none"
    )]
    pub samples: Option<usize>,
    /// Noise: a fraction in [0, 0.8] for TF Playground's sets (its slider reaches 0.5, its
    /// links 0.8), a Gaussian sigma otherwise.
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
    /// Path of the CSV file, relative to the scene file (empty with `classes`).
    #[serde(default, skip_serializing_if = "is_empty_path")]
    pub path: PathBuf,
    /// Name of the label column (empty with `classes`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// One file per class instead of `path` and `label`: class k is the k-th file (with two,
    /// the second is the signal, the ROC's positive class).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<ClassFile>,
    /// The event-weight column (Kaggle Higgs' `Weight`, HZZ's `EventWeight`): never a
    /// feature; the test figures are also given weighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    /// Treat labels as classes (true) or regression targets (false).
    #[serde(default = "yes")]
    pub classification: bool,
    /// A feature value that means "missing"; such cells become the column's mean.
    #[serde(default = "default_missing_value")]
    pub missing_value: f64,
    /// The delimiter: comma, semicolon, tab or spaces (detected from the first line when
    /// left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<crate::engine::data::csv_format::Delimiter>,
    /// Whether the first row names the columns (left out: detected; without a header the
    /// columns are c0, c1, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<bool>,
    /// Read only the first this many data rows.
    #[serde(
        default,
        deserialize_with = "field::csv_rows",
        skip_serializing_if = "Option::is_none"
    )]
    pub rows: Option<usize>,
    /// Keep a random sample of this many data rows (drawn with the scene's seed, one pass).
    #[serde(
        default,
        deserialize_with = "field::csv_sample",
        skip_serializing_if = "Option::is_none"
    )]
    pub sample: Option<usize>,
}

/// A ROOT data source: numeric branches of one TTree as columns, one branch as the label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootSource {
    /// Path of the ROOT file, relative to the scene file (empty with `classes`).
    #[serde(default, skip_serializing_if = "is_empty_path")]
    pub path: PathBuf,
    /// The TTree (left out: the file's only tree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<String>,
    /// Columns to read: flat branches by name, and for a jagged branch `X` the count
    /// `len(X)` or the leading value `X[0]`; left out: every flat numeric branch but the label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<String>,
    /// The label branch: numbers (classes or a regression target) or strings (classes); empty
    /// with `classes`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Treat the label as classes (true) or as a regression target (false).
    #[serde(default = "yes")]
    pub classification: bool,
    /// One file per class instead of `path` and `label`, each holding the same tree and
    /// branches: class k is the k-th file (with two, the second is the signal).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<ClassFile>,
    /// The event-weight branch: never a feature; the test figures are also given weighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
}

impl DataSection {
    /// The event-weight column of the data file, if one is named.
    pub fn weight_column(&self) -> Option<&String> {
        let csv = self.csv.as_ref().and_then(|c| c.weight.as_ref());
        csv.or_else(|| self.root.as_ref().and_then(|r| r.weight.as_ref()))
    }
}

/// One class's file, for data that comes as one file per class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassFile {
    /// The class's name ("signal", "background"); left out, the file's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The file, relative to the scene file.
    pub path: PathBuf,
}

impl ClassFile {
    /// The class's name as shown: the name given, or the file's name without its extension.
    pub fn shown_name(&self) -> String {
        if self.name.is_empty() {
            self.path.file_stem().map_or_else(
                || self.path.display().to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        } else {
            self.name.clone()
        }
    }
}

/// Whether a path is empty (left out of a scene file).
fn is_empty_path(path: &Path) -> bool {
    path.as_os_str().is_empty()
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

impl Default for NetworkSection {
    /// TF Playground's starting network: two hidden layers of 4 and 2 tanh neurons.
    fn default() -> Self {
        NetworkSection {
            hidden: vec![4, 2],
            activation: default_activation(),
            output_activation: None,
            init: default_init(),
        }
    }
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

/// How the data's event weights count in a network's training loss (the weighted figures of
/// the test split are given whatever this says).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum LossWeights {
    /// Every event counts once.
    #[default]
    Off,
    /// Each event counts by its weight, the weights scaled to a mean of 1 on the training split.
    Events,
    /// As `events`, each class's weights scaled so that every class weighs the same in total
    /// (the usual choice when signal weights are tiny, as in the Higgs challenge).
    Balanced,
}

impl LossWeights {
    /// Whether the loss is weighted at all.
    pub fn is_off(&self) -> bool {
        *self == LossWeights::Off
    }
}

/// The floating-point precision a network's forward and backward passes run in (its
/// parameters and the optimiser's state are `f64` in both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// Single precision: the default, about twice as fast on large layers and batches.
    #[default]
    F32,
    /// Double precision, as TF-Playground-compatible runs always use.
    F64,
}

impl Precision {
    /// Whether this is the default, single precision.
    pub fn is_single(&self) -> bool {
        *self == Precision::F32
    }
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
    /// How the event weights count in the loss (networks; data with a weight column).
    #[serde(default, skip_serializing_if = "LossWeights::is_off")]
    pub loss_weights: LossWeights,
    /// The precision of a network's passes; a TF-Playground-compatible run is always `f64`.
    #[serde(default, skip_serializing_if = "Precision::is_single")]
    pub precision: Precision,
}

impl TrainingSection {
    /// Whether a network's passes run in double precision: when the scene asks for it, and
    /// always in TF-Playground-compatible mode.
    pub fn double_precision(&self) -> bool {
        self.playground_compatible || self.precision == Precision::F64
    }
}

/// Which tree model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TreeKind {
    /// One CART tree, grown one level per step.
    Tree,
    /// A random forest, one tree per step.
    Forest,
    /// Gradient-boosted trees, one tree per step.
    Boosted,
}

/// How a classification tree scores its splits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SplitCriterion {
    /// Gini impurity.
    #[default]
    Gini,
    /// Entropy (information gain).
    Entropy,
}

/// A tree model and its settings; each kind reads the fields that apply to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreesSection {
    /// Single tree, random forest or boosted trees.
    pub kind: TreeKind,
    /// Trees of a forest or boosted ensemble (1 to 10,000).
    #[serde(default = "default_trees", deserialize_with = "field::trees")]
    pub trees: usize,
    /// Levels of splits below the root (1 to 64); left out, a tree grows until its leaves are
    /// pure or too small.
    #[serde(
        default,
        deserialize_with = "field::max_depth",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_depth: Option<usize>,
    /// Fewest training rows in a leaf.
    #[serde(default = "one", deserialize_with = "field::min_samples_leaf")]
    pub min_samples_leaf: usize,
    /// Split criterion of classification trees and forests.
    #[serde(default)]
    pub criterion: SplitCriterion,
    /// Each forest tree trains on a bootstrap sample of the training rows.
    #[serde(default = "yes")]
    pub bootstrap: bool,
    /// Features tried per split; by default the square root of the number of features for
    /// forest classification and all of them otherwise.
    #[serde(
        default,
        deserialize_with = "field::max_features",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_features: Option<usize>,
    /// Boosting's shrinkage of each tree.
    #[serde(
        default = "default_tree_learning_rate",
        deserialize_with = "field::tree_learning_rate"
    )]
    pub learning_rate: f64,
    /// Boosting: smallest Hessian sum on each side of a split.
    #[serde(default = "one_f64", deserialize_with = "field::min_child_weight")]
    pub min_child_weight: f64,
    /// Boosting: L2 penalty on leaf values.
    #[serde(default = "one_f64", deserialize_with = "field::leaf_l2")]
    pub l2: f64,
    /// Boosting: fraction of the training rows each tree sees.
    #[serde(default = "one_f64", deserialize_with = "field::subsample")]
    pub subsample: f64,
    /// Histogram bins per feature (2 to 256).
    #[serde(default = "default_bins", deserialize_with = "field::bins")]
    pub bins: usize,
}

impl TreesSection {
    /// The settings a kind starts with (XGBoost's defaults for boosting, scikit-learn's for
    /// trees and forests).
    pub fn new(kind: TreeKind) -> TreesSection {
        TreesSection {
            kind,
            trees: default_trees(),
            max_depth: match kind {
                TreeKind::Boosted => Some(3),
                TreeKind::Tree => Some(3),
                TreeKind::Forest => None,
            },
            min_samples_leaf: 1,
            criterion: SplitCriterion::Gini,
            bootstrap: true,
            max_features: None,
            learning_rate: default_tree_learning_rate(),
            min_child_weight: 1.0,
            l2: 1.0,
            subsample: 1.0,
            bins: default_bins(),
        }
    }
}

impl Default for TrainingSection {
    /// TF Playground's defaults with a binary cross-entropy loss: SGD, learning rate 0.03,
    /// batch size 10.
    fn default() -> Self {
        TrainingSection {
            loss: Loss::Bce,
            optimizer: default_optimizer(),
            learning_rate: 0.03,
            momentum: default_momentum(),
            batch_size: 10,
            regularization: Regularization::None,
            regularization_rate: 0.0,
            dropout: 0.0,
            playground_compatible: false,
            epochs: default_epochs(),
            early_stopping: None,
            loss_weights: LossWeights::Off,
            precision: Precision::F32,
        }
    }
}

/// Weights in a scene: inline layers or a model JSON file, and the epoch they were reached at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSection {
    /// Epochs trained to reach these weights (at most 10^15).
    #[serde(default, deserialize_with = "field::model_epoch")]
    pub epoch: u64,
    /// A model JSON file, relative to the scene file (instead of `layers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The layers, input side first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<LayerFile>,
    /// Trained trees (tree scenes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensemble: Option<crate::engine::trees::Ensemble>,
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
fn one() -> usize {
    1
}
fn one_f64() -> f64 {
    1.0
}
fn default_trees() -> usize {
    100
}
fn default_tree_learning_rate() -> f64 {
    0.3
}
fn default_bins() -> usize {
    crate::engine::trees::MAX_BINS
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

impl Scene {
    /// Resolves a path written in the scene relative to the scene file's folder.
    pub fn resolve(scene_file: &Path, path: &Path) -> PathBuf {
        if let Some(name) = crate::engine::data::bundled::name_of(path) {
            // Unknown names are refused by `check`; a folder that cannot be written leaves
            // the path as it is, and reading it fails naming it.
            return crate::engine::data::bundled::materialise(name)
                .unwrap_or_else(|_| path.to_path_buf());
        }
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
