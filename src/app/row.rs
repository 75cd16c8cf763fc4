//! Wrapping rows whose groups stay whole: a label never ends one row while its control starts
//! the next.

/// Lays out a group of controls that must stay on one row (a label with its control): in a
/// wrapping row it starts a new row when last frame's width of the group no longer fits.
pub fn group<R>(ui: &mut egui::Ui, name: &str, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let id = egui::Id::unique(("top-bar-group", name));
    let width = ui.data(|d| d.get_temp::<f32>(id)).unwrap_or(0.0);
    let at_row_start = ui.cursor().min.x <= ui.max_rect().min.x + 1.0;
    if width > ui.available_size_before_wrap().x && !at_row_start {
        ui.end_row();
    }
    let inner = ui.horizontal(add);
    let measured = inner.response.rect.width();
    if (measured - width).abs() > 0.5 {
        // The row was laid out with last frame's width: draw once more, or a paused window
        // (which repaints only on events) keeps a group hanging over the edge.
        ui.ctx().request_repaint();
    }
    ui.data_mut(|d| d.insert_temp(id, measured));
    inner.inner
}
