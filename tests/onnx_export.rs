//! ONNX export of networks: every exported network is run by tract (a pure-Rust ONNX runtime)
//! and by ONNX Runtime (from Python), and its outputs on raw input columns (a grid, the test
//! rows) match nnplay's own to 1e-5 (relative above 1, absolute below): feature maps,
//! standardisation, every activation, sigmoid, softmax and regression heads, Gemm and
//! MatMul + Add.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod common;
mod onnx_common;
use common::{session, train};
use nnplay::engine::data::splits::TargetCoding;
use nnplay::engine::export::{OnnxOptions, session_to_onnx};
use onnx_common::{Runtimes, largest_difference};
use prost::Message;

const TOLERANCE: f64 = onnx_common::TOLERANCE;

#[test]
fn a_tf_playground_network_on_all_seven_features_matches() {
    let scene = common::CIRCLE.replace(
        r#"features = ["x", "y"]"#,
        r#"features = ["x", "y", "x^2", "y^2", "xy", "sin(x)", "sin(y)"]"#,
    );
    let mut s = session(&scene);
    train(&mut s, 100);
    let d = largest_difference(&mut s, OnnxOptions::default(), Runtimes::Both);
    println!("circle, 7 features, tanh [4, 2], playground loss: largest difference {d:.2e}");
    assert!(d <= TOLERANCE, "{d}");
}

#[test]
fn every_activation_standardised_inputs_and_matmul_add_match() {
    let mut s = session(
        r#"
format = 1
seed = 5
[data]
dataset = "xor"
standardise = true
features = ["x", "y", "x*y"]
[network]
hidden = [8, 8, 8, 8, 8, 8, 8, 8]
activation = ["sigmoid", "tanh", "relu", "leaky-relu", "softplus", "elu", "gelu", "swish"]
init = "xavier"
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.01
batch_size = 16
"#,
    );
    train(&mut s, 60);
    let accuracy = s.history().last().unwrap().test_accuracy.unwrap();
    for matmul_add in [false, true] {
        let d = largest_difference(&mut s, OnnxOptions { matmul_add }, Runtimes::Both);
        println!(
            "xor, 8 layers (every activation), bce, matmul_add {matmul_add}: largest \
             difference {d:.2e} (test accuracy {accuracy:.3})"
        );
        assert!(d <= TOLERANCE, "{d}");
    }
}

#[test]
fn a_regression_on_a_subset_of_root_branches_matches() {
    let mut s = common::preset_session("zmumu-mass", Some("pt, eta, phi"));
    train(&mut s, 15);
    let d = largest_difference(&mut s, OnnxOptions::default(), Runtimes::Both);
    println!("zmumu-mass (pt, eta, phi), mse regression: largest difference {d:.2e}");
    assert!(d <= TOLERANCE, "{d}");
}

#[test]
fn a_three_class_softmax_network_on_products_and_squares_matches() {
    let mut s = session(
        r#"
format = 1
seed = 6
[data]
standardise = true
features = ["pt1", "pt2", "pt1*pt2", "eta1^2", "sin(phi1)"]
[data.root]
path = "bundled:uproot-Zmumu.root"
tree = "events"
branches = ["pt1", "pt2", "eta1", "phi1"]
label = "Type"
classification = true
[network]
hidden = [16]
activation = "relu"
init = "he"
[training]
loss = "softmax-ce"
optimizer = "adam"
learning_rate = 0.01
batch_size = 32
"#,
    );
    train(&mut s, 20);
    assert!(matches!(
        s.splits().coding,
        TargetCoding::OneHot { classes: 3 }
    ));
    let d = largest_difference(&mut s, OnnxOptions::default(), Runtimes::Both);
    println!("zmumu Type (3 classes), softmax: largest difference {d:.2e}");
    assert!(d <= TOLERANCE, "{d}");
}

#[test]
fn the_model_names_its_inputs_features_and_output_and_uses_opset_13() {
    let mut s = common::preset_session("zmumu-mass", Some("pt, eta, phi"));
    train(&mut s, 1);
    for matmul_add in [false, true] {
        let bytes = session_to_onnx(&s, OnnxOptions { matmul_add }).unwrap();
        let model = tract_onnx::pb::ModelProto::decode(&bytes[..]).unwrap();
        assert_eq!(model.producer_name, "nnplay");
        assert!(
            model
                .opset_import
                .iter()
                .any(|o| o.domain.is_empty() && o.version == 13)
        );
        let meta = |key: &str| {
            model
                .metadata_props
                .iter()
                .find(|p| p.key == key)
                .map(|p| p.value.clone())
                .unwrap_or_else(|| panic!("no metadata {key}"))
        };
        assert_eq!(meta("input_columns"), "pt1,eta1,phi1,pt2,eta2,phi2");
        assert_eq!(meta("features"), "pt1,eta1,phi1,pt2,eta2,phi2");
        assert_eq!(meta("standardised"), "yes");
        let graph = model.graph.unwrap();
        assert_eq!(graph.input[0].name, "input");
        assert_eq!(graph.output[0].name, "value");
        let ops: Vec<&str> = graph.node.iter().map(|n| n.op_type.as_str()).collect();
        assert_eq!(ops.contains(&"Gemm"), !matmul_add, "{ops:?}");
        assert_eq!(ops.contains(&"MatMul"), matmul_add, "{ops:?}");
    }
}
