//! The pictures as [`Figure`]s: the output map with the data on it, the fit curve of 1-D data,
//! and the loss landscape of a line fit.

use super::{Axis, Corner, Dash, Figure, Layer};
use crate::engine::boundary::Region;
use crate::engine::colours::{self, Rgb};

/// Dots of one kind on a picture: one legend entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Dots {
    /// The legend entry, e.g. "class 1, training".
    pub label: String,
    /// (x, y) centres.
    pub points: Vec<[f64; 2]>,
    /// One colour per dot (or one for all).
    pub colours: Vec<Rgb>,
    /// Test rows get a dark outline, training rows a white one (as in the window).
    pub test: bool,
}

/// An image of `width` pixels across, row 0 at the top.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    /// The pixels, row by row.
    pub pixels: Vec<Rgb>,
    /// Pixels across.
    pub width: usize,
}

/// Dots as a layer.
fn dots_layer(d: &Dots) -> Layer {
    Layer::Points {
        label: Some(d.label.clone()),
        points: d.points.clone(),
        colours: d.colours.clone(),
        radius: 3.2,
        outline: Some(if d.test {
            Rgb(0x11, 0x11, 0x11)
        } else {
            Rgb(0xff, 0xff, 0xff)
        }),
    }
}

/// The output map over `region` with the data's dots on it; `axes` name the two inputs.
pub fn map(
    title: &str,
    picture: Picture,
    region: Region,
    axes: (&str, &str),
    dots: &[Dots],
) -> Figure {
    let mut layers = vec![Layer::Image {
        x: region.x,
        y: region.y,
        width: picture.width,
        pixels: picture.pixels,
    }];
    layers.extend(dots.iter().map(dots_layer));
    Figure {
        title: title.into(),
        notes: Vec::new(),
        x: Axis::new(axes.0).range(region.x.0, region.x.1),
        y: Axis::new(axes.1).range(region.y.0, region.y.1),
        layers,
        legend: Corner::TopRight,
        square: true,
    }
}

/// The fitted curve of 1-D data with the training and test points.
pub fn curve(title: &str, curve: &[[f64; 2]], dots: &[Dots]) -> Figure {
    let mut layers: Vec<Layer> = dots.iter().map(dots_layer).collect();
    layers.push(Layer::Line {
        label: Some("network".into()),
        points: curve.to_vec(),
        colour: colours::MARK,
        width: 2.5,
        dash: Dash::Solid,
    });
    Figure {
        title: title.into(),
        notes: Vec::new(),
        x: Axis::new("x"),
        y: Axis::new("y"),
        layers,
        legend: Corner::TopRight,
        square: false,
    }
}

/// What the loss landscape of a line fit shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Landscape<'a> {
    /// The loss over (slope m, intercept b), coloured.
    pub picture: Picture,
    /// The m range the picture covers.
    pub m: (f64, f64),
    /// The b range the picture covers.
    pub b: (f64, f64),
    /// Contour lines of equal loss.
    pub contours: &'a [Vec<[f64; 2]>],
    /// The least-squares minimum.
    pub minimum: [f64; 2],
    /// The (m, b) the training has visited.
    pub path: &'a [[f64; 2]],
    /// The largest stable learning rate of plain gradient descent.
    pub stable_learning_rate: f64,
}

/// The loss over slope and intercept, its contours, the minimum and the descent's path.
pub fn landscape(l: Landscape<'_>) -> Figure {
    let mut layers = vec![Layer::Image {
        x: l.m,
        y: l.b,
        width: l.picture.width,
        pixels: l.picture.pixels,
    }];
    for contour in l.contours {
        layers.push(Layer::Line {
            label: None,
            points: contour.clone(),
            colour: Rgb(0x40, 0x4a, 0x5a),
            width: 1.0,
            dash: Dash::Solid,
        });
    }
    layers.push(Layer::Line {
        label: Some("descent path".into()),
        points: l.path.to_vec(),
        colour: colours::NEGATIVE,
        width: 2.0,
        dash: Dash::Solid,
    });
    layers.push(Layer::Points {
        label: Some("least squares".into()),
        points: vec![l.minimum],
        colours: vec![colours::MARK],
        radius: 5.0,
        outline: Some(Rgb(0x11, 0x11, 0x11)),
    });
    Figure {
        title: "Loss landscape of the line y = m x + b".into(),
        notes: vec![format!(
            "least squares m = {:.3}, b = {:.3}; steps converge for learning rates below {:.2}",
            l.minimum[0], l.minimum[1], l.stable_learning_rate
        )],
        x: Axis::new("slope m").range(l.m.0, l.m.1),
        y: Axis::new("intercept b").range(l.b.0, l.b.1),
        layers,
        legend: Corner::TopRight,
        square: false,
    }
}
