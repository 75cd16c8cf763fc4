//! Trained models written for other programs: ONNX files for inference runtimes.

pub mod onnx;
mod onnx_graph;
mod onnx_proto;
mod onnx_trees;

pub use onnx::{OnnxOptions, session_to_onnx};

use crate::engine::train::Session;
use std::path::Path;

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// An ONNX model of the trained network.
    Onnx(OnnxOptions),
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 2] = [
        ExportFormat::Onnx(OnnxOptions { matmul_add: false }),
        ExportFormat::Onnx(OnnxOptions { matmul_add: true }),
    ];

    /// The format's name in menus.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Onnx(OnnxOptions { matmul_add: false }) => "ONNX",
            ExportFormat::Onnx(OnnxOptions { matmul_add: true }) => {
                "ONNX, MatMul + Add per layer (for hls4ml)"
            }
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Onnx(_) => "onnx",
        }
    }

    /// The file's bytes for a trained session.
    pub fn bytes(self, session: &Session) -> Result<Vec<u8>, String> {
        match self {
            ExportFormat::Onnx(options) => session_to_onnx(session, options),
        }
    }

    /// Writes the export to `path` (whole or not at all) and says what was written.
    pub fn write(self, session: &Session, path: &Path) -> Result<String, String> {
        let bytes = self.bytes(session)?;
        let partial = path.with_extension("partial");
        std::fs::write(&partial, &bytes)
            .and_then(|()| std::fs::rename(&partial, path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&partial);
                format!("{}: {e}", path.display())
            })?;
        Ok(format!(
            "Wrote {} ({}, {} bytes, epoch {})",
            path.display(),
            self.label(),
            bytes.len(),
            session.epoch()
        ))
    }
}
