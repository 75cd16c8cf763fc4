//! The histograms tab: pick any data column and compare its distribution in each class (the
//! first look a physicist takes at new data).

use super::{ChartState, ChartTab};
use crate::engine::figures::histograms::BINS;
use crate::worker::Snapshot;
use crate::worker::pictures::palette;
use egui_plot::{Bar, BarChart, Legend, Plot};

/// A data column's distribution per class.
pub struct Histograms;

impl ChartTab for Histograms {
    fn name(&self) -> &'static str {
        "Histograms"
    }
    fn hover(&self) -> &'static str {
        "The distribution of any data column in each class."
    }
    fn figure(&self) -> Option<crate::app::figures::FigureKind> {
        Some(crate::app::figures::FigureKind::Histogram)
    }
    fn available(&self, _: &Snapshot) -> bool {
        true
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
        histogram_ui(ui, snapshot, &mut state.histogram_column, height);
    }
}

/// Draws the histogram of column `chosen` (changed by its menu) in `height` points.
fn histogram_ui(ui: &mut egui::Ui, snapshot: &Snapshot, chosen: &mut usize, height: f32) {
    let histograms = &snapshot.data_figures.histograms;
    if histograms.is_empty() {
        return;
    }
    *chosen = (*chosen).min(histograms.len() - 1);
    ui.horizontal(|ui| {
        let label = ui.label("Column");
        egui::ComboBox::from_id_salt("histogram-column")
            .selected_text(&histograms[*chosen].column)
            .show_ui(ui, |ui| {
                for (k, h) in histograms.iter().enumerate() {
                    ui.selectable_value(chosen, k, &h.column);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("The data column whose distribution per class is shown.");
    });
    let h = &histograms[*chosen];
    let width = (h.range.1 - h.range.0) / BINS as f64;
    Plot::new(("feature-histogram", *chosen))
        .height(height - 24.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .custom_x_axes(crate::app::axes::x_axis(
            crate::app::output_view::column_label(snapshot, *chosen),
        ))
        .y_axis_label("fraction of the class")
        .show(ui, |plot| {
            for (k, bins) in h.per_class.iter().enumerate() {
                let colour = palette::class_colour(k);
                let bars = bins
                    .iter()
                    .enumerate()
                    .map(|(b, &v)| {
                        Bar::new(h.range.0 + (b as f64 + 0.5) * width, v)
                            .width(width)
                            .fill(colour.gamma_multiply(0.35))
                    })
                    .collect();
                let name = format!("class {k} ({} rows)", h.rows[k]);
                plot.bar_chart(BarChart::new(name, bars).color(colour));
            }
        });
}
