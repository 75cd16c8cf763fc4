//! The data panel: dataset thumbnails drawn by the real generators, noise and split sliders,
//! seed and Regenerate, and the input-feature toggles with their own small maps.

use super::dots::{DotLayer, Dots};
use super::panel::{Actions, Panel, PanelInput};
use crate::engine::data::{ALL_DATASETS, DatasetKind, Feature, Generator, Task};
use crate::engine::rng::Rng;
use crate::engine::scene::SceneEdit;
use crate::worker::pictures::palette;
use egui::{Color32, Rect, RichText, Sense, Stroke, TextureHandle, Vec2, pos2, vec2};

/// Points per thumbnail.
const THUMBNAIL_POINTS: usize = 160;

/// A thumbnail's points: position scaled to [0, 1]^2 (y up) and value in [-1, 1].
type Thumbnail = Vec<(f64, f64, f64)>;

/// The data panel's own state: thumbnails drawn once.
#[derive(Default)]
pub struct DataPanel {
    thumbnails: Vec<(DatasetKind, Thumbnail)>,
    /// Each thumbnail's points as a picture (12 x 160 egui circles were a tenth of a frame's
    /// tessellation), drawn again only when the thumbnails move or change size.
    thumbnail_pictures: Vec<DotLayer>,
    /// The full panel shown in a window while the panel is folded into a strip.
    window_open: bool,
    /// Whether the panel was folded this frame.
    folded: bool,
}

/// Points scaled to [0, 1]^2 (y up) with their value in [-1, 1] for colouring.
fn thumbnail(kind: DatasetKind) -> Thumbnail {
    let g = Generator::new(
        kind,
        if Generator::is_playground(kind) {
            0.0
        } else {
            0.1
        },
    );
    let table = g.generate(THUMBNAIL_POINTS, &mut Rng::new(7));
    let ((x0, x1), (y0, y1)) = g.domain();
    let (lo, hi) = table
        .labels
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &l| {
            (a.min(l), b.max(l))
        });
    (0..table.rows())
        .map(|r| {
            let two_d = table.columns.len() > 1;
            let (x, label) = (table.value(r, 0), table.labels[r]);
            let y = if two_d { table.value(r, 1) } else { label };
            let (yl, yh) = if two_d { (y0, y1) } else { (lo, hi) };
            let value = match g.task() {
                Task::Classification { .. } => 2.0 * label - 1.0,
                Task::Regression if hi > lo => 2.0 * (label - lo) / (hi - lo) - 1.0,
                Task::Regression => 0.0,
            };
            ((x - x0) / (x1 - x0), (y - yl) / (yh - yl).max(1e-12), value)
        })
        .collect()
}

impl Panel for DataPanel {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        self.folded = false;
        self.full_ui(ui, input, actions);
    }
}

impl DataPanel {
    /// The folded panel: the dataset thumbnails in one column and a button for the rest.
    pub fn strip_ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        self.folded = true;
        self.make_thumbnails();
        // The bar always takes its room, so the thumbnails keep one size whether it shows or not.
        egui::ScrollArea::vertical()
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                if ui
                    .button("Data…")
                    .on_hover_text("Noise, splits, samples, seed and the input features.")
                    .clicked()
                {
                    self.window_open = !self.window_open;
                }
                self.datasets_ui(input, actions, ui, 1);
            });
    }

    /// While folded, the full panel in a window of its own (when asked for).
    pub fn window_ui(
        &mut self,
        ctx: &egui::Context,
        input: &PanelInput<'_>,
        actions: &mut Actions,
    ) {
        if !self.folded {
            self.window_open = false;
            return;
        }
        let mut open = self.window_open;
        egui::Window::new("Data settings")
            .open(&mut open)
            .default_width(240.0)
            .show(ctx, |ui| self.full_ui(ui, input, actions));
        self.window_open = open;
    }

    fn make_thumbnails(&mut self) {
        if self.thumbnails.is_empty() {
            self.thumbnails = ALL_DATASETS.iter().map(|&k| (k, thumbnail(k))).collect();
            self.thumbnail_pictures = ALL_DATASETS.iter().map(|_| DotLayer::default()).collect();
        }
    }

    fn full_ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        self.make_thumbnails();
        // The bar always takes its room, so the thumbnails keep one size whether it shows or not.
        egui::ScrollArea::vertical()
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                // Room for the value box and the label after each slider.
                ui.spacing_mut().slider_width = (ui.available_width() - 150.0).clamp(30.0, 140.0);
                ui.heading("Data");
                self.datasets_ui(input, actions, ui, 3);
                ui.add_space(6.0);
                sliders_ui(input, actions, ui);
                ui.add_space(6.0);
                ui.heading("Features");
                features_ui(input, actions, ui);
            });
    }

    fn datasets_ui(
        &mut self,
        input: &PanelInput<'_>,
        actions: &mut Actions,
        ui: &mut egui::Ui,
        columns: usize,
    ) {
        let scene = &input.snapshot.scene;
        let current = scene.data.dataset;
        let size =
            ((ui.available_width() - 7.0 * columns as f32) / columns as f32).clamp(28.0, 62.0);
        egui::Grid::new("datasets")
            .spacing(vec2(6.0, 6.0))
            .show(ui, |ui| {
                let pictures = self.thumbnail_pictures.iter_mut();
                for (k, ((kind, points), picture)) in
                    self.thumbnails.iter().zip(pictures).enumerate()
                {
                    let name = Generator::name(*kind);
                    let (rect, response) =
                        ui.allocate_exact_size(Vec2::splat(size), Sense::click());
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::Button,
                            true,
                            current == Some(*kind),
                            name,
                        )
                    });
                    let painter = ui.painter_at(rect);
                    painter.rect_filled(rect, 2.0, palette::NEUTRAL);
                    let mut dots = Dots::default();
                    for &(x, y, v) in points {
                        let p = pos2(
                            rect.left() + x as f32 * size,
                            rect.bottom() - y as f32 * size,
                        );
                        dots.add(p, 1.6, palette::diverging(v, false), Stroke::NONE);
                    }
                    picture.paint(&painter, rect, dots);
                    let selected = current == Some(*kind);
                    let stroke = selection_stroke(ui, selected);
                    painter.rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Inside);
                    let response = response.on_hover_text(format!("Dataset: {name}"));
                    if response.clicked() && !selected {
                        actions.edit(SceneEdit::Dataset(*kind));
                    }
                    if k % columns == columns - 1 {
                        ui.end_row();
                    }
                }
            });
        let file = match (&scene.data.csv, &scene.data.root) {
            (Some(csv), _) => Some(format!("CSV: {}", csv.path.display())),
            (None, Some(root)) => Some(format!(
                "ROOT: {}{}, label {}",
                root.path.display(),
                root.tree
                    .as_ref()
                    .map_or(String::new(), |t| format!(", tree {t}")),
                root.label
            )),
            (None, None) => None,
        };
        if let Some(file) = file {
            ui.label(file);
            for note in input.snapshot.data_notes.iter() {
                ui.label(RichText::new(note).small());
            }
        }
    }
}

/// A slider showing `fraction` in percent; true once the user has settled on a new value.
fn percent_slider(
    ui: &mut egui::Ui,
    fraction: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    text: &str,
    hover: &str,
) -> bool {
    let mut percent = *fraction * 100.0;
    let r = ui
        .add(
            egui::Slider::new(&mut percent, range)
                .step_by(5.0)
                // A value set beyond the slider's range (a TF Playground link's noise of 70)
                // stays as it is until the slider is moved.
                .clamping(egui::SliderClamping::Edits)
                .text(text),
        )
        .on_hover_text(hover);
    *fraction = percent / 100.0;
    settled(&r)
}

fn sliders_ui(input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
    let scene = &input.snapshot.scene;
    let d = &scene.data;
    match d.dataset {
        Some(kind) if Generator::is_playground(kind) => {
            let hover = "TF Playground's noise: jitter that flips labels near the boundary.";
            let mut noise = d.noise;
            if percent_slider(ui, &mut noise, 0.0..=50.0, "Noise %", hover) && noise != d.noise {
                actions.edit(SceneEdit::Noise(noise));
            }
        }
        Some(_) => {
            let mut noise = d.noise;
            let r = ui
                .add(egui::Slider::new(&mut noise, 0.0..=1.0).text("Noise σ"))
                .on_hover_text("Standard deviation of the Gaussian noise.");
            if settled(&r) && noise != d.noise {
                actions.edit(SceneEdit::Noise(noise));
            }
        }
        None => {}
    }
    let hover = "Share of the samples used for training; the rest validate and test.";
    let mut train = d.train_fraction;
    if percent_slider(ui, &mut train, 10.0..=100.0, "Training %", hover)
        && train != d.train_fraction
    {
        actions.edit(SceneEdit::TrainFraction(train));
    }
    let hover = "Share of the samples kept for validation (early stopping watches it).";
    let mut validation = d.validation_fraction;
    if percent_slider(ui, &mut validation, 0.0..=50.0, "Validation %", hover)
        && validation != d.validation_fraction
    {
        actions.edit(SceneEdit::ValidationFraction(validation));
    }
    if let Some(kind) = d.dataset {
        let mut samples = d
            .samples
            .unwrap_or_else(|| Generator::default_samples(kind));
        let label = ui.label("Samples");
        let r = ui
            .add(
                egui::DragValue::new(&mut samples)
                    .range(10..=1_000_000)
                    .speed(10.0),
            )
            .labelled_by(label.id)
            .on_hover_text("How many points the generator draws.");
        if settled(&r) && Some(samples) != d.samples {
            actions.edit(SceneEdit::Samples(samples));
        }
        let mut streaming = d.streaming;
        if ui
            .checkbox(&mut streaming, "Fresh samples every step")
            .on_hover_text(
                "Streaming: each step trains on a new batch drawn from the generator, so the \
                 network never sees a point twice; an epoch is one step.",
            )
            .changed()
        {
            actions.edit(SceneEdit::Streaming(streaming));
        }
        if d.streaming {
            ui.label(format!(
                "Streaming: a fresh batch of {} every step",
                scene.training.batch_size
            ));
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label("Seed");
        let mut seed = scene.seed;
        let r = ui
            .add(egui::DragValue::new(&mut seed).range(0..=u32::MAX as u64))
            .labelled_by(label.id)
            .on_hover_text("Fixes the data, the first weights and the shuffling.");
        if settled(&r) && seed != scene.seed {
            actions.edit(SceneEdit::Seed(seed));
        }
        if ui
            .button("Regenerate")
            .on_hover_text("Draws new data and new weights (next seed).")
            .clicked()
        {
            actions.edit(SceneEdit::Regenerate);
        }
    });
}

/// A slider or drag value changed and the user let go.
fn settled(r: &egui::Response) -> bool {
    r.drag_stopped() || (r.changed() && !r.dragged())
}

fn features_ui(input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
    let scene = &input.snapshot.scene;
    let columns = scene.data_columns();
    let names = scene.offered_features();
    let feature_box = ((ui.available_width() - 18.0) / 4.0).clamp(24.0, 44.0);
    egui::Grid::new("features")
        .spacing(vec2(4.0, 4.0))
        .show(ui, |ui| {
            for (k, name) in names.iter().enumerate() {
                let on = scene.data.features.contains(name);
                ui.vertical(|ui| {
                    let (rect, response) =
                        ui.allocate_exact_size(Vec2::splat(feature_box), Sense::click());
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::CheckBox,
                            true,
                            on,
                            format!("Feature {name}"),
                        )
                    });
                    if Feature::parse(name, &columns).is_ok() {
                        paint_feature(ui, rect, input.textures.features.get(name), on);
                    }
                    let response = response
                        .on_hover_text(format!("Input feature {name}: click to use it or not."));
                    // The last feature stays: the network needs an input.
                    if response.clicked() && !(on && scene.data.features.len() == 1) {
                        actions.edit(SceneEdit::ToggleFeature(name.clone()));
                    }
                    ui.label(egui::RichText::new(name).small());
                });
                if k % 4 == 3 {
                    ui.end_row();
                }
            }
        });
}

/// Paints a feature's box: its map over the region (see `feature_pictures`), or plain for a
/// feature without one; faded when the feature is not used.
pub(super) fn paint_feature(ui: &egui::Ui, rect: Rect, picture: Option<&TextureHandle>, on: bool) {
    let painter = ui.painter_at(rect);
    let fade = |colour: Color32| {
        if on {
            colour
        } else {
            colour.gamma_multiply(0.35)
        }
    };
    match picture {
        Some(texture) => {
            let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            painter.image(texture.id(), rect, uv, fade(Color32::WHITE));
        }
        None => {
            painter.rect_filled(rect, 0.0, fade(palette::NEUTRAL));
        }
    }
    let stroke = selection_stroke(ui, on);
    painter.rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Inside);
}

/// The outline of a chosen (thick, black) or unchosen (thin, grey) box.
fn selection_stroke(ui: &egui::Ui, chosen: bool) -> Stroke {
    if chosen {
        // Black on the projector theme, white on the dark one.
        Stroke::new(3.0, ui.visuals().strong_text_color())
    } else {
        Stroke::new(1.0, Color32::GRAY)
    }
}
