//! Scatter points as textured quads: each point is an outline disc and a fill disc, two quads
//! of one small disc texture tinted by their vertex colours, all in one mesh. egui's
//! `circle` tessellates each point into some hundred anti-aliased vertices: the output map's
//! 2,500 points took about 7 ms of every frame of the top-tagging window under Mesa's software
//! renderer (12.8 ms with them, 5 ms without); eight vertices a point make it a fraction of that.

use egui::{Color32, ColorImage, Mesh, Painter, Pos2, Rect, Shape, Stroke, TextureId, vec2};

/// The disc texture's side in texels.
const SIDE: usize = 32;

/// The width in texels over which the disc's edge fades out (about a screen pixel at the
/// points' usual size of 10 to 12 pixels across).
const EDGE: f32 = 2.5;

/// The disc's radius in texels: where its edge is half covered.
const RADIUS: f32 = SIDE as f32 / 2.0 - EDGE / 2.0;

/// A white disc filling the texture, its edge anti-aliased; tinted by a vertex colour, it
/// becomes a disc of that colour.
pub fn disc_image() -> ColorImage {
    let centre = (SIDE as f32 - 1.0) / 2.0;
    let pixels = (0..SIDE * SIDE)
        .map(|k| {
            let (x, y) = ((k % SIDE) as f32 - centre, (k / SIDE) as f32 - centre);
            let coverage = ((RADIUS - x.hypot(y)) / EDGE + 0.5).clamp(0.0, 1.0);
            Color32::from_white_alpha((coverage * 255.0).round() as u8)
        })
        .collect();
    ColorImage::new([SIDE, SIDE], pixels)
}

/// Points collected into one mesh, painted in the order they were added.
pub struct Dots {
    mesh: Mesh,
}

impl Dots {
    /// An empty set of points drawn with the disc texture `texture` (see [`disc_image`]).
    pub fn new(texture: TextureId) -> Self {
        Dots {
            mesh: Mesh::with_texture(texture),
        }
    }

    /// A point as `painter.circle(centre, radius, fill, outline)` draws it: a fill of
    /// `radius` with an outline of `outline.width` centred on its rim.
    pub fn add(&mut self, centre: Pos2, radius: f32, fill: Color32, outline: Stroke) {
        let half = outline.width / 2.0;
        self.disc(centre, radius + half, outline.color);
        self.disc(centre, (radius - half).max(0.0), fill);
    }

    fn disc(&mut self, centre: Pos2, radius: f32, colour: Color32) {
        let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
        // The quad is a little larger than the disc, whose rim fades out inside it.
        let side = radius * SIDE as f32 / RADIUS;
        let rect = Rect::from_center_size(centre, vec2(side, side));
        self.mesh.add_rect_with_uv(rect, uv, colour);
    }

    /// Paints every point with `painter` (and its clip rectangle).
    pub fn paint(self, painter: &Painter) {
        if !self.mesh.is_empty() {
            painter.add(Shape::mesh(self.mesh));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disc_is_opaque_inside_clear_outside_and_soft_at_its_rim() {
        let image = disc_image();
        let alpha = |x: usize, y: usize| image.pixels[y * SIDE + x].a();
        assert_eq!(alpha(SIDE / 2, SIDE / 2), 255);
        assert_eq!(alpha(0, 0), 0);
        let rim = alpha(0, SIDE / 2);
        assert!(rim > 0 && rim < 255, "{rim}");
    }

    #[test]
    fn each_point_is_two_quads_outline_first() {
        let mut dots = Dots::new(TextureId::default());
        let outline = Stroke::new(1.0, Color32::WHITE);
        dots.add(Pos2::new(10.0, 10.0), 4.0, Color32::RED, outline);
        assert_eq!((dots.mesh.vertices.len(), dots.mesh.indices.len()), (8, 12));
        assert_eq!(dots.mesh.vertices[0].color, Color32::WHITE);
        assert_eq!(dots.mesh.vertices[4].color, Color32::RED);
        let width = |v: &[egui::epaint::Vertex]| v[1].pos.x - v[0].pos.x;
        let scale = SIDE as f32 / 2.0 / RADIUS;
        assert!((width(&dots.mesh.vertices[..4]).abs() - 9.0 * scale).abs() < 1e-4);
        assert!((width(&dots.mesh.vertices[4..]).abs() - 7.0 * scale).abs() < 1e-4);
    }
}
