//! The banner under the controls: divergence (with a one-click reset), early stopping, the
//! last refused request, and why training restarted.

use super::panel::{Actions, Panel, PanelInput};
use crate::engine::train::Status;
use crate::worker::Command;
use egui::{Color32, RichText};

/// The red of warnings.
const WARNING: Color32 = Color32::from_rgb(0xc0, 0x1c, 0x28);

/// The banner (no state of its own); it takes room only when it has something to say.
#[derive(Default)]
pub struct Banner;

impl Panel for Banner {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        let snapshot = input.snapshot;
        let status = status_message(snapshot.status);
        let error = snapshot.error.as_ref();
        let notice = snapshot.notice.as_ref().filter(|_| snapshot.epoch == 0);
        if status.is_none() && error.is_none() && notice.is_none() {
            return;
        }
        egui::Panel::top("banner")
            .frame(super::background::top_panel_frame(ui))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    if let Some((text, diverged)) = &status {
                        let colour = if *diverged {
                            WARNING
                        } else {
                            ui.visuals().text_color()
                        };
                        ui.label(RichText::new(text).strong().size(18.0).color(colour));
                        if ui
                            .button("Reset now")
                            .on_hover_text("Start again with fresh weights at epoch 0.")
                            .clicked()
                        {
                            actions.send(Command::Reset);
                        }
                    }
                    if let Some(e) = error {
                        ui.label(RichText::new(format!("Problem: {e}")).color(WARNING));
                    }
                    if let Some(n) = notice {
                        ui.label(RichText::new(n).italics());
                    }
                });
            });
    }
}

/// What to say about a run that stopped, and whether it diverged.
fn status_message(status: Status) -> Option<(String, bool)> {
    match status {
        Status::Diverged {
            epoch,
            learning_rate,
            ..
        } => Some((
            format!(
                "Diverged at epoch {epoch}: the loss ran away with learning rate \
                 {learning_rate}. Lower it and press Reset."
            ),
            true,
        )),
        Status::Stopped {
            epoch,
            best_epoch,
            restored,
        } => Some((
            if restored {
                format!("Early stopping at epoch {epoch}: restored epoch {best_epoch}")
            } else {
                format!("Early stopping at epoch {epoch}: best was epoch {best_epoch}")
            },
            false,
        )),
        Status::Complete { epoch } => Some((
            format!("Complete after {epoch} steps: every tree is grown. Reset trains again."),
            false,
        )),
        Status::Running => None,
    }
}
