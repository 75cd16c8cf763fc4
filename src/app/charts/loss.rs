//! The loss chart above the tabs: train, validation and test loss (log scale on demand), the
//! best epoch of early stopping marked.

use super::series::{TEST, TRAIN, VALIDATION, read_out, series};
use crate::worker::Snapshot;
use egui::Color32;
use egui_plot::{Legend, Line, LineStyle, Plot, PlotPoints};

/// Draws the loss chart in `height` points; `log` is its log-scale toggle.
pub fn ui(ui: &mut egui::Ui, snapshot: &Snapshot, log: &mut bool, height: f32) {
    let records = &snapshot.records;
    ui.horizontal(|ui| {
        ui.strong("Loss");
        ui.checkbox(log, "Log scale")
            .on_hover_text("Shows the loss on a logarithmic axis.");
    });
    let log = *log;
    Plot::new("loss-chart")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .custom_x_axes(crate::app::axes::x_axis(snapshot.step_name()))
        .y_axis_formatter(move |mark, _| {
            if log {
                format!("1e{:.0}", mark.value)
            } else {
                format!("{:.3}", mark.value)
            }
        })
        .label_formatter(read_out(log))
        .show(ui, |plot| {
            plot.line(
                Line::new(
                    "train loss",
                    PlotPoints::from(series(records, |r| Some(r.train_loss), log)),
                )
                .color(TRAIN)
                .width(2.0),
            );
            let validation = series(records, |r| r.validation_loss, log);
            if !validation.is_empty() {
                plot.line(
                    Line::new("validation loss", PlotPoints::from(validation))
                        .color(VALIDATION)
                        .width(2.0)
                        .style(LineStyle::dashed_loose()),
                );
            }
            if let crate::engine::train::Status::Stopped { best_epoch, .. } = snapshot.status {
                plot.add(
                    egui_plot::VLine::new("best epoch", best_epoch as f64)
                        .color(Color32::RED)
                        .style(LineStyle::dashed_loose()),
                );
            }
            plot.line(
                Line::new(
                    "test loss",
                    PlotPoints::from(series(records, |r| r.test_loss, log)),
                )
                .color(TEST)
                .width(2.0),
            );
        });
}
