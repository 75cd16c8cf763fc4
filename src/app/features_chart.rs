//! The per-feature histograms by class: pick any data column and compare its distribution in
//! each class (the first look a physicist takes at new data).

use crate::palette;
use crate::worker::Snapshot;
use crate::worker::histograms::BINS;
use egui_plot::{Bar, BarChart, Legend, Plot};

/// Draws the histogram of column `chosen` (changed by its menu) in `height` points.
pub fn ui(ui: &mut egui::Ui, snapshot: &Snapshot, chosen: &mut usize, height: f32) {
    let histograms = &snapshot.histograms;
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
        .x_axis_label(super::output_view::column_label(snapshot, *chosen))
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
