//! The input features' small maps as textures, made again only when the region, the data's
//! columns or the features on offer change. Painted as 14 x 14 filled rectangles, each feature's map was
//! some 2,000 triangles, drawn twice a frame (data panel and network inputs); a picture is two.

use crate::engine::boundary::Region;
use crate::engine::data::Feature;
use crate::worker::Snapshot;
use crate::worker::pictures::palette;
use egui::{ColorImage, TextureHandle, TextureOptions};

/// Cells per side of a feature's small map.
const CELLS: usize = 14;

/// The features' maps for the region they were made for.
#[derive(Default)]
pub struct FeaturePictures {
    region: Option<Region>,
    /// The data's columns the features were read against.
    columns: Vec<String>,
    /// Per feature name: its map, or `None` for a feature that does not vary over the plane of
    /// the first two columns (drawn plain).
    pictures: Vec<(String, Option<TextureHandle>)>,
}

impl FeaturePictures {
    /// Makes the maps of the features the snapshot's scene offers or uses, unless they are
    /// already made for its region and columns.
    pub fn update(&mut self, ctx: &egui::Context, snapshot: &Snapshot) {
        let scene = &snapshot.scene;
        let mut names = scene.offered_features();
        for name in &scene.data.features {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        let same_names = names.len() == self.pictures.len()
            && names.iter().zip(&self.pictures).all(|(a, (b, _))| a == b);
        let columns = scene.data_columns();
        if same_names && self.region == Some(snapshot.region) && self.columns == columns {
            return;
        }
        self.region = Some(snapshot.region);
        self.pictures = names
            .into_iter()
            .map(|name| {
                let texture = Feature::parse(&name, &columns)
                    .ok()
                    .and_then(|feature| feature_image(feature, snapshot.region))
                    .map(|image| {
                        let label = format!("feature-{name}");
                        ctx.load_texture(label, image, TextureOptions::NEAREST)
                    });
                (name, texture)
            })
            .collect();
        self.columns = columns;
    }

    /// The map of the feature called `name`, if it has one.
    pub fn get(&self, name: &str) -> Option<&TextureHandle> {
        self.pictures
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, texture)| texture.as_ref())
    }
}

/// A feature's value over the region (the plane of the first two columns, y up), scaled by its
/// largest magnitude; `None` for a feature of other columns, which does not vary over it.
pub fn feature_image(feature: Feature, region: Region) -> Option<ColorImage> {
    if feature.last_column() >= 2 {
        return None;
    }
    let values: Vec<f64> = (0..CELLS * CELLS)
        .map(|k| {
            let (row, col) = (k / CELLS, k % CELLS);
            let x = region.x.0 + (col as f64 + 0.5) / CELLS as f64 * (region.x.1 - region.x.0);
            let y = region.y.1 - (row as f64 + 0.5) / CELLS as f64 * (region.y.1 - region.y.0);
            feature.eval(&[x, y])
        })
        .collect();
    let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-12);
    let pixels = values
        .iter()
        .map(|v| palette::diverging(v / largest, false))
        .collect();
    Some(ColorImage::new([CELLS, CELLS], pixels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_x_feature_runs_from_one_end_of_the_palette_to_the_other_left_to_right() {
        let columns = ["x".to_string(), "y".to_string()];
        let region = Region {
            x: (-6.0, 6.0),
            y: (-6.0, 6.0),
        };
        let image = feature_image(Feature::parse("x", &columns).unwrap(), region).unwrap();
        assert_eq!(image.size, [CELLS, CELLS]);
        let (left, right) = (image.pixels[0], image.pixels[CELLS - 1]);
        assert_eq!(left, palette::diverging(-1.0, false));
        assert_eq!(right, palette::diverging(1.0, false));
        assert_eq!(
            image.pixels[CELLS * (CELLS - 1)],
            left,
            "x does not vary with y"
        );
    }

    #[test]
    fn a_feature_of_a_third_column_has_no_map() {
        let columns = ["x".to_string(), "y".to_string(), "z".to_string()];
        let region = Region {
            x: (0.0, 1.0),
            y: (0.0, 1.0),
        };
        assert!(feature_image(Feature::parse("z", &columns).unwrap(), region).is_none());
    }
}
