//! The "Export model" window: the trained model written for other programs (ONNX, or a Python
//! script with its data and weights), by a path field or the desktop's save dialog; the trainer
//! writes the files and the window says what was written or why not.

use super::file_dialog::{DialogKind, DialogSlot};
use super::panel::{Actions, Panel, PanelInput};
use crate::engine::export::ExportFormat;
use crate::worker::{Command, SnapshotModel};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The export window.
pub struct ExportPanel {
    /// Whether the window is shown.
    pub open: bool,
    path: String,
    format: ExportFormat,
    message: Option<String>,
    pending: Option<Receiver<Result<String, String>>>,
    dialog: DialogSlot,
}

impl Default for ExportPanel {
    fn default() -> Self {
        Self {
            open: false,
            path: String::new(),
            format: ExportFormat::ALL[0],
            message: None,
            pending: None,
            dialog: DialogSlot::default(),
        }
    }
}

impl Panel for ExportPanel {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        self.poll();
        if !self.open {
            return;
        }
        let refusal = match &input.snapshot.model {
            SnapshotModel::Trees(_) if !self.format.takes_trees() => {
                Some("A script rebuilds a network: export a tree model as ONNX.")
            }
            SnapshotModel::Trees(ensemble) if ensemble.trees.is_empty() => {
                Some("No tree is grown yet: train before exporting.")
            }
            _ => None,
        };
        let mut open = self.open;
        egui::Window::new("Export model")
            .open(&mut open)
            .resizable(false)
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
            .show(ui.ctx(), |ui| {
                let label = ui.label("Format");
                egui::ComboBox::from_id_salt("export-format")
                    .selected_text(self.format.label())
                    .show_ui(ui, |ui| {
                        for format in ExportFormat::ALL {
                            ui.selectable_value(&mut self.format, format, format.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if let Some(why) = refusal {
                    ui.label(why);
                }
                let label = ui.label("Path");
                ui.add(
                    egui::TextEdit::singleline(&mut self.path)
                        .desired_width(360.0)
                        .hint_text(format!("model.{}", self.format.extension())),
                )
                .labelled_by(label.id)
                .on_hover_text("Where to write the model.");
                ui.horizontal(|ui| {
                    let ready =
                        refusal.is_none() && !self.path.trim().is_empty() && self.pending.is_none();
                    if ui
                        .add_enabled(ready, egui::Button::new("Export"))
                        .on_hover_text(
                            "Writes the model as trained so far. An ONNX model takes the raw \
                             input columns (features and standardisation are inside); a script \
                             reads the data and weights written beside it.",
                        )
                        .clicked()
                    {
                        self.export(PathBuf::from(self.path.trim()), actions);
                    }
                    let idle = !self.dialog.is_open();
                    if ui
                        .add_enabled(idle, egui::Button::new("Browse to save…"))
                        .on_hover_text("Asks the desktop's file dialog where to write.")
                        .clicked()
                    {
                        self.browse();
                    }
                });
                if let Some(m) = &self.message {
                    ui.label(m);
                }
            });
        self.open = open;
    }
}

impl ExportPanel {
    fn export(&mut self, path: PathBuf, actions: &mut Actions) {
        let (reply, answer) = channel();
        actions.send(Command::Export {
            format: self.format,
            path,
            reply,
        });
        self.pending = Some(answer);
        self.message = Some("Writing…".into());
    }

    fn browse(&mut self) {
        let kind = match self.format.extension() {
            "onnx" => DialogKind {
                filter: "ONNX model",
                extensions: &["onnx"],
                save_as: Some("model.onnx"),
            },
            _ => DialogKind {
                filter: "Python script",
                extensions: &["py"],
                save_as: Some("train.py"),
            },
        };
        if let Err(message) = self.dialog.ask(kind) {
            self.message = Some(message);
        }
    }

    /// Takes the dialog's and the trainer's answers when they come.
    fn poll(&mut self) {
        self.dialog.answer_into(&mut self.path, &mut self.message);
        if let Some(answer) = &self.pending {
            match answer.try_recv() {
                Ok(Ok(done)) => self.message = Some(done),
                Ok(Err(why)) => self.message = Some(format!("Not exported: {why}")),
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.message = Some("Not exported: the trainer stopped.".into())
                }
            }
            self.pending = None;
        }
    }
}
