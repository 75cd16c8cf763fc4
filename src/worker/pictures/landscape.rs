//! The loss-landscape picture of a straight-line model: a contour map of the loss over (m, b)
//! around the least-squares line, built once per dataset on the trainer thread.

use crate::engine::landscape::LineLandscape;
use crate::engine::train::Session;
use egui::{Color32, ColorImage};

/// Pixels per side of the picture.
const SIZE: usize = 160;
/// Contour lines drawn, evenly spaced in log(loss - minimum) up to the region's corners.
const CONTOURS: usize = 10;
/// Points per contour line.
const CONTOUR_POINTS: usize = 160;

/// The contour map and what is drawn on it.
#[derive(Clone, Debug)]
pub struct LandscapeView {
    /// The log-loss over the region, dark where low.
    pub image: ColorImage,
    /// Lines of equal loss (ellipses around the minimum).
    pub contours: Vec<Vec<[f64; 2]>>,
    /// Slope range (x axis).
    pub m: (f64, f64),
    /// Intercept range (y axis).
    pub b: (f64, f64),
    /// The least-squares line (m, b).
    pub minimum: [f64; 2],
    /// The largest full-batch learning rate that still converges.
    pub stable_learning_rate: f64,
}

/// The view for a straight-line session (None for any other network): a square region
/// centred on the minimum that contains the starting point.
pub fn view(session: &Session) -> Option<LandscapeView> {
    let start = *session.descent_path()?.first()?;
    let train = &session.splits().train;
    let landscape = LineLandscape::of_points(&train.inputs.to_double(), &train.targets)?;
    let (m0, b0) = landscape.minimum()?;
    let half = ((start[0] - m0).abs().max((start[1] - b0).abs()) * 1.3).max(1.0);
    let (m, b) = ((m0 - half, m0 + half), (b0 - half, b0 + half));
    let mut log_loss = Vec::with_capacity(SIZE * SIZE);
    for row in 0..SIZE {
        let bv = b.1 - (row as f64 + 0.5) / SIZE as f64 * (b.1 - b.0);
        for col in 0..SIZE {
            let mv = m.0 + (col as f64 + 0.5) / SIZE as f64 * (m.1 - m.0);
            log_loss.push(landscape.loss(mv, bv).max(1e-300).log10());
        }
    }
    let low = landscape.loss(m0, b0).max(1e-300).log10();
    let high = log_loss.iter().copied().fold(low, f64::max);
    let span = (high - low).max(1e-9);
    let pixels = log_loss.iter().map(|&v| shade((v - low) / span)).collect();
    let lowest = landscape.loss(m0, b0);
    let excess_at_corner = landscape.loss(m.1, b.1).max(landscape.loss(m.0, b.1)) - lowest;
    let contours = (1..=CONTOURS)
        .map(|k| {
            let level = lowest + excess_at_corner * 0.5f64.powf((CONTOURS - k) as f64 * 0.75);
            landscape.contour(level, CONTOUR_POINTS)
        })
        .collect();
    Some(LandscapeView {
        image: ColorImage::new([SIZE, SIZE], pixels),
        contours,
        m,
        b,
        minimum: [m0, b0],
        stable_learning_rate: landscape.stable_learning_rate(),
    })
}

/// A light-to-dark blue ramp: dark where the loss is low.
fn shade(t: f64) -> Color32 {
    let light = 0.35 + 0.6 * t.clamp(0.0, 1.0).sqrt();
    let channel = |base: f64| (255.0 * (base * light).clamp(0.0, 1.0)) as u8;
    Color32::from_rgb(channel(0.85), channel(0.92), channel(1.0))
}
