//! The loss chart above the tabs: train, validation and test loss (log scale on demand), the
//! best epoch of early stopping marked.

use super::ChartState;
use super::series::{TEST, TRAIN, VALIDATION, read_out, series};
use crate::engine::train::EpochRecord;
use crate::worker::Snapshot;
use egui::Color32;
use egui_plot::{Legend, Line, LineStyle, Plot, PlotPoints};

/// Picks one figure from a record.
type Pick = fn(&EpochRecord) -> Option<f64>;

/// Draws the loss chart in `height` points, with the overlaid past runs faded beside it.
pub fn ui(ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
    let records = &snapshot.records;
    // Wrapped, so the sample's note moves under the title in a narrow column.
    ui.horizontal_wrapped(|ui| {
        ui.strong("Loss");
        ui.checkbox(&mut state.log_loss, "Log scale")
            .on_hover_text("Shows the loss on a logarithmic axis.");
        let kind = crate::app::figures::FigureKind::Loss;
        if !records.is_empty() && crate::app::figure_panel::save_button(ui, kind) {
            state.save_figure = Some(kind);
        }
        if !snapshot.scene.training.loss_weights.is_off() {
            ui.weak("weighted by the event weights").on_hover_text(
                "The losses count each event by its weight in the loss, as training does.",
            );
        }
        if let Some(note) = &snapshot.figure_sample_note {
            ui.weak(format!(
                "on {} rows of each large split",
                crate::engine::numbers::group_thousands(crate::engine::train::FIGURE_ROWS as u64)
            ))
            .on_hover_text(note);
        }
    });
    let log = state.log_loss;
    let past = super::runs::overlaid(snapshot, state);
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
            for (run, colour) in &past {
                let curves: [(&str, Pick, LineStyle); 3] = [
                    ("train", |r| Some(r.train_loss), LineStyle::dotted_dense()),
                    (
                        "validation",
                        |r| r.validation_loss,
                        LineStyle::dashed_loose(),
                    ),
                    ("test", |r| r.test_loss, LineStyle::Solid),
                ];
                for (name, pick, style) in curves {
                    let points = series(&run.records, pick, log);
                    if !points.is_empty() {
                        plot.line(
                            Line::new(
                                format!("{}: {name} loss", run.label),
                                PlotPoints::from(points),
                            )
                            .color(*colour)
                            .width(1.5)
                            .style(style),
                        );
                    }
                }
            }
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
