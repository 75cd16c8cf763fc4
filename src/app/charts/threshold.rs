//! The threshold tab: the confusion matrix, precision, recall and F1 at a threshold, and s/sqrt(s+b) and the AMS against the threshold.

use super::{ChartState, ChartTab};
use crate::engine::figures::classifier::ClassifierFigures;
use crate::engine::metrics::{Confusion, ams, significance};
use crate::engine::scene::ViewSection;
use crate::worker::Snapshot;
use crate::worker::pictures::palette;
use egui::Color32;
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

/// The threshold tab: the confusion matrix, precision, recall and F1 at a threshold, and s/sqrt(s+b) and the AMS against the threshold.
pub struct Threshold;

impl ChartTab for Threshold {
    fn name(&self) -> &'static str {
        "Threshold"
    }
    fn hover(&self) -> &'static str {
        "Confusion matrix, precision, recall and significance at a score threshold."
    }
    fn figure(&self) -> Option<crate::app::figures::FigureKind> {
        Some(crate::app::figures::FigureKind::Threshold)
    }
    fn available(&self, snapshot: &Snapshot) -> bool {
        snapshot.model_figures.classifier.is_some()
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
        if let Some(c) = &snapshot.model_figures.classifier {
            state.cut.follow(&snapshot.scene.view);
            threshold_ui(ui, c, height, &mut state.cut);
        }
    }
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
    /// The scene's expected counts last taken over (a new scene's counts replace the user's).
    from_scene: (Option<f64>, Option<f64>),
}

impl Cut {
    /// Takes over the expected event counts a newly loaded scene sets.
    pub fn follow(&mut self, view: &ViewSection) {
        let wanted = (view.expected_signal, view.expected_background);
        if wanted != self.from_scene {
            self.from_scene = wanted;
            let default = Cut::default();
            self.expected_signal = wanted.0.unwrap_or(default.expected_signal);
            self.expected_background = wanted.1.unwrap_or(default.expected_background);
        }
    }
}

impl Default for Cut {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            expected_signal: 100.0,
            expected_background: 10_000.0,
            from_scene: (None, None),
        }
    }
}

/// The confusion matrix, precision, recall and F1 at a threshold, and s/sqrt(s+b) and AMS
/// against the threshold for expected event counts, with the optimum marked.
fn threshold_ui(ui: &mut egui::Ui, c: &ClassifierFigures, height: f32, cut: &mut Cut) {
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
        let weighted = if c.histograms.weighted {
            " (efficiencies weighted by the event weights; the counts above are events)"
        } else {
            ""
        };
        ui.label(format!(
            "best s/sqrt(s+b) = {z:.2} at threshold {t:.2}{weighted}"
        ));
    }
    Plot::new("significance-chart")
        .height((height - 110.0).max(80.0))
        .legend(Legend::default())
        .allow_scroll(false)
        .custom_x_axes(crate::app::axes::x_axis("threshold"))
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
