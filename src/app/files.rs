//! Opening and saving scenes: a path field that always works, a "Browse…" button that asks the
//! desktop's file dialog on a helper thread (never blocking the window), and dropped files.

use super::file_dialog::{DialogKind, DialogSlot};
use super::panel::{Action, Actions, Panel, PanelInput};
use crate::engine::scene::Scene;
use crate::engine::scene::playground_link::{from_playground_link, is_playground_link};
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

impl Panel for FilePanel {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        self.window_ui(ui.ctx());
        if let Some(request) = self.request.take() {
            self.carry_out(request, input, actions);
        }
    }
}

impl FilePanel {
    /// Draws the window (when open) and collects dropped files.
    fn window_ui(&mut self, ctx: &egui::Context) {
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
                        .hint_text("lessons/my-scene.toml, or a TF Playground link"),
                )
                .labelled_by(label.id)
                .on_hover_text(
                    "Type the path of a scene file (.toml) to open or to save to, or paste a \
                     TF Playground link to open.",
                );
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
        self.dialog.answer_into(&mut self.path, &mut self.message);
    }

    /// Shows a result line in the window.
    fn report(&mut self, message: String) {
        self.open = true;
        self.message = Some(message);
    }

    /// Carries out a file request; failures leave the current scene as it is and say why.
    fn carry_out(&mut self, request: FileRequest, input: &PanelInput<'_>, actions: &mut Actions) {
        match request {
            FileRequest::Open(path) if is_playground_link(&path.to_string_lossy()) => {
                match from_playground_link(&path.to_string_lossy()) {
                    Ok((scene, notices)) => {
                        let mut reason = "Opened a TF Playground link".to_string();
                        for notice in &notices {
                            reason += &format!("; {notice}");
                        }
                        self.report(reason.clone());
                        actions.push(Action::Load {
                            scene: Box::new(scene),
                            anchor: PathBuf::from("tf-playground-link.toml"),
                            reason,
                        });
                    }
                    Err(e) => self.report(format!("Not opened: {e}")),
                }
            }
            FileRequest::Open(path) if super::csv_panel::is_data_path(&path) => {
                self.open = false;
                actions.push(Action::LoadData(path));
            }
            FileRequest::Open(path) => match Scene::load(&path) {
                Ok(scene) => {
                    self.report(format!("Opened {}", path.display()));
                    actions.push(Action::Load {
                        scene: Box::new(scene),
                        anchor: path.clone(),
                        reason: format!("Opened {}", path.display()),
                    });
                }
                Err(e) => self.report(format!("Not opened: {e}")),
            },
            FileRequest::Save(path) => {
                // Side by side, one file keeps both sides.
                let saved = input
                    .snapshot
                    .scene_with_model()
                    .and_then(|scene| match input.partner {
                        Some(right) => Ok(scene.with_comparison(right.scene_with_model()?)),
                        None => Ok(scene),
                    })
                    .and_then(|scene| scene.save(&path).map_err(|e| e.to_string()));
                match saved {
                    Ok(()) => self.report(format!("Saved {}", path.display())),
                    Err(e) => self.report(format!("Not saved: {}: {e}", path.display())),
                }
            }
        }
    }
}
