//! The classifier's one-line summary above the ROC and rejection charts.

use crate::engine::figures::classifier::ClassifierFigures;

/// AUC and 1/eps_B at eps_S = 0.3 and 0.5 on the test set.
pub fn summary_ui(ui: &mut egui::Ui, c: &ClassifierFigures) {
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
