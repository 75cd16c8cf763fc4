//! The data panel: dataset thumbnails drawn by the real generators, noise and split sliders,
//! seed and Regenerate, and the input-feature toggles with their own small maps.

use super::AppParts;
use crate::boundary::Region;
use crate::data::features::PLAYGROUND_FEATURES;
use crate::data::{ALL_DATASETS, DatasetKind, Feature, Generator, Task};
use crate::nn::Loss;
use crate::palette;
use crate::rng::Rng;
use crate::scene::Scene;
use egui::{Color32, Rect, RichText, Sense, Stroke, Vec2, pos2, vec2};

/// Points per thumbnail.
const THUMBNAIL_POINTS: usize = 160;
/// Cells per side of a feature's small map.
const FEATURE_CELLS: usize = 14;

/// A thumbnail's points: position scaled to [0, 1]^2 (y up) and value in [-1, 1].
type Thumbnail = Vec<(f64, f64, f64)>;

/// The data panel's own state: thumbnails drawn once.
#[derive(Default)]
pub struct DataPanel {
    thumbnails: Vec<(DatasetKind, Thumbnail)>,
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
            let row = table.row(r);
            let (x, label) = (row[0], table.labels[r]);
            let y = if row.len() > 1 { row[1] } else { label };
            let (yl, yh) = if row.len() > 1 { (y0, y1) } else { (lo, hi) };
            let value = match g.task() {
                Task::Classification { .. } => 2.0 * label - 1.0,
                Task::Regression if hi > lo => 2.0 * (label - lo) / (hi - lo) - 1.0,
                Task::Regression => 0.0,
            };
            ((x - x0) / (x1 - x0), (y - yl) / (yh - yl).max(1e-12), value)
        })
        .collect()
}

/// Switches a scene to another built-in dataset, keeping what still fits.
pub fn switch_dataset(scene: &mut Scene, kind: DatasetKind) {
    let g = Generator::new(kind, 0.0);
    let d = &mut scene.data;
    d.dataset = Some(kind);
    d.csv = None;
    d.samples = Some(Generator::default_samples(kind));
    d.noise = if Generator::is_playground(kind) {
        d.noise.min(0.5)
    } else {
        d.noise.min(1.0)
    };
    d.streaming = false;
    let columns: Vec<String> = g.columns().iter().map(|c| c.to_string()).collect();
    d.features.retain(|f| Feature::parse(f, &columns).is_ok());
    if d.features.is_empty() {
        // Jets start from the two features of the map (mass, tau32), on comparable scales.
        d.features = columns.into_iter().take(2).collect();
        d.standardise = kind == DatasetKind::Jets;
    }
    if d.validation_fraction + d.train_fraction > 1.0 {
        d.validation_fraction = 0.0;
    }
    let t = &mut scene.training;
    match g.task() {
        Task::Regression if matches!(t.loss, Loss::Bce | Loss::SoftmaxCe) => t.loss = Loss::Mse,
        Task::Classification { .. } if t.loss == Loss::SoftmaxCe => t.loss = Loss::Bce,
        _ => {}
    }
    scene.network.output_activation = None;
    scene.model = None;
}

impl DataPanel {
    /// Draws the panel.
    pub fn ui(&mut self, parts: &mut AppParts<'_>, ui: &mut egui::Ui) {
        if self.thumbnails.is_empty() {
            self.thumbnails = ALL_DATASETS.iter().map(|&k| (k, thumbnail(k))).collect();
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.spacing_mut().slider_width = 90.0;
            ui.heading("Data");
            self.datasets_ui(parts, ui);
            ui.add_space(6.0);
            sliders_ui(parts, ui);
            ui.add_space(6.0);
            ui.heading("Features");
            features_ui(parts, ui);
        });
    }

    fn datasets_ui(&self, parts: &mut AppParts<'_>, ui: &mut egui::Ui) {
        let current = parts.scene.data.dataset;
        let size = ((ui.available_width() - 14.0) / 3.0).clamp(28.0, 62.0);
        egui::Grid::new("datasets")
            .spacing(vec2(6.0, 6.0))
            .show(ui, |ui| {
                for (k, (kind, points)) in self.thumbnails.iter().enumerate() {
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
                    for &(x, y, v) in points {
                        let p = pos2(
                            rect.left() + x as f32 * size,
                            rect.bottom() - y as f32 * size,
                        );
                        painter.circle_filled(p, 1.6, palette::diverging(v, false));
                    }
                    let selected = current == Some(*kind);
                    let stroke = selection_stroke(selected);
                    painter.rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Inside);
                    let response = response.on_hover_text(format!("Dataset: {name}"));
                    if response.clicked() && !selected {
                        let mut scene = parts.scene.clone();
                        switch_dataset(&mut scene, *kind);
                        *parts.edit = Some((scene, "Dataset"));
                    }
                    if k % 3 == 2 {
                        ui.end_row();
                    }
                }
            });
        if let Some(csv) = &parts.scene.data.csv {
            ui.label(format!("CSV: {}", csv.path.display()));
            for note in parts.snapshot.iter().flat_map(|s| s.data_notes.iter()) {
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
                .text(text),
        )
        .on_hover_text(hover);
    *fraction = percent / 100.0;
    settled(&r)
}

fn sliders_ui(parts: &mut AppParts<'_>, ui: &mut egui::Ui) {
    let mut scene = parts.scene.clone();
    let d = &mut scene.data;
    let mut changed = false;
    match d.dataset {
        Some(kind) if Generator::is_playground(kind) => {
            let hover = "TF Playground's noise: jitter that flips labels near the boundary.";
            changed |= percent_slider(ui, &mut d.noise, 0.0..=50.0, "Noise %", hover);
        }
        Some(_) => {
            let r = ui
                .add(egui::Slider::new(&mut d.noise, 0.0..=1.0).text("Noise σ"))
                .on_hover_text("Standard deviation of the Gaussian noise.");
            changed |= settled(&r);
        }
        None => {}
    }
    let hover = "Share of the samples used for training; the rest validate and test.";
    changed |= percent_slider(ui, &mut d.train_fraction, 10.0..=100.0, "Training %", hover);
    let hover = "Share of the samples kept for validation (early stopping watches it).";
    changed |= percent_slider(
        ui,
        &mut d.validation_fraction,
        0.0..=50.0,
        "Validation %",
        hover,
    );
    d.validation_fraction = d.validation_fraction.min(1.0 - d.train_fraction).max(0.0);
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
        d.samples = Some(samples);
        changed |= settled(&r);
        changed |= ui
            .checkbox(&mut d.streaming, "Fresh samples every step")
            .on_hover_text(
                "Streaming: each step trains on a new batch drawn from the generator, so the \
                 network never sees a point twice; an epoch is one step.",
            )
            .changed();
        if d.streaming {
            ui.label(format!(
                "Streaming: a fresh batch of {} every step",
                scene.training.batch_size
            ));
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label("Seed");
        let r = ui
            .add(egui::DragValue::new(&mut scene.seed).range(0..=u32::MAX as u64))
            .labelled_by(label.id)
            .on_hover_text("Fixes the data, the first weights and the shuffling.");
        changed |= settled(&r);
        if ui
            .button("Regenerate")
            .on_hover_text("Draws new data and new weights (next seed).")
            .clicked()
        {
            scene.seed = scene.seed.wrapping_add(1);
            changed = true;
        }
    });
    if changed && scene != *parts.scene {
        *parts.edit = Some((scene, "Data"));
    }
}

/// A slider or drag value changed and the user let go.
fn settled(r: &egui::Response) -> bool {
    r.drag_stopped() || (r.changed() && !r.dragged())
}

fn features_ui(parts: &mut AppParts<'_>, ui: &mut egui::Ui) {
    let columns: Vec<String> = match (parts.scene.data.dataset, parts.snapshot) {
        (Some(kind), _) => Generator::new(kind, 0.0)
            .columns()
            .iter()
            .map(|c| c.to_string())
            .collect(),
        (None, Some(_)) | (None, None) => parts.scene.data.features.clone(),
    };
    // The plane's datasets offer TF Playground's feature maps; the others their columns.
    let plane = columns.iter().all(|c| c == "x" || c == "y");
    let names: Vec<String> = if plane {
        PLAYGROUND_FEATURES
            .iter()
            .map(|s| s.to_string())
            .filter(|f| Feature::parse(f, &columns).is_ok())
            .collect()
    } else {
        columns.clone()
    };
    let region = parts.snapshot.map_or(
        Region {
            x: (-6.0, 6.0),
            y: (-6.0, 6.0),
        },
        |s| s.region,
    );
    let feature_box = ((ui.available_width() - 18.0) / 4.0).clamp(24.0, 44.0);
    let mut chosen = parts.scene.data.features.clone();
    egui::Grid::new("features")
        .spacing(vec2(4.0, 4.0))
        .show(ui, |ui| {
            for (k, name) in names.iter().enumerate() {
                let on = chosen.contains(name);
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
                    if let Ok(feature) = Feature::parse(name, &columns) {
                        paint_feature(ui, rect, feature, region, on);
                    }
                    let response = response
                        .on_hover_text(format!("Input feature {name}: click to use it or not."));
                    if response.clicked() {
                        if on && chosen.len() > 1 {
                            chosen.retain(|f| f != name);
                        } else if !on {
                            chosen.push(name.clone());
                        }
                    }
                    ui.label(egui::RichText::new(name).small());
                });
                if k % 4 == 3 {
                    ui.end_row();
                }
            }
        });
    if chosen != parts.scene.data.features {
        let order = |f: &String| names.iter().position(|n| n == f).unwrap_or(usize::MAX);
        chosen.sort_by_key(order);
        let mut scene = parts.scene.clone();
        scene.data.features = chosen;
        scene.model = None;
        *parts.edit = Some((scene, "Input features"));
    }
}

/// Paints a feature's value over the region (the plane of the first two columns), scaled by its
/// largest magnitude; a feature of other columns does not vary over that plane and is drawn plain.
pub(super) fn paint_feature(ui: &egui::Ui, rect: Rect, feature: Feature, region: Region, on: bool) {
    if feature.last_column() >= 2 {
        let painter = ui.painter_at(rect);
        painter.rect_filled(
            rect,
            0.0,
            if on {
                palette::NEUTRAL
            } else {
                palette::NEUTRAL.gamma_multiply(0.35)
            },
        );
        let stroke = selection_stroke(on);
        painter.rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Inside);
        return;
    }
    let n = FEATURE_CELLS;
    let cell = rect.width() / n as f32;
    let values: Vec<f64> = (0..n * n)
        .map(|k| {
            let (row, col) = (k / n, k % n);
            let x = region.x.0 + (col as f64 + 0.5) / n as f64 * (region.x.1 - region.x.0);
            let y = region.y.1 - (row as f64 + 0.5) / n as f64 * (region.y.1 - region.y.0);
            feature.eval(&[x, y])
        })
        .collect();
    let m = values.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-12);
    let painter = ui.painter_at(rect);
    for (k, v) in values.iter().enumerate() {
        let (row, col) = (k / n, k % n);
        let min = pos2(
            rect.left() + col as f32 * cell,
            rect.top() + row as f32 * cell,
        );
        let mut colour = palette::diverging(v / m, false);
        if !on {
            colour = colour.gamma_multiply(0.35);
        }
        painter.rect_filled(
            Rect::from_min_size(min, Vec2::splat(cell + 0.5)),
            0.0,
            colour,
        );
    }
    let stroke = selection_stroke(on);
    painter.rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Inside);
}

/// The outline of a chosen (thick, black) or unchosen (thin, grey) box.
fn selection_stroke(chosen: bool) -> Stroke {
    if chosen {
        Stroke::new(3.0, Color32::BLACK)
    } else {
        Stroke::new(1.0, Color32::GRAY)
    }
}
