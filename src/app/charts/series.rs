//! What the loss and accuracy charts share: their colours, the thinned (epoch, value) series
//! and the hover read-out.

use crate::engine::colours;
use crate::engine::train::EpochRecord;
use crate::worker::pictures::palette::colour;
use egui::Color32;
use egui_plot::HoverPosition;

/// The training curves' colour.
pub const TRAIN: Color32 = colour(colours::TRAIN);
/// The validation curves' colour.
pub const VALIDATION: Color32 = colour(colours::VALIDATION);
/// The test curves' colour.
pub const TEST: Color32 = colour(colours::TEST);

/// Most points drawn per curve: more than a chart has pixels across gains nothing.
const MAX_POINTS: usize = 600;

/// (epoch, value) points of one figure, skipping epochs without it and non-finite values,
/// thinned evenly to at most [`MAX_POINTS`] (the newest always kept); with `log`, values
/// become log10.
pub fn series(
    records: &[EpochRecord],
    pick: impl Fn(&EpochRecord) -> Option<f64>,
    log: bool,
) -> Vec<[f64; 2]> {
    let stride = records.len().div_ceil(MAX_POINTS).max(1);
    let last = records.len().saturating_sub(1);
    records
        .iter()
        .enumerate()
        .filter(|(k, _)| k % stride == 0 || *k == last)
        .filter_map(|(_, r)| pick(r).map(|v| [r.epoch as f64, if log { v.log10() } else { v }]))
        .filter(|p| p[1].is_finite())
        .collect()
}

/// The hover text: the curve's name, the epoch and the value.
pub fn read_out(log: bool) -> impl Fn(&HoverPosition<'_>) -> Option<String> {
    move |hover| match hover {
        HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => {
            let value = if log {
                10f64.powf(position.y)
            } else {
                position.y
            };
            Some(format!("{plot_name}\nepoch {:.0}: {value:.5}", position.x))
        }
        HoverPosition::Elsewhere { .. } => None,
    }
}
