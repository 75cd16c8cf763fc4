//! `nnplay export-onnx`: writes a scene's trained network or trees as an ONNX model.

use anyhow::Result;
use clap::Args;
use nnplay::engine::export::{OnnxOptions, session_to_onnx};
use std::path::PathBuf;

/// Arguments of `nnplay export-onnx`.
#[derive(Args, Debug)]
pub struct ExportOnnxArgs {
    /// Scene file (saved with its trained weights, e.g. by `nnplay train --save`) or preset id.
    scene: String,
    /// Where to write the `.onnx` file.
    #[arg(long)]
    out: PathBuf,
    /// Write MatMul + Add per layer instead of Gemm (what hls4ml's QONNX front end reads).
    #[arg(long)]
    matmul_add: bool,
}

/// Runs the export.
pub fn run(args: &ExportOnnxArgs) -> Result<()> {
    let (scene, anchor) = super::load_scene(&args.scene)?;
    let session = super::reading::session(&scene, &anchor)?;
    let options = OnnxOptions {
        matmul_add: args.matmul_add,
    };
    let bytes = session_to_onnx(&session, options).map_err(anyhow::Error::msg)?;
    if scene.model.is_none() {
        eprintln!(
            "note: {} holds no trained weights, so the exported model is untrained \
             (train and keep it first: nnplay train {} --save trained.toml)",
            anchor.display(),
            args.scene
        );
    }
    let mut outputs = super::outputs::Outputs::default();
    outputs.write(&args.out, &bytes)?;
    outputs.commit()?;
    let layout = match (session.network().is_some(), args.matmul_add) {
        (true, false) => "a Gemm per layer",
        (true, true) => "MatMul + Add per layer",
        (false, _) => "a tree ensemble",
    };
    println!(
        "wrote {} ({} bytes, opset 13, {layout})",
        args.out.display(),
        bytes.len()
    );
    Ok(())
}
