//! The confusion tab of problems with more than two classes.

use super::{ChartState, ChartTab};
use crate::worker::Snapshot;
use crate::worker::pictures::palette;

/// True class against predicted class on the test set.
pub struct ClassConfusion;

impl ChartTab for ClassConfusion {
    fn name(&self) -> &'static str {
        "Confusion"
    }
    fn hover(&self) -> &'static str {
        "True class against predicted class on the test set (more than two classes)."
    }
    fn figure(&self) -> Option<crate::app::figures::FigureKind> {
        Some(crate::app::figures::FigureKind::Confusion)
    }
    fn available(&self, snapshot: &Snapshot) -> bool {
        snapshot.model_figures.confusion.is_some()
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, _: &mut ChartState, _: f32) {
        if let Some(counts) = &snapshot.model_figures.confusion {
            class_confusion_ui(ui, counts);
        }
    }
}

/// The K x K confusion matrix: rows are the true class, columns the predicted one; each cell
/// shows the count and its share of the true class.
fn class_confusion_ui(ui: &mut egui::Ui, counts: &[Vec<usize>]) {
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
