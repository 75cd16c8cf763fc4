//! The network's links as textured quads: each link is one quad of a small texture whose rows
//! hold a line's cross-section at a range of widths, anti-aliased over one screen pixel as
//! egui's own strokes are. egui's `line_segment` feathers a stroke into three strips, and long
//! thin triangles are what Mesa's software renderer is slowest at: the 824 links drawn for the
//! top-tagging network took about 180 ms of every frame's rendering there (2.2 frames/s; with
//! the links as plain quads 3.6, without links 4.6), and tessellating them was a third of the
//! window's own frame time. Two triangles a link, in one mesh, cost about as much as plain quads.

use egui::{Color32, ColorImage, Mesh, Painter, Pos2, Shape, Stroke, TextureId, epaint::Vertex};

/// Texels across a line, from one side of its quad to the other.
const ACROSS: usize = 32;

/// The step in screen pixels between the widths of two neighbouring rows.
const STEP: f32 = 0.25;

/// Rows of the texture: widths `STEP, 2 STEP, … ROWS STEP` screen pixels.
const ROWS: usize = 80;

/// The width in screen pixels over which a line's edge fades out.
const FADE: f32 = 1.0;

/// Half the quad's width in screen pixels for a line `width` pixels wide: half the line (at
/// least a pixel wide; thinner lines are fainter instead, as in egui) and the outer half of
/// its fade, where the coverage reaches zero (the quad is no wider than the line's visible
/// part: every pixel it covers costs a software renderer as much as a visible one).
fn half_extent(width: f32) -> f32 {
    (width.max(1.0) + FADE) / 2.0
}

/// The texture coordinate across the quad of its first texel's centre (the last's is
/// `1 - EDGE_U`): between the two, bilinear filtering interpolates the profile exactly.
const EDGE_U: f32 = 0.5 / ACROSS as f32;

/// The row of the texture for a line `width` screen pixels wide.
fn row_of(width: f32) -> usize {
    ((width / STEP).round() as usize).clamp(1, ROWS) - 1
}

/// The width in screen pixels that row `row` holds.
fn width_of(row: usize) -> f32 {
    (row + 1) as f32 * STEP
}

/// The line profiles: row `r` is the cross-section of a white line `width_of(r)` screen
/// pixels wide, its alpha the share of a pixel the line covers. The first and last texels'
/// centres lie on the quad's two edges (see [`EDGE_U`]), so the fade ends at zero there.
pub fn profile_image() -> ColorImage {
    let pixels = (0..ROWS * ACROSS)
        .map(|k| {
            let (row, texel) = (k / ACROSS, k % ACROSS);
            let width = width_of(row);
            let from_centre =
                (texel as f32 / (ACROSS - 1) as f32 * 2.0 - 1.0).abs() * half_extent(width);
            let core = width.max(1.0);
            let coverage = width.min(1.0) * (core / 2.0 + FADE / 2.0 - from_centre).clamp(0.0, 1.0);
            Color32::from_white_alpha((coverage * 255.0).round() as u8)
        })
        .collect();
    ColorImage::new([ACROSS, ROWS], pixels)
}

/// Straight links collected into one mesh, painted in the order they were added.
pub struct Links {
    mesh: Mesh,
    pixels_per_point: f32,
}

impl Links {
    /// An empty set of links drawn with the profile texture `texture` (see [`profile_image`])
    /// on a screen of `pixels_per_point`.
    pub fn new(texture: TextureId, pixels_per_point: f32) -> Self {
        Links {
            mesh: Mesh::with_texture(texture),
            pixels_per_point,
        }
    }

    /// A link as `painter.line_segment([from, to], stroke)` draws it (width rounded to a
    /// quarter of a screen pixel).
    pub fn add(&mut self, from: Pos2, to: Pos2, stroke: Stroke) {
        let along = to - from;
        if along.length_sq() == 0.0 || !along.is_finite() {
            return;
        }
        let row = row_of(stroke.width * self.pixels_per_point);
        let half = half_extent(width_of(row)) / self.pixels_per_point;
        let side = along.normalized().rot90() * half;
        let v = (row as f32 + 0.5) / ROWS as f32;
        let first = self.mesh.vertices.len() as u32;
        for (pos, u) in [
            (from + side, EDGE_U),
            (from - side, 1.0 - EDGE_U),
            (to - side, 1.0 - EDGE_U),
            (to + side, EDGE_U),
        ] {
            self.mesh.vertices.push(Vertex {
                pos,
                uv: Pos2::new(u, v),
                color: stroke.color,
            });
        }
        self.mesh.add_triangle(first, first + 1, first + 2);
        self.mesh.add_triangle(first, first + 2, first + 3);
    }

    /// Paints every link with `painter` (and its clip rectangle).
    pub fn paint(self, painter: &Painter) {
        if !self.mesh.is_empty() {
            painter.add(Shape::mesh(self.mesh));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alpha(image: &ColorImage, row: usize, texel: usize) -> u8 {
        image.pixels[row * ACROSS + texel].a()
    }

    #[test]
    fn a_wide_line_is_opaque_in_its_middle_and_clear_at_its_quads_edges() {
        let image = profile_image();
        let row = row_of(4.0);
        assert_eq!(alpha(&image, row, ACROSS / 2), 255);
        assert_eq!(alpha(&image, row, 0), 0);
        assert_eq!(alpha(&image, row, ACROSS - 1), 0);
        let fading: Vec<u8> = (0..ACROSS / 2).map(|t| alpha(&image, row, t)).collect();
        assert!(
            fading.windows(2).all(|pair| pair[0] <= pair[1]),
            "{fading:?}"
        );
        assert!(fading.iter().any(|&a| a > 0 && a < 255), "{fading:?}");
    }

    #[test]
    fn a_line_thinner_than_a_pixel_is_fainter_not_thinner() {
        let image = profile_image();
        let (thin, one) = (row_of(0.5), row_of(1.0));
        let peak = |row| (0..ACROSS).map(|t| alpha(&image, row, t)).max().unwrap();
        assert!(peak(thin) > 100 && peak(thin) < 140, "{}", peak(thin));
        assert!(peak(one) > 230, "{}", peak(one));
    }

    #[test]
    fn each_link_is_one_quad_as_wide_as_its_line_and_fade() {
        let mut links = Links::new(TextureId::default(), 2.0);
        let stroke = Stroke::new(3.0, Color32::RED);
        links.add(Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0), stroke);
        links.add(Pos2::new(5.0, 5.0), Pos2::new(5.0, 5.0), stroke);
        assert_eq!(
            (links.mesh.vertices.len(), links.mesh.indices.len()),
            (4, 6)
        );
        let across = links.mesh.vertices[0].pos.y - links.mesh.vertices[1].pos.y;
        // 3 points are 6 pixels: the quad spans 6 + FADE pixels, 3.5 points.
        assert!((across.abs() - 3.5).abs() < 1e-5, "{across}");
        assert!(links.mesh.vertices.iter().all(|v| v.color == Color32::RED));
    }
}
