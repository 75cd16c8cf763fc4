//! The "Save figure" window: a chart or the output map as it is shown now, written as PNG (at
//! twice its size in points) or SVG, by a path field or the desktop's save dialog. The figure
//! is built from the snapshot here and written on a helper thread, so the window never waits.

use super::charts::ChartState;
use super::figures::FigureKind;
use super::file_dialog::{DialogKind, DialogSlot};
use crate::engine::plot::{FigureFormat, PNG_SCALE, SIDE_RANGE};
use crate::worker::Snapshot;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The figure window.
pub struct FigurePanel {
    /// Whether the window is shown.
    pub open: bool,
    kind: FigureKind,
    /// Width and height in points.
    size: [f64; 2],
    path: String,
    message: Option<String>,
    pending: Option<Receiver<Result<String, String>>>,
    dialog: DialogSlot,
}

impl Default for FigurePanel {
    fn default() -> Self {
        Self {
            open: false,
            kind: FigureKind::Loss,
            size: FigureKind::Loss.default_size(),
            path: String::new(),
            message: None,
            pending: None,
            dialog: DialogSlot::default(),
        }
    }
}

/// The small button beside a chart ("Save ROC…") that opens this window for its figure.
pub fn save_button(ui: &mut egui::Ui, kind: FigureKind) -> bool {
    let name = match kind {
        FigureKind::Roc => "ROC",
        other => other.id(),
    };
    ui.small_button(format!("Save {name}…"))
        .on_hover_text("Save this figure as a PNG (at twice its size) or an SVG file.")
        .clicked()
}

impl FigurePanel {
    /// Opens the window with a figure chosen.
    pub fn open_for(&mut self, kind: FigureKind) {
        self.open = true;
        self.choose(kind);
    }

    fn choose(&mut self, kind: FigureKind) {
        if kind != self.kind {
            self.kind = kind;
            self.size = kind.default_size();
            self.message = None;
        }
    }

    /// Draws the window; figures are built with the charts' current choices (log axes, the
    /// threshold, the histogram's column, the overlaid runs).
    pub fn ui(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, charts: &ChartState) {
        self.poll(ui.ctx());
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new("Save figure")
            .open(&mut open)
            .resizable(false)
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
            .show(ui.ctx(), |ui| self.contents_ui(ui, snapshot, charts));
        self.open = open;
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, charts: &ChartState) {
        let label = ui.label("Figure");
        let mut kind = self.kind;
        egui::ComboBox::from_id_salt("figure-kind")
            .selected_text(kind.label())
            .show_ui(ui, |ui| {
                for k in FigureKind::ALL {
                    let shown = k.available(snapshot);
                    ui.add_enabled_ui(shown.is_ok(), |ui| {
                        ui.selectable_value(&mut kind, k, k.label())
                            .on_disabled_hover_text(shown.err().unwrap_or_default());
                    });
                }
            })
            .response
            .labelled_by(label.id);
        self.choose(kind);
        let refusal = self.kind.available(snapshot).err();
        if let Some(why) = refusal {
            ui.label(format!("Not available: {why}."));
        }
        ui.horizontal(|ui| {
            let label = ui.label("Size (points)");
            for (k, side) in self.size.iter_mut().enumerate() {
                ui.add(egui::DragValue::new(side).range(SIDE_RANGE.0..=SIDE_RANGE.1))
                    .labelled_by(label.id)
                    .on_hover_text(if k == 0 { "Width" } else { "Height" });
            }
        });
        ui.label(format!(
            "PNG: {:.0} x {:.0} pixels (twice the size, sharp on a projector); SVG: vector.",
            self.size[0] * PNG_SCALE,
            self.size[1] * PNG_SCALE
        ));
        let label = ui.label("Path");
        ui.add(
            egui::TextEdit::singleline(&mut self.path)
                .desired_width(360.0)
                .hint_text(format!("{}.png", self.kind.id())),
        )
        .labelled_by(label.id)
        .on_hover_text("Where to write the figure: a .png or .svg file.");
        ui.horizontal(|ui| {
            let ready = refusal.is_none() && !self.path.trim().is_empty() && self.pending.is_none();
            if ui
                .add_enabled(ready, egui::Button::new("Save"))
                .on_hover_text("Writes the figure as it is shown now.")
                .clicked()
            {
                self.save(PathBuf::from(self.path.trim()), snapshot, charts);
            }
            if ui
                .add_enabled(!self.dialog.is_open(), egui::Button::new("Browse to save…"))
                .on_hover_text("Asks the desktop's file dialog where to write.")
                .clicked()
            {
                let kind = DialogKind {
                    filter: "Figure",
                    extensions: &["png", "svg"],
                    save_as: Some("figure.png"),
                };
                if let Err(message) = self.dialog.ask(kind) {
                    self.message = Some(message);
                }
            }
        });
        if let Some(m) = &self.message {
            ui.label(m);
        }
    }

    /// Builds the figure now and writes it on a helper thread.
    fn save(&mut self, path: PathBuf, snapshot: &Snapshot, charts: &ChartState) {
        if let Err(why) = FigureFormat::of_path(&path) {
            self.message = Some(format!("Not saved: {why}."));
            return;
        }
        let Some(figure) = self.kind.build(snapshot, charts) else {
            self.message = Some("Not saved: the figure has nothing to show yet.".into());
            return;
        };
        let (reply, answer) = channel();
        let [w, h] = self.size;
        let started = std::thread::Builder::new()
            .name("figure-writer".into())
            .spawn(move || {
                let written = figure
                    .write(&path, w, h)
                    .map(|()| format!("Saved {}.", path.display()));
                let _ = reply.send(written);
            });
        match started {
            Ok(_) => {
                self.pending = Some(answer);
                self.message = Some("Writing…".into());
            }
            Err(e) => self.message = Some(format!("Not saved: {e}.")),
        }
    }

    /// Takes the dialog's and the writer's answers when they come.
    fn poll(&mut self, ctx: &egui::Context) {
        self.dialog.answer_into(&mut self.path, &mut self.message);
        if let Some(answer) = &self.pending {
            match answer.try_recv() {
                Ok(Ok(done)) => self.message = Some(done),
                Ok(Err(why)) => self.message = Some(format!("Not saved: {why}.")),
                Err(TryRecvError::Empty) => {
                    // Nothing else may repaint a paused window when the answer comes.
                    ctx.request_repaint_after(std::time::Duration::from_millis(100));
                    return;
                }
                Err(TryRecvError::Disconnected) => {
                    self.message = Some("Not saved: the writer stopped.".into())
                }
            }
            self.pending = None;
        }
    }
}
