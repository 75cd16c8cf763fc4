//! Opening and saving scenes: a path field that always works, a "Browse…" button that asks the
//! desktop's file dialog on a helper thread (never blocking the window), and dropped files.

use super::PlaygroundApp;
use super::file_dialog::{DialogKind, DialogSlot};
use crate::scene::model_file::layers_of;
use crate::scene::{ModelSection, Scene};
use std::path::PathBuf;

/// A file operation the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum FileRequest {
    /// Open this scene file.
    Open(PathBuf),
    /// Save the scene, with its current weights, here.
    Save(PathBuf),
}

/// The scene-file window.
#[derive(Default)]
pub struct FilePanel {
    /// Whether the window is shown.
    pub open: bool,
    path: String,
    message: Option<String>,
    request: Option<FileRequest>,
    dialog: DialogSlot,
}

impl FilePanel {
    /// Draws the window (when open) and collects dropped files.
    pub fn window_ui(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.request = Some(FileRequest::Open(path));
        }
        self.poll_dialog();
        let mut open = self.open;
        egui::Window::new("Scene file")
            .open(&mut open)
            .resizable(false)
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
            .show(ctx, |ui| {
                let label = ui.label("Path");
                ui.add(
                    egui::TextEdit::singleline(&mut self.path)
                        .desired_width(360.0)
                        .hint_text("lessons/my-scene.toml"),
                )
                .labelled_by(label.id)
                .on_hover_text("Type the path of a scene file (.toml) to open or to save to.");
                ui.horizontal(|ui| {
                    let path = PathBuf::from(self.path.trim());
                    let has_path = !self.path.trim().is_empty();
                    if ui
                        .add_enabled(has_path, egui::Button::new("Open"))
                        .on_hover_text("Opens the scene at this path.")
                        .clicked()
                    {
                        self.request = Some(FileRequest::Open(path.clone()));
                    }
                    if ui
                        .add_enabled(has_path, egui::Button::new("Save"))
                        .on_hover_text("Saves this scene with its weights to this path.")
                        .clicked()
                    {
                        self.request = Some(FileRequest::Save(path));
                    }
                    let idle = !self.dialog.is_open();
                    let open = ui.add_enabled(idle, egui::Button::new("Browse…"));
                    if open
                        .on_hover_text("Asks the desktop's file dialog for a scene to open.")
                        .clicked()
                    {
                        self.browse(false);
                    }
                    let save = ui.add_enabled(idle, egui::Button::new("Browse to save…"));
                    if save
                        .on_hover_text("Asks the desktop's file dialog where to save.")
                        .clicked()
                    {
                        self.browse(true);
                    }
                });
                if let Some(m) = &self.message {
                    ui.label(m);
                }
            });
        self.open = open;
    }

    /// Asks the desktop's dialog for a path; the answer fills the path field.
    fn browse(&mut self, save: bool) {
        let kind = DialogKind {
            filter: "Scene",
            extensions: &["toml"],
            save_as: save.then_some("scene.toml"),
        };
        if let Err(message) = self.dialog.ask(kind) {
            self.message = Some(message);
        }
    }

    fn poll_dialog(&mut self) {
        match self.dialog.answer() {
            Some(Ok(path)) => {
                self.path = path.display().to_string();
                self.message = None;
            }
            Some(Err(message)) => self.message = Some(message),
            None => {}
        }
    }

    /// The operation asked for this frame, if any.
    pub fn take_request(&mut self) -> Option<FileRequest> {
        self.request.take()
    }

    /// Shows a result line in the window.
    pub fn report(&mut self, message: String) {
        self.open = true;
        self.message = Some(message);
    }
}

/// Carries out a file request; failures leave the current scene as it is and say why.
pub fn apply(app: &mut PlaygroundApp, request: FileRequest) {
    match request {
        FileRequest::Open(path) => match Scene::load(&path) {
            Ok(scene) => {
                app.files.report(format!("Opened {}", path.display()));
                app.load(scene, path.clone(), format!("Opened {}", path.display()));
            }
            Err(e) => app.files.report(format!("Not opened: {e}")),
        },
        FileRequest::Save(path) => {
            let mut scene = app.scene.clone();
            if let Some(s) = &app.snapshot {
                scene.model = Some(ModelSection {
                    epoch: s.epoch,
                    path: None,
                    layers: layers_of(&s.network),
                });
            }
            match scene.save(&path) {
                Ok(()) => app.files.report(format!("Saved {}", path.display())),
                Err(e) => app
                    .files
                    .report(format!("Not saved: {}: {e}", path.display())),
            }
        }
    }
}
