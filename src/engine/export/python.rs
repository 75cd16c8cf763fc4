//! A trained network as a standalone Python script (numpy, Keras or PyTorch) beside the data
//! and the weights it reads. The script's code is a template per framework
//! (`assets/export/numpy.py`, `keras.py`, `pytorch.py`) with the functions they share
//! (`shared.py`: the command line, reading and standardising the data, the targets, the AUC
//! and the printed figures) put in; nnplay writes only its
//! settings block: the data's split, the features as numpy expressions, the network, the
//! loss, the optimiser and their settings.

use crate::engine::data::Feature;
use crate::engine::data::csv_table::write_table;
use crate::engine::data::splits::TargetCoding;
use crate::engine::nn::Init;
use crate::engine::scene::model_file::layers_of;
use crate::engine::scene::{ModelFile, OptimizerKind, Regularization};
use crate::engine::train::Session;
use std::path::{Path, PathBuf};

/// The framework a script is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framework {
    /// Plain numpy: forward, backward and the optimisers written out.
    Numpy,
    /// Keras 3 (any backend: JAX, TensorFlow or PyTorch).
    Keras,
    /// PyTorch.
    Pytorch,
}

impl Framework {
    /// Every framework, in menu order.
    pub const ALL: [Framework; 3] = [Framework::Numpy, Framework::Keras, Framework::Pytorch];

    /// The name on the command line and in menus.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Numpy => "numpy",
            Framework::Keras => "keras",
            Framework::Pytorch => "pytorch",
        }
    }

    /// Parses a command-line name.
    pub fn parse(name: &str) -> Option<Framework> {
        Framework::ALL.into_iter().find(|f| f.name() == name)
    }

    fn template(self) -> &'static str {
        match self {
            Framework::Numpy => include_str!("../../../assets/export/numpy.py"),
            Framework::Keras => include_str!("../../../assets/export/keras.py"),
            Framework::Pytorch => include_str!("../../../assets/export/pytorch.py"),
        }
    }
}

/// Where the template's settings block goes.
const SETTINGS_MARK: &str = "# nnplay: settings\n";
/// Where the functions every script shares (`assets/export/shared.py`) go.
const SHARED_MARK: &str = "# nnplay: shared\n";

/// The files of a script export: the script, the data it reads and the weights it loads.
pub struct PythonFiles {
    /// `(path, bytes)` of each file, the script first.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// The data file written beside a script.
pub fn data_path(script: &Path) -> PathBuf {
    script.with_extension("csv")
}

/// The weights file written beside a script (nnplay's model JSON).
pub fn weights_path(script: &Path) -> PathBuf {
    script.with_extension("model.json")
}

/// The script for `session`'s trained network, with its data and weights beside `script`.
pub fn session_to_python(
    session: &Session,
    framework: Framework,
    script: &Path,
) -> Result<PythonFiles, String> {
    let network = session
        .network()
        .ok_or("a script rebuilds a network: export a tree model as ONNX instead")?;
    let scene = session.scene();
    let splits = session.splits();
    let columns = session.columns();
    let file_name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let model = ModelFile {
        features: scene.data.features.clone(),
        epoch: session.epoch(),
        layers: layers_of(network),
        ensemble: None,
    };
    let weights = serde_json::to_string_pretty(&model).map_err(|e| e.to_string())?;
    let mut data = Vec::new();
    write_table(session.table(), "label", &mut data).map_err(|e| e.to_string())?;
    let t = &scene.training;
    let (classes, targets) = match splits.coding {
        TargetCoding::Value => (0, "None".to_string()),
        TargetCoding::Binary { negative, positive } => (2, format!("({negative:?}, {positive:?})")),
        TargetCoding::OneHot { classes } => (classes, "None".to_string()),
    };
    let title = if scene.lesson.title.is_empty() {
        "A network"
    } else {
        &scene.lesson.title
    };
    let mut settings = String::new();
    let mut line = |s: String| {
        settings.push_str(&s);
        settings.push('\n');
    };
    line(format!(
        "# {}: trained by nnplay for {} epochs{}.",
        title,
        session.epoch(),
        if t.playground_compatible {
            " in TF Playground's mode (this script uses the standard update rule)"
        } else {
            ""
        }
    ));
    line(format!(
        "DATA = HERE / {}  # the columns, then the label; rows in split order",
        py_string(&file_name(&data_path(script)))
    ));
    line(format!(
        "WEIGHTS = HERE / {}  # nnplay's model JSON: weights[input][neuron], biases",
        py_string(&file_name(&weights_path(script)))
    ));
    line(format!(
        "TRAIN_ROWS, VALIDATION_ROWS = {}, {}  # the rest is the test split",
        splits.train.rows(),
        splits.validation.rows()
    ));
    line(format!(
        "STANDARDISE = {}  # with the training rows' mean and standard deviation",
        py_bool(splits.scaler.is_some())
    ));
    line(format!(
        "ACTIVATIONS = {}  # one per layer, the output layer last",
        py_list(
            network
                .layers
                .iter()
                .map(|l| py_string(l.activation.name()))
        )
    ));
    line(format!(
        "SIZES = {}  # neurons per layer",
        py_list(network.layers.iter().map(|l| l.outputs.to_string()))
    ));
    line(format!("INIT = {}", py_init(scene.network.init)));
    line(format!(
        "CLASSES = {classes}  # 0: regression; 2 with one output: TARGETS are class 0's and 1's"
    ));
    line(format!("TARGETS = {targets}"));
    line(format!("LOSS = {}", py_string(t.loss.name())));
    line(format!(
        "OPTIMIZER = {}",
        py_string(match t.optimizer {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
        })
    ));
    line(format!(
        "LEARNING_RATE, MOMENTUM = {:?}, {:?}",
        t.learning_rate, t.momentum
    ));
    line(format!("BATCH_SIZE = {}", t.batch_size));
    line(format!(
        "PENALTY, PENALTY_RATE = {}, {:?}  # l1: rate * sum |w|; l2: rate * sum w^2 / 2",
        py_string(match t.regularization {
            Regularization::None => "none",
            Regularization::L1 => "l1",
            Regularization::L2 => "l2",
        }),
        t.regularization_rate
    ));
    line(format!(
        "DROPOUT = {:?}  # after every hidden layer while training",
        t.dropout
    ));
    line(format!("EPOCHS = {}", t.epochs));
    line(format!(
        "EARLY_STOPPING = {}  # (patience, restore the best weights) on the validation loss",
        match t.early_stopping {
            Some(e) => format!("({}, {})", e.patience, py_bool(e.restore_best)),
            None => "None".into(),
        }
    ));
    line(format!("SEED = {}", scene.seed));
    line(String::new());
    line(String::new());
    line("def features(c):".into());
    line("    \"\"\"The network's inputs from the data's columns (a dict of arrays).\"\"\"".into());
    let expressions: Vec<String> = splits
        .features
        .iter()
        .map(|f| py_feature(*f, columns))
        .collect();
    line(format!(
        "    return np.column_stack([{}])",
        expressions.join(", ")
    ));
    let template = framework.template();
    let script_text = template.replacen(SETTINGS_MARK, &settings, 1).replacen(
        SHARED_MARK,
        include_str!("../../../assets/export/shared.py"),
        1,
    );
    Ok(PythonFiles {
        files: vec![
            (script.to_path_buf(), script_text.into_bytes()),
            (data_path(script), data),
            (weights_path(script), weights.into_bytes()),
        ],
    })
}

fn py_string(s: &str) -> String {
    // A JSON string is a valid Python string literal.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

fn py_list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

fn py_init(init: Init) -> String {
    match init {
        Init::Xavier => "{\"kind\": \"xavier\"}".into(),
        Init::He => "{\"kind\": \"he\"}".into(),
        Init::Playground => "{\"kind\": \"uniform\", \"scale\": 0.5, \"bias\": 0.1}".into(),
        Init::Uniform { scale, bias } => {
            format!("{{\"kind\": \"uniform\", \"scale\": {scale:?}, \"bias\": {bias:?}}}")
        }
    }
}

fn py_feature(f: Feature, columns: &[String]) -> String {
    let c = |i: usize| format!("c[{}]", py_string(&columns[i]));
    match f {
        Feature::Column(i) => c(i),
        Feature::Square(i) => format!("{} ** 2", c(i)),
        Feature::Product(i, j) => format!("{} * {}", c(i), c(j)),
        Feature::Sine(i) => format!("np.sin({})", c(i)),
    }
}
