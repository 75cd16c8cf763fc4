//! The charts under the output view: the loss chart, then one tab at a time from [`TABS`].
//!
//! A tab is one file here (its drawing) and one line in [`TABS`]; its figure, when it needs
//! one beyond the learning curves, is one file in `src/engine/figures/` (computed on the
//! trainer thread) and one field of `DataFigures` or `ModelFigures`.

mod accuracy;
mod confusion;
mod fit;
mod histograms;
mod loss;
mod rejection;
mod roc;
mod runs;
mod scores;
mod series;
mod summary;
mod threshold;

use super::figures::FigureKind;
use super::panel::{Action, Actions, Dialog, Panel, PanelInput};
use crate::worker::Snapshot;
pub use roc::model_name;
pub use runs::overlaid as overlaid_runs;
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
    /// Whether the tab is offered for regression (most tabs are about classes).
    fn for_regression(&self) -> bool {
        false
    }
    /// Whether the tab is offered for classification (all but the regression fit).
    fn for_classes(&self) -> bool {
        true
    }
    /// The figure the tab saves as (None: the tab is not a chart).
    fn figure(&self) -> Option<FigureKind> {
        None
    }
    /// Whether the tab is offered for this kind of problem.
    fn offered_for(&self, classification: bool) -> bool {
        if classification {
            self.for_classes()
        } else {
            self.for_regression()
        }
    }
}

/// Every tab, in the order shown. Add a tab here.
pub static TABS: [&dyn ChartTab; 9] = [
    &accuracy::Accuracy,
    &fit::Fit,
    &roc::Roc,
    &rejection::Rejection,
    &scores::Scores,
    &threshold::Threshold,
    &confusion::ClassConfusion,
    &histograms::Histograms,
    &runs::RunsTab,
];

/// What the tabs remember between frames.
#[derive(Clone, Debug)]
pub struct ChartState {
    /// The chosen tab: an index into [`TABS`], or the loss chart in the compact layout.
    pub tab: usize,
    /// Log scale on the loss chart.
    pub log_loss: bool,
    /// The score threshold and expected event counts of the threshold tab.
    pub cut: Cut,
    /// The data column of the histograms tab.
    pub histogram_column: usize,
    /// Log scale on the score histograms.
    pub log_scores: bool,
    /// Which past runs are overlaid, and the runs table's own state.
    pub runs: runs::RunsState,
    /// Commands a tab asked for this frame (the panel sends them).
    pub commands: Vec<crate::worker::Command>,
    /// The figure whose "Save figure…" button was pressed this frame.
    pub save_figure: Option<FigureKind>,
}

impl Default for ChartState {
    /// The loss first: it is the chart a lesson watches (a tab only in the compact layout).
    fn default() -> Self {
        ChartState {
            tab: LOSS_TAB,
            log_loss: false,
            cut: Cut::default(),
            histogram_column: 0,
            log_scores: false,
            runs: runs::RunsState::default(),
            commands: Vec::new(),
            save_figure: None,
        }
    }
}

/// The charts panel.
#[derive(Default)]
pub struct Charts {
    state: ChartState,
    /// One chart at a time whatever the room (side by side, where each chart overlays both
    /// sides and needs the height).
    one_at_a_time: bool,
}

impl Charts {
    /// What the charts show now (log axes, threshold, column, overlaid runs).
    pub fn state(&self) -> &ChartState {
        &self.state
    }

    /// Shows one chart at a time (the loss as the first tab), or lets the room decide.
    pub fn set_one_at_a_time(&mut self, one: bool) {
        self.one_at_a_time = one;
    }
}

/// Below this height the loss chart becomes a tab beside the others: one chart at a time.
const COMPACT_BELOW: f32 = 330.0;

/// The tab index that means the loss chart (in the compact layout).
const LOSS_TAB: usize = usize::MAX;

/// The smallest room charts are given (the layout leaves this much under the map).
pub const MIN_HEIGHT: f32 = 190.0;

impl Panel for Charts {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        self.state.runs.follow(input.snapshot);
        // Side by side, the right side's run is drawn as one more run beside the left one.
        let merged = input
            .partner
            .map(|right| runs::with_partner(input.snapshot, right, &mut self.state.runs));
        let snapshot = merged.as_ref().unwrap_or(input.snapshot);
        let top = ui.cursor().min.y;
        let room = ui.available_height();
        let compact = room < COMPACT_BELOW || self.one_at_a_time;
        let classification = snapshot.task.is_classification();
        // Tabs below the loss chart: for classes, and for regression once one of its tabs has
        // something to show (the fit of table data, past runs).
        let tabbed =
            classification || !snapshot.runs.is_empty() || snapshot.model_figures.fit.is_some();
        if !compact {
            let height = if tabbed {
                ((room - 40.0) / 2.0 - 24.0).max(60.0)
            } else {
                room - 30.0
            };
            loss::ui(ui, snapshot, &mut self.state, height);
        } else if !tabbed {
            self.state.tab = LOSS_TAB;
        }
        if tabbed || compact {
            self.tabs_ui(ui, snapshot, compact);
        }
        let height = (ui.available_height() - 36.0).max(50.0);
        if compact && self.state.tab == LOSS_TAB {
            loss::ui(ui, snapshot, &mut self.state, height);
        } else if tabbed {
            let offered = |k: &usize| {
                TABS.get(*k)
                    .is_some_and(|tab| tab.available(snapshot) && tab.offered_for(classification))
            };
            if !offered(&self.state.tab)
                && let Some(first) = (0..TABS.len()).find(offered)
            {
                self.state.tab = first;
            }
            if let Some(tab) = TABS
                .get(self.state.tab)
                .filter(|_| offered(&self.state.tab))
            {
                tab.ui(ui, snapshot, &mut self.state, height);
            }
        }
        for command in self.state.commands.drain(..) {
            actions.send(command);
        }
        if let Some(kind) = self.state.save_figure.take() {
            actions.push(Action::Open(Dialog::Figure(kind)));
        }
        let rect = egui::Rect::from_x_y_ranges(ui.max_rect().x_range(), top..=ui.cursor().min.y);
        super::layout::record(ui.ctx(), super::layout::Part::Charts, rect);
    }
}

impl Charts {
    /// The row of tabs (with the loss as the first tab in the compact layout).
    fn tabs_ui(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, compact: bool) {
        if !compact && self.state.tab == LOSS_TAB {
            self.state.tab = 0;
        }
        ui.horizontal_wrapped(|ui| {
            let loss_tab =
                compact.then_some((LOSS_TAB, "Loss", "Train, validation and test loss."));
            let classification = snapshot.task.is_classification();
            let tabs = TABS
                .iter()
                .enumerate()
                .filter(|(_, tab)| tab.offered_for(classification))
                .map(|(k, tab)| (k, tab.name(), tab.hover()));
            for (k, name, hover) in loss_tab.into_iter().chain(tabs) {
                let enabled = k == LOSS_TAB || TABS.get(k).is_some_and(|t| t.available(snapshot));
                // A tab is one widget that never wraps inside its label; the row wraps
                // between tabs.
                let button = egui::Button::selectable(self.state.tab == k, name)
                    .wrap_mode(egui::TextWrapMode::Extend);
                if ui
                    .add_enabled(enabled, button)
                    .on_hover_text(hover)
                    .clicked()
                {
                    self.state.tab = k;
                }
            }
            // The loss chart has its own button in its header.
            let figure = TABS
                .get(self.state.tab)
                .filter(|t| t.available(snapshot))
                .and_then(|t| t.figure());
            if let Some(kind) = figure
                && super::figure_panel::save_button(ui, kind)
            {
                self.state.save_figure = Some(kind);
            }
        });
    }
}
