//! Scatter points drawn into one picture on the CPU, uploaded as a texture and kept while the
//! points and the map's place on screen stay the same (while training, they do): the GPU then
//! draws one quad. As egui circles, the output map's 2,500 points took about 7 ms of every
//! frame of the top-tagging window under Mesa's software renderer; as two textured quads a
//! point (10,000 triangles) it was still the largest mesh of the frame. Drawing them here is a
//! few milliseconds, and only when they change.

use egui::{Color32, ColorImage, Painter, Pos2, Rect, Stroke, TextureHandle, TextureOptions, Vec2};

/// One disc to draw: centre and radius in points.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Disc {
    centre: Pos2,
    radius: f32,
    colour: Color32,
}

/// Points collected for one picture, painted in the order they were added.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dots {
    discs: Vec<Disc>,
}

impl Dots {
    /// A point as `painter.circle(centre, radius, fill, outline)` draws it: a fill of
    /// `radius` with an outline of `outline.width` centred on its rim.
    pub fn add(&mut self, centre: Pos2, radius: f32, fill: Color32, outline: Stroke) {
        let half = outline.width / 2.0;
        if outline.width > 0.0 && outline.color.a() > 0 {
            self.discs.push(Disc {
                centre,
                radius: radius + half,
                colour: outline.color,
            });
        }
        self.discs.push(Disc {
            centre,
            radius: (radius - half).max(0.0),
            colour: fill,
        });
    }

    /// The points drawn over a transparent picture of `size` pixels whose top-left corner is
    /// `corner` (in pixels) on a screen of `pixels_per_point`, each disc's edge anti-aliased
    /// over one pixel, blended over the earlier ones (premultiplied alpha).
    pub fn image(&self, corner: Vec2, pixels_per_point: f32, size: [usize; 2]) -> ColorImage {
        let [width, height] = size;
        let mut pixels = vec![Color32::TRANSPARENT; width * height];
        for disc in &self.discs {
            let centre = (disc.centre.to_vec2() * pixels_per_point - corner).to_pos2();
            let radius = disc.radius * pixels_per_point;
            let reach = radius + 0.5;
            let span = |centre: f32, end: usize| {
                let from = (centre - reach).floor().max(0.0) as usize;
                let to = ((centre + reach).ceil().max(0.0) as usize).min(end);
                from..to
            };
            for y in span(centre.y, height) {
                for x in span(centre.x, width) {
                    let distance = (x as f32 + 0.5 - centre.x).hypot(y as f32 + 0.5 - centre.y);
                    let coverage = (radius + 0.5 - distance).clamp(0.0, 1.0);
                    if coverage > 0.0 {
                        let pixel = &mut pixels[y * width + x];
                        *pixel = over(disc.colour.gamma_multiply(coverage), *pixel);
                    }
                }
            }
        }
        ColorImage::new(size, pixels)
    }
}

/// `top` over `bottom`, both premultiplied.
fn over(top: Color32, bottom: Color32) -> Color32 {
    let keep = 255 - u16::from(top.a());
    let mix = |t: u8, b: u8| (u16::from(t) + (u16::from(b) * keep + 127) / 255).min(255) as u8;
    Color32::from_rgba_premultiplied(
        mix(top.r(), bottom.r()),
        mix(top.g(), bottom.g()),
        mix(top.b(), bottom.b()),
        mix(top.a(), bottom.a()),
    )
}

/// The points' picture as a texture, drawn again only when the points or the place change.
#[derive(Default)]
pub struct DotLayer {
    drawn: Option<(Picture, TextureHandle)>,
}

/// What a drawn picture shows: the points and where the picture is, in pixels.
#[derive(PartialEq)]
struct Picture {
    dots: Dots,
    corner: Vec2,
    pixels_per_point: f32,
    size: [usize; 2],
}

impl DotLayer {
    /// Paints `dots` over `frame` (cut to it) with `painter`, drawing and uploading the
    /// picture only if it would differ from the last call's.
    pub fn paint(&mut self, painter: &Painter, frame: Rect, dots: Dots) {
        let pixels_per_point = painter.pixels_per_point();
        let picture = Picture {
            dots,
            // Texels on screen pixels, so that nearest filtering copies them exactly.
            corner: (frame.min.to_vec2() * pixels_per_point).round(),
            pixels_per_point,
            size: [
                (frame.width() * pixels_per_point).round().max(1.0) as usize,
                (frame.height() * pixels_per_point).round().max(1.0) as usize,
            ],
        };
        if !matches!(&self.drawn, Some((drawn, _)) if *drawn == picture) {
            let image = picture
                .dots
                .image(picture.corner, pixels_per_point, picture.size);
            let texture = match self.drawn.take() {
                Some((_, mut texture)) => {
                    texture.set(image, TextureOptions::NEAREST);
                    texture
                }
                None => {
                    painter
                        .ctx()
                        .load_texture("scatter-points", image, TextureOptions::NEAREST)
                }
            };
            self.drawn = Some((picture, texture));
        }
        if let Some((picture, texture)) = &self.drawn {
            let min = (picture.corner / pixels_per_point).to_pos2();
            let [w, h] = picture.size;
            let extent = egui::vec2(w as f32, h as f32) / pixels_per_point;
            let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
            painter.image(
                texture.id(),
                Rect::from_min_size(min, extent),
                uv,
                Color32::WHITE,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_its_fill_inside_its_outline_and_clear_outside() {
        let mut dots = Dots::default();
        let outline = Stroke::new(2.0, Color32::WHITE);
        // Centred on pixel (10, 10)'s centre.
        dots.add(Pos2::new(10.5, 10.5), 5.0, Color32::RED, outline);
        let image = dots.image(Vec2::ZERO, 1.0, [20, 20]);
        let at = |x: usize, y: usize| image.pixels[y * 20 + x];
        assert_eq!(at(10, 10), Color32::RED);
        assert_eq!(at(0, 0), Color32::TRANSPARENT);
        // 5 pixels from the centre: on the outline (radius 4 to 6).
        assert_eq!(at(15, 10), Color32::WHITE);
        // 6 pixels out, on the outline's rim: half covered.
        let rim = at(16, 10);
        assert!(rim.a() > 0 && rim.a() < 255, "{rim:?}");
    }

    #[test]
    fn points_off_the_picture_are_cut_and_later_points_cover_earlier_ones() {
        let mut dots = Dots::default();
        let none = Stroke::new(0.0, Color32::TRANSPARENT);
        dots.add(Pos2::new(-3.0, 4.0), 4.0, Color32::BLUE, none);
        dots.add(Pos2::new(2.0, 4.0), 4.0, Color32::GREEN, none);
        dots.add(Pos2::new(100.0, 4.0), 4.0, Color32::GREEN, none);
        let image = dots.image(Vec2::ZERO, 1.0, [8, 8]);
        assert_eq!(image.pixels[4 * 8 + 1], Color32::GREEN);
        assert_eq!(image.pixels[4 * 8 + 7], Color32::TRANSPARENT);
    }
}
