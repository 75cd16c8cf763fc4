//! SVG to PNG with resvg, text set in the window's own font (Ubuntu Light, bundled with egui):
//! a figure looks the same on every machine, with or without system fonts.

use crate::engine::colours::Rgb;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// The fonts the figures are set in, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
            db.set_sans_serif_family("Ubuntu");
            Arc::new(db)
        })
        .clone()
}

/// The SVG document as PNG bytes, `scale` pixels per point.
pub fn png(svg: &str, scale: f64) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "Ubuntu".into(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("figure: {e}"))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() as f64 * scale).round() as u32,
        (size.height() as f64 * scale).round() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1))
        .ok_or_else(|| format!("figure: no room for {w} x {h} pixels"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| format!("figure: {e}"))
}

/// `pixels` (rows of `width`) as PNG bytes, to embed in a figure; None for no pixels.
pub fn encode_pixels(pixels: &[Rgb], width: usize) -> Option<Vec<u8>> {
    let height = pixels.len().checked_div(width)?;
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)?;
    for (out, p) in pixmap.data_mut().chunks_exact_mut(4).zip(pixels) {
        out.copy_from_slice(&[p.0, p.1, p.2, 255]);
    }
    pixmap.encode_png().ok()
}
