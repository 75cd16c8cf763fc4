//! A trained session as an ONNX model that takes the raw input columns: the features' maps
//! (x^2, sin x, products) and the standardisation are nodes of the graph, then the model (a
//! network: one Gemm, or MatMul + Add, per layer with its activation; trees: see
//! [`super::onnx_trees`]), then the output as a probability (sigmoid or softmax) or the
//! regression value. Numbers are stored as f32, as ONNX runtimes expect.

use super::onnx_graph::{self, GraphBuilder, GraphIo, Port, float, int};
use crate::engine::data::splits::TargetCoding;
use crate::engine::data::{Feature, Standardiser};
use crate::engine::model::ModelView;
use crate::engine::nn::{Activation, Loss, Network};
use crate::engine::train::Session;

/// How the layers are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OnnxOptions {
    /// MatMul then Add per layer instead of one Gemm (what hls4ml's QONNX front end reads).
    pub matmul_add: bool,
}

/// The name of the model's input.
pub const INPUT_NAME: &str = "input";

/// The trained model of `session` as the bytes of an `.onnx` file.
pub fn session_to_onnx(session: &Session, options: OnnxOptions) -> Result<Vec<u8>, String> {
    let splits = session.splits();
    let columns = session.columns();
    let used = used_columns(&splits.features);
    let mut g = GraphBuilder::default();
    let mut x = feature_nodes(&mut g, &splits.features, &used);
    if let Some(scaler) = &splits.scaler {
        x = standardise(&mut g, &x, scaler);
    }
    let (coding, loss) = (splits.coding, session.loss());
    let (x, head) = match session.model() {
        ModelView::Network(network) => {
            let head = output_head(coding, loss);
            let x = layer_nodes(&mut g, &x, network, options);
            (head.apply(&mut g, &x), head)
        }
        ModelView::Trees(ensemble) => {
            super::onnx_trees::ensemble_nodes(&mut g, &x, ensemble, coding, loss)?
        }
    };
    let column_names: Vec<&str> = used.iter().map(|&c| columns[c].as_str()).collect();
    let feature_names: Vec<String> = splits.features.iter().map(|f| f.label(columns)).collect();
    let title = &session.scene().lesson.title;
    let description = format!(
        "{} trained by nnplay for {} epochs: {}",
        if title.is_empty() { "A model" } else { title },
        session.epoch(),
        head.meaning
    );
    let io = GraphIo {
        graph_name: "nnplay",
        description: &description,
        input: Port {
            name: INPUT_NAME,
            width: used.len(),
            doc: format!("raw columns, in this order: {}", column_names.join(", ")),
        },
        output: Port {
            name: head.name,
            width: coding.outputs(),
            doc: head.meaning.clone(),
        },
    };
    let metadata = vec![
        ("input_columns".into(), column_names.join(",")),
        ("features".into(), feature_names.join(",")),
        (
            "standardised".into(),
            if splits.scaler.is_some() { "yes" } else { "no" }.into(),
        ),
        ("output".into(), head.meaning.clone()),
        ("epochs".into(), session.epoch().to_string()),
    ];
    let model = g.finish(io, &x, metadata);
    Ok(onnx_graph::encode(&model))
}

/// The table columns the features read, in column order.
pub fn used_columns(features: &[Feature]) -> Vec<usize> {
    let mut used: Vec<usize> = features
        .iter()
        .flat_map(|f| match *f {
            Feature::Column(i) | Feature::Square(i) | Feature::Sine(i) => vec![i],
            Feature::Product(i, j) => vec![i, j],
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    used
}

/// The features from the input columns (the input itself when the features are those columns).
fn feature_nodes(g: &mut GraphBuilder, features: &[Feature], used: &[usize]) -> String {
    let plain = features.len() == used.len()
        && features
            .iter()
            .zip(used)
            .all(|(f, &c)| *f == Feature::Column(c));
    if plain {
        return INPUT_NAME.into();
    }
    let mut gathered: Vec<Option<String>> = vec![None; used.len()];
    let mut column = |g: &mut GraphBuilder, c: usize| -> String {
        let k = used.iter().position(|&u| u == c).unwrap_or(0);
        gathered[k]
            .get_or_insert_with(|| {
                let index = g.constant_i64(&format!("column_{k}"), vec![k as i64]);
                g.op("Gather", &[INPUT_NAME, &index], vec![int("axis", 1)])
            })
            .clone()
    };
    let values: Vec<String> = features
        .iter()
        .map(|f| match *f {
            Feature::Column(i) => column(g, i),
            Feature::Square(i) => {
                let c = column(g, i);
                g.op("Mul", &[&c, &c], vec![])
            }
            Feature::Product(i, j) => {
                let (a, b) = (column(g, i), column(g, j));
                g.op("Mul", &[&a, &b], vec![])
            }
            Feature::Sine(i) => {
                let c = column(g, i);
                g.op("Sin", &[&c], vec![])
            }
        })
        .collect();
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    g.op("Concat", &refs, vec![int("axis", 1)])
}

fn standardise(g: &mut GraphBuilder, x: &str, scaler: &Standardiser) -> String {
    let width = scaler.mean.len();
    let mean = g.constant_f64("feature_mean", &[width], &scaler.mean);
    let std = g.constant_f64("feature_std", &[width], &scaler.std);
    let centred = g.op("Sub", &[x, &mean], vec![]);
    g.op("Div", &[&centred, &std], vec![])
}

fn layer_nodes(g: &mut GraphBuilder, x: &str, network: &Network, options: OnnxOptions) -> String {
    let mut x = x.to_string();
    for (k, layer) in network.layers.iter().enumerate() {
        let w = g.constant_f64(
            &format!("layer{k}_weights"),
            &[layer.inputs, layer.outputs],
            &layer.weights,
        );
        let b = g.constant_f64(&format!("layer{k}_biases"), &[layer.outputs], &layer.biases);
        x = if options.matmul_add {
            let product = g.op("MatMul", &[&x, &w], vec![]);
            g.op("Add", &[&product, &b], vec![])
        } else {
            g.op("Gemm", &[&x, &w, &b], vec![])
        };
        x = activation_nodes(g, &x, layer.activation);
    }
    x
}

/// `activation(x)` as standard operators (GELU, which opset 13 lacks, from its tanh form).
fn activation_nodes(g: &mut GraphBuilder, x: &str, activation: Activation) -> String {
    match activation {
        Activation::Linear => x.into(),
        Activation::Sigmoid => g.op("Sigmoid", &[x], vec![]),
        Activation::Tanh => g.op("Tanh", &[x], vec![]),
        Activation::Relu => g.op("Relu", &[x], vec![]),
        Activation::LeakyRelu => g.op(
            "LeakyRelu",
            &[x],
            vec![float(
                "alpha",
                crate::engine::nn::activation::LEAKY_SLOPE as f32,
            )],
        ),
        Activation::Softplus => g.op("Softplus", &[x], vec![]),
        Activation::Elu => g.op("Elu", &[x], vec![float("alpha", 1.0)]),
        Activation::Swish => {
            let s = g.op("Sigmoid", &[x], vec![]);
            g.op("Mul", &[x, &s], vec![])
        }
        Activation::Gelu => {
            use crate::engine::nn::activation::{GELU_A, GELU_C};
            let n = x;
            let a = g.scalar(GELU_A as f32);
            let c = g.scalar(GELU_C as f32);
            let one = g.scalar(1.0);
            let half = g.scalar(0.5);
            let x2 = g.op("Mul", &[n, n], vec![]);
            let x3 = g.op("Mul", &[&x2, n], vec![]);
            let ax3 = g.op("Mul", &[&x3, &a], vec![]);
            let inner = g.op("Add", &[n, &ax3], vec![]);
            let scaled = g.op("Mul", &[&inner, &c], vec![]);
            let t = g.op("Tanh", &[&scaled], vec![]);
            let t1 = g.op("Add", &[&t, &one], vec![]);
            let xt = g.op("Mul", &[n, &t1], vec![]);
            g.op("Mul", &[&xt, &half], vec![])
        }
    }
}

/// What the model's last nodes make of its raw outputs, and what the output is called.
pub(super) struct OutputHead {
    /// The output's name.
    pub name: &'static str,
    /// What it holds.
    pub meaning: String,
    /// How it is made from the raw outputs.
    pub transform: HeadTransform,
}

/// How the output is made from the model's raw outputs.
pub(super) enum HeadTransform {
    None,
    Sigmoid,
    Softmax,
    /// `(y - negative) / (positive - negative)`: a tanh output's class score.
    Rescale {
        negative: f64,
        positive: f64,
    },
}

/// The output a model of this coding and loss gives.
pub(super) fn output_head(coding: TargetCoding, loss: Loss) -> OutputHead {
    match coding {
        TargetCoding::Value => OutputHead {
            name: "value",
            meaning: "the predicted value".into(),
            transform: HeadTransform::None,
        },
        TargetCoding::Binary { negative, positive } => OutputHead {
            name: "probability",
            meaning: "the score of class 1 (signal), from 0 to 1".into(),
            transform: if loss == Loss::Bce {
                HeadTransform::Sigmoid
            } else if (negative, positive) == (0.0, 1.0) {
                HeadTransform::None
            } else {
                HeadTransform::Rescale { negative, positive }
            },
        },
        TargetCoding::OneHot { classes } if loss == Loss::SoftmaxCe => OutputHead {
            name: "probability",
            meaning: format!("the probabilities of classes 0 to {}", classes - 1),
            transform: HeadTransform::Softmax,
        },
        TargetCoding::OneHot { classes } => OutputHead {
            name: "scores",
            meaning: format!(
                "one score per class, 0 to {} (the largest wins)",
                classes - 1
            ),
            transform: HeadTransform::None,
        },
    }
}

impl OutputHead {
    /// The head's nodes reading the raw outputs `x`; returns the output.
    pub(super) fn apply(&self, g: &mut GraphBuilder, x: &str) -> String {
        match self.transform {
            HeadTransform::None => x.into(),
            HeadTransform::Sigmoid => g.op("Sigmoid", &[x], vec![]),
            HeadTransform::Softmax => g.op("Softmax", &[x], vec![int("axis", 1)]),
            HeadTransform::Rescale { negative, positive } => {
                let shift = g.scalar(negative as f32);
                let width = g.scalar((positive - negative) as f32);
                let shifted = g.op("Sub", &[x, &shift], vec![]);
                g.op("Div", &[&shifted, &width], vec![])
            }
        }
    }
}
