//! The classifier's figures of merit: the ROC curve with the chance line, the HEP form
//! (background rejection against signal efficiency, log scale), and the score distributions
//! per class (training as bars, test as dots: the overtraining check).

use crate::palette;
use crate::worker::classifier::{ClassifierFigures, SCORE_BINS};
use egui::Color32;
use egui_plot::{Bar, BarChart, Legend, Line, LineStyle, Plot, PlotPoints, Points};

fn summary_ui(ui: &mut egui::Ui, c: &ClassifierFigures) {
    let s = &c.summary;
    let rejection = |r: f64| {
        if r.is_finite() {
            format!("{r:.1}")
        } else {
            "no background passes".into()
        }
    };
    ui.label(format!(
        "AUC {:.4}   1/eps_B at eps_S=0.3: {}   at 0.5: {}",
        s.auc,
        rejection(s.rejection_30),
        rejection(s.rejection_50)
    ))
    .on_hover_text("Test set. Particle physicists quote the background rejection at a fixed signal efficiency.");
}

/// Signal efficiency against background efficiency, with the chance line.
pub fn roc_ui(ui: &mut egui::Ui, c: &ClassifierFigures, height: f32) {
    summary_ui(ui, c);
    Plot::new("roc-chart")
        .height(height - 20.0)
        .data_aspect(1.0)
        .include_x(0.0)
        .include_x(1.0)
        .include_y(0.0)
        .include_y(1.0)
        .allow_scroll(false)
        .x_axis_label("background efficiency eps_B")
        .y_axis_label("signal efficiency eps_S")
        .show(ui, |plot| {
            plot.line(
                Line::new("chance", PlotPoints::from(vec![[0.0, 0.0], [1.0, 1.0]]))
                    .color(Color32::GRAY)
                    .style(LineStyle::dashed_loose()),
            );
            plot.line(
                Line::new("ROC", PlotPoints::from(c.roc.clone()))
                    .color(palette::POSITIVE)
                    .width(2.5),
            );
        });
}

/// Background rejection 1/eps_B against signal efficiency, log10 on the y axis.
pub fn rejection_ui(ui: &mut egui::Ui, c: &ClassifierFigures, height: f32) {
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
        .x_axis_label("signal efficiency eps_S")
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

/// Score histograms: training as filled bars, test as dots, per class.
pub fn scores_ui(ui: &mut egui::Ui, c: &ClassifierFigures, height: f32) {
    let width = 1.0 / SCORE_BINS as f64;
    let centre = |k: usize| (k as f64 + 0.5) * width;
    let bars = |values: &[f64], colour: Color32, name: &str| {
        let bars = values
            .iter()
            .enumerate()
            .map(|(k, &v)| {
                Bar::new(centre(k), v)
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
            .map(|(k, &v)| [centre(k), v])
            .collect()
    };
    let h = &c.histograms;
    Plot::new("scores-chart")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_label("classifier score")
        .y_axis_label("fraction")
        .show(ui, |plot| {
            plot.bar_chart(bars(
                &h.train_background,
                palette::NEGATIVE,
                "background, train",
            ));
            plot.bar_chart(bars(&h.train_signal, palette::POSITIVE, "signal, train"));
            plot.points(
                Points::new(
                    "background, test",
                    PlotPoints::from(dots(&h.test_background)),
                )
                .color(palette::NEGATIVE)
                .radius(3.0),
            );
            plot.points(
                Points::new("signal, test", PlotPoints::from(dots(&h.test_signal)))
                    .color(palette::POSITIVE)
                    .radius(3.0),
            );
        });
}
