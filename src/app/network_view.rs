//! The network drawn and edited: input features, hidden layers and output as columns of small
//! maps; links coloured by sign and as wide as |w|; bias marks; +/- for layers and neurons;
//! activation per layer; hover a neuron to see it large, hover a link for its weight, click a
//! link to type a new one.

use super::data_panel::paint_feature;
use super::links::Links;
use super::panel::{Action, Actions, Panel, PanelInput};
use super::preferences::ControlGroup;
use crate::engine::nn::Activation;
use crate::engine::nn::activation::ALL_ACTIVATIONS;
use crate::engine::scene::SceneEdit;
use crate::engine::scene::bounds::{MAX_HIDDEN_LAYERS, NEURONS};
use crate::worker::Command;
use crate::worker::pictures::palette;
use egui::{
    Color32, Mesh, Pos2, Rect, RichText, Sense, Shape, Stroke, TextureId, Vec2, pos2, vec2,
};

/// Below this width (points) the network panel folds the model choices into a menu.
pub(super) const NARROW_PANEL: f32 = 420.0;

/// Most links drawn between two layers (the strongest are kept).
const MAX_LINKS_PER_LAYER: usize = 600;

/// Most links drawn in all (shared evenly by the layers, but at least 100 each): a network of
/// ten layers of 64 neurons drew 5,400 lines, and its window's UI thread took 10 ms a frame
/// under Mesa's software renderer.
const MAX_LINKS: usize = 2_400;

/// A weight being typed in.
struct WeightEdit {
    layer: usize,
    input: usize,
    neuron: usize,
    text: String,
    problem: Option<String>,
}

/// The network view's own state.
#[derive(Default)]
pub struct NetworkView {
    editing: Option<WeightEdit>,
    trees: super::tree_view::TreeView,
}

/// One link as drawn.
struct DrawnLink {
    layer: usize,
    input: usize,
    neuron: usize,
    weight: f64,
    from: Pos2,
    to: Pos2,
}

/// The neurons' maps of one frame as meshes, one per texture (the maps share one), so they
/// are drawn in one call.
#[derive(Default)]
struct Pictures {
    meshes: Vec<Mesh>,
}

impl Pictures {
    /// The part `uv` of `texture` over `rect`.
    fn add(&mut self, texture: TextureId, rect: Rect, uv: Rect) {
        let k = match self.meshes.iter().position(|m| m.texture_id == texture) {
            Some(k) => k,
            None => {
                self.meshes.push(Mesh::with_texture(texture));
                self.meshes.len() - 1
            }
        };
        self.meshes[k].add_rect_with_uv(rect, uv, Color32::WHITE);
    }

    /// Paints every map with `painter`.
    fn paint(self, painter: &egui::Painter) {
        painter.extend(self.meshes.into_iter().map(Shape::mesh));
    }
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
    (a + ab * t - p).length()
}

fn link_colour(w: f64) -> Color32 {
    if !w.is_finite() {
        return palette::NOT_FINITE;
    }
    let base = if w < 0.0 {
        palette::NEGATIVE
    } else {
        palette::POSITIVE
    };
    base.gamma_multiply((0.35 + w.abs().min(1.0) * 0.65) as f32)
}

impl Panel for NetworkView {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        let snapshot = input.snapshot;
        // Narrow windows (or high zoom) must not let the drawing spill over the output panel.
        ui.set_clip_rect(ui.max_rect().intersect(ui.clip_rect()));
        if let Some(ensemble) = snapshot.ensemble() {
            self.trees.ui(ui, input, ensemble, actions);
            return;
        }
        let editing = input.prefs.shows(ControlGroup::NetworkEditing);
        let hidden = snapshot.scene.network.hidden.clone();
        let activations = snapshot.scene.hidden_activations();
        // A narrow panel keeps the drawing's room: the model choices fold into one menu.
        let narrow = ui.available_width() < NARROW_PANEL;
        let header = |ui: &mut egui::Ui, add_contents: &mut dyn FnMut(&mut egui::Ui)| {
            // Narrow: one row (its end clipped); wide: the row wraps between labels.
            if narrow {
                ui.horizontal(|ui| add_contents(ui));
            } else {
                ui.horizontal_wrapped(|ui| add_contents(ui));
            }
        };
        header(ui, &mut |ui| {
            if editing {
                let model_ui = |ui: &mut egui::Ui, actions: &mut Actions| {
                    super::tree_view::model_kind_ui(ui, &snapshot.scene, actions);
                    if snapshot.task.is_classification() {
                        super::tree_view::compare_ui(ui, &snapshot.scene, actions);
                    }
                };
                if narrow {
                    ui.menu_button("Model…", |ui| model_ui(ui, actions))
                        .response
                        .on_hover_text("The model trained, and comparisons with trees.");
                } else {
                    model_ui(ui, actions);
                }
                let add = ui.add_enabled(
                    hidden.len() < MAX_HIDDEN_LAYERS,
                    egui::Button::new(RichText::new("+").size(18.0)),
                );
                add.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, "Add layer")
                });
                if add.on_hover_text("Adds a hidden layer.").clicked() {
                    actions.edit(SceneEdit::AddLayer);
                }
                let remove = ui.add_enabled(
                    !hidden.is_empty(),
                    egui::Button::new(RichText::new("−").size(18.0)),
                );
                remove.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, "Remove layer")
                });
                if remove
                    .on_hover_text("Removes the last hidden layer.")
                    .clicked()
                {
                    actions.edit(SceneEdit::RemoveLayer);
                }
            }
            // Each label stays whole; the row wraps between them.
            ui.add(
                egui::Label::new(
                    RichText::new(format!("{} hidden layers", hidden.len())).size(16.0),
                )
                .wrap_mode(egui::TextWrapMode::Extend),
            );
            ui.label(format!(
                "{} parameters",
                snapshot.network().map_or(0, |n| n.parameter_count())
            ))
            .on_hover_text("Weights plus biases of the whole network.");
        });
        // In a short panel the drawing keeps the room; the layers are edited in a taller one.
        if editing && ui.available_height() > 260.0 {
            layer_headers_ui(actions, ui, &hidden, &activations);
        }
        self.canvas_ui(input, actions, ui);
        self.weight_editor_ui(actions, ui.ctx());
    }
}

/// Per hidden layer: +/- neurons, the neuron count and the activation.
fn layer_headers_ui(
    actions: &mut Actions,
    ui: &mut egui::Ui,
    hidden: &[usize],
    activations: &[Activation],
) {
    // Narrow columns shorten their texts rather than break them inside a word.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    // Each header sits over its layer's column of the canvas below (the same split of the same
    // width), whatever its widgets' own widths.
    let row = ui.available_rect_before_wrap().intersect(ui.clip_rect());
    let column_width = row.width() / (hidden.len() + 2) as f32;
    let mut bottom = row.top();
    for (l, &n) in hidden.iter().enumerate() {
        let left = row.left() + (l + 1) as f32 * column_width + 4.0;
        let cell = Rect::from_min_size(pos2(left, row.top()), vec2(column_width - 8.0, 60.0));
        let mut header = ui.new_child(egui::UiBuilder::new().max_rect(cell));
        header.set_clip_rect(cell.expand2(vec2(3.0, 0.0)).intersect(ui.clip_rect()));
        header.vertical(|ui| {
            ui.horizontal(|ui| {
                let add = ui.add_enabled(n < NEURONS.max as usize, egui::Button::new("+").small());
                let name = format!("Add neuron to layer {}", l + 1);
                add.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if add.on_hover_text("Adds a neuron to this layer.").clicked() {
                    actions.edit(SceneEdit::Neurons {
                        layer: l,
                        change: 1,
                    });
                }
                let remove = ui.add_enabled(n > 1, egui::Button::new("−").small());
                let name = format!("Remove neuron from layer {}", l + 1);
                remove.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if remove
                    .on_hover_text("Removes a neuron from this layer.")
                    .clicked()
                {
                    actions.edit(SceneEdit::Neurons {
                        layer: l,
                        change: -1,
                    });
                }
            });
            ui.label(format!("{n} neurons"));
            let Some(&current) = activations.get(l) else {
                return;
            };
            let mut chosen = current;
            egui::ComboBox::from_id_salt(("activation", l))
                .selected_text(chosen.name())
                .width(column_width - 8.0)
                .show_ui(ui, |ui| {
                    for a in ALL_ACTIVATIONS {
                        ui.selectable_value(&mut chosen, a, a.name());
                    }
                })
                .response
                .on_hover_text("The activation of this layer's neurons.");
            if chosen != current {
                actions.edit(SceneEdit::Activation {
                    layer: l,
                    activation: chosen,
                });
            }
        });
        bottom = bottom.max(header.min_rect().bottom());
    }
    ui.allocate_space(vec2(row.width(), bottom - row.top()));
}

impl NetworkView {
    fn canvas_ui(&mut self, input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
        let snapshot = input.snapshot;
        let Some(network) = snapshot.network() else {
            return;
        };
        let features = &snapshot.scene.data.features;
        let mut sizes = vec![network.inputs()];
        sizes.extend(network.layers.iter().map(|l| l.outputs));
        // A header row wider than the panel widens the ui; the canvas keeps to the panel, so it
        // never takes clicks meant for the output panel beside it.
        let rect = ui.available_rect_before_wrap().intersect(ui.clip_rect());
        let canvas = ui.interact(rect, ui.scope_id().with("network-canvas"), Sense::click());
        super::layout::record(ui.ctx(), super::layout::Part::NetworkCanvas, rect);
        let painter = ui.painter_at(rect);
        let tallest = sizes.iter().copied().max().unwrap_or(1) as f32;
        let box_size = ((rect.height() - 20.0) / (tallest * 1.3)).clamp(4.0, 44.0);
        let column_x =
            |c: usize| rect.left() + (c as f32 + 0.5) * rect.width() / sizes.len() as f32;
        let neuron_rect = |c: usize, k: usize| {
            let n = sizes[c] as f32;
            let y = rect.center().y + (k as f32 - (n - 1.0) / 2.0) * box_size * 1.3;
            Rect::from_center_size(pos2(column_x(c), y), Vec2::splat(box_size))
        };
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| rect.contains(*p));

        // Links first, under the neurons.
        let mut links = Vec::new();
        let mut strokes = input
            .textures
            .line_profile
            .as_ref()
            .map(|texture| Links::new(texture.id(), ui.ctx().pixels_per_point()));
        let most = (MAX_LINKS / network.layers.len().max(1)).clamp(100, MAX_LINKS_PER_LAYER);
        for (l, layer) in network.layers.iter().enumerate() {
            let mut these: Vec<(f64, usize, usize)> = (0..layer.inputs)
                .flat_map(|i| (0..layer.outputs).map(move |j| (i, j)))
                .map(|(i, j)| (layer.weight(i, j), i, j))
                .collect();
            if these.len() > most {
                these.select_nth_unstable_by(most, |a, b| b.0.abs().total_cmp(&a.0.abs()));
                these.truncate(most);
            }
            for (w, i, j) in these {
                let from = neuron_rect(l, i).right_center();
                let to = neuron_rect(l + 1, j).left_center();
                let width = if w.is_finite() {
                    (w.abs() as f32 * 2.0).clamp(0.4, 7.0)
                } else {
                    1.0
                };
                if let Some(strokes) = strokes.as_mut() {
                    strokes.add(from, to, Stroke::new(width, link_colour(w)));
                }
                links.push(DrawnLink {
                    layer: l,
                    input: i,
                    neuron: j,
                    weight: w,
                    from,
                    to,
                });
            }
        }
        if let Some(strokes) = strokes {
            strokes.paint(&painter);
        }
        let all_links: usize = network.layers.iter().map(|l| l.weights.len()).sum();
        if links.len() < all_links {
            use crate::engine::numbers::group_thousands;
            painter.text(
                rect.left_bottom() + vec2(4.0, -4.0),
                egui::Align2::LEFT_BOTTOM,
                format!(
                    "{} strongest of {} links drawn",
                    group_thousands(links.len() as u64),
                    group_thousands(all_links as u64)
                ),
                egui::FontId::proportional(12.0),
                ui.visuals().weak_text_color(),
            );
        }

        // Neurons: inputs show their feature, the others their own map. The maps go into one
        // mesh per texture and the marks and outlines after them: drawn neuron by neuron they
        // alternated between two textures, so egui could not merge them and the ten layers of
        // 64 neurons took 1,385 draw calls a frame.
        let columns = snapshot.scene.data_columns();
        let mut pictures = Pictures::default();
        let mut overlays = Vec::new();
        let mut hovered_neuron = None;
        for (c, &n) in sizes.iter().enumerate() {
            for k in 0..n {
                let r = neuron_rect(c, k);
                if c == 0 {
                    match features
                        .get(k)
                        .filter(|f| crate::engine::data::Feature::parse(f, &columns).is_ok())
                    {
                        Some(f) => paint_feature(ui, r, input.textures.features.get(f), true),
                        None => {
                            painter.rect_filled(r, 2.0, palette::NEUTRAL);
                        }
                    }
                    if box_size >= 14.0 {
                        let name = features.get(k).map_or("", String::as_str);
                        painter.text(
                            r.left_center() - vec2(4.0, 0.0),
                            egui::Align2::RIGHT_CENTER,
                            name,
                            egui::FontId::proportional(13.0),
                            ui.visuals().text_color(),
                        );
                    }
                    continue;
                }
                let layer = c - 1;
                match input.textures.neurons.neuron(layer, k) {
                    Some((texture, place)) => pictures.add(texture, r, place),
                    None => overlays.push(Shape::rect_filled(r, 2.0, palette::NEUTRAL)),
                }
                let bias = network.layers[layer].biases[k];
                let mark = Rect::from_min_size(
                    r.left_bottom() + vec2(-box_size * 0.3, -box_size * 0.3),
                    Vec2::splat(box_size * 0.3),
                );
                overlays.push(Shape::rect_filled(mark, 0.0, link_colour(bias)));
                let over = pointer.is_some_and(|p| r.expand(2.0).contains(p));
                overlays.push(Shape::rect_stroke(
                    r,
                    2.0,
                    Stroke::new(if over { 3.0 } else { 1.0 }, ui.visuals().text_color()),
                    egui::StrokeKind::Outside,
                ));
                if over {
                    hovered_neuron = Some((layer, k, bias));
                }
            }
        }

        pictures.paint(&painter);
        painter.extend(overlays);

        let focus = hovered_neuron.map(|(l, k, _)| (l, k));
        if input.view.focus != focus {
            actions.push(Action::View(crate::worker::ViewSettings {
                focus,
                ..*input.view
            }));
        }
        let nearest_link = if hovered_neuron.is_none() {
            pointer.and_then(|p| {
                links
                    .iter()
                    .map(|link| (distance_to_segment(p, link.from, link.to), link))
                    .filter(|(d, _)| *d < 4.0)
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, link)| link)
            })
        } else {
            None
        };
        if let Some((layer, k, bias)) = hovered_neuron {
            canvas.clone().on_hover_text_at_pointer(format!(
                "Layer {}, neuron {}: bias {bias:.4}. Shown large in the output view.",
                layer + 1,
                k + 1
            ));
        } else if let Some(link) = nearest_link {
            painter.line_segment(
                [link.from, link.to],
                Stroke::new(3.0, ui.visuals().text_color()),
            );
            let text = format!("Weight {:.4}\n(click to type a new value)", link.weight);
            let clicked = canvas.clicked();
            canvas.clone().on_hover_text_at_pointer(text);
            if clicked {
                self.editing = Some(WeightEdit {
                    layer: link.layer,
                    input: link.input,
                    neuron: link.neuron,
                    text: format!("{}", link.weight),
                    problem: None,
                });
            }
        }
    }

    fn weight_editor_ui(&mut self, actions: &mut Actions, ctx: &egui::Context) {
        let Some(edit) = self.editing.as_mut() else {
            return;
        };
        let mut close = false;
        egui::Window::new("Edit weight")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(format!(
                    "Layer {}, from input {} to neuron {}",
                    edit.layer + 1,
                    edit.input + 1,
                    edit.neuron + 1
                ));
                let label = ui.label("Weight value");
                let response = ui
                    .text_edit_singleline(&mut edit.text)
                    .labelled_by(label.id);
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui
                        .button("Set")
                        .on_hover_text("Puts this value into the network now.")
                        .clicked()
                        || enter
                    {
                        match edit.text.trim().parse::<f64>() {
                            Ok(v) if v.is_finite() => {
                                actions.send(Command::SetWeight(
                                    edit.layer,
                                    edit.input,
                                    edit.neuron,
                                    v,
                                ));
                                close = true;
                            }
                            _ => {
                                edit.problem =
                                    Some(format!("'{}' is not a finite number", edit.text.trim()))
                            }
                        }
                    }
                    if ui
                        .button("Cancel")
                        .on_hover_text("Leaves the weight as it is.")
                        .clicked()
                    {
                        close = true;
                    }
                });
                if let Some(p) = &edit.problem {
                    ui.colored_label(Color32::from_rgb(0xc0, 0x1c, 0x28), p);
                }
            });
        if close {
            self.editing = None;
        }
    }
}
