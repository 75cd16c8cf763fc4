//! The accuracy tab: train and test accuracy per epoch.

use super::series::{TEST, TRAIN, read_out, series};
use super::{ChartState, ChartTab};
use crate::worker::Snapshot;
use egui_plot::{Legend, Line, Plot, PlotPoints};

/// Train and test accuracy per epoch.
pub struct Accuracy;

impl ChartTab for Accuracy {
    fn name(&self) -> &'static str {
        "Accuracy"
    }
    fn hover(&self) -> &'static str {
        "Train and test accuracy per epoch."
    }
    fn figure(&self) -> Option<crate::app::figures::FigureKind> {
        Some(crate::app::figures::FigureKind::Accuracy)
    }
    fn available(&self, _: &Snapshot) -> bool {
        true
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
        let records = &snapshot.records;
        let past = super::runs::overlaid(snapshot, state);
        Plot::new("accuracy-chart")
            .height(height)
            .legend(Legend::default())
            .allow_scroll(false)
            .include_y(0.5)
            .include_y(1.0)
            .custom_x_axes(crate::app::axes::x_axis(snapshot.step_name()))
            .label_formatter(read_out(false))
            .show(ui, |plot| {
                for (run, colour) in &past {
                    plot.line(
                        Line::new(
                            format!("{}: test accuracy", run.label),
                            PlotPoints::from(series(&run.records, |r| r.test_accuracy, false)),
                        )
                        .color(*colour)
                        .width(1.5),
                    );
                }
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
}
