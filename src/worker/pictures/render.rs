//! Turning a session into pictures: the output map, the neurons' maps, the 1-D fit curve and
//! the points. Runs on the trainer thread, at most once per displayed frame.

use crate::engine::boundary::{MapScratch, Region, neuron_maps, output_map};
use crate::engine::data::Task;
use crate::engine::data::splits::TargetCoding;
use crate::engine::nn::Activation;
use crate::engine::train::Session;
use crate::worker::pictures::palette;
use crate::worker::snapshot::{Point, Points};
use egui::ColorImage;

/// How strongly the output map is coloured: lighter than the points on it, as in TF Playground.
const OUTPUT_MAP_INTENSITY: f64 = 0.7;

/// How the maps are drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewSettings {
    /// Cells per side of the output map.
    pub map_size: usize,
    /// Cells per side of each neuron's picture.
    pub neuron_size: usize,
    /// Colour by sign only.
    pub discrete: bool,
    /// Show this neuron (layer, index) in the output view instead of the output.
    pub focus: Option<(usize, usize)>,
}

impl Default for ViewSettings {
    fn default() -> Self {
        Self {
            map_size: 100,
            neuron_size: 24,
            discrete: false,
            focus: None,
        }
    }
}

/// Reusable buffers for drawing.
#[derive(Default)]
pub struct Renderer {
    /// For the output map (and the focused neuron's), at the map's size.
    map_scratch: MapScratch,
    /// For the neurons' small pictures, at theirs: each keeps its own grid.
    neuron_scratch: MapScratch,
    values: Vec<f64>,
    layers: Vec<Vec<f64>>,
}

/// Scales an output value to [-1, 1] for the colour scale.
fn output_scale(session: &Session) -> impl Fn(f64) -> f64 + use<> {
    let coding = session.splits().coding;
    let loss = session.loss();
    let range = match session.task() {
        Task::Regression => label_range(session),
        Task::Classification { .. } => (0.0, 1.0),
    };
    move |v: f64| {
        let v = match coding {
            TargetCoding::Binary { negative, positive } => {
                loss.positive_score(v, (negative, positive))
            }
            _ => v,
        };
        let (lo, hi) = range;
        if hi > lo {
            2.0 * (v - lo) / (hi - lo) - 1.0
        } else {
            v
        }
    }
}

fn label_range(session: &Session) -> (f64, f64) {
    let labels = &session.table().labels;
    let lo = labels.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = labels.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (-1.0, 1.0)
    }
}

/// Scales a neuron's activation to [-1, 1]: bounded activations by their range, the others by
/// the largest magnitude seen on the map.
fn neuron_scale(activation: Activation, values: &[f64]) -> (f64, f64) {
    match activation {
        Activation::Tanh => (0.0, 1.0),
        Activation::Sigmoid => (0.5, 2.0),
        _ => {
            let m = values
                .iter()
                .filter(|v| v.is_finite())
                .fold(0.0f64, |m, v| m.max(v.abs()));
            (0.0, if m > 0.0 { 1.0 / m } else { 1.0 })
        }
    }
}

impl Renderer {
    /// The output map (or the focused neuron's map) as an image, plus the 1-D curve.
    pub fn output(
        &mut self,
        session: &mut Session,
        region: Region,
        view: &ViewSettings,
    ) -> (ColorImage, Vec<[f64; 2]>) {
        let size = view.map_size.max(2);
        let focused = view.focus.and_then(|(l, n)| {
            let layer = session.network()?.layers.get(l)?;
            (n < layer.outputs).then_some((l, n, layer.outputs, layer.activation))
        });
        if let Some((layer, neuron, width, activation)) = focused {
            neuron_maps(
                session,
                region,
                size,
                &mut self.map_scratch,
                &mut self.layers,
            );
            let values: Vec<f64> = self.layers[layer]
                .iter()
                .skip(neuron)
                .step_by(width)
                .copied()
                .collect();
            let (shift, scale) = neuron_scale(activation, &values);
            let scaled: Vec<f64> = values.iter().map(|v| (v - shift) * scale).collect();
            return (
                palette::image(&scaled, size, view.discrete, 1.0),
                Vec::new(),
            );
        }
        output_map(
            session,
            region,
            size,
            &mut self.map_scratch,
            &mut self.values,
        );
        if let TargetCoding::OneHot { classes } = session.splits().coding {
            let image = palette::class_image(
                &self.values,
                classes,
                size,
                view.discrete,
                OUTPUT_MAP_INTENSITY,
            );
            return (image, Vec::new());
        }
        let scale = output_scale(session);
        let curve = if session.columns().len() == 1 {
            // Every row of a 1-D map is the same: take the first as the fit curve.
            (0..size)
                .map(|c| {
                    let x = region.x.0 + (c as f64 + 0.5) / size as f64 * (region.x.1 - region.x.0);
                    [x, self.values[c]]
                })
                .collect()
        } else {
            Vec::new()
        };
        let scaled: Vec<f64> = self.values.iter().map(|&v| scale(v)).collect();
        (
            palette::image(&scaled, size, view.discrete, OUTPUT_MAP_INTENSITY),
            curve,
        )
    }

    /// Every neuron's small picture, per layer (none for a tree model).
    pub fn neurons(
        &mut self,
        session: &mut Session,
        region: Region,
        view: &ViewSettings,
    ) -> Vec<Vec<ColorImage>> {
        if session.network().is_none() {
            return Vec::new();
        }
        let size = view.neuron_size.max(2);
        neuron_maps(
            session,
            region,
            size,
            &mut self.neuron_scratch,
            &mut self.layers,
        );
        let scale = output_scale(session);
        let last = session.output_layer();
        let Some(network) = session.network() else {
            return Vec::new();
        };
        network
            .layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let width = layer.outputs;
                (0..width)
                    .map(|n| {
                        let values: Vec<f64> = self.layers[l]
                            .iter()
                            .skip(n)
                            .step_by(width)
                            .copied()
                            .collect();
                        let scaled: Vec<f64> = if l == last {
                            values.iter().map(|&v| scale(v)).collect()
                        } else {
                            let (shift, s) = neuron_scale(layer.activation, &values);
                            values.iter().map(|v| (v - shift) * s).collect()
                        };
                        palette::image(&scaled, size, view.discrete, 1.0)
                    })
                    .collect()
            })
            .collect()
    }
}

/// The training and test points of a session, for drawing.
pub fn points(session: &Session) -> Points {
    let t = session.table();
    let n_train = session.splits().train.rows();
    let n_val = session.splits().validation.rows();
    let point = |r: usize| {
        let width = t.columns.len();
        let value = |c: usize| if c < width { t.value(r, c) } else { 0.0 };
        Point {
            x: value(0),
            y: value(1),
            label: t.labels[r],
        }
    };
    Points {
        train: (0..n_train).map(point).collect(),
        test: (n_train + n_val..t.rows()).map(point).collect(),
        label_range: label_range(session),
    }
}
