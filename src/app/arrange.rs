//! Where the panels go. Menus and controls on top, then data left, lesson and output right and
//! the network in the centre. The regions are computed here ([`plan`]) and each panel draws
//! inside its own rectangle, clipped to it, so no panel can cover another. When room runs
//! short, panels give way in this order: the lesson panel collapses to a strip with its title
//! (its text opens in a window), the data panel folds into a strip of thumbnails (its settings
//! open in a window), the charts share one area under the map as tabs, the network drawing
//! compresses. A panel scrolls rather than lose what does not fit.

use super::layout::{self, Part};
use super::panel::{Actions, Panel, PanelInput};
use super::preferences::ControlGroup;
use super::side_by_side::{self, Column, HeaderRequests, Side};
use super::{NetworkView, OutputView, Panels, charts};
use egui::{Rect, UiBuilder, pos2};

/// Below this width (in points) the lesson panel collapses to a strip.
const LESSON_FULL_FROM: f32 = 1000.0;
/// Below this width the data panel folds into a strip of thumbnails.
const DATA_FULL_FROM: f32 = 780.0;
/// The folded data panel's width.
const DATA_STRIP: f32 = 70.0;
/// Space between a region's edge and its contents.
const MARGIN: f32 = 6.0;

/// The regions of the window below the top bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    /// The data panel (folded or not), if shown.
    pub data: Option<Rect>,
    /// Whether the data panel is folded into a strip.
    pub data_folded: bool,
    /// The network drawing.
    pub network: Rect,
    /// The output view and charts.
    pub output: Rect,
    /// The lesson panel, if shown in full.
    pub lesson: Option<Rect>,
}

/// Splits `area` among the panels; `data` and `lesson` say whether those are shown at all.
pub fn plan(area: Rect, data: bool, lesson: bool) -> Plan {
    let width = area.width();
    let lesson_width =
        (lesson && width >= LESSON_FULL_FROM).then(|| (width * 0.19).clamp(150.0, 320.0));
    let data_folded = width < DATA_FULL_FROM;
    let data_width = data.then(|| {
        if data_folded {
            DATA_STRIP
        } else {
            (width * 0.17).clamp(150.0, 250.0)
        }
    });
    let (left, right) = (area.left(), area.right());
    let data_right = left + data_width.unwrap_or(0.0);
    let lesson_left = right - lesson_width.unwrap_or(0.0);
    let room = (lesson_left - data_right).max(0.0);
    // The output takes 30% of the window, but leaves the network at least 38% of the room.
    let output_width = (width * 0.3).clamp(240.0, 520.0).min(room * 0.62);
    let output_left = lesson_left - output_width;
    let column =
        |x0: f32, x1: f32| Rect::from_min_max(pos2(x0, area.top()), pos2(x1, area.bottom()));
    Plan {
        data: data_width.map(|_| column(left, data_right)),
        data_folded,
        network: column(data_right, output_left),
        output: column(output_left, lesson_left),
        lesson: lesson_width.map(|_| column(lesson_left, right)),
    }
}

/// Runs `add` in a child ui filling `rect` (less a margin), clipped to `rect`, on the panel
/// background, and records the region as `part`.
fn region(ui: &mut egui::Ui, rect: Rect, part: Part, add: impl FnOnce(&mut egui::Ui)) {
    super::background::fill(ui, rect);
    ui.painter().rect_stroke(
        rect,
        0.0,
        ui.visuals().widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let mut child = ui.new_child(
        UiBuilder::new()
            .id_salt(("region", part))
            .max_rect(rect.shrink(MARGIN))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    add(&mut child);
    layout::record(ui.ctx(), part, rect);
}

/// The right side of a comparison, when two runs train side by side.
pub struct Split<'a, 'i> {
    /// What the right side's panels read.
    pub input: &'a PanelInput<'i>,
    /// The right side's model drawing.
    pub network: &'a mut NetworkView,
    /// The right side's map.
    pub output: &'a mut OutputView,
    /// What the right column's widgets ask of the right side.
    pub right_actions: &'a mut Actions,
    /// What the left column's widgets ask of the left side.
    pub left_actions: &'a mut Actions,
    /// The side the shared panels edit.
    pub editing: Side,
    /// Whether the sides advance in lockstep.
    pub lockstep: bool,
    /// What the column headers asked for this frame.
    pub requests: HeaderRequests,
}

/// Draws every panel into `ui`: `input` is the left (or only) side; with `split`, the right
/// side beside it, and the top bar, data panel and lesson show the side being edited.
pub fn panels_ui(
    p: &mut Panels,
    ui: &mut egui::Ui,
    input: &PanelInput<'_>,
    actions: &mut Actions,
    split: Option<&mut Split<'_, '_>>,
) {
    let ctx = ui.ctx().clone();
    layout::clear(&ctx);
    let left = input;
    let input = match &split {
        Some(s) if s.editing == Side::Right => s.input,
        _ => input,
    };
    super::shortcuts::read(&ctx, input, actions);
    let top = ui.available_rect_before_wrap().top();
    p.top_bar.ui(ui, input, actions);
    let full = ctx.content_rect();
    let below_top = ui.available_rect_before_wrap().top();
    layout::record(
        &ctx,
        Part::TopBar,
        Rect::from_x_y_ranges(full.x_range(), top..=below_top),
    );
    p.banner.ui(ui, input, actions);
    let show_lesson = input.prefs.shows(ControlGroup::Lesson);
    if show_lesson && ui.available_width() < LESSON_FULL_FROM {
        let shown = egui::Panel::top("lesson-strip")
            .frame(super::background::top_panel_frame(ui))
            .show(ui, |ui| p.lesson.strip_ui(ui, input, actions));
        layout::record(&ctx, Part::LessonPanel, shown.response.rect);
    }
    let area = ui.available_rect_before_wrap();
    let plan = plan(
        area,
        input.prefs.shows(ControlGroup::DataPanel),
        show_lesson,
    );
    if let Some(rect) = plan.data {
        region(ui, rect, Part::DataPanel, |ui| {
            if plan.data_folded {
                p.data.strip_ui(ui, input, actions)
            } else {
                p.data.ui(ui, input, actions)
            }
        });
    }
    if let Some(rect) = plan.lesson {
        region(ui, rect, Part::LessonPanel, |ui| {
            p.lesson.ui(ui, input, actions)
        });
    }
    let charts = input.prefs.shows(ControlGroup::Charts);
    if let Some(split) = split {
        split_ui(p, ui, plan.network.union(plan.output), left, split, charts);
        ui.allocate_rect(area, egui::Sense::hover());
        p.data.window_ui(&ctx, input, actions);
        p.lesson.window_ui(&ctx, input, actions);
        return;
    }
    let cramped = charts && plan.output.height() < layout::CRAMPED_BELOW;
    region(ui, plan.output, Part::OutputPanel, |ui| {
        if cramped {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut p.show_charts, false, "Map")
                    .on_hover_text("The output map (the window is too short for both).");
                ui.selectable_value(&mut p.show_charts, true, "Charts")
                    .on_hover_text("The learning curves and the classifier's figures.");
            });
        }
        let (map, chart) = if cramped {
            (!p.show_charts, p.show_charts)
        } else {
            (true, charts)
        };
        if map {
            p.output.set_compact(false);
            p.output
                .leave_room_below(if chart { charts::MIN_HEIGHT } else { 0.0 });
            p.output.ui(ui, input, actions);
        }
        if chart {
            p.charts.set_one_at_a_time(false);
            p.charts.ui(ui, input, actions);
        }
    });
    region(ui, plan.network, Part::NetworkPanel, |ui| {
        // A straight-line model has little network to draw: its loss landscape takes most
        // of the room.
        if input.snapshot.landscape.is_some() {
            let room = ui.available_size();
            let network_size = egui::vec2(room.x, (room.y * 0.3).max(room.y.min(90.0)));
            ui.allocate_ui(network_size, |ui| {
                ui.set_min_size(network_size);
                p.network.ui(ui, input, actions)
            });
            p.landscape.ui(ui, input, actions);
        } else {
            p.network.ui(ui, input, actions);
        }
    });
    ui.allocate_rect(area, egui::Sense::hover());
    p.data.window_ui(&ctx, input, actions);
    p.lesson.window_ui(&ctx, input, actions);
}

/// The two sides' columns over the shared charts (the left side's, with the right side's
/// run overlaid); in a short window one or the other, with a switch.
fn split_ui(
    p: &mut Panels,
    ui: &mut egui::Ui,
    area: Rect,
    left: &PanelInput<'_>,
    split: &mut Split<'_, '_>,
    charts: bool,
) {
    let cramped = charts && area.height() < layout::CRAMPED_BELOW + charts::MIN_HEIGHT;
    let mut columns_area = area;
    if cramped {
        let switch = Rect::from_min_size(area.min, egui::vec2(area.width(), 30.0));
        super::background::fill(ui, switch);
        let mut row = ui.new_child(UiBuilder::new().max_rect(switch.shrink(4.0)));
        row.horizontal(|ui| {
            ui.selectable_value(&mut p.show_charts, false, "Maps")
                .on_hover_text("Both sides' models and maps.");
            ui.selectable_value(&mut p.show_charts, true, "Charts")
                .on_hover_text("Both sides' learning curves and figures, overlaid.");
        });
        columns_area.min.y += 30.0;
    }
    let (columns, chart) = if !charts {
        (Some(columns_area), None)
    } else if cramped {
        if p.show_charts {
            (None, Some(columns_area))
        } else {
            (Some(columns_area), None)
        }
    } else {
        let chart_height = (area.height() * 0.4).max(charts::MIN_HEIGHT + 40.0);
        let cut = area.bottom() - chart_height;
        (
            Some(Rect::from_x_y_ranges(area.x_range(), area.top()..=cut)),
            Some(Rect::from_x_y_ranges(area.x_range(), cut..=area.bottom())),
        )
    };
    if let Some(rect) = columns {
        let sides = [
            Column {
                input: left,
                network: &mut p.network,
                output: &mut p.output,
                actions: split.left_actions,
            },
            Column {
                input: split.input,
                network: split.network,
                output: split.output,
                actions: split.right_actions,
            },
        ];
        split.requests = side_by_side::columns_ui(ui, rect, sides, split.editing, split.lockstep);
        layout::record(ui.ctx(), Part::NetworkPanel, rect);
    }
    if let Some(rect) = chart {
        p.charts.set_one_at_a_time(true);
        region(ui, rect, Part::OutputPanel, |ui| {
            p.charts.ui(ui, left, split.left_actions)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_regions_tile_the_area_and_give_way_in_order() {
        for (w, h) in [
            (1920.0, 1000.0),
            (1200.0, 640.0),
            (900.0, 500.0),
            (410.0, 250.0),
        ] {
            let area = Rect::from_min_size(pos2(0.0, 60.0), egui::vec2(w, h));
            let p = plan(area, true, true);
            let mut rects = vec![p.network, p.output];
            rects.extend(p.data);
            rects.extend(p.lesson);
            let total: f32 = rects.iter().map(|r| r.width()).sum();
            assert!((total - w).abs() < 0.01, "{w}: widths add to {total}");
            for (k, a) in rects.iter().enumerate() {
                assert!(area.contains_rect(*a));
                for b in &rects[k + 1..] {
                    assert!(!a.shrink(0.5).intersects(b.shrink(0.5)), "{w}: {a:?} {b:?}");
                }
            }
            assert_eq!(p.lesson.is_some(), w >= LESSON_FULL_FROM);
            assert_eq!(p.data_folded, w < DATA_FULL_FROM);
            assert!(p.network.width() >= 0.37 * (p.network.width() + p.output.width()));
        }
    }
}
