//! The classifier's figures of merit: the ROC curve with the chance line, the HEP form
//! (background rejection against signal efficiency, log scale), and the score distributions
//! per class (training as bars, test as dots: the overtraining check).

use crate::metrics::{Confusion, ams, significance};
use crate::palette;
use crate::worker::classifier::{ClassifierFigures, CutRoc, SCORE_BINS};
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

/// A score threshold and the expected numbers of signal and background events it is applied to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cut {
    /// Events scoring at least this count as signal.
    pub threshold: f64,
    /// Expected signal events before the cut.
    pub expected_signal: f64,
    /// Expected background events before the cut.
    pub expected_background: f64,
}

impl Default for Cut {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            expected_signal: 100.0,
            expected_background: 10_000.0,
        }
    }
}

/// Signal efficiency against background efficiency, with the chance line and the threshold.
pub fn roc_ui(
    ui: &mut egui::Ui,
    c: &ClassifierFigures,
    cut_rocs: &[CutRoc],
    height: f32,
    cut: &Cut,
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
        .x_axis_label("background efficiency eps_B")
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
            plot.line(
                Line::new(
                    format!("network (AUC {:.3})", c.summary.auc),
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

/// The confusion matrix, precision, recall and F1 at a threshold, and s/sqrt(s+b) and AMS
/// against the threshold for expected event counts, with the optimum marked.
pub fn threshold_ui(ui: &mut egui::Ui, c: &ClassifierFigures, height: f32, cut: &mut Cut) {
    ui.add(egui::Slider::new(&mut cut.threshold, 0.0..=1.0).text("Threshold"))
        .on_hover_text("Events scoring at least this are called signal.");
    let m = Confusion::at(&c.test_scores, &c.test_truth, cut.threshold);
    let show = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
    egui::Grid::new("confusion").striped(true).show(ui, |ui| {
        ui.label("");
        ui.label("called signal");
        ui.label("called background");
        ui.end_row();
        ui.label("signal");
        ui.label(format!("{}", m.true_positive));
        ui.label(format!("{}", m.false_negative));
        ui.end_row();
        ui.label("background");
        ui.label(format!("{}", m.false_positive));
        ui.label(format!("{}", m.true_negative));
        ui.end_row();
    });
    ui.label(format!(
        "precision {}   recall (eps_S) {}   eps_B {}   F1 {}",
        show(m.precision()),
        show(m.recall()),
        show(m.background_efficiency()),
        show(m.f1())
    ));
    ui.horizontal(|ui| {
        let label = ui.label("Expected S");
        ui.add(egui::DragValue::new(&mut cut.expected_signal).range(0.0..=1e9))
            .labelled_by(label.id)
            .on_hover_text("Signal events expected before the cut.");
        let label = ui.label("B");
        ui.add(egui::DragValue::new(&mut cut.expected_background).range(0.0..=1e12))
            .labelled_by(label.id)
            .on_hover_text("Background events expected before the cut.");
    });
    let scan: Vec<[f64; 3]> = c
        .efficiency_scan
        .iter()
        .map(|&[t, eps_s, eps_b]| {
            let (s, b) = (cut.expected_signal * eps_s, cut.expected_background * eps_b);
            [t, significance(s, b), ams(s, b)]
        })
        .collect();
    let best = scan
        .iter()
        .copied()
        .filter(|p| p[1].is_finite())
        .max_by(|a, b| a[1].total_cmp(&b[1]));
    if let Some([t, z, _]) = best {
        ui.label(format!("best s/sqrt(s+b) = {z:.2} at threshold {t:.2}"));
    }
    Plot::new("significance-chart")
        .height((height - 110.0).max(80.0))
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_label("threshold")
        .show(ui, |plot| {
            let z: Vec<[f64; 2]> = scan.iter().map(|p| [p[0], p[1]]).collect();
            let a: Vec<[f64; 2]> = scan.iter().map(|p| [p[0], p[2]]).collect();
            plot.line(
                Line::new("s/sqrt(s+b)", PlotPoints::from(z))
                    .color(palette::POSITIVE)
                    .width(2.0),
            );
            plot.line(
                Line::new("AMS", PlotPoints::from(a))
                    .color(palette::NEGATIVE)
                    .width(2.0),
            );
            if let Some([t, z, _]) = best {
                plot.points(
                    Points::new("optimum", PlotPoints::from(vec![[t, z]]))
                        .color(Color32::RED)
                        .radius(5.0),
                );
            }
            plot.add(egui_plot::VLine::new("threshold", cut.threshold).color(Color32::GRAY));
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
pub fn scores_ui(ui: &mut egui::Ui, c: &ClassifierFigures, height: f32, log: &mut bool) {
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
    Plot::new("scores-chart")
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_label("classifier score")
        .y_axis_label(if log { "log10 fraction" } else { "fraction" })
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

/// The K x K confusion matrix: rows are the true class, columns the predicted one; each cell
/// shows the count and its share of the true class.
pub fn class_confusion_ui(ui: &mut egui::Ui, counts: &[Vec<usize>]) {
    ui.label("Test set: true class (rows) against predicted class (columns)");
    egui::Grid::new("class-confusion")
        .striped(true)
        .spacing(egui::vec2(14.0, 6.0))
        .show(ui, |ui| {
            ui.label("");
            for k in 0..counts.len() {
                ui.colored_label(palette::class_colour(k), format!("predicted {k}"));
            }
            ui.end_row();
            for (k, row) in counts.iter().enumerate() {
                ui.colored_label(palette::class_colour(k), format!("class {k}"));
                let total = row.iter().sum::<usize>().max(1) as f64;
                for (j, &n) in row.iter().enumerate() {
                    let text = format!("{n} ({:.0}%)", 100.0 * n as f64 / total);
                    if j == k {
                        ui.strong(text);
                    } else {
                        ui.label(text);
                    }
                }
                ui.end_row();
            }
        });
}
