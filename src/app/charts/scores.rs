//! The scores tab: score histograms per class, training as bars and test as dots (the overtraining check).

use super::{ChartState, ChartTab};
use crate::engine::figures::classifier::{ClassifierFigures, SCORE_BINS, ScoreHistograms};
use crate::worker::Snapshot;
use crate::worker::pictures::palette;
use egui::Color32;
use egui_plot::{Bar, BarChart, Legend, Line, LineStyle, Plot, PlotPoints, Points};

/// The scores tab: score histograms per class, training as bars and test as dots (the overtraining check).
pub struct Scores;

impl ChartTab for Scores {
    fn name(&self) -> &'static str {
        "Scores"
    }
    fn hover(&self) -> &'static str {
        "Score distributions per class: training as bars, test as dots."
    }
    fn figure(&self) -> Option<crate::app::figures::FigureKind> {
        Some(crate::app::figures::FigureKind::Scores)
    }
    fn available(&self, snapshot: &Snapshot) -> bool {
        snapshot.model_figures.classifier.is_some()
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
        if let Some(c) = &snapshot.model_figures.classifier {
            let past: Vec<(String, ScoreHistograms, Color32)> =
                super::runs::overlaid(snapshot, state)
                    .into_iter()
                    .filter_map(|(run, colour)| {
                        let c = run.figures.classifier.as_ref()?;
                        Some((run.label.clone(), c.histograms.clone(), colour))
                    })
                    .collect();
            scores_ui(ui, c, height, &mut state.log_scores, &past);
        }
    }
}

/// Score histograms: training as filled bars, test as dots, per class; overlaid past runs'
/// test histograms as lines (solid signal, dashed background).
fn scores_ui(
    ui: &mut egui::Ui,
    c: &ClassifierFigures,
    height: f32,
    log: &mut bool,
    past: &[(String, ScoreHistograms, Color32)],
) {
    ui.checkbox(log, "Log fractions")
        .on_hover_text("Shows the fractions on a logarithmic axis: the tails become visible.");
    let log = *log;
    // log10 of a fraction, empty bins sitting at the floor of the axis
    let y = move |v: f64| if log { v.max(1e-5).log10() } else { v };
    let width = 1.0 / SCORE_BINS as f64;
    let centre = |k: usize| (k as f64 + 0.5) * width;
    let bars = |values: &[f64], colour: Color32, name: &str| {
        let bars = values
            .iter()
            .enumerate()
            .map(|(k, &v)| {
                let (base, top) = if log { (-5.0, y(v)) } else { (0.0, v) };
                Bar::new(centre(k), top - base)
                    .base_offset(base)
                    .width(width)
                    .fill(colour.gamma_multiply(0.45))
            })
            .collect();
        BarChart::new(name, bars).color(colour)
    };
    let dots = |values: &[f64]| -> Vec<[f64; 2]> {
        values
            .iter()
            .enumerate()
            .filter(|(_, v)| !log || **v > 0.0)
            .map(|(k, &v)| [centre(k), y(v)])
            .collect()
    };
    let h = &c.histograms;
    let weighting = if h.weighted { ", weighted" } else { "" };
    let y_label = match (log, h.weighted) {
        (true, false) => "log10 fraction",
        (true, true) => "log10 weighted fraction",
        (false, false) => "fraction",
        (false, true) => "weighted fraction",
    };
    Plot::new("scores-chart")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .custom_x_axes(crate::app::axes::x_axis("classifier score"))
        .y_axis_label(y_label)
        .show(ui, |plot| {
            for (label, h, colour) in past {
                for (values, class, style) in [
                    (&h.test_signal, "signal", LineStyle::Solid),
                    (&h.test_background, "background", LineStyle::dashed_loose()),
                ] {
                    plot.line(
                        Line::new(
                            format!("{label}: {class}, test"),
                            PlotPoints::from(dots(values)),
                        )
                        .color(*colour)
                        .width(1.5)
                        .style(style),
                    );
                }
            }
            plot.bar_chart(bars(
                &h.train_background,
                palette::NEGATIVE,
                &format!("background, train{weighting}"),
            ));
            plot.bar_chart(bars(
                &h.train_signal,
                palette::POSITIVE,
                &format!("signal, train{weighting}"),
            ));
            plot.points(
                Points::new(
                    format!("background, test{weighting}"),
                    PlotPoints::from(dots(&h.test_background)),
                )
                .color(palette::NEGATIVE)
                .radius(3.0),
            );
            plot.points(
                Points::new(
                    format!("signal, test{weighting}"),
                    PlotPoints::from(dots(&h.test_signal)),
                )
                .color(palette::POSITIVE)
                .radius(3.0),
            );
        });
}
