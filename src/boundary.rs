//! The network's output over a grid of the input plane: the decision-boundary (or surface) map.

use crate::train::Session;

/// A rectangle of the input plane in data coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Region {
    /// (min, max) of the first column.
    pub x: (f64, f64),
    /// (min, max) of the second column.
    pub y: (f64, f64),
}

/// Reusable memory for maps, so a map every frame allocates nothing after the first.
#[derive(Clone, Debug, Default)]
pub struct MapScratch {
    columns: Vec<f64>,
    inputs: Vec<f64>,
}

/// The first network output at the centre of each cell of a `size x size` grid over `region`,
/// row-major with row 0 at the top (largest y), as images are laid out. Datasets with one input
/// column are evaluated along x only (every row is then the same).
pub fn output_map(
    session: &mut Session,
    region: Region,
    size: usize,
    scratch: &mut MapScratch,
    out: &mut Vec<f64>,
) {
    let width = session.columns().len();
    scratch.columns.clear();
    for row in 0..size {
        let y = region.y.1 - (row as f64 + 0.5) / size as f64 * (region.y.1 - region.y.0);
        for col in 0..size {
            let x = region.x.0 + (col as f64 + 0.5) / size as f64 * (region.x.1 - region.x.0);
            scratch.columns.push(x);
            if width >= 2 {
                scratch.columns.push(y);
                scratch.columns.extend(std::iter::repeat_n(0.0, width - 2));
            }
        }
    }
    let mut outputs = std::mem::take(out);
    session.predict_columns(&scratch.columns, &mut scratch.inputs, &mut outputs);
    let per_row = session.network().outputs().max(1);
    if per_row > 1 {
        let firsts: Vec<f64> = outputs.chunks_exact(per_row).map(|c| c[0]).collect();
        outputs.clear();
        outputs.extend(firsts);
    }
    *out = outputs;
}
