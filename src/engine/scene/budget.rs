//! How much memory a scene needs, estimated before anything is allocated, so that a scene
//! `check` accepts can also run: the data and its splits, the batch buffers, the workspaces of
//! the forward and backward passes, the parameters with their optimiser state, and the maps.

use super::Scene;
use crate::engine::data::{Generator, Task};

/// The most memory a scene may ask for.
pub const MEMORY_LIMIT: u64 = 4 << 30;

/// Bytes per number.
const NUMBER: u64 = 8;

/// Rows the evaluation and the maps run through the network at once.
const CHUNK_ROWS: u64 = 256;

/// The shape a scene's data has, as far as it is known before the data is read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DataShape {
    /// Rows (samples).
    pub rows: u64,
    /// Raw columns.
    pub columns: u64,
    /// Classes (0 for regression).
    pub classes: u64,
}

/// Where a scene's memory goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemoryEstimate {
    /// The data table, the splits' inputs and targets.
    pub data: u64,
    /// Batch buffers and the training workspace (grow with `training.batch_size`).
    pub batch: u64,
    /// Parameters, gradients, optimiser state, best copy and the evaluation workspace.
    pub model: u64,
}

impl MemoryEstimate {
    /// All of it.
    pub fn total(&self) -> u64 {
        self.data + self.batch + self.model
    }
}

/// `bytes` as "41.0 GB".
pub fn human(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

impl Scene {
    /// The memory this scene needs on data of `shape`.
    pub fn memory_estimate(&self, shape: DataShape) -> MemoryEstimate {
        let width = self.data.features.len() as u64;
        let outputs = match shape.classes {
            0..=2 => 2,
            k => k,
        };
        let rows = shape.rows;
        let data = NUMBER * rows * (shape.columns + 1 + width + outputs) * 2;
        let mut sizes: Vec<u64> = self.network.hidden.iter().map(|&n| n as u64).collect();
        sizes.push(outputs);
        let neurons: u64 = sizes.iter().sum();
        let batch_size = self.training.batch_size as u64;
        // Pre-activations, activations, deltas and dropout factors per neuron and row.
        let workspace = |rows: u64| NUMBER * rows * 4 * neurons;
        let stream = if self.data.streaming {
            NUMBER * batch_size * (shape.columns + 1)
        } else {
            0
        };
        let batch = NUMBER * batch_size * (width + outputs) + workspace(batch_size) + stream;
        let mut parameters = 0;
        let mut fan_in = width;
        for &n in &sizes {
            parameters += (fan_in + 1) * n;
            fan_in = n;
        }
        // Weights, gradients, two optimiser moments, the best copy, a transposed copy per
        // workspace, and the copies in snapshots.
        let model = NUMBER * parameters * 8 + workspace(CHUNK_ROWS);
        MemoryEstimate { data, batch, model }
    }

    /// The shape of a built-in dataset's data (`None` for a CSV source, known only once read).
    pub fn generated_shape(&self) -> Option<DataShape> {
        let kind = self.data.dataset?;
        let g = Generator::new(kind, 0.0);
        Some(DataShape {
            rows: self
                .data
                .samples
                .unwrap_or_else(|| Generator::default_samples(kind)) as u64,
            columns: g.columns().len() as u64,
            classes: match g.task() {
                Task::Classification { classes } => classes as u64,
                Task::Regression => 0,
            },
        })
    }

    /// Refuses a scene that would need more than [`MEMORY_LIMIT`] on data of `shape`, naming
    /// the field to lower.
    pub fn check_memory(&self, shape: DataShape) -> Result<(), (&'static str, String)> {
        let e = self.memory_estimate(shape);
        if e.total() <= MEMORY_LIMIT {
            return Ok(());
        }
        let field = if e.batch >= e.data && e.batch >= e.model {
            "training.batch_size"
        } else if e.data >= e.model {
            "data.samples"
        } else {
            "network.hidden"
        };
        Err((
            field,
            format!(
                "this scene needs about {} of memory (data {}, batches {}, model {}); the \
                 limit is {}: lower {field}",
                human(e.total()),
                human(e.data),
                human(e.batch),
                human(e.model),
                human(MEMORY_LIMIT)
            ),
        ))
    }
}
