//! The network over a grid of the input plane: the decision-boundary (or surface) map and the
//! pictures of the individual neurons.

use crate::engine::data::{Feature, Standardiser};
use crate::engine::train::Session;

/// A rectangle of the input plane in data coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Region {
    /// (min, max) of the first column.
    pub x: (f64, f64),
    /// (min, max) of the second column.
    pub y: (f64, f64),
}

impl Region {
    /// The region a session's data is best shown in: the generator's domain, or the data's
    /// bounding box with a margin.
    pub fn of(session: &Session) -> Region {
        if let Some(g) = session.generator() {
            let (x, y) = g.domain();
            return Region { x, y };
        }
        let t = session.table();
        let w = t.columns.len().max(1);
        let bounds = |c: usize| {
            let (lo, hi) = (c..t.values.len())
                .step_by(w)
                .map(|i| t.values.get(i))
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                    (lo.min(v), hi.max(v))
                });
            if lo.is_finite() && hi > lo {
                let pad = 0.05 * (hi - lo);
                (lo - pad, hi + pad)
            } else {
                (-1.0, 1.0)
            }
        };
        Region {
            x: bounds(0),
            y: if w > 1 { bounds(1) } else { (-1.0, 1.0) },
        }
    }
}

/// Reusable memory for maps, so a map every frame allocates nothing after the first, and the
/// grid's model inputs of the last map, reused while the grid and the mapping from columns to
/// inputs stay the same (a map redrawn as the network trains computes only the network).
#[derive(Clone, Debug, Default)]
pub struct MapScratch {
    columns: Vec<f64>,
    inputs: Vec<f64>,
    rows: usize,
    grid: Option<GridKey>,
}

/// What a grid's model inputs depend on.
#[derive(Clone, Debug, PartialEq)]
struct GridKey {
    region: Region,
    size: usize,
    slice: Vec<f64>,
    features: Vec<Feature>,
    scaler: Option<Standardiser>,
}

impl GridKey {
    /// Whether this grid is `size x size` over `region` through `session`'s slice and inputs.
    fn is_for(&self, session: &Session, region: Region, size: usize) -> bool {
        let splits = session.splits();
        self.region == region
            && self.size == size
            && self.slice == session.slice()
            && self.features == splits.features
            && self.scaler == splits.scaler
    }
}

/// The model inputs of a `size x size` grid over `region` (see [`grid_columns`]) and their
/// number of rows, from `scratch` when it holds them.
fn grid_inputs<'s>(
    session: &Session,
    region: Region,
    size: usize,
    scratch: &'s mut MapScratch,
) -> (&'s [f64], usize) {
    if !scratch
        .grid
        .as_ref()
        .is_some_and(|key| key.is_for(session, region, size))
    {
        grid_columns(session.slice(), region, size, &mut scratch.columns);
        scratch.rows = session.model_inputs(&scratch.columns, &mut scratch.inputs);
        let splits = session.splits();
        scratch.grid = Some(GridKey {
            region,
            size,
            slice: session.slice().to_vec(),
            features: splits.features.clone(),
            scaler: splits.scaler.clone(),
        });
    }
    (&scratch.inputs, scratch.rows)
}

/// Fills `columns` with the centres of a `size x size` grid over `region` in the first two
/// columns, row 0 at the top (largest y), as images are laid out; the other columns take their
/// values from `slice` (the map is a slice through them).
fn grid_columns(slice: &[f64], region: Region, size: usize, columns: &mut Vec<f64>) {
    let width = slice.len();
    columns.clear();
    for row in 0..size {
        let y = region.y.1 - (row as f64 + 0.5) / size as f64 * (region.y.1 - region.y.0);
        for col in 0..size {
            let x = region.x.0 + (col as f64 + 0.5) / size as f64 * (region.x.1 - region.x.0);
            columns.push(x);
            if width >= 2 {
                columns.push(y);
                columns.extend_from_slice(&slice[2..]);
            }
        }
    }
}

/// The network's outputs (one per class for softmax) at each cell of a `size x size` grid over
/// `region`, cell-major with row 0 at the top. Datasets with one input column vary along x only.
pub fn output_map(
    session: &mut Session,
    region: Region,
    size: usize,
    scratch: &mut MapScratch,
    out: &mut Vec<f64>,
) {
    let (inputs, rows) = grid_inputs(session, region, size, scratch);
    session.predict_inputs(inputs, rows, out);
}

/// Every neuron's output over a `size x size` grid: `out[layer]` is `cells x neurons`, cell-major.
pub fn neuron_maps(
    session: &mut Session,
    region: Region,
    size: usize,
    scratch: &mut MapScratch,
    out: &mut Vec<Vec<f64>>,
) {
    let (inputs, rows) = grid_inputs(session, region, size, scratch);
    session.predict_layers(inputs, rows, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scene::Scene;
    use std::path::Path;

    #[test]
    fn maps_agree_with_each_other_and_follow_the_grid_layout() {
        let scene = Scene::parse(crate::engine::workloads::CONFIG_A, Path::new("a.toml")).unwrap();
        let mut s = Session::new(&scene, Path::new("a.toml")).unwrap();
        let region = Region::of(&s);
        assert_eq!(
            region,
            Region {
                x: (-6.0, 6.0),
                y: (-6.0, 6.0)
            }
        );
        let (mut scratch, mut map, mut layers) = (MapScratch::default(), Vec::new(), Vec::new());
        output_map(&mut s, region, 20, &mut scratch, &mut map);
        neuron_maps(&mut s, region, 20, &mut scratch, &mut layers);
        assert_eq!(map.len(), 400);
        assert_eq!(layers.len(), 3);
        assert_eq!(layers[0].len(), 400 * 4);
        assert_eq!(layers[2], map);
        // Row 0 is the top: the first cell is at (x_min, y_max).
        let mut direct = Vec::new();
        s.predict_columns(&[-5.7, 5.7], &mut Vec::new(), &mut direct);
        assert_eq!(direct[0], map[0]);
        // A map large enough to be shared between two threads: the same values as its
        // neuron maps' output layer, computed on one.
        output_map(&mut s, region, 420, &mut scratch, &mut map);
        neuron_maps(&mut s, region, 420, &mut scratch, &mut layers);
        assert_eq!(map.len(), 420 * 420);
        assert_eq!(layers[2], map);
    }
}
