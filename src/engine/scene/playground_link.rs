//! TF Playground links: the settings after `#` in `playground.tensorflow.org/#activation=relu&…`
//! read with TF Playground's own rules (its `State.deserializeState` and the noise clamp of its
//! `playground.ts`), into a scene in TF-Playground-compatible mode. Unknown keys and values
//! that do not apply are listed as notices, never a failure. The other way, a scene that TF
//! Playground can show is written as a link, with notes on what the link leaves out.

use super::Scene;
use super::bounds::{
    BATCH_SIZE, Bound, LEARNING_RATE, MAX_HIDDEN_LAYERS, NEURONS, REGULARIZATION_RATE,
};
use crate::engine::data::DatasetKind;
use crate::engine::nn::Activation;
use std::collections::BTreeMap;

/// TF Playground's input flags, in its order of inputs, with nnplay's feature names.
const INPUTS: [(&str, &str); 7] = [
    ("x", "x"),
    ("y", "y"),
    ("xSquared", "x^2"),
    ("ySquared", "y^2"),
    ("xTimesY", "xy"),
    ("sinX", "sin(x)"),
    ("sinY", "sin(y)"),
];

/// Every key TF Playground reads and writes, in the order it writes them (its `State.PROPS`).
/// cosX and cosY change nothing here (TF Playground has no such inputs), nor collectStats and
/// tutorial (its page's own).
const PROPS: [&str; 27] = [
    "activation",
    "regularization",
    "batchSize",
    "dataset",
    "regDataset",
    "learningRate",
    "regularizationRate",
    "noise",
    "networkShape",
    "seed",
    "showTestData",
    "discretize",
    "percTrainData",
    "x",
    "y",
    "xTimesY",
    "xSquared",
    "ySquared",
    "cosX",
    "sinX",
    "cosY",
    "sinY",
    "collectStats",
    "tutorial",
    "problem",
    "initZero",
    "hideText",
];

/// Points TF Playground draws for classification and for regression.
const SAMPLES_CLASSIFY: usize = 500;
const SAMPLES_REGRESS: usize = 1200;

/// Whether `text` is a TF Playground link (or just its `#…` part) rather than a file or a
/// preset id.
pub fn is_playground_link(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with('#')
}

/// A seed string (TF Playground's are like "0.13116") as nnplay's seed: FNV-1a of its bytes,
/// so the same link always gives the same scene.
fn seed_of(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h & (i64::MAX as u64)
}

/// JavaScript's `+value` for the strings a link holds: a decimal number, or NaN.
fn js_number(value: &str) -> f64 {
    let v = value.trim();
    if v.is_empty() {
        return 0.0;
    }
    v.parse::<f64>().unwrap_or(f64::NAN)
}

/// The key-value pairs after `#`, as TF Playground splits them (a later key wins).
fn pairs(link: &str) -> Result<BTreeMap<String, String>, String> {
    let hash = match link.trim().split_once('#') {
        Some((_, hash)) => hash,
        None => {
            return Err(
                "a TF Playground link carries its settings after '#', and this one has none".into(),
            );
        }
    };
    let mut map = BTreeMap::new();
    for pair in hash.split('&').filter(|p| !p.is_empty()) {
        let mut parts = pair.split('=');
        let name = parts.next().unwrap_or_default().to_string();
        // As in JavaScript's destructuring of split("="): the text after a second '=' is lost.
        let value = parts.next().unwrap_or_default().to_string();
        map.insert(name, value);
    }
    Ok(map)
}

/// The scene a TF Playground link describes, and notices about what it could not take.
pub fn from_playground_link(link: &str) -> Result<(Scene, Vec<String>), String> {
    let map = pairs(link)?;
    // TF Playground's scene before a link changes it (the circle, 500 points, [4, 2] tanh,
    // learning rate 0.03, batch size 10, half the points for training) is benchmark config A.
    let mut scene: Scene =
        toml::from_str(crate::engine::workloads::CONFIG_A).map_err(|e| e.to_string())?;
    let mut notices = Vec::new();
    // TF Playground's `hasKey`: present and not blank.
    let given = |name: &str| map.get(name).filter(|v| !v.trim().is_empty());
    let flag = |name: &str| given(name).map(|v| v != "false");
    let number = |name: &str, bound: Option<Bound>, notices: &mut Vec<String>| {
        let value = js_number(given(name)?);
        let fits = match bound {
            _ if !value.is_finite() => Err(format!("{name}={} is not a number", map[name])),
            Some(b) => b.check(value).map_err(|m| format!("{name}: {m}")),
            None => Ok(()),
        };
        match fits {
            Ok(()) => Some(value),
            Err(m) => {
                notices.push(format!("{m}; kept TF Playground's default"));
                None
            }
        }
    };

    if let Some(name) = given("activation") {
        match name.as_str() {
            "relu" => scene.network.activation = super::Activations::All(Activation::Relu),
            "tanh" => scene.network.activation = super::Activations::All(Activation::Tanh),
            "sigmoid" => scene.network.activation = super::Activations::All(Activation::Sigmoid),
            "linear" => scene.network.activation = super::Activations::All(Activation::Linear),
            other => notices.push(format!(
                "activation={other} is not relu, tanh, sigmoid or linear; kept tanh"
            )),
        }
    }
    if let Some(name) = given("regularization") {
        scene.training.regularization = match name.as_str() {
            "none" => super::Regularization::None,
            "L1" => super::Regularization::L1,
            "L2" => super::Regularization::L2,
            other => {
                notices.push(format!(
                    "regularization={other} is not none, L1 or L2; kept none"
                ));
                scene.training.regularization
            }
        };
    }
    if let Some(v) = number("learningRate", Some(LEARNING_RATE), &mut notices) {
        scene.training.learning_rate = v;
    }
    if let Some(v) = number(
        "regularizationRate",
        Some(REGULARIZATION_RATE),
        &mut notices,
    ) {
        scene.training.regularization_rate = v;
    }
    if let Some(v) = number("batchSize", None, &mut notices) {
        if BATCH_SIZE.check(v).is_ok() && v.fract() == 0.0 {
            scene.training.batch_size = v as usize;
        } else {
            notices.push(format!(
                "batchSize={v} is not a whole number from 1; kept 10"
            ));
        }
    }
    if let Some(v) = number("percTrainData", None, &mut notices) {
        if v > 0.0 && v <= 100.0 {
            scene.data.train_fraction = v / 100.0;
        } else {
            notices.push(format!("percTrainData={v} is not in (0, 100]; kept 50"));
        }
    }
    if let Some(v) = number("noise", None, &mut notices) {
        // TF Playground's slider reaches 50; a link may raise it to 80, beyond that it is 50,
        // and below 0 it is 0.
        let clamped = if v > 80.0 { 50.0 } else { v.max(0.0) };
        if clamped != v {
            notices.push(format!("noise={v} set to {clamped}, as TF Playground does"));
        }
        scene.data.noise = clamped / 100.0;
    }
    if let Some(shape) = map.get("networkShape") {
        let sizes: Vec<f64> = if shape.trim().is_empty() {
            Vec::new()
        } else {
            shape.split(',').map(js_number).collect()
        };
        let fits = sizes.len() <= MAX_HIDDEN_LAYERS
            && sizes
                .iter()
                .all(|&n| n.fract() == 0.0 && NEURONS.check(n).is_ok());
        if fits {
            scene.network.hidden = sizes.iter().map(|&n| n as usize).collect();
        } else {
            notices.push(format!(
                "networkShape={shape}: up to {MAX_HIDDEN_LAYERS} layers of 1 to {} neurons; kept 4,2",
                NEURONS.max
            ));
        }
    }
    if let Some(seed) = given("seed") {
        scene.seed = seed_of(seed);
        scene.playground_seed = Some(seed.clone());
    }
    let regression = match given("problem").map(String::as_str) {
        None | Some("classification") => false,
        Some("regression") => true,
        Some(other) => {
            notices.push(format!(
                "problem={other} is not classification or regression; kept classification"
            ));
            false
        }
    };
    let dataset = if regression {
        match given("regDataset").map(String::as_str) {
            None | Some("reg-plane") => DatasetKind::RegPlane,
            Some("reg-gauss") => DatasetKind::RegGauss,
            Some(other) => {
                notices.push(format!(
                    "regDataset={other} is not reg-plane or reg-gauss; kept reg-plane"
                ));
                DatasetKind::RegPlane
            }
        }
    } else {
        match given("dataset").map(String::as_str) {
            None | Some("circle") => DatasetKind::Circle,
            Some("xor") => DatasetKind::Xor,
            Some("gauss") => DatasetKind::Gauss,
            Some("spiral") => DatasetKind::Spiral,
            Some(other) => {
                notices.push(format!(
                    "dataset={other} is not circle, xor, gauss or spiral; kept circle"
                ));
                DatasetKind::Circle
            }
        }
    };
    scene.data.dataset = Some(dataset);
    scene.data.samples = Some(if regression {
        SAMPLES_REGRESS
    } else {
        SAMPLES_CLASSIFY
    });
    let features: Vec<String> = INPUTS
        .iter()
        .filter(|(key, _)| flag(key).unwrap_or(*key == "x" || *key == "y"))
        .filter(|(key, _)| map.get(&format!("{key}_hide")).map(String::as_str) != Some("true"))
        .map(|(_, name)| name.to_string())
        .collect();
    if features.is_empty() {
        notices.push("the link turns every input off; kept x and y".into());
    } else {
        scene.data.features = features;
    }
    if flag("initZero") == Some(true) {
        scene.network.init = crate::engine::nn::Init::Uniform {
            scale: 0.0,
            bias: 0.1,
        };
    }
    scene.view.show_test_data = flag("showTestData");
    scene.view.discretize = flag("discretize");
    let hides = map.iter().any(|(k, v)| k.ends_with("_hide") && v == "true");
    if flag("hideText") == Some(true) || hides {
        scene.view.presenting = Some(true);
    }
    for key in map.keys() {
        if !PROPS.contains(&key.as_str()) && !key.ends_with("_hide") {
            notices.push(format!("unknown key `{key}` left out"));
        }
    }
    scene.lesson.title = "A TF Playground link".into();
    scene.check().map_err(|(field, m)| {
        format!("the link gives a scene that does not check: {field}: {m}")
    })?;
    Ok((scene, notices))
}

/// Where TF Playground lives.
const PLAYGROUND_URL: &str = "https://playground.tensorflow.org/#";

/// The scene as a TF Playground link (every key, in the order TF Playground writes them), and
/// notes on settings the link cannot carry; an error when TF Playground cannot show the scene
/// at all (its own data, a tree model).
pub fn to_playground_link(scene: &Scene) -> Result<(String, Vec<String>), String> {
    if scene.trees.is_some() {
        return Err("TF Playground trains networks only, not tree models".into());
    }
    let dataset = scene
        .data
        .dataset
        .ok_or("TF Playground draws its own data; it cannot read a CSV file")?;
    let (problem, name) = match dataset {
        DatasetKind::Circle => ("classification", "circle"),
        DatasetKind::Xor => ("classification", "xor"),
        DatasetKind::Gauss => ("classification", "gauss"),
        DatasetKind::Spiral => ("classification", "spiral"),
        DatasetKind::RegPlane => ("regression", "reg-plane"),
        DatasetKind::RegGauss => ("regression", "reg-gauss"),
        other => {
            return Err(format!(
                "TF Playground has no {} dataset; it has circle, xor, gauss, spiral, reg-plane \
                 and reg-gauss",
                format!("{other:?}").to_lowercase()
            ));
        }
    };
    let mut notes = Vec::new();
    let activation = match &scene.network.activation {
        super::Activations::All(a) => *a,
        super::Activations::PerLayer(list) => {
            notes.push("TF Playground has one activation for all layers: the first is kept".into());
            list.first().copied().unwrap_or(Activation::Tanh)
        }
    };
    let activation = match activation {
        Activation::Relu => "relu",
        Activation::Tanh => "tanh",
        Activation::Sigmoid => "sigmoid",
        Activation::Linear => "linear",
        other => {
            notes.push(format!(
                "TF Playground has no {} activation: tanh instead",
                other.name()
            ));
            "tanh"
        }
    };
    let t = &scene.training;
    let d = &scene.data;
    if !t.playground_compatible {
        notes.push(
            "TF Playground trains in its own way (plain SGD, its square loss, no dropout or \
             early stopping): the link carries the learning rate, batch size and penalty only"
                .into(),
        );
    }
    let samples = if problem == "regression" {
        SAMPLES_REGRESS
    } else {
        SAMPLES_CLASSIFY
    };
    if d.samples.is_some_and(|n| n != samples) {
        notes.push(format!("TF Playground always draws {samples} points"));
    }
    if d.validation_fraction > 0.0 {
        notes.push("TF Playground has no validation split".into());
    }
    let features: Vec<&str> = INPUTS
        .iter()
        .filter(|(_, name)| d.features.iter().any(|f| f == name))
        .map(|(key, _)| *key)
        .collect();
    for f in &d.features {
        if !INPUTS.iter().any(|(_, name)| name == f) {
            notes.push(format!("TF Playground has no input {f}"));
        }
    }
    // TF Playground leaves "none" out (its value is null).
    let regularization = match t.regularization {
        super::Regularization::None => None,
        super::Regularization::L1 => Some("L1"),
        super::Regularization::L2 => Some("L2"),
    };
    let init_zero = matches!(scene.network.init, crate::engine::nn::Init::Uniform { scale, .. } if scale == 0.0);
    let seed = scene
        .playground_seed
        .clone()
        .unwrap_or_else(|| scene.seed.to_string());
    let shape: Vec<String> = scene.network.hidden.iter().map(|n| n.to_string()).collect();
    let (dataset, reg_dataset) = if problem == "classification" {
        (name, "reg-plane")
    } else {
        ("circle", name)
    };
    let mut values: BTreeMap<&str, String> = BTreeMap::from([
        ("activation", activation.to_string()),
        ("batchSize", t.batch_size.to_string()),
        ("dataset", dataset.to_string()),
        ("regDataset", reg_dataset.to_string()),
        ("learningRate", t.learning_rate.to_string()),
        ("regularizationRate", t.regularization_rate.to_string()),
        ("noise", (d.noise * 100.0).to_string()),
        ("networkShape", shape.join(",")),
        ("seed", seed),
        (
            "showTestData",
            scene.view.show_test_data.unwrap_or(false).to_string(),
        ),
        (
            "discretize",
            scene.view.discretize.unwrap_or(false).to_string(),
        ),
        ("percTrainData", (d.train_fraction * 100.0).to_string()),
        ("collectStats", "false".to_string()),
        ("problem", problem.to_string()),
        ("initZero", init_zero.to_string()),
        (
            "hideText",
            scene.view.presenting.unwrap_or(false).to_string(),
        ),
    ]);
    values.extend(regularization.map(|r| ("regularization", r.to_string())));
    for key in [
        "x", "y", "xTimesY", "xSquared", "ySquared", "cosX", "sinX", "cosY", "sinY",
    ] {
        values.insert(key, features.contains(&key).to_string());
    }
    // In TF Playground's order; a key without a value (regularization none, tutorial) is left
    // out, as TF Playground leaves out its nulls.
    let hash: Vec<String> = PROPS
        .iter()
        .filter_map(|k| values.get(k).map(|v| format!("{k}={v}")))
        .collect();
    Ok((format!("{PLAYGROUND_URL}{}", hash.join("&")), notes))
}
