//! Helpers of the ONNX export tests: nnplay's own outputs, and the exported model's outputs as
//! tract and ONNX Runtime compute them.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use nnplay::engine::export::onnx::used_columns;
use nnplay::engine::export::{OnnxOptions, session_to_onnx};
use nnplay::engine::train::Session;
use std::process::Command;
use tract_onnx::prelude::*;

/// Largest difference allowed between nnplay (f64) and an f32 runtime: relative above 1,
/// absolute below.
pub const TOLERANCE: f64 = 1e-5;

/// Which runtimes run the exported model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtimes {
    /// tract and ONNX Runtime.
    Both,
    /// ONNX Runtime alone (tract lacks the operator, e.g. `TreeEnsembleRegressor`).
    OnnxRuntime,
}

/// The exported model's outputs for the same rows, run by tract.
fn tract_outputs(bytes: &[u8], inputs: &[f32], width: usize) -> Vec<f64> {
    let rows = inputs.len() / width;
    let model = tract_onnx::onnx()
        .model_for_read(&mut &bytes[..])
        .unwrap()
        .with_input_fact(0, f32::fact([rows, width]).into())
        .unwrap()
        .into_optimized()
        .unwrap()
        .into_runnable()
        .unwrap();
    let input = tract_ndarray::Array2::from_shape_vec((rows, width), inputs.to_vec()).unwrap();
    let result = model.run(tvec!(Tensor::from(input).into_tvalue())).unwrap();
    let view = result[0].to_plain_array_view::<f32>().unwrap();
    view.iter().map(|&v| f64::from(v)).collect()
}

/// Rows of raw columns to compare on: the test split's rows, and a grid over the first two
/// columns (the others at their test-row values) when there are two or more.
fn comparison_rows(session: &Session) -> Vec<f64> {
    let table = session.table();
    let test = session.splits().test.rows();
    let mut rows: Vec<f64> = (table.rows() - test..table.rows())
        .flat_map(|r| table.row(r).to_double().to_vec())
        .collect();
    if table.columns.len() == 2 {
        for i in 0..21 {
            for j in 0..21 {
                rows.extend([-6.0 + 0.6 * f64::from(i), -6.0 + 0.6 * f64::from(j)]);
            }
        }
    }
    rows
}

/// Exports, runs the model on every runtime asked for (ONNX Runtime where Python has it; in CI
/// it must) and returns the largest difference from nnplay's outputs (relative above 1).
pub fn largest_difference(session: &mut Session, options: OnnxOptions, runtimes: Runtimes) -> f64 {
    let bytes = session_to_onnx(session, options).unwrap();
    let columns = comparison_rows(session);
    let width = session.table().columns.len();
    let used = used_columns(&session.splits().features);
    let onnx_input: Vec<f32> = columns
        .chunks_exact(width)
        .flat_map(|row| used.iter().map(|&c| row[c] as f32).collect::<Vec<_>>())
        .collect();
    // nnplay sees the same f32-rounded inputs the ONNX model gets.
    let rounded: Vec<f64> = columns.iter().map(|&v| f64::from(v as f32)).collect();
    let expected = crate::common::nnplay_outputs(session, &rounded);
    assert!(!expected.is_empty());
    let mut results = Vec::new();
    if runtimes == Runtimes::Both {
        results.push(tract_outputs(&bytes, &onnx_input, used.len()));
    }
    results.extend(onnxruntime_outputs(&bytes, &onnx_input, used.len()));
    assert!(!results.is_empty(), "no runtime ran the model");
    results
        .iter()
        .map(|got| {
            assert_eq!(got.len(), expected.len());
            expected
                .iter()
                .zip(got)
                .map(|(e, g)| (e - g).abs() / e.abs().max(1.0))
                .fold(0.0, f64::max)
        })
        .fold(0.0, f64::max)
}

/// Runs the model with ONNX Runtime in Python. None (with a message) where Python or
/// onnxruntime is missing, which only a machine outside CI may be.
fn onnxruntime_outputs(bytes: &[u8], inputs: &[f32], width: usize) -> Option<Vec<f64>> {
    let available = Command::new("python3")
        .args(["-c", "import numpy, onnxruntime"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have onnxruntime (pip install onnxruntime numpy)"
        );
        eprintln!("onnxruntime is not importable by python3 here: ONNX Runtime check skipped");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.onnx"), bytes).unwrap();
    let text: String = inputs
        .chunks_exact(width)
        .map(|row| {
            let cells: Vec<String> = row.iter().map(|v| format!("{v:e}")).collect();
            cells.join(" ") + "\n"
        })
        .collect();
    std::fs::write(dir.path().join("input.txt"), text).unwrap();
    let script = "import sys, numpy as np, onnxruntime as ort\n\
                  d = sys.argv[1]\n\
                  x = np.loadtxt(d + '/input.txt', dtype=np.float32, ndmin=2)\n\
                  s = ort.InferenceSession(d + '/model.onnx', providers=['CPUExecutionProvider'])\n\
                  y = s.run(None, {'input': x})[0]\n\
                  np.savetxt(sys.stdout, np.asarray(y, dtype=np.float64).reshape(-1), fmt='%.9g')\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "onnxruntime failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.trim().parse().unwrap())
            .collect(),
    )
}
