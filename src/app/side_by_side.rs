//! Two runs side by side: the right side's trainer (its own thread, in lockstep with the left
//! one's), its snapshot, pictures and views; the two columns, each model drawn compactly above
//! its map; and which side the window's actions reach.
//!
//! Play, Pause, Step, Reset and the speed drive both sides; every other setting reaches the
//! side being edited (chosen in the column headers), so each side changes without touching the
//! other.

use super::panel::{Actions, Panel, PanelInput};
use super::textures::Textures;
use super::{NetworkView, OutputView};
use crate::engine::runs::side_label;
use crate::engine::scene::Scene;
use crate::worker::{Command, Lockstep, Snapshot, ViewSettings, Worker};
use egui::{Rect, RichText, UiBuilder};
use std::path::PathBuf;
use std::sync::Arc;

/// A side of the comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Side {
    /// The window's own trainer.
    #[default]
    Left,
    /// The trainer beside it.
    Right,
}

/// The right side: its trainer and what the window keeps for it.
pub struct Partner {
    /// Its trainer thread.
    pub worker: Worker,
    /// Its newest snapshot.
    pub snapshot: Option<Arc<Snapshot>>,
    /// Its pictures.
    pub textures: Textures,
    /// How its maps are drawn.
    pub view: ViewSettings,
    /// Its model drawing.
    pub network: NetworkView,
    /// Its map.
    pub output: OutputView,
}

impl Partner {
    /// Starts the right side's trainer on `scene`, in lockstep with side 0 through `lockstep`.
    pub fn start(
        scene: Scene,
        anchor: PathBuf,
        lockstep: Arc<Lockstep>,
        ctx: &egui::Context,
    ) -> Self {
        let repaint = ctx.clone();
        Partner {
            worker: Worker::start_side(scene, anchor, (lockstep, 1), move || {
                repaint.request_repaint()
            }),
            snapshot: None,
            textures: Textures::default(),
            view: ViewSettings::default(),
            network: NetworkView::default(),
            output: OutputView::default(),
        }
    }

    /// Takes the newest snapshot, if one arrived, and uploads its pictures.
    pub fn poll(&mut self, ctx: &egui::Context) {
        if let Some(snapshot) = self.worker.take() {
            self.textures.update(ctx, &snapshot);
            self.snapshot = Some(snapshot);
        }
    }
}

/// Whether a command drives both sides (the transport) rather than the side being edited.
pub fn drives_both(command: &Command) -> bool {
    matches!(
        command,
        Command::Play | Command::Pause | Command::Step | Command::Reset | Command::SetSpeed(_)
    )
}

/// Below this height left under a column's header, the column shows its map alone.
const MODEL_SHOWN_FROM: f32 = 260.0;

/// One column's parts.
pub struct Column<'a, 'i> {
    /// What the column reads.
    pub input: &'a PanelInput<'i>,
    /// Its model drawing.
    pub network: &'a mut NetworkView,
    /// Its map.
    pub output: &'a mut OutputView,
    /// What the column's own widgets ask of its side.
    pub actions: &'a mut Actions,
}

/// What the columns' headers ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeaderRequests {
    /// Edit this side from now on.
    pub edit: Option<Side>,
    /// Close the comparison (keep the left side).
    pub close: bool,
    /// Lockstep on or off.
    pub lockstep: Option<bool>,
}

/// Draws the two columns in `rect`: a header (the side's model, its epoch counter, whether
/// it is the one edited), its model drawing and its map.
pub fn columns_ui(
    ui: &mut egui::Ui,
    rect: Rect,
    [left, right]: [Column<'_, '_>; 2],
    editing: Side,
    lockstep: bool,
) -> HeaderRequests {
    let mut requests = HeaderRequests::default();
    let half = rect.width() / 2.0;
    let names = [
        side_label(&left.input.snapshot.scene, &right.input.snapshot.scene),
        side_label(&right.input.snapshot.scene, &left.input.snapshot.scene),
    ];
    for (k, (column, name)) in [left, right].into_iter().zip(names).enumerate() {
        let side = if k == 0 { Side::Left } else { Side::Right };
        let x0 = rect.left() + half * k as f32;
        let column_rect = Rect::from_min_max(
            egui::pos2(x0, rect.top()),
            egui::pos2(x0 + half, rect.bottom()),
        );
        let mut child = ui.new_child(
            UiBuilder::new()
                .id_salt(("side", k))
                .max_rect(column_rect.shrink(6.0))
                .layout(egui::Layout::top_down(egui::Align::Min)),
        );
        child.set_clip_rect(column_rect.intersect(ui.clip_rect()));
        // On the panel background, as every other region.
        super::background::fill(ui, column_rect);
        ui.painter().rect_stroke(
            column_rect,
            0.0,
            ui.visuals().widgets.noninteractive.bg_stroke,
            egui::StrokeKind::Inside,
        );
        header_ui(
            &mut child,
            column.input.snapshot,
            side,
            &name,
            editing,
            lockstep,
            &mut requests,
        );
        // A short column keeps its map: the model drawing gives way first.
        let room = child.available_size();
        if room.y >= MODEL_SHOWN_FROM {
            let model_size = egui::vec2(room.x, (room.y * 0.32).clamp(80.0, 260.0));
            child.allocate_ui(model_size, |ui| {
                ui.set_min_size(model_size);
                ui.set_max_size(model_size);
                column.network.ui(ui, column.input, column.actions);
            });
        }
        column.output.leave_room_below(0.0);
        column.output.set_compact(true);
        column.output.ui(&mut child, column.input, column.actions);
    }
    requests
}

/// A column's header on one line: the counter and the switches (edit; for the right side,
/// lockstep and close) at its right end, the side's name before them, shortened to fit.
fn header_ui(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    side: Side,
    name: &str,
    editing: Side,
    lockstep: bool,
    requests: &mut HeaderRequests,
) {
    let height = ui.spacing().interact_size.y.max(22.0);
    let row = egui::vec2(ui.available_width(), height);
    let right_to_left = egui::Layout::right_to_left(egui::Align::Center);
    ui.allocate_ui_with_layout(row, right_to_left, |ui| {
        if side == Side::Right {
            if ui
                .button("Close")
                .on_hover_text("Ends the comparison; the left side keeps training.")
                .clicked()
            {
                requests.close = true;
            }
            let mut on = lockstep;
            if ui
                .checkbox(&mut on, "Lockstep")
                .on_hover_text(
                    "Both sides advance by equal epochs (or trees); untick to let each run freely.",
                )
                .changed()
            {
                requests.lockstep = Some(on);
            }
        }
        if ui
            .selectable_label(editing == side, "Edit")
            .on_hover_text("The top bar, data panel and lesson switches change this side.")
            .clicked()
        {
            requests.edit = Some(side);
        }
        let counted = match snapshot.step_name() {
            "epoch" => "epoch",
            "trees" => "trees",
            _ => "depth",
        };
        let counter = format!(
            "{counted} {}",
            crate::engine::numbers::group_thousands(snapshot.epoch)
        );
        ui.label(RichText::new(counter).size(16.0).monospace())
            .on_hover_text("This side's epochs (trees, tree levels) so far.");
        let which = match side {
            Side::Left => "Left",
            Side::Right => "Right",
        };
        let title = RichText::new(format!("{which}: {name}"))
            .strong()
            .size(16.0);
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            ui.add(egui::Label::new(title).truncate());
        });
    });
}
