//! The reference benchmark configurations and their measurements, shared by `nnplay bench`
//! and `cargo bench`.

use crate::engine::boundary::{MapScratch, Region, output_map};
use crate::engine::data::splits::TargetCoding;
use crate::engine::data::{Feature, SplitInputs, Splits, Table, Task};
use crate::engine::model::{Model, ModelView, NetworkModel, StepData};
use crate::engine::nn::{Activation, Init, Loss, Network};
use crate::engine::rng::Rng;
use crate::engine::scene::{OptimizerKind, Precision, Scene, TrainingSection};
use crate::engine::train::Session;
use std::path::Path;
use std::time::Instant;

/// Config A: circle, [4, 2] tanh, batch 10, 250 training points, TF-Playground-compatible.
pub const CONFIG_A: &str = r#"format = 1
seed = 1
[data]
dataset = "circle"
samples = 500
train_fraction = 0.5
features = ["x", "y"]
[network]
hidden = [4, 2]
activation = "tanh"
init = "playground"
[training]
loss = "playground"
learning_rate = 0.03
batch_size = 10
playground_compatible = true
"#;

/// Config B: as A, on the spiral with [8, 8, 8, 8, 8, 8] tanh.
pub fn config_b() -> String {
    CONFIG_A
        .replace("\"circle\"", "\"spiral\"")
        .replace("[4, 2]", "[8, 8, 8, 8, 8, 8]")
}

/// Jets: one epoch over 100,000 jets x 5 features with [32, 32] ReLU, Adam, batch 256.
pub const CONFIG_JETS: &str = r#"format = 1
seed = 1
[data]
dataset = "jets"
samples = 100000
train_fraction = 1.0
standardise = true
features = ["mass", "tau32", "tau21", "nconst", "pt"]
[network]
hidden = [32, 32]
activation = "relu"
init = "he"
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.001
batch_size = 256
"#;

/// Config A or B outside TF-Playground-compatible mode (the engine's fast activations).
pub fn fast(config: &str) -> String {
    config.replace(
        "playground_compatible = true",
        "playground_compatible = false",
    )
}

/// Scene text whose network passes run in `precision`: as given for `f32` (the default),
/// with `precision = "f64"` added to its training section otherwise.
pub fn in_precision(config: &str, precision: Precision) -> String {
    match precision {
        Precision::F32 => config.to_string(),
        Precision::F64 => config.replace("[training]\n", "[training]\nprecision = \"f64\"\n"),
    }
}

/// Features of the HIGGS-sized workload H (as many as the UCI HIGGS table has).
pub const HIGGS_FEATURES: usize = 28;

/// Workload H: `rows` events x 28 features, [64, 64] ReLU, Adam, batch 512 (the size of the
/// UCI HIGGS course chapter). The features are Gaussian and the class is the side of a fixed
/// random hyperplane: the timing depends on the sizes only.
pub struct HiggsSized {
    /// The events, all in the training split.
    pub splits: Splits,
    /// The network, freshly initialised.
    pub network: Network,
    /// Adam, learning rate 0.001, batch 512, binary cross-entropy.
    pub training: TrainingSection,
}

impl HiggsSized {
    /// Draws `rows` events and a fresh network, to train in `precision`.
    pub fn new(rows: usize, precision: Precision) -> Self {
        let mut rng = Rng::new(28);
        let table = higgs_table(rows, &mut rng);
        let how = SplitInputs {
            features: (0..HIGGS_FEATURES).map(Feature::Column).collect(),
            standardise: false,
            coding: TargetCoding::Binary {
                negative: 0.0,
                positive: 1.0,
            },
            double: !precision.is_single(),
        };
        let splits = Splits::new(&table, (1.0, 0.0), how);
        let network = Network::new(
            HIGGS_FEATURES,
            &[64, 64, 1],
            &[Activation::Relu, Activation::Relu, Activation::Sigmoid],
            Init::He,
            &mut rng,
        );
        let training = TrainingSection {
            loss: Loss::Bce,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.001,
            batch_size: 512,
            precision,
            ..TrainingSection::default()
        };
        Self {
            splits,
            network,
            training,
        }
    }

    /// Seconds for one epoch of training alone.
    pub fn epoch_seconds(&self) -> f64 {
        training_epoch_seconds(
            &self.network,
            &self.training,
            &self.splits,
            self.training.loss,
        )
    }
}

/// H's events: `rows` rows of 28 Gaussian features, labelled by the side of a random hyperplane.
fn higgs_table(rows: usize, rng: &mut Rng) -> Table {
    let names: Vec<String> = (0..HIGGS_FEATURES).map(|c| format!("f{c}")).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut table = Table::new(&name_refs, Task::Classification { classes: 2 });
    let normal: Vec<f64> = (0..HIGGS_FEATURES).map(|_| rng.normal()).collect();
    let mut row = vec![0.0; HIGGS_FEATURES];
    for _ in 0..rows {
        row.iter_mut().for_each(|v| *v = rng.normal());
        let side: f64 = row.iter().zip(&normal).map(|(x, n)| x * n).sum();
        table.push(&row, if side > 0.0 { 1.0 } else { 0.0 });
    }
    table
}

/// Workload H as a session whose last fifth of the rows is the test split, with every
/// per-epoch figure on (AUC and rejection too): for the cost of the figures at its size.
pub fn higgs_session(rows: usize, precision: Precision) -> Result<Session, String> {
    let features: Vec<String> = (0..HIGGS_FEATURES).map(|c| format!("\"f{c}\"")).collect();
    let text = format!(
        r#"format = 1
seed = 28
[data]
train_fraction = 0.8
features = [{}]
[data.csv]
path = "higgs-sized.csv"
label = "label"
[network]
hidden = [64, 64]
activation = "relu"
init = "he"
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.001
batch_size = 512
"#,
        features.join(", ")
    );
    let text = in_precision(&text, precision);
    let scene = Scene::parse(&text, Path::new("<bench>")).map_err(|e| e.to_string())?;
    let table = higgs_table(rows, &mut Rng::new(28));
    let csv = crate::engine::data::csv_table::CsvTable {
        table,
        notes: Vec::new(),
    };
    Session::from_csv_table(&scene, Path::new("."), csv).map_err(|e| e.to_string())
}

/// Seconds for one epoch of the session's network over its training split with nothing else
/// (no loss passes and no figures), as a library's `fit` for one epoch; None for tree models.
pub fn session_training_seconds(session: &Session) -> Option<f64> {
    let ModelView::Network(network) = session.model() else {
        return None;
    };
    Some(training_epoch_seconds(
        network,
        &session.scene().training,
        session.splits(),
        session.loss(),
    ))
}

/// Seconds for one epoch of a copy of `network` trained on `splits` with `training`: the
/// updates alone.
fn training_epoch_seconds(
    network: &Network,
    training: &TrainingSection,
    splits: &Splits,
    loss: Loss,
) -> f64 {
    let rows = splits.train.rows();
    let mut model = NetworkModel::new(
        network.clone(),
        training,
        rows,
        Table::new(&[], Task::Regression),
        false,
        false,
    );
    let mut rng = Rng::new(1);
    let start = Instant::now();
    model.train_step(StepData {
        splits,
        generator: None,
        streaming: false,
        training,
        loss,
        rng: &mut rng,
        stop: None,
    });
    start.elapsed().as_secs_f64()
}

/// Boosted trees: 100 trees of depth `depth` on 100,000 jets x 6 features (learning rate 0.1,
/// XGBoost's L2 of 1 and minimum child weight of 1, 256 bins).
pub fn config_bdt(depth: usize) -> String {
    format!(
        r#"format = 1
seed = 1
[trees]
kind = "boosted"
trees = 100
max_depth = {depth}
learning_rate = 0.1
[data]
dataset = "jets"
samples = 100000
train_fraction = 1.0
features = ["mass", "tau32", "tau21", "nconst", "pt", "eta"]
"#
    )
}

/// A session for one of the configurations, with per-epoch AUC off (losses only).
pub fn session(scene_text: &str) -> Result<Session, String> {
    let scene = Scene::parse(scene_text, Path::new("<bench>")).map_err(|e| e.to_string())?;
    let mut s = Session::new(&scene, Path::new(".")).map_err(|e| e.to_string())?;
    s.set_full_metrics(false);
    Ok(s)
}

/// Epochs per second over `epochs` epochs (training plus the train and test loss passes).
pub fn epochs_per_second(session: &mut Session, epochs: u64) -> f64 {
    let start = Instant::now();
    for _ in 0..epochs {
        session.train_epoch();
    }
    epochs as f64 / start.elapsed().as_secs_f64()
}

/// Seconds for one `size x size` output map over the dataset's region.
pub fn map_seconds(
    session: &mut Session,
    size: usize,
    scratch: &mut MapScratch,
    out: &mut Vec<f64>,
) -> f64 {
    let region = session
        .generator()
        .map(|g| g.domain())
        .unwrap_or(((-6.0, 6.0), (-6.0, 6.0)));
    let start = Instant::now();
    output_map(
        session,
        Region {
            x: region.0,
            y: region.1,
        },
        size,
        scratch,
        out,
    );
    start.elapsed().as_secs_f64()
}

/// The median of a list of figures.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        0.5 * (values[n / 2 - 1] + values[n / 2])
    }
}
