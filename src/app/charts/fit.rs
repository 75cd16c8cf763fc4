//! The fit tab of a regression: predicted against true value on the test split, the diagonal
//! a perfect fit would follow, and the residuals' width.

use super::{ChartState, ChartTab};
use crate::engine::figures::regression::FitFigure;
use crate::worker::Snapshot;
use crate::worker::pictures::palette;
use egui_plot::{Legend, Line, LineStyle, Plot, PlotPoints, Points};

/// Predicted against true value (regression).
pub struct Fit;

impl ChartTab for Fit {
    fn name(&self) -> &'static str {
        "Fit"
    }
    fn hover(&self) -> &'static str {
        "Predicted against true value on the test set, and the residuals' width."
    }
    fn figure(&self) -> Option<crate::app::figures::FigureKind> {
        Some(crate::app::figures::FigureKind::Fit)
    }
    fn available(&self, snapshot: &Snapshot) -> bool {
        snapshot.model_figures.fit.is_some()
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, _: &mut ChartState, height: f32) {
        if let Some(fit) = &snapshot.model_figures.fit {
            let r2 = snapshot.records.last().and_then(|r| r.r2);
            fit_ui(ui, fit, r2, height);
        }
    }
    fn for_regression(&self) -> bool {
        true
    }
    fn for_classes(&self) -> bool {
        false
    }
}

/// The scatter of (true, predicted) with the diagonal, under one line of figures.
fn fit_ui(ui: &mut egui::Ui, fit: &FitFigure, r2: Option<f64>, height: f32) {
    let r2 = r2.map_or(String::new(), |r| format!("R² {r:.3}, "));
    ui.label(format!(
        "Test set: {r2}residuals {:+.3} ± {:.3} (median ± half the central 68%), against a \
         spread of {:.3} in the true values",
        fit.residual_median, fit.residual_width, fit.target_width
    ))
    .on_hover_text(format!(
        "{} test rows drawn. A perfect fit lies on the diagonal.",
        fit.points.len()
    ));
    let (lo, hi) = fit
        .points
        .iter()
        .flat_map(|p| p.iter().copied())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let height = (height - ui.spacing().interact_size.y).max(60.0);
    let diagonal = ui.visuals().text_color();
    Plot::new("fit-chart")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .data_aspect(1.0)
        .custom_x_axes(crate::app::axes::x_axis("true value"))
        .custom_y_axes(crate::app::axes::y_axis("predicted"))
        .show(ui, |plot| {
            plot.line(
                Line::new("perfect fit", PlotPoints::from(vec![[lo, lo], [hi, hi]]))
                    .color(diagonal)
                    .style(LineStyle::dashed_loose()),
            );
            plot.points(
                Points::new("test rows", PlotPoints::from(fit.points.clone()))
                    .color(palette::POSITIVE)
                    .radius(1.5),
            );
        });
}
