//! GPU textures for the maps, updated only when a new snapshot arrives.

use crate::worker::{LandscapeView, Snapshot};
use egui::{ColorImage, TextureHandle, TextureOptions};
use std::sync::Arc;

/// The output map's texture and one per neuron.
#[derive(Default)]
pub struct Textures {
    /// The output (or focused neuron) map.
    pub output: Option<TextureHandle>,
    /// Per layer, per neuron.
    pub neurons: Vec<Vec<TextureHandle>>,
    /// The loss landscape of a straight-line model.
    pub landscape: Option<TextureHandle>,
    /// The landscape picture the texture shows (uploaded again only when it changes).
    landscape_source: Option<Arc<LandscapeView>>,
    /// The disc every scatter point is drawn with (see `dots`), made once.
    pub disc: Option<TextureHandle>,
}

fn put(slot: &mut Option<TextureHandle>, ctx: &egui::Context, name: &str, image: &ColorImage) {
    match slot {
        Some(handle) => handle.set(image.clone(), TextureOptions::LINEAR),
        None => *slot = Some(ctx.load_texture(name, image.clone(), TextureOptions::LINEAR)),
    }
}

impl Textures {
    /// Uploads the images of a new snapshot, reusing the textures where the shapes match.
    pub fn update(&mut self, ctx: &egui::Context, snapshot: &Snapshot) {
        if self.disc.is_none() {
            let image = super::dots::disc_image();
            self.disc = Some(ctx.load_texture("point-disc", image, TextureOptions::LINEAR));
        }
        put(&mut self.output, ctx, "output-map", &snapshot.output_image);
        let same = match (&self.landscape_source, &snapshot.landscape) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same {
            self.landscape_source = snapshot.landscape.clone();
            match &snapshot.landscape {
                Some(view) => put(&mut self.landscape, ctx, "loss-landscape", &view.image),
                None => self.landscape = None,
            }
        }
        let layers = &snapshot.neuron_images;
        self.neurons.resize_with(layers.len(), Vec::new);
        for (l, (handles, images)) in self.neurons.iter_mut().zip(layers.iter()).enumerate() {
            handles.truncate(images.len());
            for (n, image) in images.iter().enumerate() {
                match handles.get_mut(n) {
                    Some(h) => h.set(image.clone(), TextureOptions::LINEAR),
                    None => handles.push(ctx.load_texture(
                        format!("neuron-{l}-{n}"),
                        image.clone(),
                        TextureOptions::LINEAR,
                    )),
                }
            }
        }
    }
}
