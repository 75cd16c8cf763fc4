//! The learning curves: train, validation and test loss (log scale on demand) and accuracy,
//! with a hover read-out of epoch and values.

use super::PlaygroundApp;
use crate::train::EpochRecord;
use egui::Color32;
use egui_plot::{HoverPosition, Legend, Line, LineStyle, Plot, PlotPoints};

const TRAIN: Color32 = Color32::from_rgb(0x33, 0x33, 0x33);
const VALIDATION: Color32 = Color32::from_rgb(0x00, 0x9e, 0x73);
const TEST: Color32 = Color32::from_rgb(0x08, 0x77, 0xbd);

/// What the lower chart shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LowerChart {
    /// Accuracy per epoch.
    #[default]
    Accuracy,
    /// The ROC curve.
    Roc,
    /// Background rejection against signal efficiency.
    Rejection,
    /// Score histograms per class.
    Scores,
    /// Confusion matrix and significance at a threshold.
    Threshold,
    /// The K x K confusion matrix of a multi-class problem.
    Confusion,
    /// A data column's distribution per class.
    Features,
}

/// Most points drawn per curve: more than a chart has pixels across gains nothing.
const MAX_POINTS: usize = 600;

/// (epoch, value) points of one figure, skipping epochs without it and non-finite values,
/// thinned evenly to at most [`MAX_POINTS`] (the newest always kept); with `log`, values
/// become log10.
fn series(
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

fn read_out(log: bool) -> impl Fn(&HoverPosition<'_>) -> Option<String> {
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

/// Draws the charts.
pub fn ui(app: &mut PlaygroundApp, ui: &mut egui::Ui) {
    let Some(snapshot) = app.snapshot.clone() else {
        return;
    };
    let records = &snapshot.records;
    ui.horizontal(|ui| {
        ui.strong("Loss");
        ui.checkbox(&mut app.toggles.log_loss, "Log scale")
            .on_hover_text("Shows the loss on a logarithmic axis.");
    });
    let log = app.toggles.log_loss;
    let height = (ui.available_height() / 2.0 - 24.0).max(90.0);
    Plot::new("loss-chart")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_label("epoch")
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
            if let crate::train::Status::Stopped { best_epoch, .. } = snapshot.status {
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
    if !snapshot.task.is_classification() {
        return;
    }
    let classifier = snapshot.classifier.clone();
    ui.horizontal_wrapped(|ui| {
        for (tab, name, hover) in [
            (
                LowerChart::Accuracy,
                "Accuracy",
                "Train and test accuracy per epoch.",
            ),
            (
                LowerChart::Roc,
                "ROC",
                "Signal efficiency against background efficiency on the test set.",
            ),
            (
                LowerChart::Rejection,
                "Rejection",
                "Background rejection 1/eps_B against signal efficiency (log scale).",
            ),
            (
                LowerChart::Scores,
                "Scores",
                "Score distributions per class: training as bars, test as dots.",
            ),
            (
                LowerChart::Threshold,
                "Threshold",
                "Confusion matrix, precision, recall and significance at a score threshold.",
            ),
            (
                LowerChart::Confusion,
                "Confusion",
                "True class against predicted class on the test set (more than two classes).",
            ),
            (
                LowerChart::Features,
                "Histograms",
                "The distribution of any data column in each class.",
            ),
        ] {
            let enabled = match tab {
                LowerChart::Accuracy | LowerChart::Features => true,
                LowerChart::Confusion => snapshot.confusion.is_some(),
                _ => classifier.is_some(),
            };
            ui.add_enabled_ui(enabled, |ui| {
                ui.selectable_value(&mut app.toggles.lower_chart, tab, name)
                    .on_hover_text(hover)
            });
        }
    });
    match (app.toggles.lower_chart, classifier) {
        (LowerChart::Roc, Some(c)) => {
            return super::metrics_panel::roc_ui(
                ui,
                &c,
                &snapshot.cut_rocs,
                height,
                &app.toggles.cut,
            );
        }
        (LowerChart::Threshold, Some(c)) => {
            return super::metrics_panel::threshold_ui(ui, &c, height, &mut app.toggles.cut);
        }
        (LowerChart::Rejection, Some(c)) => {
            return super::metrics_panel::rejection_ui(ui, &c, height);
        }
        (LowerChart::Scores, Some(c)) => {
            return super::metrics_panel::scores_ui(ui, &c, height, &mut app.toggles.log_scores);
        }
        _ => {}
    }
    if let (LowerChart::Confusion, Some(counts)) = (app.toggles.lower_chart, &snapshot.confusion) {
        return super::metrics_panel::class_confusion_ui(ui, counts);
    }
    if app.toggles.lower_chart == LowerChart::Features {
        let chosen = &mut app.toggles.histogram_column;
        return super::features_chart::ui(ui, &snapshot, chosen, height);
    }
    Plot::new("accuracy-chart")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .include_y(0.5)
        .include_y(1.0)
        .x_axis_label("epoch")
        .label_formatter(read_out(false))
        .show(ui, |plot| {
            plot.line(
                Line::new(
                    "train accuracy",
                    PlotPoints::from(series(records, |r| r.train_accuracy, false)),
                )
                .color(TRAIN)
                .width(2.0),
            );
            plot.line(
                Line::new(
                    "test accuracy",
                    PlotPoints::from(series(records, |r| r.test_accuracy, false)),
                )
                .color(TEST)
                .width(2.0),
            );
        });
}
