//! GPU textures for the maps, updated only when a new snapshot arrives.

use crate::worker::{LandscapeView, Snapshot};
use egui::{Color32, ColorImage, Rect, TextureHandle, TextureId, TextureOptions, pos2};
use std::sync::Arc;

/// The output map's texture and one per neuron.
#[derive(Default)]
pub struct Textures {
    /// The output (or focused neuron) map.
    pub output: Option<TextureHandle>,
    /// Every neuron's picture.
    pub neurons: NeuronAtlas,
    /// The loss landscape of a straight-line model.
    pub landscape: Option<TextureHandle>,
    /// The landscape picture the texture shows (uploaded again only when it changes).
    landscape_source: Option<Arc<LandscapeView>>,
    /// The cross-sections every network link is drawn with (see `links`), made once.
    pub line_profile: Option<TextureHandle>,
    /// The input features' small maps.
    pub features: super::feature_pictures::FeaturePictures,
}

fn put(slot: &mut Option<TextureHandle>, ctx: &egui::Context, name: &str, image: ColorImage) {
    match slot {
        Some(handle) => handle.set(image, TextureOptions::LINEAR),
        None => *slot = Some(ctx.load_texture(name, image, TextureOptions::LINEAR)),
    }
}

impl Textures {
    /// Uploads the images of a new snapshot, reusing the textures where the shapes match.
    pub fn update(&mut self, ctx: &egui::Context, snapshot: &Snapshot) {
        if self.line_profile.is_none() {
            let image = super::links::profile_image();
            self.line_profile =
                Some(ctx.load_texture("line-profile", image, TextureOptions::LINEAR));
        }
        put(
            &mut self.output,
            ctx,
            "output-map",
            (*snapshot.output_image).clone(),
        );
        let same = match (&self.landscape_source, &snapshot.landscape) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same {
            self.landscape_source = snapshot.landscape.clone();
            match &snapshot.landscape {
                Some(view) => put(
                    &mut self.landscape,
                    ctx,
                    "loss-landscape",
                    view.image.clone(),
                ),
                None => self.landscape = None,
            }
        }
        self.neurons.pack(ctx, &snapshot.neuron_images);
        self.features.update(ctx, snapshot);
    }
}

/// Every neuron's picture packed side by side into one texture: one upload and one draw call
/// for all of them. With a texture each, a network of ten layers of 64 neurons took 18 ms a
/// frame under Mesa's software renderer, most of it in 640 uploads and draw calls.
#[derive(Default)]
pub struct NeuronAtlas {
    texture: Option<TextureHandle>,
    /// Per layer, per neuron: where its picture is in the texture (texture coordinates).
    places: Vec<Vec<Rect>>,
}

/// Texels between two pictures in the atlas, so that filtering never mixes neighbours.
const ATLAS_GAP: usize = 1;

impl NeuronAtlas {
    /// The texture and texture coordinates of neuron `k` of `layer`'s picture, if it has one.
    pub fn neuron(&self, layer: usize, k: usize) -> Option<(TextureId, Rect)> {
        let place = *self.places.get(layer)?.get(k)?;
        Some((self.texture.as_ref()?.id(), place))
    }

    /// Packs `layers` (per layer, per neuron) into the texture, in rows of a square grid.
    fn pack(&mut self, ctx: &egui::Context, layers: &[Vec<ColorImage>]) {
        let count: usize = layers.iter().map(Vec::len).sum();
        let cell = layers
            .iter()
            .flatten()
            .map(|image| image.size[0].max(image.size[1]))
            .max()
            .unwrap_or(0)
            + ATLAS_GAP;
        self.places.clear();
        if count == 0 || cell <= ATLAS_GAP {
            self.texture = None;
            return;
        }
        let columns = (count as f64).sqrt().ceil() as usize;
        let rows = count.div_ceil(columns);
        let (width, height) = (columns * cell, rows * cell);
        let mut atlas = ColorImage::filled([width, height], Color32::TRANSPARENT);
        let mut index = 0;
        for images in layers {
            let mut places = Vec::with_capacity(images.len());
            for image in images {
                let (x0, y0) = ((index % columns) * cell, (index / columns) * cell);
                let [w, h] = image.size;
                for y in 0..h {
                    let row = &image.pixels[y * w..(y + 1) * w];
                    let start = (y0 + y) * width + x0;
                    atlas.pixels[start..start + w].copy_from_slice(row);
                }
                // Half a texel inside the picture's edge, so that filtering stays within it.
                let texel =
                    |x: usize, y: usize| pos2(x as f32 / width as f32, y as f32 / height as f32);
                let half = egui::vec2(0.5 / width as f32, 0.5 / height as f32);
                places.push(Rect::from_min_max(
                    texel(x0, y0) + half,
                    texel(x0 + w, y0 + h) - half,
                ));
                index += 1;
            }
            self.places.push(places);
        }
        put(&mut self.texture, ctx, "neuron-atlas", atlas);
    }
}
