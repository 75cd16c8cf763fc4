//! Where the main regions and key widgets of the window ended up this frame, recorded as they
//! are drawn, so tests (and anyone debugging a layout) can check that nothing overlaps or
//! falls off the window.

use egui::{Id, Rect};
use std::collections::BTreeMap;

/// A region or widget whose place is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The menu bar and the training controls.
    TopBar,
    /// The data panel (or its folded strip).
    DataPanel,
    /// The network panel in the centre.
    NetworkPanel,
    /// The output panel (map and charts).
    OutputPanel,
    /// The lesson panel (or its collapsed strip).
    LessonPanel,
    /// The Play button.
    Play,
    /// The output map (or the fit curve).
    OutputMap,
    /// The network drawing.
    NetworkCanvas,
    /// The chart area under the map.
    Charts,
    /// The lesson's text.
    LessonText,
}

/// Below this height (points) the output panel shows the map or the charts, one at a time,
/// with a switch between them: both would not fit readably.
pub const CRAMPED_BELOW: f32 = 430.0;

fn key() -> Id {
    Id::unique("nnplay-layout")
}

/// Records where `part` was drawn this frame.
pub fn record(ctx: &egui::Context, part: Part, rect: Rect) {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<BTreeMap<Part, Rect>>(key())
            .insert(part, rect);
    });
}

/// Forgets last frame's places (called as a frame starts).
pub fn clear(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<BTreeMap<Part, Rect>>(key()));
}

/// The places recorded in the last frame.
pub fn recorded(ctx: &egui::Context) -> BTreeMap<Part, Rect> {
    ctx.data(|d| d.get_temp::<BTreeMap<Part, Rect>>(key()))
        .unwrap_or_default()
}
