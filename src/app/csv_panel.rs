//! Loading your own data: a path field (or the desktop's dialog, or a dropped file), then for a
//! CSV file the label and feature columns to use and a read on a helper thread with a progress
//! bar, for a ROOT file its trees and branches (`root_choice`). A file that cannot be read
//! leaves the current data as it is and says what is wrong.

use super::class_files_choice::ClassFilesChoice;
use super::csv_reading::{Outcome, Reading, typed_path};
use super::file_dialog::{DialogKind, DialogSlot};
use super::panel::{Actions, Panel, PanelInput};
use super::root_choice::{RootChoice, is_root_path};
use crate::engine::data::csv_table::{CsvError, CsvFormat, CsvTable, DEFAULT_MISSING, Delimiter};
use crate::engine::scene::{CsvSource, SceneEdit};
use crate::worker::Command;

/// The data window's state.
#[derive(Default)]
pub struct CsvPanel {
    /// Whether the window is shown.
    pub open: bool,
    path: String,
    columns: Vec<String>,
    label: String,
    features: Vec<bool>,
    classification: bool,
    message: Option<String>,
    notes: Vec<String>,
    dialog: DialogSlot,
    reading: Option<(Reading, Job)>,
    /// The delimiter chosen (None: detected).
    delimiter: Option<Delimiter>,
    /// Whether the first row is a header (None: detected).
    header: Option<bool>,
    /// How many rows to read.
    amount: Amount,
    /// The row count of "first" and "sample".
    row_count: usize,
    /// The scene's seed, for a random sample.
    seed: u64,
    /// Whether the scene computes in `f64`, which keeps the columns in `f64` too.
    double: bool,
    /// The trees and branches of a ROOT file, when the path names one.
    root: RootChoice,
    /// One file per class instead of one file with a label.
    class_files: ClassFilesChoice,
    /// A scene edit ready to send (one file per class: the trainer reads the files).
    ready: Option<SceneEdit>,
    /// The event-weight column, if any.
    weight: Option<String>,
}

/// How much of a file to read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Amount {
    /// Every row.
    #[default]
    All,
    /// The first rows only.
    First,
    /// A random sample of rows (seeded, one pass).
    Sample,
}

/// What the read in progress is for.
enum Job {
    /// The header, to choose the columns.
    Columns,
    /// The table for this source and these features.
    Table(CsvSource, Vec<String>),
}

/// Names a label column usually has, tried in this order before falling back to the last column.
const LABEL_NAMES: [&str; 6] = ["label", "Label", "class", "target", "y", "signal"];

impl Panel for CsvPanel {
    /// Draws the window (when open) and, when a read finishes, hands the data to the trainer.
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        let ctx = ui.ctx().clone();
        self.seed = input.snapshot.scene.seed;
        self.double = input.snapshot.scene.training.double_precision();
        self.poll_dialog();
        if let Some(table) = self.finished() {
            self.install(table, actions);
        }
        self.root.poll(actions);
        if let Some(edit) = self.ready.take() {
            actions.edit(edit);
        }
        if self.reading.is_some() || self.root.is_busy() {
            // Keep the progress bar moving while the helper thread reads.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let mut open = self.open;
        egui::Window::new("Your data")
            .open(&mut open)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(&ctx, |ui| self.contents_ui(ui));
        self.open = open;
    }
}

/// The extensions of data files (CSV, compressed text, ROOT), as opposed to scene files.
const DATA_EXTENSIONS: [&str; 6] = ["csv", "tsv", "dat", "txt", "gz", "root"];

/// Whether a path names a data file (CSV, compressed text or ROOT) rather than a scene.
pub fn is_data_path(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DATA_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

impl CsvPanel {
    /// Opens the window on `path` (a dropped or opened data file) and reads its columns.
    pub fn open_path(&mut self, path: std::path::PathBuf) {
        self.open = true;
        self.path = path.display().to_string();
        self.read_columns();
    }

    /// Hands the table just read to the trainer, which keeps it and restarts on a scene that
    /// reads it.
    fn install(
        &mut self,
        (source, features, table): (CsvSource, Vec<String>, CsvTable),
        actions: &mut Actions,
    ) {
        let rows = table.table.rows();
        let task = table.table.task;
        self.message = Some(format!("Loaded {rows} rows from {}", source.path.display()));
        actions.send(Command::CacheTable {
            source: source.clone(),
            table: Box::new(table),
        });
        actions.edit(SceneEdit::Csv {
            source,
            features,
            task,
        });
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui) {
        self.class_files.ui(ui);
        if !self.class_files.on {
            let label = ui.label("Data file");
            ui.add(
                egui::TextEdit::singleline(&mut self.path)
                    .desired_width(460.0)
                    .hint_text("data/events.csv, HIGGS.csv.gz or ntuple.root"),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "A CSV file (or .gz): feature columns and a label column, with a header row \
                 or without one (columns c0, c1, …). Or a ROOT file: a TTree's branches.",
            );
        }
        let root = self.root.is_active();
        if !root {
            self.layout_ui(ui);
        }
        let idle = self.reading.is_none() && !self.root.is_busy();
        ui.horizontal(|ui| {
            let has_path = !self.typed().trim().is_empty();
            if ui
                .add_enabled(has_path && idle, egui::Button::new("Read columns"))
                .on_hover_text(
                    "Reads the header row (a ROOT file: its trees and branches) to choose the \
                     label and the features.",
                )
                .clicked()
            {
                self.read_columns();
            }
            if ui
                .add_enabled(idle && !self.dialog.is_open(), egui::Button::new("Browse…"))
                .on_hover_text("Asks the desktop's file dialog for a CSV or ROOT file.")
                .clicked()
            {
                self.browse();
            }
        });
        if root {
            self.root.ui(ui, &self.class_files);
            return;
        }
        if !self.columns.is_empty() {
            self.columns_ui(ui, idle);
        }
        if let Some((reading, _)) = &self.reading {
            let (fraction, rows) = reading.progress();
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(300.0)
                        .text(format!("{rows} rows read")),
                );
                if ui
                    .button("Cancel")
                    .on_hover_text("Stops reading; the current data stays.")
                    .clicked()
                {
                    reading.cancel();
                }
            });
        }
        if let Some(m) = &self.message {
            ui.label(m);
        }
        for note in &self.notes {
            ui.label(format!("Note: {note}"));
        }
    }

    /// The delimiter and header choices (detected unless set); a change reads the columns
    /// again.
    fn layout_ui(&mut self, ui: &mut egui::Ui) {
        let (delimiter, header) = (self.delimiter, self.header);
        ui.horizontal_wrapped(|ui| {
            let name = |d: Option<Delimiter>| d.map_or("detected".into(), |d| d.name().to_string());
            let label = ui.label("Delimiter");
            egui::ComboBox::from_id_salt("csv-delimiter")
                .selected_text(name(self.delimiter))
                .show_ui(ui, |ui| {
                    for d in [
                        None,
                        Some(Delimiter::Comma),
                        Some(Delimiter::Semicolon),
                        Some(Delimiter::Tab),
                        Some(Delimiter::Spaces),
                    ] {
                        ui.selectable_value(&mut self.delimiter, d, name(d));
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text("What separates the cells; detected from the first line.");
            let name = |h: Option<bool>| match h {
                None => "detected",
                Some(true) => "yes",
                Some(false) => "no (c0, c1, …)",
            };
            let label = ui.label("Header row");
            egui::ComboBox::from_id_salt("csv-header")
                .selected_text(name(self.header))
                .show_ui(ui, |ui| {
                    for h in [None, Some(true), Some(false)] {
                        ui.selectable_value(&mut self.header, h, name(h));
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(
                    "Detected: a first row of numbers is data, and the columns are c0, c1, …",
                );
        });
        if (delimiter, header) != (self.delimiter, self.header)
            && !self.typed().trim().is_empty()
            && self.reading.is_none()
        {
            self.read_columns();
        }
    }

    /// The file's layout and how much of it to read, as chosen.
    fn format(&self) -> CsvFormat {
        CsvFormat {
            delimiter: self.delimiter,
            header: self.header,
            rows: (self.amount == Amount::First).then_some(self.row_count),
            sample: (self.amount == Amount::Sample).then_some((self.row_count, self.seed)),
        }
    }

    fn columns_ui(&mut self, ui: &mut egui::Ui, idle: bool) {
        ui.separator();
        if self.class_files.on {
            ui.label(format!(
                "Columns of the first class's file; each file is a class ({} classes)",
                self.class_files.count()
            ));
        } else {
            self.label_ui(ui);
        }
        self.features_and_rows_ui(ui, idle);
    }

    /// The label column and whether its labels are classes.
    fn label_ui(&mut self, ui: &mut egui::Ui) {
        let label = ui.label("Label column");
        egui::ComboBox::from_id_salt("csv-label")
            .selected_text(&self.label)
            .show_ui(ui, |ui| {
                for c in &self.columns {
                    ui.selectable_value(&mut self.label, c.clone(), c);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("The column holding the class (or, for regression, the target).");
    }

    /// The feature columns, how many rows to read, and the Load button.
    fn features_and_rows_ui(&mut self, ui: &mut egui::Ui, idle: bool) {
        let label = self.label_in_use().to_string();
        ui.horizontal_wrapped(|ui| {
            if !self.class_files.on {
                ui.checkbox(&mut self.classification, "Labels are classes")
                    .on_hover_text(
                        "Whole-number labels are classes; untick for a regression target.",
                    );
            }
            let text = ui.label("Event weight");
            egui::ComboBox::from_id_salt("csv-weight")
                .selected_text(self.weight.as_deref().unwrap_or("none"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.weight, None, "none");
                    for c in self.columns.iter().filter(|c| **c != label) {
                        ui.selectable_value(&mut self.weight, Some(c.clone()), c);
                    }
                })
                .response
                .labelled_by(text.id)
                .on_hover_text(
                    "A column of event weights (Kaggle Higgs' Weight): never a feature; the \
                     test ROC, AUC and AMS are also given weighted.",
                );
        });
        let weight = self.weight.clone().unwrap_or_default();
        ui.label("Feature columns");
        ui.horizontal_wrapped(|ui| {
            for (c, on) in self.columns.iter().zip(self.features.iter_mut()) {
                if *c != label && *c != weight {
                    ui.checkbox(on, c);
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Rows");
            ui.selectable_value(&mut self.amount, Amount::All, "all")
                .on_hover_text("Reads every row.");
            ui.selectable_value(&mut self.amount, Amount::First, "the first")
                .on_hover_text(
                    "Reads only the first rows (as PURSUE's chapter takes HIGGS's first 1000).",
                );
            ui.selectable_value(&mut self.amount, Amount::Sample, "a random")
                .on_hover_text(
                    "Keeps a random sample of rows, drawn with the scene's seed in one pass.",
                );
            if self.row_count == 0 {
                self.row_count = 100_000;
            }
            if self.amount != Amount::All {
                ui.add(egui::DragValue::new(&mut self.row_count).range(1..=10_000_000));
            }
        });
        let chosen = self.chosen_features();
        if ui
            .add_enabled(idle && !chosen.is_empty(), egui::Button::new("Load data"))
            .on_hover_text(
                "Reads the file in the background; the current data stays until it is read.",
            )
            .clicked()
        {
            self.start_reading(chosen);
        }
    }

    /// The label column, unless each file is a class.
    fn label_in_use(&self) -> &str {
        if self.class_files.on { "" } else { &self.label }
    }

    /// The file whose columns are read: the typed one, or the first class's.
    fn typed(&self) -> &str {
        if self.class_files.on {
            self.class_files.first_path()
        } else {
            &self.path
        }
    }

    fn chosen_features(&self) -> Vec<String> {
        let label = self.label_in_use();
        let weight = self.weight.as_deref().unwrap_or_default();
        self.columns
            .iter()
            .zip(&self.features)
            .filter(|(c, on)| **on && **c != label && **c != weight)
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// Starts reading the header of the typed file (a ROOT file: its trees) on a helper
    /// thread.
    fn read_columns(&mut self) {
        self.notes.clear();
        self.columns.clear();
        self.message = None;
        let path = typed_path(self.typed());
        if is_root_path(&path) {
            self.root.list(path);
            return;
        }
        self.root.clear();
        match Reading::header(path, self.format()) {
            Ok(reading) => {
                self.message = Some("Reading the header…".into());
                self.reading = Some((reading, Job::Columns));
            }
            Err(message) => self.message = Some(message),
        }
    }

    /// Takes the header just read: the label column guessed, every other column a feature.
    fn take_columns(&mut self, result: Result<Vec<String>, CsvError>) {
        match result {
            Ok(columns) => {
                self.label = LABEL_NAMES
                    .iter()
                    .find(|n| columns.iter().any(|c| c == *n))
                    .map(|n| n.to_string())
                    .or_else(|| columns.last().cloned())
                    .unwrap_or_default();
                self.features = vec![true; columns.len()];
                // A column named like Kaggle's or HZZ's weight is taken as the weight.
                self.weight = columns
                    .iter()
                    .find(|c| matches!(c.as_str(), "Weight" | "weight" | "EventWeight"))
                    .cloned();
                self.classification = true;
                self.message = Some(format!("{} columns", columns.len()));
                self.columns = columns;
            }
            Err(e) => {
                self.columns.clear();
                self.message = Some(format!("Cannot use {}: {e}", self.typed().trim()));
            }
        }
    }

    fn browse(&mut self) {
        let kind = DialogKind {
            filter: "Data",
            extensions: &DATA_EXTENSIONS,
            save_as: None,
        };
        if let Err(message) = self.dialog.ask(kind) {
            self.message = Some(message);
        }
    }

    fn poll_dialog(&mut self) {
        if self.dialog.answer_into(&mut self.path, &mut self.message) {
            self.read_columns();
        }
    }

    fn start_reading(&mut self, features: Vec<String>) {
        let format = self.format();
        let mut source = CsvSource {
            path: typed_path(&self.path),
            label: self.label.clone(),
            classification: self.classification,
            missing_value: DEFAULT_MISSING,
            delimiter: format.delimiter,
            header: format.header,
            rows: format.rows,
            sample: format.sample.map(|(n, _)| n),
            classes: Vec::new(),
            weight: self.weight.clone(),
        };
        if self.class_files.on {
            // The trainer reads every class's file; a file it cannot read leaves its message
            // in the banner and the current data as it was.
            match self.class_files.classes() {
                Ok(classes) => {
                    let task = crate::engine::data::Task::Classification {
                        classes: classes.len(),
                    };
                    (source.path, source.label, source.classes) =
                        (Default::default(), String::new(), classes);
                    self.message = Some(format!(
                        "Loading {} class files: the data panel shows the rows per class",
                        source.classes.len()
                    ));
                    self.ready = Some(SceneEdit::Csv {
                        source,
                        features,
                        task,
                    });
                }
                Err(message) => self.message = Some(message),
            }
            return;
        }
        let spec = crate::engine::train::session::csv_spec(&source, self.seed, self.double);
        match Reading::table(source.path.clone(), spec) {
            Ok(reading) => {
                self.message = Some("Reading…".into());
                self.notes.clear();
                self.reading = Some((reading, Job::Table(source, features)));
            }
            Err(message) => self.message = Some(message),
        }
    }

    /// The table once a read has finished well; a header read, a failed read or a cancelled
    /// one leaves its message instead.
    fn finished(&mut self) -> Option<(CsvSource, Vec<String>, CsvTable)> {
        let outcome = self.reading.as_ref()?.0.outcome()?;
        let (_, job) = self.reading.take()?;
        match (outcome, job) {
            (Outcome::Header(result), Job::Columns) => {
                self.take_columns(result);
                None
            }
            (Outcome::Table(Ok(table)), Job::Table(source, features)) => {
                self.notes = table.notes.clone();
                Some((source, features, table))
            }
            (Outcome::Table(Err(e)) | Outcome::Header(Err(e)), _) => {
                self.message = Some(format!(
                    "Not loaded: {e}. The current data stays as it was."
                ));
                None
            }
            (Outcome::Header(Ok(_)), Job::Table(..)) | (Outcome::Table(Ok(_)), Job::Columns) => {
                None
            }
        }
    }
}
