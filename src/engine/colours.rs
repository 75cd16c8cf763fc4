//! The colour language shared by the window and the saved figures: TF Playground's orange for
//! negative values and class 0, its blue for positive values and class 1, a light neutral
//! between them, and the learning curves' colours.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, as SVG writes it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// The colour `t` of the way from `self` to `other` (0 self, 1 other).
    pub fn mix(self, other: Rgb, t: f32) -> Rgb {
        let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// TF Playground's orange: negative values, class 0.
pub const NEGATIVE: Rgb = Rgb(0xf5, 0x93, 0x22);
/// TF Playground's blue: positive values, class 1.
pub const POSITIVE: Rgb = Rgb(0x08, 0x77, 0xbd);
/// The neutral middle of the scale.
pub const NEUTRAL: Rgb = Rgb(0xe8, 0xea, 0xeb);
/// What a NaN or infinite value is drawn as.
pub const NOT_FINITE: Rgb = Rgb(0x80, 0x80, 0x80);
/// The training curves.
pub const TRAIN: Rgb = Rgb(0x33, 0x33, 0x33);
/// The validation curves.
pub const VALIDATION: Rgb = Rgb(0x00, 0x9e, 0x73);
/// The test curves.
pub const TEST: Rgb = POSITIVE;
/// Marks: the chosen threshold, the best epoch.
pub const MARK: Rgb = Rgb(0xe0, 0x20, 0x20);
/// Reference lines (chance).
pub const REFERENCE: Rgb = Rgb(0xa0, 0xa0, 0xa0);

/// Distinct colours for classes beyond two (colour-blind-safe Okabe-Ito order after the pair).
pub const CLASS_COLOURS: [Rgb; 8] = [
    NEGATIVE,
    POSITIVE,
    Rgb(0x00, 0x9e, 0x73),
    Rgb(0xcc, 0x79, 0xa7),
    Rgb(0xd5, 0x5e, 0x00),
    Rgb(0x56, 0xb4, 0xe9),
    Rgb(0xf0, 0xe4, 0x42),
    Rgb(0x33, 0x33, 0x33),
];

/// The colour of class `k`.
pub fn class_colour(k: usize) -> Rgb {
    CLASS_COLOURS[k % CLASS_COLOURS.len()]
}
