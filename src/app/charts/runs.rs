//! Past runs in the charts: which ones are overlaid (faded, in their own colour) on the loss,
//! accuracy, ROC and rejection charts, and the runs tab: a table of every kept run and the
//! current one, sortable by any column, with overlay and pin switches, editable labels and a
//! CSV export.

use super::{ChartState, ChartTab};
use crate::engine::runs::{Run, best_epoch, parameter_count, table_csv};
use crate::worker::pictures::palette;
use crate::worker::{Command, Snapshot};
use egui::Color32;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What the runs tab remembers.
#[derive(Clone, Debug, Default)]
pub struct RunsState {
    /// Ids of the past runs drawn beside the current one.
    pub overlaid: BTreeSet<u64>,
    /// The newest run id seen: a run kept after it is overlaid at once.
    newest_seen: u64,
    /// The column sorted by, and whether ascending.
    sort: (Column, bool),
    /// Where the table is exported.
    export_path: String,
    /// What the last export did.
    export_message: Option<String>,
    /// Labels being typed, by run id.
    editing: Vec<(u64, String)>,
    /// The run of the side beside this one (side by side), drawn always.
    partner: Option<u64>,
}

impl RunsState {
    /// Overlays every run kept since the last frame (a student who changes one thing sees
    /// the run before it at once); forgets runs no longer kept.
    pub fn follow(&mut self, snapshot: &Snapshot) {
        for run in snapshot.runs.iter() {
            if run.id > self.newest_seen {
                self.overlaid.insert(run.id);
            }
        }
        self.newest_seen = self
            .newest_seen
            .max(snapshot.runs.iter().map(|r| r.id).max().unwrap_or(0));
        self.partner = None;
        self.overlaid
            .retain(|id| snapshot.runs.iter().any(|r| r.id == *id));
    }

    /// A run's colour: the side beside this one's in full, a past run's faded.
    fn colour_of(&self, id: u64) -> Color32 {
        if self.partner == Some(id) {
            palette::class_colour(2)
        } else {
            run_colour(id)
        }
    }
}

/// The left side's snapshot with the right side's current run added to its runs, so every
/// chart overlays it (labelled by what sets it apart, e.g. "right: BDT 20 trees, depth 3").
pub fn with_partner(left: &Snapshot, right: &Snapshot, state: &mut RunsState) -> Snapshot {
    let mut run = current_run(right);
    run.label = format!(
        "right: {}",
        crate::engine::runs::side_label(&right.scene, &left.scene)
    );
    state.partner = Some(run.id);
    state.overlaid.insert(run.id);
    let mut merged = left.clone();
    let mut runs = left.runs.to_vec();
    runs.push(run);
    merged.runs = std::sync::Arc::new(runs);
    merged
}

/// The past runs to draw beside the current one, oldest first, with their colours.
pub fn overlaid<'a>(snapshot: &'a Snapshot, state: &ChartState) -> Vec<(&'a Run, Color32)> {
    snapshot
        .runs
        .iter()
        .filter(|r| state.runs.overlaid.contains(&r.id))
        .map(|r| (r, state.runs.colour_of(r.id)))
        .collect()
}

/// A past run's colour: one of the class colours (skipping the two of the current run),
/// faded so the current run stands out.
pub fn run_colour(id: u64) -> Color32 {
    palette::class_colour(2 + (id as usize % 6)).gamma_multiply(0.75)
}

/// The table's columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Column {
    /// Oldest first.
    #[default]
    Order,
    Label,
    Model,
    Parameters,
    Epochs,
    TrainLoss,
    ValidationLoss,
    TestLoss,
    BestEpoch,
    Accuracy,
    Auc,
    Rejection,
    Seconds,
}

const COLUMNS: [(Column, &str); 12] = [
    (Column::Label, "run"),
    (Column::Model, "model"),
    (Column::Parameters, "parameters"),
    (Column::Epochs, "epochs"),
    (Column::TrainLoss, "train loss"),
    (Column::ValidationLoss, "val. loss"),
    (Column::TestLoss, "test loss"),
    (Column::BestEpoch, "best epoch"),
    (Column::Accuracy, "test acc."),
    (Column::Auc, "AUC"),
    (Column::Rejection, "1/eps_B@0.3"),
    (Column::Seconds, "seconds"),
];

/// One row of the table: a run's figures as numbers (for sorting) and text.
fn number(run: &Run, column: Column) -> Option<f64> {
    let last = run.last();
    match column {
        Column::Order => Some(run.id as f64),
        Column::Label | Column::Model => None,
        Column::Parameters => Some(run.parameters as f64),
        Column::Epochs => Some(run.epochs as f64),
        Column::TrainLoss => last.map(|r| r.train_loss),
        Column::ValidationLoss => last.and_then(|r| r.validation_loss),
        Column::TestLoss => last.and_then(|r| r.test_loss),
        Column::BestEpoch => run.best_epoch.map(|e| e as f64),
        Column::Accuracy => last.and_then(|r| r.test_accuracy),
        Column::Auc => run.auc(),
        Column::Rejection => run.rejection_30(),
        Column::Seconds => Some(run.seconds),
    }
}

fn text(run: &Run, column: Column) -> String {
    match column {
        Column::Label => run.label.clone(),
        Column::Model => run.model.clone(),
        Column::Parameters | Column::Epochs | Column::BestEpoch | Column::Order => {
            number(run, column).map_or("-".into(), |v| format!("{v:.0}"))
        }
        Column::Seconds => format!("{:.1}", run.seconds),
        Column::Rejection => number(run, column).map_or("-".into(), |v| format!("{v:.1}")),
        _ => number(run, column).map_or("-".into(), |v| format!("{v:.4}")),
    }
}

/// The current run as a row of the table (its figures now).
fn current_run(snapshot: &Snapshot) -> Run {
    Run {
        id: snapshot.run_id,
        label: format!("{} (now)", snapshot.run_label),
        pinned: false,
        scene: std::sync::Arc::clone(&snapshot.scene),
        model: crate::engine::runs::model_name(&snapshot.scene),
        parameters: parameter_count(snapshot.network(), snapshot.ensemble()),
        epochs: snapshot.epoch,
        records: std::sync::Arc::clone(&snapshot.records),
        best_epoch: best_epoch(&snapshot.records),
        figures: std::sync::Arc::clone(&snapshot.model_figures),
        seconds: snapshot.training_seconds,
    }
}

/// The runs tab.
pub struct RunsTab;

impl ChartTab for RunsTab {
    fn name(&self) -> &'static str {
        "Runs"
    }
    fn hover(&self) -> &'static str {
        "Every kept run beside the current one: overlay, pin, rename, sort and export."
    }
    fn available(&self, _: &Snapshot) -> bool {
        true
    }
    fn for_regression(&self) -> bool {
        true
    }
    fn ui(&self, ui: &mut egui::Ui, snapshot: &Snapshot, state: &mut ChartState, height: f32) {
        let mut commands = Vec::new();
        table_ui(ui, snapshot, &mut state.runs, height, &mut commands);
        state.commands.extend(commands);
    }
}

fn table_ui(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    state: &mut RunsState,
    height: f32,
    commands: &mut Vec<Command>,
) {
    let mut rows: Vec<Run> = snapshot.runs.iter().cloned().collect();
    rows.push(current_run(snapshot));
    let (column, ascending) = state.sort;
    rows.sort_by(|a, b| {
        let order = match column {
            Column::Label => a.label.cmp(&b.label),
            Column::Model => a.model.cmp(&b.model),
            _ => {
                let (x, y) = (number(a, column), number(b, column));
                x.unwrap_or(f64::INFINITY)
                    .total_cmp(&y.unwrap_or(f64::INFINITY))
            }
        };
        if ascending { order } else { order.reverse() }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} past runs kept (the last {} unpinned)",
            snapshot.runs.len(),
            crate::engine::runs::MAX_RUNS
        ));
        if state.export_path.is_empty() {
            state.export_path = "runs.csv".into();
        }
        ui.add(egui::TextEdit::singleline(&mut state.export_path).desired_width(140.0))
            .on_hover_text("Where the table is written as CSV.");
        if ui.button("Export CSV").clicked() {
            let path = PathBuf::from(state.export_path.trim());
            let csv = table_csv(&rows);
            state.export_message = Some(
                match crate::engine::scene::write_atomically(&path, csv.as_bytes()) {
                    Ok(()) => format!("Wrote {}", path.display()),
                    Err(e) => format!("Not written: {}: {e}", path.display()),
                },
            );
        }
        if let Some(m) = &state.export_message {
            ui.label(m);
        }
    });
    egui::ScrollArea::both()
        .max_height((height - 30.0).max(40.0))
        .show(ui, |ui| {
            egui::Grid::new("runs-table").striped(true).show(ui, |ui| {
                ui.label("show");
                ui.label("pin");
                for (c, name) in COLUMNS {
                    let arrow = match state.sort {
                        (s, true) if s == c => " ^",
                        (s, false) if s == c => " v",
                        _ => "",
                    };
                    if ui
                        .button(format!("{name}{arrow}"))
                        .on_hover_text("Sort by this column (again: the other way).")
                        .clicked()
                    {
                        state.sort = (
                            c,
                            if state.sort.0 == c {
                                !state.sort.1
                            } else {
                                true
                            },
                        );
                    }
                }
                ui.end_row();
                for run in &rows {
                    row_ui(ui, run, snapshot.run_id, state, commands);
                    ui.end_row();
                }
            });
        });
}

fn row_ui(
    ui: &mut egui::Ui,
    run: &Run,
    current: u64,
    state: &mut RunsState,
    commands: &mut Vec<Command>,
) {
    if run.id == current || state.partner == Some(run.id) {
        ui.label("now");
        ui.label("");
        if state.partner == Some(run.id) {
            ui.label(egui::RichText::new(&run.label).color(state.colour_of(run.id)));
            for (c, _) in COLUMNS.iter().skip(1) {
                ui.label(text(run, *c));
            }
            return;
        }
    } else {
        let mut shown = state.overlaid.contains(&run.id);
        if ui
            .checkbox(&mut shown, "")
            .on_hover_text("Draw this run beside the current one.")
            .changed()
        {
            if shown {
                state.overlaid.insert(run.id);
            } else {
                state.overlaid.remove(&run.id);
            }
        }
        let mut pinned = run.pinned;
        if ui
            .checkbox(&mut pinned, "")
            .on_hover_text("Keep this run for good.")
            .changed()
        {
            commands.push(Command::PinRun { id: run.id, pinned });
        }
    }
    // The label: typed in place, sent when the field loses focus or Enter is pressed.
    let slot = match state.editing.iter().position(|(id, _)| *id == run.id) {
        Some(k) => k,
        None => {
            let label = run.label.trim_end_matches(" (now)").to_string();
            state.editing.push((run.id, label));
            state.editing.len() - 1
        }
    };
    let colour = if run.id == current {
        ui.visuals().text_color()
    } else {
        run_colour(run.id)
    };
    let edit = egui::TextEdit::singleline(&mut state.editing[slot].1)
        .text_color(colour)
        .desired_width(150.0);
    let response = ui
        .add(edit)
        .on_hover_text("The run's label: type to rename it.");
    if response.lost_focus() {
        commands.push(Command::RenameRun {
            id: run.id,
            label: state.editing[slot].1.clone(),
        });
    }
    if !response.has_focus() {
        // Follow the trainer's label when not typing.
        state.editing[slot].1 = run.label.trim_end_matches(" (now)").to_string();
    }
    for (c, _) in COLUMNS.iter().skip(1) {
        ui.label(text(run, *c));
    }
}
