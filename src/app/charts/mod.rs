//! The charts under the output view: the loss chart, then one tab at a time from [`TABS`].
//!
//! A tab is one file here (its drawing) and one line in [`TABS`]; its figure, when it needs
//! one beyond the learning curves, is one file in `src/engine/figures/` (computed on the
//! trainer thread) and one field of `DataFigures` or `ModelFigures`.

mod accuracy;
mod confusion;
mod histograms;
mod loss;
mod rejection;
mod roc;
mod scores;
mod series;
mod summary;
mod threshold;

use super::panel::{Actions, Panel, PanelInput};
use crate::worker::Snapshot;
pub use threshold::Cut;

/// One tab under the loss chart.
pub trait ChartTab: Sync {
    /// The tab's label.
    fn name(&self) -> &'static str;
    /// What the tab shows, for its hover text.
    fn hover(&self) -> &'static str;
    /// Whether the snapshot has what the tab draws (the tab is greyed out otherwise).
    fn available(&self, snapshot: &Snapshot) -> bool;
    /// Draws the tab in `height` points.
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32);
}

/// Every tab, in the order shown. Add a tab here.
pub static TABS: [&dyn ChartTab; 7] = [
    &accuracy::Accuracy,
    &roc::Roc,
    &rejection::Rejection,
    &scores::Scores,
    &threshold::Threshold,
    &confusion::ClassConfusion,
    &histograms::Histograms,
];

/// What the tabs remember between frames.
#[derive(Clone, Debug, Default)]
pub struct ChartState {
    /// The chosen tab (an index into [`TABS`]).
    pub tab: usize,
    /// Log scale on the loss chart.
    pub log_loss: bool,
    /// The score threshold and expected event counts of the threshold tab.
    pub cut: Cut,
    /// The data column of the histograms tab.
    pub histogram_column: usize,
    /// Log scale on the score histograms.
    pub log_scores: bool,
}

/// The charts panel.
#[derive(Default)]
pub struct Charts {
    state: ChartState,
}

impl Panel for Charts {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, _: &mut Actions) {
        let snapshot = input.snapshot;
        let height = (ui.available_height() / 2.0 - 24.0).max(90.0);
        loss::ui(ui, snapshot, &mut self.state.log_loss, height);
        if !snapshot.task.is_classification() {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            for (k, tab) in TABS.iter().enumerate() {
                ui.add_enabled_ui(tab.available(snapshot), |ui| {
                    ui.selectable_value(&mut self.state.tab, k, tab.name())
                        .on_hover_text(tab.hover())
                });
            }
        });
        let chosen = TABS
            .get(self.state.tab)
            .filter(|tab| tab.available(snapshot))
            .unwrap_or(&TABS[0]);
        chosen.ui(ui, snapshot, &mut self.state, height);
    }
}
