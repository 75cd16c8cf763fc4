//! A [`Figure`] laid out as an SVG document: title and notes above, the plot area with its
//! grid, marks and axis labels, the layers clipped to the plot area, and the legend in a
//! corner.

use super::ticks;
use super::{Axis, Corner, Dash, Figure, Layer};
use crate::engine::colours::Rgb;
use base64::Engine as _;
use std::fmt::Write as _;

/// The font the figures name (bundled for the PNGs; SVG viewers fall back along the list).
pub const FONT_FAMILY: &str = "Ubuntu, 'DejaVu Sans', Helvetica, Arial, sans-serif";
/// Text sizes in points.
const TITLE: f64 = 15.0;
const NOTE: f64 = 12.0;
const LABEL: f64 = 13.0;
const MARK: f64 = 11.5;
/// An average glyph's width as a share of the font size, to size boxes around text.
const GLYPH: f64 = 0.55;

/// A data axis mapped onto a pixel span.
struct Scale {
    lo: f64,
    hi: f64,
    log: bool,
    from: f64,
    to: f64,
}

impl Scale {
    fn t(&self, v: f64) -> f64 {
        if self.log { v.log10() } else { v }
    }

    /// The position of `v`, None where it cannot be drawn (not finite, or not positive on a
    /// log axis).
    fn at(&self, v: f64) -> Option<f64> {
        if !v.is_finite() || (self.log && v <= 0.0) {
            return None;
        }
        let (a, b) = (self.t(self.lo), self.t(self.hi));
        Some(self.from + (self.t(v) - a) / (b - a) * (self.to - self.from))
    }

    /// The position of `v` clamped into the axis (the baseline of a histogram).
    fn clamped(&self, v: f64) -> f64 {
        self.at(v.clamp(self.lo, self.hi)).unwrap_or(self.from)
    }
}

/// The document, `width x height` points.
pub fn document(figure: &Figure, width: f64, height: f64) -> String {
    let (x_range, y_range) = (range(figure, true), range(figure, false));
    let y_marks = marks(&figure.y, y_range, 6);
    let widest = y_marks
        .iter()
        .map(|(_, s)| s.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let top = 10.0 + TITLE + 8.0 + figure.notes.len() as f64 * (NOTE + 4.0);
    let left = 10.0 + LABEL + 10.0 + widest * MARK * GLYPH + 6.0;
    let bottom = MARK + 8.0 + LABEL + 14.0;
    let (mut plot_w, mut plot_h) = (
        (width - left - 16.0).max(20.0),
        (height - top - bottom).max(20.0),
    );
    let (mut x0, mut y0) = (left, top);
    if figure.square && !figure.x.log && !figure.y.log {
        let per_unit = (plot_w / (x_range.1 - x_range.0)).min(plot_h / (y_range.1 - y_range.0));
        let (w, h) = (
            per_unit * (x_range.1 - x_range.0),
            per_unit * (y_range.1 - y_range.0),
        );
        x0 += (plot_w - w) / 2.0;
        y0 += (plot_h - h) / 2.0;
        (plot_w, plot_h) = (w, h);
    }
    let sx = Scale {
        lo: x_range.0,
        hi: x_range.1,
        log: figure.x.log,
        from: x0,
        to: x0 + plot_w,
    };
    let sy = Scale {
        lo: y_range.0,
        hi: y_range.1,
        log: figure.y.log,
        from: y0 + plot_h,
        to: y0,
    };
    let x_marks = marks(
        &figure.x,
        x_range,
        (plot_w / 90.0).clamp(2.0, 10.0) as usize,
    );
    let y_marks = marks(&figure.y, y_range, (plot_h / 45.0).clamp(2.0, 8.0) as usize);

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}">"#
    );
    let _ = write!(
        s,
        r#"<rect width="{width}" height="{height}" fill="white"/><clipPath id="plot"><rect x="{x0:.2}" y="{y0:.2}" width="{plot_w:.2}" height="{plot_h:.2}"/></clipPath>"#
    );
    text(
        &mut s,
        12.0,
        10.0 + TITLE,
        TITLE,
        "start",
        &figure.title,
        "#111111",
    );
    for (k, note) in figure.notes.iter().enumerate() {
        let y = 10.0 + TITLE + 6.0 + (k + 1) as f64 * (NOTE + 4.0) - 4.0;
        text(&mut s, 12.0, y, NOTE, "start", note, "#333333");
    }
    // Grid and marks.
    for (v, label) in &x_marks {
        if let Some(px) = sx.at(*v) {
            let _ = write!(
                s,
                r##"<line x1="{px:.2}" y1="{y0:.2}" x2="{px:.2}" y2="{:.2}" stroke="#e4e4e4" stroke-width="1"/>"##,
                y0 + plot_h
            );
            text(
                &mut s,
                px,
                y0 + plot_h + MARK + 5.0,
                MARK,
                "middle",
                label,
                "#333333",
            );
        }
    }
    for (v, label) in &y_marks {
        if let Some(py) = sy.at(*v) {
            let _ = write!(
                s,
                r##"<line x1="{x0:.2}" y1="{py:.2}" x2="{:.2}" y2="{py:.2}" stroke="#e4e4e4" stroke-width="1"/>"##,
                x0 + plot_w
            );
            text(
                &mut s,
                x0 - 6.0,
                py + MARK * 0.35,
                MARK,
                "end",
                label,
                "#333333",
            );
        }
    }
    text(
        &mut s,
        x0 + plot_w / 2.0,
        y0 + plot_h + MARK + 8.0 + LABEL + 2.0,
        LABEL,
        "middle",
        &figure.x.label,
        "#111111",
    );
    let (lx, ly) = (10.0 + LABEL, y0 + plot_h / 2.0);
    let _ = write!(
        s,
        r##"<text x="{lx:.2}" y="{ly:.2}" font-size="{LABEL}" text-anchor="middle" fill="#111111" transform="rotate(-90 {lx:.2} {ly:.2})">{}</text>"##,
        escape(&figure.y.label)
    );
    s.push_str(r#"<g clip-path="url(#plot)">"#);
    for layer in &figure.layers {
        draw(&mut s, layer, &sx, &sy);
    }
    s.push_str("</g>");
    let _ = write!(
        s,
        r##"<rect x="{x0:.2}" y="{y0:.2}" width="{plot_w:.2}" height="{plot_h:.2}" fill="none" stroke="#888888" stroke-width="1"/>"##
    );
    legend(&mut s, figure, (x0, y0, plot_w, plot_h), (&sx, &sy));
    s.push_str("</svg>\n");
    s
}

/// The axis's marks: its categories, decades or round numbers.
fn marks(axis: &Axis, range: (f64, f64), target: usize) -> Vec<(f64, String)> {
    if !axis.categories.is_empty() {
        return axis
            .categories
            .iter()
            .enumerate()
            .map(|(k, name)| (k as f64, name.clone()))
            .collect();
    }
    if axis.log {
        ticks::decades(range.0, range.1)
    } else {
        ticks::linear(range.0, range.1, target)
    }
}

/// The range an axis shows: fixed, its categories', or the data's with a margin.
fn range(figure: &Figure, horizontal: bool) -> (f64, f64) {
    let axis = if horizontal { &figure.x } else { &figure.y };
    let usable = |(lo, hi): &(f64, f64)| lo.is_finite() && hi > lo && (!axis.log || *lo > 0.0);
    if let Some(fixed) = axis.range.filter(usable) {
        return fixed;
    }
    if !axis.categories.is_empty() {
        return (-0.5, axis.categories.len() as f64 - 0.5);
    }
    let mut values = Vec::new();
    for layer in &figure.layers {
        extent(layer, horizontal, &mut values);
    }
    let usable = |v: &&f64| v.is_finite() && (!axis.log || **v > 0.0);
    let lo = values
        .iter()
        .filter(usable)
        .fold(f64::INFINITY, |a, &b| a.min(b));
    let hi = values
        .iter()
        .filter(usable)
        .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    if !(lo.is_finite() && hi.is_finite()) {
        return if axis.log { (1.0, 10.0) } else { (0.0, 1.0) };
    }
    if axis.log {
        let (a, b) = (lo.log10(), hi.log10().max(lo.log10() + 1e-9));
        let pad = ((b - a) * 0.05).max(0.1);
        (10f64.powf(a - pad), 10f64.powf(b + pad))
    } else if hi > lo {
        let pad = (hi - lo) * 0.04;
        // Counts and fractions start at zero.
        let floor = if (0.0..=0.05 * hi).contains(&lo) {
            0.0
        } else {
            lo - pad
        };
        (floor, hi + pad)
    } else {
        (lo - 0.5, hi + 0.5)
    }
}

/// The values a layer covers along one axis.
fn extent(layer: &Layer, horizontal: bool, into: &mut Vec<f64>) {
    let pick = |p: &[f64; 2]| if horizontal { p[0] } else { p[1] };
    match layer {
        Layer::Line { points, .. } | Layer::Points { points, .. } => {
            into.extend(points.iter().map(pick))
        }
        Layer::Steps { range, values, .. } => {
            if horizontal {
                into.extend([range.0, range.1]);
            } else {
                into.extend(values.iter().copied());
            }
        }
        Layer::Image { x, y, .. } => {
            let (a, b) = if horizontal { *x } else { *y };
            into.extend([a, b]);
        }
        Layer::Cell { from, to, .. } => into.extend([pick(from), pick(to)]),
        Layer::VLine { x, .. } => {
            if horizontal {
                into.push(*x)
            }
        }
    }
}

/// SVG's dash attribute.
fn dash_attr(dash: Dash, width: f64) -> String {
    match dash {
        Dash::Solid => String::new(),
        Dash::Dashed => format!(
            r#" stroke-dasharray="{:.1} {:.1}""#,
            6.0 * width,
            3.0 * width
        ),
        Dash::Dotted => format!(r#" stroke-dasharray="{:.1} {:.1}""#, width, 2.0 * width),
    }
}

/// One layer.
fn draw(s: &mut String, layer: &Layer, sx: &Scale, sy: &Scale) {
    match layer {
        Layer::Line {
            points,
            colour,
            width,
            dash,
            ..
        } => {
            let mut run = String::new();
            let flush = |run: &mut String, s: &mut String| {
                if run.matches(',').count() >= 2 {
                    let _ = write!(
                        s,
                        r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}" stroke-linejoin="round"{}/>"#,
                        run.trim_end(),
                        colour.hex(),
                        dash_attr(*dash, *width)
                    );
                }
                run.clear();
            };
            for p in points {
                match (sx.at(p[0]), sy.at(p[1])) {
                    (Some(x), Some(y)) => {
                        let _ = write!(run, "{x:.2},{y:.2} ");
                    }
                    _ => flush(&mut run, s),
                }
            }
            flush(&mut run, s);
        }
        Layer::Steps {
            range,
            values,
            colour,
            fill,
            dash,
            ..
        } => {
            if values.is_empty() {
                return;
            }
            let base = sy.clamped(if sy.log { sy.lo } else { 0.0 });
            let bin = (range.1 - range.0) / values.len() as f64;
            let mut path = format!("M{:.2},{base:.2}", sx.clamped(range.0));
            for (k, v) in values.iter().enumerate() {
                let y = sy.at(*v).map_or(base, |y| y.clamp(sy.to, sy.from));
                let (a, b) = (
                    sx.clamped(range.0 + k as f64 * bin),
                    sx.clamped(range.0 + (k + 1) as f64 * bin),
                );
                let _ = write!(path, " L{a:.2},{y:.2} L{b:.2},{y:.2}");
            }
            let _ = write!(path, " L{:.2},{base:.2}", sx.clamped(range.1));
            let fill = if *fill {
                format!(r#" fill="{}" fill-opacity="0.22""#, colour.hex())
            } else {
                r#" fill="none""#.to_string()
            };
            let _ = write!(
                s,
                r#"<path d="{path}"{fill} stroke="{}" stroke-width="1.8"{}/>"#,
                colour.hex(),
                dash_attr(*dash, 1.8)
            );
        }
        Layer::Points {
            points,
            colours,
            radius,
            outline,
            ..
        } => {
            let stroke = outline.map_or(String::new(), |c| {
                format!(r#" stroke="{}" stroke-width="0.8""#, c.hex())
            });
            for (k, p) in points.iter().enumerate() {
                let colour = colours.get(k).or(colours.first()).copied();
                if let (Some(x), Some(y), Some(c)) = (sx.at(p[0]), sy.at(p[1]), colour) {
                    let _ = write!(
                        s,
                        r#"<circle cx="{x:.2}" cy="{y:.2}" r="{radius}" fill="{}"{stroke}/>"#,
                        c.hex()
                    );
                }
            }
        }
        Layer::Image {
            x,
            y,
            width,
            pixels,
        } => {
            let (Some(left), Some(right), Some(top), Some(bottom)) =
                (sx.at(x.0), sx.at(x.1), sy.at(y.1), sy.at(y.0))
            else {
                return;
            };
            if let Some(png) = super::raster::encode_pixels(pixels, *width) {
                let data = base64::engine::general_purpose::STANDARD.encode(png);
                let _ = write!(
                    s,
                    r#"<image x="{left:.2}" y="{top:.2}" width="{:.2}" height="{:.2}" preserveAspectRatio="none" href="data:image/png;base64,{data}"/>"#,
                    right - left,
                    bottom - top
                );
            }
        }
        Layer::Cell {
            from,
            to,
            fill,
            text: label,
            text_colour,
        } => {
            let (Some(a), Some(b), Some(c), Some(d)) =
                (sx.at(from[0]), sx.at(to[0]), sy.at(to[1]), sy.at(from[1]))
            else {
                return;
            };
            let _ = write!(
                s,
                r##"<rect x="{a:.2}" y="{c:.2}" width="{:.2}" height="{:.2}" fill="{}" stroke="#ffffff" stroke-width="1"/>"##,
                b - a,
                d - c,
                fill.hex()
            );
            let size = ((d - c) * 0.3).clamp(8.0, 16.0);
            text(
                s,
                (a + b) / 2.0,
                (c + d) / 2.0 + size * 0.35,
                size,
                "middle",
                label,
                &text_colour.hex(),
            );
        }
        Layer::VLine {
            x, colour, dash, ..
        } => {
            if let Some(px) = sx.at(*x) {
                let _ = write!(
                    s,
                    r#"<line x1="{px:.2}" y1="{:.2}" x2="{px:.2}" y2="{:.2}" stroke="{}" stroke-width="1.5"{}/>"#,
                    sy.to,
                    sy.from,
                    colour.hex(),
                    dash_attr(*dash, 1.5)
                );
            }
        }
    }
}

/// The legend of the labelled layers, in the corner of the plot area that hides the fewest
/// data points (the figure's own corner first on a tie).
fn legend(
    s: &mut String,
    figure: &Figure,
    (x0, y0, w, h): (f64, f64, f64, f64),
    (sx, sy): (&Scale, &Scale),
) {
    let entries: Vec<(&str, &Layer)> = figure
        .layers
        .iter()
        .filter_map(|layer| {
            let label = match layer {
                Layer::Line { label, .. }
                | Layer::Steps { label, .. }
                | Layer::Points { label, .. }
                | Layer::VLine { label, .. } => label.as_deref(),
                Layer::Image { .. } | Layer::Cell { .. } => None,
            };
            label.map(|l| (l, layer))
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    let row = MARK + 6.0;
    let widest = entries
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let (bw, bh) = (
        widest * MARK * GLYPH + 40.0,
        entries.len() as f64 * row + 8.0,
    );
    let place = |corner: Corner| {
        let left = matches!(corner, Corner::TopLeft | Corner::BottomLeft);
        let top = matches!(corner, Corner::TopLeft | Corner::TopRight);
        (
            if left { x0 + 8.0 } else { x0 + w - bw - 8.0 },
            if top { y0 + 8.0 } else { y0 + h - bh - 8.0 },
        )
    };
    let points = drawn_points(figure, sx, sy);
    let hidden = |corner: Corner| {
        let (bx, by) = place(corner);
        points
            .iter()
            .filter(|p| (bx..=bx + bw).contains(&p[0]) && (by..=by + bh).contains(&p[1]))
            .count()
    };
    let corners = [
        figure.legend,
        Corner::TopRight,
        Corner::TopLeft,
        Corner::BottomRight,
        Corner::BottomLeft,
    ];
    let best = corners
        .into_iter()
        .enumerate()
        .min_by_key(|&(k, c)| (hidden(c), k))
        .map_or(figure.legend, |(_, c)| c);
    let (bx, by) = place(best);
    let _ = write!(
        s,
        r##"<rect x="{bx:.2}" y="{by:.2}" width="{bw:.2}" height="{bh:.2}" fill="white" fill-opacity="0.88" stroke="#cccccc" stroke-width="1"/>"##
    );
    for (k, (label, layer)) in entries.iter().enumerate() {
        let y = by + 4.0 + (k as f64 + 0.5) * row;
        let (a, b) = (bx + 8.0, bx + 28.0);
        match layer {
            Layer::Points {
                colours, outline, ..
            } => {
                let c = colours.first().copied().unwrap_or(Rgb(0, 0, 0));
                let stroke = outline.map_or(String::new(), |o| {
                    format!(r#" stroke="{}" stroke-width="0.8""#, o.hex())
                });
                let _ = write!(
                    s,
                    r#"<circle cx="{:.2}" cy="{y:.2}" r="4" fill="{}"{stroke}/>"#,
                    (a + b) / 2.0,
                    c.hex()
                );
            }
            Layer::Line {
                colour,
                width,
                dash,
                ..
            } => sample_line(s, (a, b, y), *colour, *width, *dash),
            Layer::Steps { colour, dash, .. } => sample_line(s, (a, b, y), *colour, 1.8, *dash),
            Layer::VLine { colour, dash, .. } => sample_line(s, (a, b, y), *colour, 1.5, *dash),
            Layer::Image { .. } | Layer::Cell { .. } => {}
        }
        text(s, b + 6.0, y + MARK * 0.35, MARK, "start", label, "#222222");
    }
}

/// Where the data's points, lines' vertices and histogram tops are drawn (for the legend to
/// avoid).
fn drawn_points(figure: &Figure, sx: &Scale, sy: &Scale) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    let mut push = |x: f64, y: f64| {
        if let (Some(a), Some(b)) = (sx.at(x), sy.at(y)) {
            out.push([a, b]);
        }
    };
    for layer in &figure.layers {
        match layer {
            Layer::Line { points, .. } => {
                // Long straight segments count along their length too.
                for pair in points.windows(2) {
                    for k in 0..4 {
                        let t = k as f64 / 4.0;
                        push(
                            pair[0][0] + t * (pair[1][0] - pair[0][0]),
                            pair[0][1] + t * (pair[1][1] - pair[0][1]),
                        );
                    }
                }
            }
            Layer::Points { points, .. } => points.iter().for_each(|p| push(p[0], p[1])),
            Layer::Steps { range, values, .. } => {
                let bin = (range.1 - range.0) / values.len().max(1) as f64;
                for (k, v) in values.iter().enumerate() {
                    // A bar covers everything under its top.
                    for f in [1.0, 0.75, 0.5, 0.25] {
                        push(range.0 + (k as f64 + 0.5) * bin, v * f);
                    }
                }
            }
            Layer::Image { .. } | Layer::Cell { .. } | Layer::VLine { .. } => {}
        }
    }
    out
}

/// A legend's short line.
fn sample_line(s: &mut String, (a, b, y): (f64, f64, f64), colour: Rgb, width: f64, dash: Dash) {
    let _ = write!(
        s,
        r#"<line x1="{a:.2}" y1="{y:.2}" x2="{b:.2}" y2="{y:.2}" stroke="{}" stroke-width="{width}"{}/>"#,
        colour.hex(),
        dash_attr(dash, width)
    );
}

/// A line of text.
fn text(s: &mut String, x: f64, y: f64, size: f64, anchor: &str, content: &str, fill: &str) {
    let _ = write!(
        s,
        r#"<text x="{x:.2}" y="{y:.2}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
        escape(content)
    );
}

/// Text made safe for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plot::Axis;

    fn line_figure(points: Vec<[f64; 2]>, log: bool, legend: Corner) -> Figure {
        let y = Axis::new("y");
        Figure {
            title: "t & <t>".into(),
            notes: vec![],
            x: Axis::new("x"),
            y: if log { y.log() } else { y },
            layers: vec![Layer::Line {
                label: Some("curve".into()),
                points,
                colour: Rgb(1, 2, 3),
                width: 2.0,
                dash: Dash::Solid,
            }],
            legend,
            square: false,
        }
    }

    #[test]
    fn a_log_axis_breaks_lines_at_values_it_cannot_show() {
        let points = vec![
            [0.0, 1.0],
            [1.0, 10.0],
            [2.0, 0.0],
            [3.0, 100.0],
            [4.0, 1000.0],
        ];
        let svg = document(&line_figure(points, true, Corner::TopRight), 400.0, 300.0);
        assert_eq!(svg.matches("<polyline").count(), 2, "split at the zero");
        assert!(svg.contains(">1000</text>") && !svg.contains("NaN"));
        assert!(svg.contains("t &amp; &lt;t&gt;"), "text is escaped");
    }

    #[test]
    fn the_legend_moves_off_the_data() {
        // A curve through the top right: the legend goes elsewhere.
        let points = vec![[0.0, 0.0], [0.5, 0.2], [0.8, 0.9], [1.0, 1.0]];
        let figure = line_figure(points.clone(), false, Corner::TopRight);
        let svg = document(&figure, 400.0, 300.0);
        let legend_x: f64 = svg
            .split(r#"fill-opacity="0.88""#)
            .next()
            .and_then(|before| before.rsplit(r#"<rect x=""#).next())
            .and_then(|rest| rest.split('"').next())
            .and_then(|x| x.parse().ok())
            .unwrap();
        assert!(legend_x < 200.0, "legend at x = {legend_x}");
    }
}
