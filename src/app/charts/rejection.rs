//! The rejection tab: background rejection 1/eps_B against signal efficiency, the HEP form of the ROC.

use super::summary::summary_ui;
use super::{ChartState, ChartTab};
use crate::engine::figures::classifier::ClassifierFigures;
use crate::worker::Snapshot;
use crate::worker::pictures::palette;
use egui_plot::{Line, Plot, PlotPoints};

/// The rejection tab: background rejection 1/eps_B against signal efficiency, the HEP form of the ROC.
pub struct Rejection;

impl ChartTab for Rejection {
    fn name(&self) -> &'static str {
        "Rejection"
    }
    fn hover(&self) -> &'static str {
        "Background rejection 1/eps_B against signal efficiency (log scale)."
    }
    fn available(&self, snapshot: &Snapshot) -> bool {
        snapshot.model_figures.classifier.is_some()
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
        if let Some(c) = &snapshot.model_figures.classifier {
            let _ = state;
            rejection_ui(ui, c, height);
        }
    }
}

/// Background rejection 1/eps_B against signal efficiency, log10 on the y axis.
fn rejection_ui(ui: &mut egui::Ui, c: &ClassifierFigures, height: f32) {
    summary_ui(ui, c);
    let points: Vec<[f64; 2]> = c
        .roc
        .iter()
        .filter(|p| p[0] > 0.0 && p[1] > 0.0)
        .map(|p| [p[1], (1.0 / p[0]).log10()])
        .collect();
    Plot::new("rejection-chart")
        .height(height - 20.0)
        .include_x(0.0)
        .include_x(1.0)
        .include_y(0.0)
        .allow_scroll(false)
        .custom_x_axes(crate::app::axes::x_axis("signal efficiency eps_S"))
        .y_axis_label("1/eps_B")
        .y_axis_formatter(|mark, _| format!("1e{:.0}", mark.value))
        .show(ui, |plot| {
            plot.line(
                Line::new("rejection", PlotPoints::from(points))
                    .color(palette::POSITIVE)
                    .width(2.5),
            );
        });
}
