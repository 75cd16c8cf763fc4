//! Trained models written for other programs: ONNX files for inference runtimes and Python
//! scripts for notebooks.

pub mod onnx;
mod onnx_graph;
mod onnx_proto;
mod onnx_trees;
pub mod python;

pub use onnx::{OnnxOptions, session_to_onnx};
pub use python::{Framework, session_to_python};

use crate::engine::train::Session;
use std::path::{Path, PathBuf};

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// An ONNX model of the trained network or trees.
    Onnx(OnnxOptions),
    /// A Python script that rebuilds and trains the network, with its data and weights.
    Python(Framework),
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Onnx(OnnxOptions { matmul_add: false }),
        ExportFormat::Onnx(OnnxOptions { matmul_add: true }),
        ExportFormat::Python(Framework::Numpy),
        ExportFormat::Python(Framework::Keras),
        ExportFormat::Python(Framework::Pytorch),
    ];

    /// The format's name in menus.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Onnx(OnnxOptions { matmul_add: false }) => "ONNX",
            ExportFormat::Onnx(OnnxOptions { matmul_add: true }) => {
                "ONNX, MatMul + Add per layer (for hls4ml)"
            }
            ExportFormat::Python(Framework::Numpy) => "Python script: numpy",
            ExportFormat::Python(Framework::Keras) => "Python script: Keras",
            ExportFormat::Python(Framework::Pytorch) => "Python script: PyTorch",
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Onnx(_) => "onnx",
            ExportFormat::Python(_) => "py",
        }
    }

    /// Whether the format can hold a tree model.
    pub fn takes_trees(self) -> bool {
        matches!(self, ExportFormat::Onnx(_))
    }

    /// The files (path and bytes) an export to `path` writes, `path` itself first.
    pub fn files(self, session: &Session, path: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
        match self {
            ExportFormat::Onnx(options) => Ok(vec![(
                path.to_path_buf(),
                session_to_onnx(session, options)?,
            )]),
            ExportFormat::Python(framework) => {
                Ok(session_to_python(session, framework, path)?.files)
            }
        }
    }

    /// Writes the export to `path` (each file whole or not at all) and says what was written.
    pub fn write(self, session: &Session, path: &Path) -> Result<String, String> {
        let files = self.files(session, path)?;
        for (target, bytes) in &files {
            let partial = target.with_extension("partial");
            std::fs::write(&partial, bytes)
                .and_then(|()| std::fs::rename(&partial, target))
                .map_err(|e| {
                    let _ = std::fs::remove_file(&partial);
                    format!("{}: {e}", target.display())
                })?;
        }
        let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        Ok(format!(
            "Wrote {} ({}, epoch {})",
            names.join(", "),
            self.label(),
            session.epoch()
        ))
    }
}
