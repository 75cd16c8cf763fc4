//! Plot axes whose tick labels stay readable on small charts.

/// An x axis named `label` whose tick labels show from 24 points apart (egui_plot's default
/// of 60 leaves a narrow chart with a single tick label).
pub fn x_axis<'a>(label: impl Into<egui::WidgetText>) -> Vec<egui_plot::AxisHints<'a>> {
    vec![
        egui_plot::AxisHints::new_x()
            .label(label)
            .label_spacing(24.0..=36.0),
    ]
}

/// A y axis named `label` whose tick labels show from 14 points apart.
pub fn y_axis<'a>(label: impl Into<egui::WidgetText>) -> Vec<egui_plot::AxisHints<'a>> {
    vec![
        egui_plot::AxisHints::new_y()
            .label(label)
            .label_spacing(14.0..=22.0),
    ]
}
