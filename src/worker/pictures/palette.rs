//! The colour language of `engine::colours` in the window's colour type, and the pictures
//! painted with it.

use crate::engine::colours::{self, Rgb};
use egui::{Color32, ColorImage};

/// The window's form of a shared colour.
pub const fn colour(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// TF Playground's orange: negative values, class 0.
pub const NEGATIVE: Color32 = colour(colours::NEGATIVE);
/// TF Playground's blue: positive values, class 1.
pub const POSITIVE: Color32 = colour(colours::POSITIVE);
/// The neutral middle of the scale.
pub const NEUTRAL: Color32 = colour(colours::NEUTRAL);
/// What a NaN or infinite value is drawn as.
pub const NOT_FINITE: Color32 = colour(colours::NOT_FINITE);

/// The colour of class `k`.
pub fn class_colour(k: usize) -> Color32 {
    colour(colours::class_colour(k))
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// The colour of `v` on the diverging scale: -1 orange, 0 neutral, +1 blue (clamped).
/// With `discrete`, only the sign counts.
pub fn diverging(v: f64, discrete: bool) -> Color32 {
    if !v.is_finite() {
        return NOT_FINITE;
    }
    let t = if discrete {
        v.signum()
    } else {
        v.clamp(-1.0, 1.0)
    } as f32;
    if t < 0.0 {
        lerp(NEUTRAL, NEGATIVE, -t)
    } else {
        lerp(NEUTRAL, POSITIVE, t)
    }
}

/// A `size x size` image of values already scaled to [-1, 1] (row 0 at the top), coloured at
/// `intensity` (1 full colour; less keeps points drawn on top easy to see).
pub fn image(values: &[f64], size: usize, discrete: bool, intensity: f64) -> ColorImage {
    let pixels = values
        .iter()
        .map(|&v| {
            let v = if discrete && v.is_finite() {
                v.signum()
            } else {
                v
            };
            diverging(v * intensity, false)
        })
        .collect();
    ColorImage::new([size, size], pixels)
}

/// A `size x size` image of a K-class map from each cell's K logits: the colour of the most
/// probable class, from neutral (all classes equally likely) to full colour (certain) at
/// `intensity`; with `discrete`, full colour everywhere.
pub fn class_image(
    logits: &[f64],
    classes: usize,
    size: usize,
    discrete: bool,
    intensity: f64,
) -> ColorImage {
    let classes = classes.max(1);
    let pixels = logits
        .chunks_exact(classes)
        .map(|cell| {
            if cell.iter().any(|v| !v.is_finite()) {
                return NOT_FINITE;
            }
            let (best, top) = cell
                .iter()
                .enumerate()
                .fold(
                    (0, f64::NEG_INFINITY),
                    |b, (k, &v)| if v > b.1 { (k, v) } else { b },
                );
            let total: f64 = cell.iter().map(|&v| (v - top).exp()).sum();
            let chance = 1.0 / classes as f64;
            let confidence = ((1.0 / total - chance) / (1.0 - chance)).clamp(0.0, 1.0);
            let t = if discrete { 1.0 } else { confidence };
            lerp(NEUTRAL, class_colour(best), (t * intensity) as f32)
        })
        .collect();
    ColorImage::new([size, size], pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_map_takes_the_likeliest_class_and_fades_with_doubt() {
        let logits = [
            0.0,
            0.0,
            9.0,
            1.0,
            1.0,
            1.0,
            0.0,
            30.0,
            0.0,
            f64::NAN,
            0.0,
            0.0,
        ];
        let image = class_image(&logits, 3, 2, false, 1.0);
        let near = |a: Color32, b: Color32| {
            a.to_array()
                .iter()
                .zip(b.to_array())
                .all(|(x, y)| x.abs_diff(y) <= 1)
        };
        assert!(near(image.pixels[0], class_colour(2)), "sure of class 2");
        assert_eq!(image.pixels[1], NEUTRAL, "all classes equally likely");
        assert_eq!(image.pixels[2], class_colour(1));
        assert_eq!(image.pixels[3], NOT_FINITE);
        let flat = class_image(&logits[3..6].repeat(4), 3, 2, true, 1.0);
        assert_eq!(
            flat.pixels[0],
            class_colour(0),
            "discrete: full colour, ties to the first"
        );
    }

    #[test]
    fn ends_and_middle_of_the_scale() {
        assert_eq!(diverging(-1.0, false), NEGATIVE);
        assert_eq!(diverging(1.0, false), POSITIVE);
        assert_eq!(diverging(0.0, false), NEUTRAL);
        assert_eq!(diverging(5.0, false), POSITIVE);
        assert_eq!(diverging(0.01, true), POSITIVE);
        assert_eq!(diverging(f64::NAN, false), NOT_FINITE);
        assert_eq!(diverging(f64::NEG_INFINITY, false), NOT_FINITE);
    }
}
