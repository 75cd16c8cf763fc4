//! The loss-landscape chart of the straight-line lessons: the loss over (slope m, intercept b)
//! as a contour map, the least-squares minimum, and the descent path drawn as it happens. The
//! map keeps its bounds, so a diverging path visibly leaves it.

use super::figures::FigureKind;
use super::panel::{Action, Actions, Dialog, Panel, PanelInput};
use egui::Color32;
use egui_plot::{Legend, Line, MarkerShape, Plot, PlotImage, PlotPoint, PlotPoints, Points};

const PATH: Color32 = Color32::from_rgb(0xf5, 0x93, 0x22);
const CONTOUR: Color32 = Color32::from_rgb(0x40, 0x4a, 0x5a);
const MINIMUM: Color32 = Color32::from_rgb(0xd6, 0x27, 0x28);

/// The landscape chart (no state of its own); it draws only when the snapshot has one.
#[derive(Default)]
pub struct LandscapePanel;

impl Panel for LandscapePanel {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        landscape_ui(ui, input, actions, ui.available_height() - 30.0);
    }
}

fn landscape_ui(ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions, height: f32) {
    let snapshot = input.snapshot;
    let (Some(view), Some(texture)) = (&snapshot.landscape, input.textures.landscape.as_ref())
    else {
        return;
    };
    let path = &snapshot.descent_path;
    ui.horizontal_wrapped(|ui| {
        ui.strong("Loss landscape");
        ui.label(format!(
            "least squares m = {:.3}, b = {:.3}; steps converge for learning rates below {:.2}",
            view.minimum[0], view.minimum[1], view.stable_learning_rate
        ));
        if super::figure_panel::save_button(ui, FigureKind::Landscape) {
            actions.push(Action::Open(Dialog::Figure(FigureKind::Landscape)));
        }
    });
    let centre = PlotPoint::new((view.m.0 + view.m.1) / 2.0, (view.b.0 + view.b.1) / 2.0);
    let size = egui::vec2((view.m.1 - view.m.0) as f32, (view.b.1 - view.b.0) as f32);
    Plot::new(("loss-landscape", snapshot.generation))
        .height(height)
        .legend(Legend::default())
        .allow_scroll(false)
        .data_aspect(1.0)
        .default_x_bounds(view.m.0, view.m.1)
        .default_y_bounds(view.b.0, view.b.1)
        .custom_x_axes(crate::app::axes::x_axis("slope m"))
        .y_axis_label("intercept b")
        .show(ui, |plot| {
            plot.image(PlotImage::new(
                "loss (darker: lower)",
                texture.id(),
                centre,
                size,
            ));
            for ring in &view.contours {
                plot.line(
                    Line::new("equal loss", PlotPoints::from(ring.clone()))
                        .color(CONTOUR)
                        .width(1.2),
                );
            }
            plot.line(
                Line::new("descent path", PlotPoints::from(path.to_vec()))
                    .color(PATH)
                    .width(2.0),
            );
            if let Some(&now) = path.last() {
                plot.points(
                    Points::new("now", vec![now])
                        .shape(MarkerShape::Circle)
                        .radius(6.0)
                        .color(PATH),
                );
            }
            plot.points(
                Points::new("least squares", vec![view.minimum])
                    .shape(MarkerShape::Asterisk)
                    .radius(9.0)
                    .color(MINIMUM),
            );
        });
}
