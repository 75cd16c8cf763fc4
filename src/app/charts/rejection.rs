//! The rejection tab: background rejection 1/eps_B against signal efficiency, the HEP form of the ROC.

use super::summary::summary_ui;
use super::{ChartState, ChartTab};
use crate::engine::figures::classifier::ClassifierFigures;
use crate::worker::Snapshot;
use crate::worker::pictures::palette;
use egui::Color32;
use egui_plot::{Legend, Line, Plot, PlotPoints};

/// The rejection tab: background rejection 1/eps_B against signal efficiency, the HEP form of the ROC.
pub struct Rejection;

impl ChartTab for Rejection {
    fn name(&self) -> &'static str {
        "Rejection"
    }
    fn hover(&self) -> &'static str {
        "Background rejection 1/eps_B against signal efficiency (log scale)."
    }
    fn figure(&self) -> Option<crate::app::figures::FigureKind> {
        Some(crate::app::figures::FigureKind::Rejection)
    }
    fn available(&self, snapshot: &Snapshot) -> bool {
        snapshot.model_figures.classifier.is_some()
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
        if let Some(c) = &snapshot.model_figures.classifier {
            let past: Vec<(String, &[[f64; 2]], Color32)> = super::runs::overlaid(snapshot, state)
                .into_iter()
                .filter_map(|(run, colour)| {
                    let c = run.figures.classifier.as_ref()?;
                    Some((run.label.clone(), c.roc.as_slice(), colour))
                })
                .collect();
            rejection_ui(ui, c, height, &past);
        }
    }
}

/// The rejection curve of a ROC: (eps_S, log10 1/eps_B).
fn rejection_points(roc: &[[f64; 2]]) -> Vec<[f64; 2]> {
    roc.iter()
        .filter(|p| p[0] > 0.0 && p[1] > 0.0)
        .map(|p| [p[1], (1.0 / p[0]).log10()])
        .collect()
}

/// Background rejection 1/eps_B against signal efficiency, log10 on the y axis, with the
/// overlaid past runs' curves.
fn rejection_ui(
    ui: &mut egui::Ui,
    c: &ClassifierFigures,
    height: f32,
    past: &[(String, &[[f64; 2]], Color32)],
) {
    summary_ui(ui, c);
    let points = rejection_points(&c.roc);
    Plot::new("rejection-chart")
        .height(height - 20.0)
        .include_x(0.0)
        .include_x(1.0)
        .include_y(0.0)
        .allow_scroll(false)
        .custom_x_axes(crate::app::axes::x_axis("signal efficiency eps_S"))
        .y_axis_label("1/eps_B")
        .y_axis_formatter(|mark, _| format!("1e{:.0}", mark.value))
        .legend(Legend::default())
        .show(ui, |plot| {
            for (name, roc, colour) in past {
                plot.line(
                    Line::new(name.clone(), PlotPoints::from(rejection_points(roc)))
                        .color(*colour)
                        .width(1.5),
                );
            }
            plot.line(
                Line::new("rejection", PlotPoints::from(points))
                    .color(palette::POSITIVE)
                    .width(2.5),
            );
        });
}
