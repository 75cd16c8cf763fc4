//! The window's charts as [`Figure`]s: learning curves, ROC, background rejection, score
//! histograms, the threshold scan, the confusion matrix, feature histograms and the fit of a
//! regression. Each reads the same engine figures the window's tab draws.

use super::{Axis, Corner, Dash, Figure, Layer};
use crate::engine::colours::{self, Rgb};
use crate::engine::figures::classifier::{ClassifierFigures, CutRoc, SCORE_BINS};
use crate::engine::figures::histograms::FeatureHistogram;
use crate::engine::figures::regression::FitFigure;
use crate::engine::metrics::{ams, significance};
use crate::engine::train::EpochRecord;

/// A past run drawn beside the current one.
#[derive(Clone, Copy, Debug)]
pub struct Overlay<'a> {
    /// Its label in the legend.
    pub label: &'a str,
    /// Its learning curves.
    pub records: &'a [EpochRecord],
    /// Its classifier figures at the end, if it had any.
    pub classifier: Option<&'a ClassifierFigures>,
    /// Its colour.
    pub colour: Rgb,
}

/// A labelled line.
fn line(label: impl Into<String>, points: Vec<[f64; 2]>, colour: Rgb, width: f64) -> Layer {
    Layer::Line {
        label: Some(label.into()),
        points,
        colour,
        width,
        dash: Dash::Solid,
    }
}

/// The same layer with another dash pattern.
fn dashed(layer: Layer, pattern: Dash) -> Layer {
    match layer {
        Layer::Line {
            label,
            points,
            colour,
            width,
            ..
        } => Layer::Line {
            label,
            points,
            colour,
            width,
            dash: pattern,
        },
        other => other,
    }
}

/// (epoch, value) of one figure per record, where it has one.
fn curve(records: &[EpochRecord], pick: impl Fn(&EpochRecord) -> Option<f64>) -> Vec<[f64; 2]> {
    records
        .iter()
        .filter_map(|r| pick(r).map(|v| [r.epoch as f64, v]))
        .collect()
}

/// An empty figure with a title and two axes; the legend top right.
fn figure(title: impl Into<String>, x: Axis, y: Axis) -> Figure {
    Figure {
        title: title.into(),
        notes: Vec::new(),
        x,
        y,
        layers: Vec::new(),
        legend: Corner::TopRight,
        square: false,
    }
}

/// Train, validation and test loss per step (`step` names it: "epoch", "tree", …), the best
/// epoch of early stopping marked, past runs beside them.
pub fn loss(
    records: &[EpochRecord],
    step: &str,
    log: bool,
    best_epoch: Option<u64>,
    past: &[Overlay<'_>],
) -> Figure {
    let y = Axis::new("loss");
    let mut f = figure("Loss", Axis::new(step), if log { y.log() } else { y });
    let picks: [Pick; 2] = [|r| Some(r.train_loss), |r| r.test_loss];
    learning_curves(&mut f, "loss", records, past, picks);
    let validation = curve(records, |r| r.validation_loss);
    if !validation.is_empty() {
        f.layers.push(dashed(
            line("validation loss", validation, colours::VALIDATION, 2.0),
            Dash::Dashed,
        ));
    }
    if let Some(best) = best_epoch {
        f.layers.push(Layer::VLine {
            label: Some(format!("best epoch ({best})")),
            x: best as f64,
            colour: colours::MARK,
            dash: Dash::Dashed,
        });
    }
    f
}

/// Train and test accuracy per step, past runs' test accuracy beside them.
pub fn accuracy(records: &[EpochRecord], step: &str, past: &[Overlay<'_>]) -> Figure {
    let mut f = figure("Accuracy", Axis::new(step), Axis::new("accuracy"));
    f.legend = Corner::BottomRight;
    let picks: [Pick; 2] = [|r| r.train_accuracy, |r| r.test_accuracy];
    learning_curves(&mut f, "accuracy", records, past, picks);
    f
}

/// Picks one figure from an epoch's record.
type Pick = fn(&EpochRecord) -> Option<f64>;

/// The past runs' test curves of one figure (`name`), then this run's training and test
/// curves (`[train, test]` pick it from a record).
fn learning_curves(
    f: &mut Figure,
    name: &str,
    records: &[EpochRecord],
    past: &[Overlay<'_>],
    [train, test]: [Pick; 2],
) {
    for run in past {
        let label = format!("{}: test {name}", run.label);
        f.layers
            .push(line(label, curve(run.records, test), run.colour, 1.5));
    }
    f.layers.push(line(
        format!("train {name}"),
        curve(records, train),
        colours::TRAIN,
        2.0,
    ));
    f.layers.push(line(
        format!("test {name}"),
        curve(records, test),
        colours::TEST,
        2.0,
    ));
}

/// The test split's AUC and rejections in one line.
fn summary_note(c: &ClassifierFigures) -> String {
    let rejection = |r: f64| {
        if r.is_finite() {
            format!("{r:.1}")
        } else {
            "no background passes".into()
        }
    };
    format!(
        "{}: AUC {:.4}, 1/eps_B at eps_S = 0.3: {}, at 0.5: {}",
        c.test_set_label(),
        c.summary.auc,
        rejection(c.summary.rejection_30),
        rejection(c.summary.rejection_50)
    )
}

/// Signal against background efficiency on the test split, with the chance line, the cuts on
/// single inputs, the training rows' curve, past runs, and the threshold marked.
pub fn roc(
    c: &ClassifierFigures,
    cut_rocs: &[CutRoc],
    model: &str,
    threshold: Option<[f64; 2]>,
    past: &[Overlay<'_>],
) -> Figure {
    let mut f = figure(
        "ROC curve",
        Axis::new("background efficiency eps_B").range(0.0, 1.0),
        Axis::new("signal efficiency eps_S").range(0.0, 1.0),
    );
    f.legend = Corner::BottomRight;
    f.square = true;
    f.notes.push(summary_note(c));
    f.layers.push(Layer::Line {
        label: Some("chance".into()),
        points: vec![[0.0, 0.0], [1.0, 1.0]],
        colour: colours::REFERENCE,
        width: 1.2,
        dash: Dash::Dashed,
    });
    for (k, cut) in cut_rocs.iter().enumerate() {
        f.layers.push(dashed(
            line(
                format!("cut {} (AUC {:.3})", cut.name, cut.auc),
                cut.roc.clone(),
                colours::class_colour(k + 2),
                1.5,
            ),
            Dash::Dotted,
        ));
    }
    for run in past {
        if let Some(pc) = run.classifier {
            f.layers.push(line(
                format!("{} (AUC {:.3})", run.label, pc.summary.auc),
                pc.roc.clone(),
                run.colour,
                1.5,
            ));
        }
    }
    if let Some(auc) = c.train_auc {
        f.layers.push(dashed(
            line(
                format!("{model}, training set (AUC {auc:.3})"),
                c.train_roc.clone(),
                colours::POSITIVE.mix(colours::NEUTRAL, 0.5),
                1.5,
            ),
            Dash::Dashed,
        ));
    }
    f.layers.push(line(
        format!("{model}, test set (AUC {:.3})", c.summary.auc),
        c.roc.clone(),
        colours::POSITIVE,
        2.5,
    ));
    if let Some(at) = threshold {
        f.layers.push(Layer::Points {
            label: Some("threshold".into()),
            points: vec![at],
            colours: vec![colours::MARK],
            radius: 4.5,
            outline: None,
        });
    }
    f
}

/// The rejection curve of a ROC: (eps_S, 1/eps_B) where both are positive.
fn rejection_points(roc: &[[f64; 2]]) -> Vec<[f64; 2]> {
    roc.iter()
        .filter(|p| p[0] > 0.0 && p[1] > 0.0)
        .map(|p| [p[1], 1.0 / p[0]])
        .collect()
}

/// Background rejection 1/eps_B (log axis) against signal efficiency, the HEP form of the ROC.
pub fn rejection(c: &ClassifierFigures, model: &str, past: &[Overlay<'_>]) -> Figure {
    let mut f = figure(
        "Background rejection",
        Axis::new("signal efficiency eps_S").range(0.0, 1.0),
        Axis::new("background rejection 1/eps_B").log(),
    );
    f.notes.push(summary_note(c));
    for run in past {
        if let Some(pc) = run.classifier {
            f.layers.push(line(
                format!("{} (AUC {:.3})", run.label, pc.summary.auc),
                rejection_points(&pc.roc),
                run.colour,
                1.5,
            ));
        }
    }
    f.layers.push(line(
        format!("{model}, test set (AUC {:.3})", c.summary.auc),
        rejection_points(&c.roc),
        colours::POSITIVE,
        2.5,
    ));
    f
}

/// The smallest fraction a log axis of score histograms shows.
const LOG_FLOOR: f64 = 1e-5;

/// Score distributions per class: training filled, test as dots (log axis on demand).
pub fn scores(c: &ClassifierFigures, log: bool) -> Figure {
    let h = &c.histograms;
    let weighting = if h.weighted { ", weighted" } else { "" };
    let y = Axis::new(if h.weighted {
        "weighted fraction of the class"
    } else {
        "fraction of the class"
    });
    let mut f = figure(
        "Classifier score",
        Axis::new("classifier score").range(0.0, 1.0),
        if log { y.log() } else { y },
    );
    f.legend = Corner::TopLeft;
    f.layers.push(steps(
        format!("background, train{weighting}"),
        &h.train_background,
        colours::NEGATIVE,
    ));
    f.layers.push(steps(
        format!("signal, train{weighting}"),
        &h.train_signal,
        colours::POSITIVE,
    ));
    let width = 1.0 / SCORE_BINS as f64;
    let dots = |values: &[f64]| -> Vec<[f64; 2]> {
        values
            .iter()
            .enumerate()
            .filter(|(_, v)| !log || **v >= LOG_FLOOR)
            .map(|(k, &v)| [(k as f64 + 0.5) * width, v])
            .collect()
    };
    for (name, values, colour) in [
        ("background", &h.test_background, colours::NEGATIVE),
        ("signal", &h.test_signal, colours::POSITIVE),
    ] {
        f.layers.push(Layer::Points {
            label: Some(format!("{name}, test{weighting}")),
            points: dots(values),
            colours: vec![colour],
            radius: 3.0,
            outline: Some(Rgb(0x22, 0x22, 0x22)),
        });
    }
    f
}

/// A filled histogram over [0, 1].
fn steps(label: String, values: &[f64], colour: Rgb) -> Layer {
    Layer::Steps {
        label: Some(label),
        range: (0.0, 1.0),
        values: values.to_vec(),
        colour,
        fill: true,
        dash: Dash::Solid,
    }
}

/// s/sqrt(s+b) and the AMS against the threshold for `expected` (signal, background) events
/// before the cut, the optimum and the chosen threshold marked.
pub fn threshold(c: &ClassifierFigures, expected: (f64, f64), chosen: f64) -> Figure {
    let scan: Vec<[f64; 3]> = c
        .efficiency_scan
        .iter()
        .map(|&[t, eps_s, eps_b]| {
            let (s, b) = (expected.0 * eps_s, expected.1 * eps_b);
            [t, significance(s, b), ams(s, b)]
        })
        .collect();
    let mut f = figure(
        "Significance against threshold",
        Axis::new("threshold on the classifier score").range(0.0, 1.0),
        Axis::new("significance"),
    );
    let weighted = if c.histograms.weighted {
        " (efficiencies weighted by the event weights)"
    } else {
        ""
    };
    f.notes.push(format!(
        "Expected before the cut: S = {}, B = {}{weighted}",
        expected.0, expected.1
    ));
    f.layers.push(line(
        "s/sqrt(s+b)",
        scan.iter().map(|p| [p[0], p[1]]).collect(),
        colours::POSITIVE,
        2.0,
    ));
    f.layers.push(line(
        "AMS (b_r = 10)",
        scan.iter().map(|p| [p[0], p[2]]).collect(),
        colours::NEGATIVE,
        2.0,
    ));
    if let Some([t, z, _]) = scan
        .iter()
        .copied()
        .filter(|p| p[1].is_finite())
        .max_by(|a, b| a[1].total_cmp(&b[1]))
    {
        f.notes
            .push(format!("best s/sqrt(s+b) = {z:.2} at threshold {t:.2}"));
        f.layers.push(Layer::Points {
            label: Some("optimum".into()),
            points: vec![[t, z]],
            colours: vec![colours::MARK],
            radius: 4.5,
            outline: None,
        });
    }
    f.layers.push(Layer::VLine {
        label: Some(format!("threshold {chosen:.2}")),
        x: chosen,
        colour: colours::REFERENCE,
        dash: Dash::Solid,
    });
    f
}

/// The K x K test confusion matrix: true class up, predicted across, each cell its count and
/// share of the true class, shaded by that share.
pub fn confusion(counts: &[Vec<usize>]) -> Figure {
    let k = counts.len();
    let names: Vec<String> = (0..k).map(|c| format!("class {c}")).collect();
    let mut y = Axis::new("true class");
    // Class 0 at the top, as the window's table reads.
    y.categories = names.iter().rev().cloned().collect();
    let mut x = Axis::new("predicted class");
    x.categories = names;
    let mut f = figure("Confusion matrix (test set)", x, y);
    f.square = true;
    for (t, row) in counts.iter().enumerate() {
        let total = row.iter().sum::<usize>().max(1) as f64;
        for (p, &n) in row.iter().enumerate() {
            let share = n as f64 / total;
            let up = (k - 1 - t) as f64;
            f.layers.push(Layer::Cell {
                from: [p as f64 - 0.5, up - 0.5],
                to: [p as f64 + 0.5, up + 0.5],
                fill: colours::NEUTRAL.mix(colours::POSITIVE, share as f32),
                text: format!("{n} ({:.0}%)", 100.0 * share),
                text_colour: if share > 0.55 {
                    Rgb(0xff, 0xff, 0xff)
                } else {
                    Rgb(0x11, 0x11, 0x11)
                },
            });
        }
    }
    f
}

/// One data column's distribution per class (`column` its label with its unit).
pub fn histogram(h: &FeatureHistogram, column: &str) -> Figure {
    let mut f = figure(
        format!("{} by class", h.column),
        Axis::new(column),
        Axis::new("fraction of the class"),
    );
    for (k, bins) in h.per_class.iter().enumerate() {
        let name = if h.per_class.len() == 1 {
            format!("all rows ({})", h.rows[k])
        } else {
            format!("class {k} ({} rows)", h.rows[k])
        };
        f.layers.push(Layer::Steps {
            label: Some(name),
            range: h.range,
            values: bins.clone(),
            colour: colours::class_colour(k),
            fill: true,
            dash: Dash::Solid,
        });
    }
    f
}

/// Predicted against true value on the test split, with the diagonal of a perfect fit.
pub fn fit(fit: &FitFigure, r2: Option<f64>) -> Figure {
    let mut f = figure(
        "Fit (test set)",
        Axis::new("true value"),
        Axis::new("predicted"),
    );
    f.legend = Corner::TopLeft;
    f.square = true;
    let r2 = r2.map_or(String::new(), |r| format!("R^2 {r:.3}, "));
    f.notes.push(format!(
        "{r2}residuals {:+.3} ± {:.3} (median ± half the central 68%); true values' spread {:.3}",
        fit.residual_median, fit.residual_width, fit.target_width
    ));
    let (lo, hi) = fit
        .points
        .iter()
        .flat_map(|p| p.iter().copied())
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo < hi {
        f.layers.push(dashed(
            line("perfect fit", vec![[lo, lo], [hi, hi]], colours::TRAIN, 1.2),
            Dash::Dashed,
        ));
    }
    f.layers.push(Layer::Points {
        label: Some(format!("test rows ({})", fit.points.len())),
        points: fit.points.clone(),
        colours: vec![colours::POSITIVE],
        radius: 1.6,
        outline: None,
    });
    f
}
