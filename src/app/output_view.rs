//! The output view: for 2-D problems the map of the network's output (or of the hovered neuron)
//! with the training points, optional test points, axes and a colour legend; for 1-D problems
//! the data points with the live fit curve.

use super::dots::{DotLayer, Dots};
use super::figures::FigureKind;
use super::panel::{Action, Actions, Dialog, Panel, PanelInput};
use crate::engine::data::Task;
use crate::worker::pictures::palette;
use crate::worker::{Command, Point, Snapshot};
use egui::{Color32, Rect, RichText, Stroke, pos2, vec2};
use egui_plot::{Line, Plot, PlotImage, PlotPoint, PlotPoints, Points};

/// The colour a point is drawn in.
pub(crate) fn point_colour(p: &Point, task: Task, range: (f64, f64)) -> Color32 {
    match task {
        Task::Classification { classes: 2 } => {
            if p.label >= 0.5 {
                palette::POSITIVE
            } else {
                palette::NEGATIVE
            }
        }
        Task::Classification { .. } => palette::class_colour(p.label as usize),
        Task::Regression => {
            let (lo, hi) = range;
            palette::diverging(
                if hi > lo {
                    2.0 * (p.label - lo) / (hi - lo) - 1.0
                } else {
                    0.0
                },
                false,
            )
        }
    }
}

/// Most points drawn per set: beyond this a map is covered anyway, and drawing costs frame time.
const MAX_POINTS_DRAWN: usize = 2500;

/// Most points drawn per set in a compact map (a side of a comparison): two maps draw twice
/// the points, and a smaller map is covered by fewer.
const MAX_POINTS_DRAWN_COMPACT: usize = 1000;

/// At most `most` points, evenly spread over the set.
fn evenly(points: &[Point], most: usize) -> impl Iterator<Item = &Point> {
    points.iter().step_by(points.len().div_ceil(most).max(1))
}

/// The output view's own state.
#[derive(Default)]
pub struct OutputView {
    /// The class a click on the map adds (Shift adds the other one).
    add_class: usize,
    /// Height to leave under the view (for the charts), set by the window's layout.
    room_below: f32,
    /// Side by side: the map and its colour legend only (no slice or click rows).
    compact: bool,
    /// The map's scatter points, drawn again only when they change.
    dot_layer: DotLayer,
}

impl OutputView {
    /// Leaves `height` points under the view, so what follows it fits.
    pub fn leave_room_below(&mut self, height: f32) {
        self.room_below = height;
    }

    /// Draws the map with its colour legend only (for a column of a side-by-side view).
    pub fn set_compact(&mut self, compact: bool) {
        self.compact = compact;
    }
}

impl Panel for OutputView {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        let snapshot = input.snapshot;
        title_ui(ui, input, actions);
        if snapshot.columns == 1 {
            curve_ui(ui, snapshot, self.room_below);
        } else {
            self.map_ui(input, actions, ui);
        }
    }
}

/// "Output" (or the hovered neuron) and this epoch's losses.
fn title_ui(ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
    let snapshot = input.snapshot;
    let title = match input.view.focus {
        Some((l, n))
            if snapshot
                .network()
                .is_some_and(|net| l + 1 < net.layers.len()) =>
        {
            format!("Neuron {} of layer {}", n + 1, l + 1)
        }
        _ => "Output".to_string(),
    };
    ui.horizontal_wrapped(|ui| {
        ui.heading(title);
        if let Some(r) = snapshot.records.last() {
            let mut text = format!("train loss {:.3}", r.train_loss);
            if let Some(t) = r.test_loss {
                text += &format!("   test loss {t:.3}");
            }
            if let Some(pi) = snapshot.pi_estimate {
                text += &format!("   pi_hat {pi:.4} (pi = {:.4})", std::f64::consts::PI);
            }
            ui.label(RichText::new(text).size(16.0))
                .on_hover_text("Mean loss over the training and test points, this epoch.");
        }
        // A 2-D map has its button under it, beside the points' legend.
        if snapshot.columns == 1 {
            save_map_button(ui, actions);
        }
    });
}

impl OutputView {
    fn map_ui(&mut self, input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
        let snapshot = input.snapshot;
        let region = snapshot.region;
        let Some(texture) = input.textures.output.as_ref() else {
            return;
        };
        let centre = PlotPoint::new(
            (region.x.0 + region.x.1) / 2.0,
            (region.y.0 + region.y.1) / 2.0,
        );
        let size = vec2(
            (region.x.1 - region.x.0) as f32,
            (region.y.1 - region.y.0) as f32,
        );
        // Under the map: the colour legend, the points legend, the click row and (with more
        // than two columns) the slice rows; then the charts' room.
        let per_row = slice_values_per_row(ui);
        let slice_rows = snapshot.columns.saturating_sub(2).div_ceil(per_row) as f32;
        // In a short panel the map keeps the room and the rows under it give way.
        let rows_full = if self.compact { 30.0 } else { 84.0 }
            + if snapshot.columns > 2 && !self.compact {
                52.0 + 22.0 * slice_rows
            } else {
                0.0
            };
        let rows_shown = ui.available_height() - self.room_below - rows_full >= 120.0;
        let rows_below = if rows_shown { rows_full } else { 4.0 };
        let side = ui
            .available_width()
            .min(ui.available_height() - rows_below - self.room_below)
            .max(40.0);
        let response = Plot::new("output-map")
            .width(side)
            .height(side)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_grid(false)
            .include_x(region.x.0)
            .include_x(region.x.1)
            .include_y(region.y.0)
            .include_y(region.y.1)
            .set_margin_fraction(vec2(0.0, 0.0))
            .custom_x_axes(crate::app::axes::x_axis(column_label(snapshot, 0)))
            .custom_y_axes(crate::app::axes::y_axis(column_label(snapshot, 1)))
            // Tick labels fully shown from 30 points apart, so each axis carries several.
            .grid_spacing(egui::Rangef::new(8.0, 30.0))
            .show(ui, |plot| {
                plot.image(PlotImage::new("output", texture.id(), centre, size))
            });
        super::layout::record(
            ui.ctx(),
            super::layout::Part::OutputMap,
            response.response.rect,
        );
        let painter = ui.painter_at(*response.transform.frame());
        let range = snapshot.points.label_range;
        let to_screen = |p: &Point| {
            response
                .transform
                .position_from_point(&PlotPoint::new(p.x, p.y))
        };
        let outline = if ui.visuals().dark_mode {
            Color32::BLACK
        } else {
            Color32::WHITE
        };
        let radius = (side / 130.0).clamp(2.0, 5.0);
        let most = if self.compact {
            MAX_POINTS_DRAWN_COMPACT
        } else {
            MAX_POINTS_DRAWN
        };
        let mut dots = Dots::default();
        for p in evenly(&snapshot.points.train, most) {
            let colour = point_colour(p, snapshot.task, range);
            dots.add(to_screen(p), radius, colour, Stroke::new(1.0, outline));
        }
        if input.prefs.show_test_points {
            for p in evenly(&snapshot.points.test, most) {
                let colour = point_colour(p, snapshot.task, range);
                dots.add(
                    to_screen(p),
                    radius,
                    colour,
                    Stroke::new(1.5, Color32::BLACK),
                );
            }
        }
        self.dot_layer
            .paint(&painter, *response.transform.frame(), dots);
        let plot_response = &response.response;
        let pointer = ui.input(|i| i.pointer.interact_pos());
        if let (Some(pos), true) = (pointer, snapshot.task.is_classification()) {
            let at = response.transform.value_from_position(pos);
            if plot_response.clicked() {
                let classes = match snapshot.task {
                    Task::Classification { classes } => classes,
                    Task::Regression => 1,
                };
                let shift = ui.input(|i| i.modifiers.shift);
                let class = if shift && classes == 2 {
                    1 - self.add_class.min(1)
                } else {
                    self.add_class
                };
                actions.send(Command::AddPoint(at.x, at.y, class.min(classes - 1) as f64));
            } else if plot_response.secondary_clicked() {
                actions.send(Command::RemoveNearestPoint(at.x, at.y));
            }
        }
        if !rows_shown {
            return;
        }
        legend_ui(ui, snapshot, side);
        if self.compact {
            return;
        }
        points_legend_ui(ui, input.prefs.show_test_points, actions);
        if snapshot.columns > 2 {
            slice_ui(actions, ui, snapshot);
        }
        if let Task::Classification { classes } = snapshot.task {
            ui.horizontal(|ui| {
            ui.label("Click adds").on_hover_text("Click the map to add a training point (Shift: the other class); right-click removes the nearest.");
            for k in 0..classes.min(8) {
                let name = match (classes, k) {
                    (2, 0) => "orange".to_string(),
                    (2, _) => "blue".to_string(),
                    _ => format!("class {k}"),
                };
                ui.radio_value(&mut self.add_class, k, name);
            }
        });
        }
    }
}

/// Which marks are which points: training points with a light rim, test points (when shown)
/// with a dark rim; then the map's "Save map…" button.
fn points_legend_ui(ui: &mut egui::Ui, test_shown: bool, actions: &mut Actions) {
    let mark = |ui: &mut egui::Ui, rim: Color32| {
        let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter()
            .circle(rect.center(), 4.5, palette::POSITIVE, Stroke::new(1.5, rim));
    };
    let light = if ui.visuals().dark_mode {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    ui.horizontal_wrapped(|ui| {
        mark(ui, light);
        ui.label("training points");
        if test_shown {
            mark(ui, Color32::BLACK);
            ui.label("test points");
        } else {
            ui.label("(test points: View menu)");
        }
        save_map_button(ui, actions);
    });
}

/// The map's "Save map…" button.
fn save_map_button(ui: &mut egui::Ui, actions: &mut Actions) {
    if super::figure_panel::save_button(ui, FigureKind::Map) {
        actions.push(Action::Open(Dialog::Figure(FigureKind::Map)));
    }
}

fn legend_ui(ui: &mut egui::Ui, snapshot: &Snapshot, width: f32) {
    let (rect, _) = ui.allocate_exact_size(vec2(width, 14.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let steps = 48;
    for k in 0..steps {
        let v = -1.0 + 2.0 * (k as f64 + 0.5) / steps as f64;
        let x0 = rect.left() + rect.width() * k as f32 / steps as f32;
        painter.rect_filled(
            Rect::from_min_max(
                pos2(x0, rect.top()),
                pos2(x0 + rect.width() / steps as f32 + 0.5, rect.bottom()),
            ),
            0.0,
            palette::diverging(v, false),
        );
    }
    let (low, high) = match snapshot.task {
        Task::Classification { .. } => (
            "orange: class 0 (−1)".to_string(),
            "blue: class 1 (+1)".to_string(),
        ),
        Task::Regression => {
            let (lo, hi) = snapshot.points.label_range;
            (format!("{lo:.2}"), format!("{hi:.2}"))
        }
    };
    ui.horizontal(|ui| {
        ui.label(low);
        ui.add_space((width - 260.0).max(10.0));
        ui.label(high);
    });
}

fn curve_ui(ui: &mut egui::Ui, snapshot: &Snapshot, room_below: f32) {
    let data: Vec<[f64; 2]> = snapshot
        .points
        .train
        .iter()
        .map(|p| [p.x, p.label])
        .collect();
    let test: Vec<[f64; 2]> = snapshot
        .points
        .test
        .iter()
        .map(|p| [p.x, p.label])
        .collect();
    let curve: Vec<[f64; 2]> = snapshot
        .curve
        .iter()
        .copied()
        .filter(|p| p[1].is_finite())
        .collect();
    let height = (ui.available_height() - room_below - 6.0).max(40.0);
    let response = Plot::new("fit-curve")
        .height(height)
        .legend(egui_plot::Legend::default())
        .grid_spacing(egui::Rangef::new(16.0, 60.0))
        .allow_scroll(false)
        .custom_x_axes(crate::app::axes::x_axis("x"))
        .custom_y_axes(crate::app::axes::y_axis("y"))
        .show(ui, |plot| {
            plot.points(
                Points::new("training points", PlotPoints::from(data))
                    .radius(3.0)
                    .color(palette::POSITIVE),
            );
            plot.points(
                Points::new("test points", PlotPoints::from(test))
                    .radius(3.0)
                    .filled(false)
                    .color(palette::NEGATIVE),
            );
            plot.line(
                Line::new("network", PlotPoints::from(curve))
                    .width(3.0)
                    .color(Color32::from_rgb(0xc0, 0x1c, 0x28)),
            );
        });
    super::layout::record(
        ui.ctx(),
        super::layout::Part::OutputMap,
        response.response.rect,
    );
}

/// How many "name = value" pairs of the slice fit on one row of `ui`.
fn slice_values_per_row(ui: &egui::Ui) -> usize {
    ((ui.available_width() / 115.0).floor() as usize).max(1)
}

/// With more than two columns the map is a slice through the others: says where, and lets the
/// user move the slice (each column dragged within its central range, or back to the medians).
fn slice_ui(actions: &mut Actions, ui: &mut egui::Ui, snapshot: &Snapshot) {
    let names = &snapshot.column_names;
    ui.label(format!(
        "Map of {} against {}, a slice through the other columns at:",
        names[0], names[1]
    ))
    .on_hover_text("With more than two columns, the map shows the network with the others fixed.");
    // A grid keeps each name with its value and never runs wider than the panel.
    let per_row = slice_values_per_row(ui);
    egui::Grid::new("slice")
        .spacing(vec2(4.0, 2.0))
        .show(ui, |ui| {
            for (k, c) in (2..names.len().min(snapshot.slice.len())).enumerate() {
                let mut value = snapshot.slice[c];
                let range = snapshot
                    .data_figures
                    .histograms
                    .get(c)
                    .map_or((value - 1.0, value + 1.0), |h| h.range);
                let label = ui.label(format!("{} =", names[c]));
                let r = ui
                    .add(
                        egui::DragValue::new(&mut value)
                            .speed((range.1 - range.0) / 200.0)
                            .range(range.0..=range.1)
                            .max_decimals(3)
                            .update_while_editing(false),
                    )
                    .labelled_by(label.id)
                    .on_hover_text(format!("Drag or type where the slice cuts {}.", names[c]));
                if r.changed() {
                    actions.send(Command::SetSlice(c, value));
                }
                if k % per_row == per_row - 1 {
                    ui.end_row();
                }
            }
        });
    let medians = ui.button("Medians");
    if medians
        .on_hover_text("Puts every slice value back at its training median.")
        .clicked()
    {
        actions.send(Command::ResetSlice);
    }
}

/// A data column's name for an axis, with its unit where the dataset has one ("mass [GeV]").
pub fn column_label(snapshot: &Snapshot, column: usize) -> String {
    let name = snapshot
        .column_names
        .get(column)
        .cloned()
        .unwrap_or_default();
    let unit = (snapshot.scene.data.dataset == Some(crate::engine::data::DatasetKind::Jets))
        .then(|| crate::engine::data::jets::unit_of(&name))
        .flatten();
    match unit {
        Some(unit) => format!("{name} [{unit}]"),
        None => name,
    }
}
