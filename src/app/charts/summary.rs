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
    // A sample of the test set is said where everyone can read it.
    let sample = if c.test_rows.0 < c.test_rows.1 {
        format!("{}:   ", c.test_set_label())
    } else {
        String::new()
    };
    ui.label(format!(
        "{sample}AUC {:.4}   1/eps_B at eps_S=0.3: {}   at 0.5: {}",
        s.auc,
        rejection(s.rejection_30),
        rejection(s.rejection_50)
    ))
    .on_hover_text(format!(
        "{}. Particle physicists quote the background rejection at a fixed signal efficiency.",
        c.test_set_label()
    ));
}
