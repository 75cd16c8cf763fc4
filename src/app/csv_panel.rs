//! Loading your own CSV data: a path field (or the desktop's dialog), the label and feature
//! columns to use, and a read on a helper thread with a progress bar. A file that cannot be read
//! leaves the current data as it is and says which row and column are wrong.

use super::file_dialog::{DialogKind, DialogSlot};
use super::panel::{Actions, Panel, PanelInput};
use crate::engine::data::csv_table::{
    CsvError, CsvSpec, CsvTable, DEFAULT_MISSING, read_header, read_table,
};
use crate::engine::scene::{CsvSource, SceneEdit};
use crate::worker::Command;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The CSV window's state.
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
    reading: Option<Reading>,
}

/// A file being read on a helper thread.
struct Reading {
    source: CsvSource,
    features: Vec<String>,
    bytes_read: Arc<AtomicU64>,
    rows_read: Arc<AtomicUsize>,
    bytes_total: u64,
    done: Receiver<Result<CsvTable, CsvError>>,
}

/// Counts the bytes passing through a reader (for the progress bar).
struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Names a label column usually has, tried in this order before falling back to the last column.
const LABEL_NAMES: [&str; 6] = ["label", "Label", "class", "target", "y", "signal"];

impl Panel for CsvPanel {
    /// Draws the window (when open) and, when a read finishes, hands the table to the trainer.
    fn ui(&mut self, ui: &mut egui::Ui, _: &PanelInput<'_>, actions: &mut Actions) {
        let ctx = ui.ctx().clone();
        self.poll_dialog();
        self.poll_reading(&ctx);
        if let Some(table) = self.finished() {
            self.install(table, actions);
        }
        let mut open = self.open;
        egui::Window::new("CSV data")
            .open(&mut open)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(&ctx, |ui| self.contents_ui(ui));
        self.open = open;
    }
}

impl CsvPanel {
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
        let label = ui.label("CSV file");
        ui.add(
            egui::TextEdit::singleline(&mut self.path)
                .desired_width(380.0)
                .hint_text("data/events.csv"),
        )
        .labelled_by(label.id)
        .on_hover_text("A CSV file with a header row: feature columns and a label column.");
        let idle = self.reading.is_none();
        ui.horizontal(|ui| {
            let has_path = !self.path.trim().is_empty();
            if ui
                .add_enabled(has_path && idle, egui::Button::new("Read columns"))
                .on_hover_text("Reads the header row to choose the label and the features.")
                .clicked()
            {
                self.read_columns();
            }
            if ui
                .add_enabled(idle && !self.dialog.is_open(), egui::Button::new("Browse…"))
                .on_hover_text("Asks the desktop's file dialog for a CSV file.")
                .clicked()
            {
                self.browse();
            }
        });
        if !self.columns.is_empty() {
            self.columns_ui(ui, idle);
        }
        if let Some(reading) = &self.reading {
            let total = reading.bytes_total.max(1) as f32;
            let fraction = reading.bytes_read.load(Ordering::Relaxed) as f32 / total;
            ui.add(egui::ProgressBar::new(fraction.min(1.0)).text(format!(
                "{} rows read",
                reading.rows_read.load(Ordering::Relaxed)
            )));
        }
        if let Some(m) = &self.message {
            ui.label(m);
        }
        for note in &self.notes {
            ui.label(format!("Note: {note}"));
        }
    }

    fn columns_ui(&mut self, ui: &mut egui::Ui, idle: bool) {
        ui.separator();
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
        ui.checkbox(&mut self.classification, "Labels are classes")
            .on_hover_text("Whole-number labels are classes; untick for a regression target.");
        ui.label("Feature columns");
        ui.horizontal_wrapped(|ui| {
            for (c, on) in self.columns.iter().zip(self.features.iter_mut()) {
                if *c != self.label {
                    ui.checkbox(on, c);
                }
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

    fn chosen_features(&self) -> Vec<String> {
        self.columns
            .iter()
            .zip(&self.features)
            .filter(|(c, on)| **on && **c != self.label)
            .map(|(c, _)| c.clone())
            .collect()
    }

    fn path(&self) -> PathBuf {
        let typed = PathBuf::from(self.path.trim());
        std::env::current_dir()
            .map(|cwd| cwd.join(&typed))
            .unwrap_or(typed)
    }

    fn read_columns(&mut self) {
        self.notes.clear();
        match read_header(&self.path()) {
            Ok(columns) => {
                self.label = LABEL_NAMES
                    .iter()
                    .find(|n| columns.iter().any(|c| c == *n))
                    .map(|n| n.to_string())
                    .or_else(|| columns.last().cloned())
                    .unwrap_or_default();
                self.features = vec![true; columns.len()];
                self.classification = true;
                self.message = Some(format!("{} columns", columns.len()));
                self.columns = columns;
            }
            Err(e) => {
                self.columns.clear();
                self.message = Some(format!("Cannot use {}: {e}", self.path.trim()));
            }
        }
    }

    fn browse(&mut self) {
        let kind = DialogKind {
            filter: "CSV",
            extensions: &["csv", "txt"],
            save_as: None,
        };
        if let Err(message) = self.dialog.ask(kind) {
            self.message = Some(message);
        }
    }

    fn poll_dialog(&mut self) {
        match self.dialog.answer() {
            Some(Ok(path)) => {
                self.path = path.display().to_string();
                self.read_columns();
            }
            Some(Err(message)) => self.message = Some(message),
            None => {}
        }
    }

    fn start_reading(&mut self, features: Vec<String>) {
        let path = self.path();
        let source = CsvSource {
            path: path.clone(),
            label: self.label.clone(),
            classification: self.classification,
            missing_value: DEFAULT_MISSING,
        };
        let spec = crate::engine::train::session::csv_spec(&source);
        let (bytes_read, rows_read) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicUsize::new(0)));
        let (tx, rx) = channel();
        let (bytes, rows) = (Arc::clone(&bytes_read), Arc::clone(&rows_read));
        let bytes_total = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let spawned = std::thread::Builder::new()
            .name("csv-reader".into())
            .spawn(move || {
                let _ = tx.send(read_file(&path, &spec, bytes, rows));
            });
        match spawned {
            Ok(_) => {
                self.message = Some("Reading…".into());
                self.notes.clear();
                self.reading = Some(Reading {
                    source,
                    features,
                    bytes_read,
                    rows_read,
                    bytes_total,
                    done: rx,
                });
            }
            Err(e) => self.message = Some(format!("Cannot start reading: {e}")),
        }
    }

    fn poll_reading(&mut self, ctx: &egui::Context) {
        if self.reading.is_some() {
            // Keep the progress bar moving while the helper thread reads.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    /// The table once the read has finished well; a failed read leaves a message instead.
    fn finished(&mut self) -> Option<(CsvSource, Vec<String>, CsvTable)> {
        let reading = self.reading.as_ref()?;
        let result = match reading.done.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(CsvError::Io("the reader stopped".into())),
        };
        let reading = self.reading.take()?;
        match result {
            Ok(table) => {
                self.notes = table.notes.clone();
                Some((reading.source, reading.features, table))
            }
            Err(e) => {
                self.message = Some(format!(
                    "Not loaded: {e}. The current data stays as it was."
                ));
                None
            }
        }
    }
}

fn read_file(
    path: &Path,
    spec: &CsvSpec,
    bytes: Arc<AtomicU64>,
    rows: Arc<AtomicUsize>,
) -> Result<CsvTable, CsvError> {
    let file = std::fs::File::open(path).map_err(|e| CsvError::Io(e.to_string()))?;
    let counted = CountingReader {
        inner: std::io::BufReader::new(file),
        count: bytes,
    };
    read_table(counted, spec, |n| rows.store(n, Ordering::Relaxed))
}
