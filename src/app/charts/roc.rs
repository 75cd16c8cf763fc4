//! The ROC tab: signal against background efficiency, with the chance line, the ROC of a cut on each input alone, and the threshold marked.

use super::summary::summary_ui;
use super::threshold::Cut;
use super::{ChartState, ChartTab};
use crate::engine::figures::classifier::{ClassifierFigures, CutRoc};
use crate::engine::metrics::Confusion;
use crate::engine::scene::{Scene, TreeKind};
use crate::worker::Snapshot;
use crate::worker::pictures::palette;
use egui::Color32;
use egui_plot::{Legend, Line, LineStyle, Plot, PlotPoints, Points};

/// The ROC tab: signal against background efficiency, with the chance line, the ROC of a cut on each input alone, and the threshold marked.
pub struct Roc;

impl ChartTab for Roc {
    fn name(&self) -> &'static str {
        "ROC"
    }
    fn hover(&self) -> &'static str {
        "Signal efficiency against background efficiency on the test set."
    }
    fn figure(&self) -> Option<crate::app::figures::FigureKind> {
        Some(crate::app::figures::FigureKind::Roc)
    }
    fn available(&self, snapshot: &Snapshot) -> bool {
        snapshot.model_figures.classifier.is_some()
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
        if let Some(c) = &snapshot.model_figures.classifier {
            let model = model_name(&snapshot.scene);
            let mut past: Vec<(String, Vec<[f64; 2]>, Color32)> =
                super::runs::overlaid(snapshot, state)
                    .into_iter()
                    .filter_map(|(run, colour)| {
                        let c = run.figures.classifier.as_ref()?;
                        let name = format!("{} (AUC {:.3})", run.label, c.summary.auc);
                        Some((name, c.roc.clone(), colour))
                    })
                    .collect();
            let mut height = height;
            if let Some(w) = &snapshot.model_figures.weighted {
                // The event weights' figures: one more curve, and a line of figures.
                past.push((
                    format!("{model}, test, weighted (AUC {:.3})", w.auc),
                    w.roc.clone(),
                    palette::class_colour(4),
                ));
                ui.label(format!(
                    "Weighted by the event weights (test set scaled to the whole sample): AUC \
                     {:.3}; best AMS {:.3} for scores ≥ {:.3} (s = {:.1}, b = {:.1}, b_r = 10)",
                    w.auc, w.best.ams, w.best.threshold, w.best.signal, w.best.background
                ))
                .on_hover_text(
                    "The AMS of the Kaggle Higgs challenge: sqrt(2((s + b + b_r) ln(1 + s/(b + \
                     b_r)) - s)), with s and b the weighted signal and background kept.",
                );
                height -= 2.0 * ui.spacing().interact_size.y;
            }
            let figures = (c, snapshot.data_figures.cut_rocs.as_slice());
            roc_ui(ui, figures, height, &state.cut, model, &past);
        }
    }
}

/// What the legend calls the model.
pub fn model_name(scene: &Scene) -> &'static str {
    match scene.trees.as_ref().map(|t| t.kind) {
        None => "network",
        Some(TreeKind::Tree) => "tree",
        Some(TreeKind::Forest) => "forest",
        Some(TreeKind::Boosted) => "BDT",
    }
}

/// Signal efficiency against background efficiency, with the chance line, the training
/// rows' curve and the threshold.
fn roc_ui(
    ui: &mut egui::Ui,
    (c, cut_rocs): (&ClassifierFigures, &[CutRoc]),
    height: f32,
    cut: &Cut,
    model: &str,
    past: &[(String, Vec<[f64; 2]>, Color32)],
) {
    let at = Confusion::at(&c.test_scores, &c.test_truth, cut.threshold);
    let marker = at
        .background_efficiency()
        .zip(at.recall())
        .map(|(b, s)| vec![[b, s]])
        .unwrap_or_default();
    summary_ui(ui, c);
    Plot::new("roc-chart")
        .height(height - 20.0)
        .legend(Legend::default())
        .data_aspect(1.0)
        .include_x(0.0)
        .include_x(1.0)
        .include_y(0.0)
        .include_y(1.0)
        .allow_scroll(false)
        .custom_x_axes(crate::app::axes::x_axis("background efficiency eps_B"))
        .y_axis_label("signal efficiency eps_S")
        .show(ui, |plot| {
            plot.line(
                Line::new("chance", PlotPoints::from(vec![[0.0, 0.0], [1.0, 1.0]]))
                    .color(Color32::GRAY)
                    .style(LineStyle::dashed_loose()),
            );
            for (k, cut_roc) in cut_rocs.iter().enumerate() {
                plot.line(
                    Line::new(
                        format!("cut {} (AUC {:.3})", cut_roc.name, cut_roc.auc),
                        PlotPoints::from(cut_roc.roc.clone()),
                    )
                    .color(palette::class_colour(k + 2))
                    .width(1.5)
                    .style(LineStyle::dashed_dense()),
                );
            }
            for (name, roc, colour) in past {
                plot.line(
                    Line::new(name.clone(), PlotPoints::from(roc.clone()))
                        .color(*colour)
                        .width(1.5),
                );
            }
            if let Some(auc) = c.train_auc {
                plot.line(
                    Line::new(
                        format!("{model}, training set (AUC {auc:.3})"),
                        PlotPoints::from(c.train_roc.clone()),
                    )
                    .color(palette::POSITIVE.gamma_multiply(0.45))
                    .width(1.5)
                    .style(LineStyle::dashed_dense()),
                );
            }
            plot.line(
                Line::new(
                    format!("{model}, test set (AUC {:.3})", c.summary.auc),
                    PlotPoints::from(c.roc.clone()),
                )
                .color(palette::POSITIVE)
                .width(2.5),
            );
            plot.points(
                Points::new("threshold", PlotPoints::from(marker))
                    .color(Color32::RED)
                    .radius(5.0),
            );
        });
}
