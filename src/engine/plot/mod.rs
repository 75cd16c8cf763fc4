//! Figures as files: a chart described as data ([`Figure`]), laid out as SVG (`svg.rs`) and
//! rasterised to PNG by resvg with the window's own font (`raster.rs`). The builders in
//! `charts.rs` and `pictures.rs` turn the engine's figures into charts that read like the
//! window's tabs, with axis labels, a legend and the HEP conventions.
//!
//! The layout is written here rather than with a plotting crate: plotters, the usual one,
//! needs the system's fonts through font-kit and fontconfig for any text, and a lecture-hall
//! PC or a build machine may have neither; SVG plus resvg needs only the bundled font.

pub mod charts;
pub mod pictures;
mod raster;
mod svg;
mod ticks;

use crate::engine::colours::Rgb;
use std::path::Path;

/// A chart: axes, layers drawn in order, a legend of the labelled layers.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The title above the plot.
    pub title: String,
    /// Lines of text under the title (figures such as the AUC).
    pub notes: Vec<String>,
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// What is drawn, first at the bottom.
    pub layers: Vec<Layer>,
    /// Where the legend goes when no corner hides fewer data points.
    pub legend: Corner,
    /// Keep one data unit as long across as up (ROC curves, maps).
    pub square: bool,
}

/// One axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The label, with its unit where it has one.
    pub label: String,
    /// Logarithmic (base 10) or linear.
    pub log: bool,
    /// A fixed range; None: the data's, with a margin.
    pub range: Option<(f64, f64)>,
    /// Named positions 0, 1, 2, … instead of numbers (the classes of a confusion matrix).
    pub categories: Vec<String>,
}

impl Axis {
    /// A linear axis fitted to the data.
    pub fn new(label: impl Into<String>) -> Axis {
        Axis {
            label: label.into(),
            log: false,
            range: None,
            categories: Vec::new(),
        }
    }

    /// The same axis with a fixed range.
    pub fn range(mut self, lo: f64, hi: f64) -> Axis {
        self.range = Some((lo, hi));
        self
    }

    /// The same axis on a log scale.
    pub fn log(mut self) -> Axis {
        self.log = true;
        self
    }
}

/// A corner of the plot area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    /// Top left.
    TopLeft,
    /// Top right.
    TopRight,
    /// Bottom right.
    BottomRight,
    /// Bottom left.
    BottomLeft,
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// Unbroken.
    Solid,
    /// Long dashes.
    Dashed,
    /// Dots.
    Dotted,
}

/// One thing drawn in the plot area, in data coordinates.
#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    /// A polyline (points that are not finite, or not positive on a log axis, break it).
    Line {
        /// Its legend entry.
        label: Option<String>,
        /// (x, y) points.
        points: Vec<[f64; 2]>,
        /// Its colour.
        colour: Rgb,
        /// Stroke width in points.
        width: f64,
        /// Its dash pattern.
        dash: Dash,
    },
    /// A histogram: `values` over equal bins from `range.0` to `range.1`, as a step outline,
    /// lightly filled when `fill`.
    Steps {
        /// Its legend entry.
        label: Option<String>,
        /// The range the bins cover.
        range: (f64, f64),
        /// One value per bin.
        values: Vec<f64>,
        /// Its colour.
        colour: Rgb,
        /// Fill under the outline.
        fill: bool,
        /// Its dash pattern.
        dash: Dash,
    },
    /// Dots.
    Points {
        /// Its legend entry.
        label: Option<String>,
        /// (x, y) centres.
        points: Vec<[f64; 2]>,
        /// One colour per point, or one for all.
        colours: Vec<Rgb>,
        /// Radius in points.
        radius: f64,
        /// An outline colour.
        outline: Option<Rgb>,
    },
    /// An image stretched over a rectangle (row 0 at the top).
    Image {
        /// The x range it covers.
        x: (f64, f64),
        /// The y range it covers.
        y: (f64, f64),
        /// Pixels across.
        width: usize,
        /// Pixels per row, `width x height` of them.
        pixels: Vec<Rgb>,
    },
    /// A filled rectangle with centred text (a confusion-matrix cell).
    Cell {
        /// Lower-left corner.
        from: [f64; 2],
        /// Upper-right corner.
        to: [f64; 2],
        /// Fill colour.
        fill: Rgb,
        /// The text in the middle.
        text: String,
        /// The text's colour.
        text_colour: Rgb,
    },
    /// A vertical line across the plot.
    VLine {
        /// Its legend entry.
        label: Option<String>,
        /// Where.
        x: f64,
        /// Its colour.
        colour: Rgb,
        /// Its dash pattern.
        dash: Dash,
    },
}

/// A figure file's format, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureFormat {
    /// A PNG at twice the figure's size in points.
    Png,
    /// The SVG itself.
    Svg,
}

impl FigureFormat {
    /// The format a path's extension names (Err: a message naming the choices).
    pub fn of_path(path: &Path) -> Result<FigureFormat, String> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => Ok(FigureFormat::Png),
            Some("svg") => Ok(FigureFormat::Svg),
            _ => Err(format!(
                "{}: a figure is written as .png or .svg",
                path.display()
            )),
        }
    }
}

/// Pixels per point of a PNG: figures are written at twice their size, sharp on a projector
/// and in print.
pub const PNG_SCALE: f64 = 2.0;

/// The smallest and largest figure side in points.
pub const SIDE_RANGE: (f64, f64) = (120.0, 4000.0);

impl Figure {
    /// The figure as an SVG document `width x height` points.
    pub fn to_svg(&self, width: f64, height: f64) -> String {
        svg::document(self, clamp_side(width), clamp_side(height))
    }

    /// The figure as PNG bytes, `PNG_SCALE` pixels per point.
    pub fn to_png(&self, width: f64, height: f64) -> Result<Vec<u8>, String> {
        raster::png(&self.to_svg(width, height), PNG_SCALE)
    }

    /// Writes the figure `width x height` points to `path` as PNG or SVG (by its extension),
    /// through a temporary file renamed into place: a failed write leaves no half a file.
    pub fn write(&self, path: &Path, width: f64, height: f64) -> Result<(), String> {
        let bytes = match FigureFormat::of_path(path)? {
            FigureFormat::Png => self.to_png(width, height)?,
            FigureFormat::Svg => self.to_svg(width, height).into_bytes(),
        };
        let partial = path.with_extension("partial");
        let write = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path));
        write.map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            format!("cannot write {}: {e}", path.display())
        })
    }
}

/// A side length within [`SIDE_RANGE`] (not finite: the smallest).
fn clamp_side(side: f64) -> f64 {
    if side.is_finite() {
        side.clamp(SIDE_RANGE.0, SIDE_RANGE.1)
    } else {
        SIDE_RANGE.0
    }
}
