//! The panels' background. Without a GPU every pixel a shape covers costs Mesa's software
//! rasteriser about 50 ns (measured through egui_kittest on lavapipe, 1920x1080: the four
//! panels' background rectangles, 40 triangles, took 110 ms of a 350 ms frame), however simple
//! the shape, while clearing the frame costs next to nothing. So in the window the frame is
//! cleared to the panels' colour and the panels paint no background of their own. Offscreen
//! (egui_kittest clears to transparent) they paint it as before, and both look the same.

use egui::{Color32, Context, Frame, Id, Rect, Ui, Visuals};

/// Where the choice is kept in the context's memory.
fn key() -> Id {
    Id::unique("background-is-the-clear-colour")
}

/// Says whether this frame's clear colour is the panels' background (the window) or not
/// (offscreen rendering); call it at the start of every frame.
pub fn set_cleared_to_panels(ctx: &Context, cleared: bool) {
    ctx.data_mut(|d| d.insert_temp(key(), cleared));
}

/// Whether the frame is cleared to the panels' background, so panels need not paint it.
fn cleared_to_panels(ctx: &Context) -> bool {
    ctx.data(|d| d.get_temp(key())).unwrap_or(false)
}

/// The colour to clear the frame to when the panels do not paint their background.
pub fn clear_colour(visuals: &Visuals) -> [f32; 4] {
    visuals.panel_fill.to_normalized_gamma_f32()
}

/// Paints the panels' background over `rect` in `ui`, unless the frame was cleared to it.
pub fn fill(ui: &Ui, rect: Rect) {
    if !cleared_to_panels(ui.ctx()) {
        ui.painter().rect_filled(rect, 0.0, ui.visuals().panel_fill);
    }
}

/// The frame of a top panel in `ui`: egui's own, without its background where the frame was
/// cleared to it.
pub fn top_panel_frame(ui: &Ui) -> Frame {
    let frame = Frame::side_top_panel(ui.style());
    if cleared_to_panels(ui.ctx()) {
        frame.fill(Color32::TRANSPARENT)
    } else {
        frame
    }
}
