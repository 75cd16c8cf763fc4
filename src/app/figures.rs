//! Which figures a snapshot can be saved as, and each one built from the snapshot as its chart
//! or picture shows it (the same figure for File > Save figure… and `nnplay figure`).

use super::charts::ChartState;
use super::output_view::{column_label, point_colour};
use crate::engine::colours::{self, Rgb};
use crate::engine::data::Task;
use crate::engine::metrics::Confusion;
use crate::engine::plot::Figure;
use crate::engine::plot::charts::{self, Overlay};
use crate::engine::plot::pictures::{self, Dots, Landscape, Picture};
use crate::worker::{Point, Snapshot};
use egui::{Color32, ColorImage};

/// A figure that can be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureKind {
    /// The output map (or the fit curve of 1-D data) with the data on it.
    Map,
    /// Train, validation and test loss.
    Loss,
    /// Train and test accuracy.
    Accuracy,
    /// The ROC curve.
    Roc,
    /// Background rejection against signal efficiency.
    Rejection,
    /// Score histograms per class.
    Scores,
    /// Significance against the threshold.
    Threshold,
    /// The confusion matrix of more than two classes.
    Confusion,
    /// One data column's distribution per class.
    Histogram,
    /// Predicted against true value (regression on table data).
    Fit,
    /// The loss landscape of a line fit.
    Landscape,
}

impl FigureKind {
    /// Every figure, in menu order.
    pub const ALL: [FigureKind; 11] = [
        FigureKind::Map,
        FigureKind::Loss,
        FigureKind::Accuracy,
        FigureKind::Roc,
        FigureKind::Rejection,
        FigureKind::Scores,
        FigureKind::Threshold,
        FigureKind::Confusion,
        FigureKind::Histogram,
        FigureKind::Fit,
        FigureKind::Landscape,
    ];

    /// The name the command line takes (`--what`), also the default file name.
    pub fn id(self) -> &'static str {
        match self {
            FigureKind::Map => "map",
            FigureKind::Loss => "loss",
            FigureKind::Accuracy => "accuracy",
            FigureKind::Roc => "roc",
            FigureKind::Rejection => "rejection",
            FigureKind::Scores => "scores",
            FigureKind::Threshold => "threshold",
            FigureKind::Confusion => "confusion",
            FigureKind::Histogram => "histogram",
            FigureKind::Fit => "fit",
            FigureKind::Landscape => "landscape",
        }
    }

    /// The name in the window.
    pub fn label(self) -> &'static str {
        match self {
            FigureKind::Map => "Output map",
            FigureKind::Loss => "Loss",
            FigureKind::Accuracy => "Accuracy",
            FigureKind::Roc => "ROC",
            FigureKind::Rejection => "Rejection",
            FigureKind::Scores => "Scores",
            FigureKind::Threshold => "Threshold scan",
            FigureKind::Confusion => "Confusion matrix",
            FigureKind::Histogram => "Feature histogram",
            FigureKind::Fit => "Fit",
            FigureKind::Landscape => "Loss landscape",
        }
    }

    /// The figure a `--what` names (Err: the names there are).
    pub fn from_id(id: &str) -> Result<FigureKind, String> {
        FigureKind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| {
                let ids: Vec<&str> = FigureKind::ALL.iter().map(|k| k.id()).collect();
                format!("no figure \"{id}\": choose {}", ids.join(", "))
            })
    }

    /// The figure's size in points when first chosen: square for maps and ROC curves.
    pub fn default_size(self) -> [f64; 2] {
        match self {
            FigureKind::Map
            | FigureKind::Roc
            | FigureKind::Confusion
            | FigureKind::Fit
            | FigureKind::Landscape => [640.0, 600.0],
            _ => [800.0, 480.0],
        }
    }

    /// Whether the snapshot has what the figure shows, and if not, why.
    pub fn available(self, s: &Snapshot) -> Result<(), &'static str> {
        let classifier = s.model_figures.classifier.is_some();
        let ok = match self {
            FigureKind::Map => !s.output_image.pixels.is_empty() || !s.curve.is_empty(),
            FigureKind::Loss => !s.records.is_empty(),
            FigureKind::Accuracy => s.task.is_classification() && !s.records.is_empty(),
            FigureKind::Roc
            | FigureKind::Rejection
            | FigureKind::Scores
            | FigureKind::Threshold => classifier,
            FigureKind::Confusion => s.model_figures.confusion.is_some(),
            FigureKind::Histogram => !s.data_figures.histograms.is_empty(),
            FigureKind::Fit => s.model_figures.fit.is_some(),
            FigureKind::Landscape => s.landscape.is_some(),
        };
        if ok {
            return Ok(());
        }
        Err(match self {
            FigureKind::Map => "there is no output map yet",
            FigureKind::Loss | FigureKind::Accuracy if !s.task.is_classification() => {
                "accuracy is a figure of classification"
            }
            FigureKind::Loss | FigureKind::Accuracy => "nothing is trained yet",
            FigureKind::Roc
            | FigureKind::Rejection
            | FigureKind::Scores
            | FigureKind::Threshold => {
                "this figure needs two classes, a test split and a trained model"
            }
            FigureKind::Confusion => "the confusion matrix needs more than two classes",
            FigureKind::Histogram => "the data has no columns",
            FigureKind::Fit => "the fit figure needs a regression on table data",
            FigureKind::Landscape => "the loss landscape belongs to the straight-line lessons",
        })
    }

    /// The figure as the window shows it now (None when it is not available).
    pub fn build(self, s: &Snapshot, state: &ChartState) -> Option<Figure> {
        self.available(s).ok()?;
        let past = overlays(s, state);
        let c = s.model_figures.classifier.as_ref();
        let model = super::charts::model_name(&s.scene);
        Some(match self {
            FigureKind::Map => map(s),
            FigureKind::Loss => charts::loss(
                &s.records,
                s.step_name(),
                state.log_loss,
                best_epoch(s),
                &past,
            ),
            FigureKind::Accuracy => charts::accuracy(&s.records, s.step_name(), &past),
            FigureKind::Roc => {
                let c = c?;
                let at = Confusion::at(&c.test_scores, &c.test_truth, state.cut.threshold);
                let marker = at.background_efficiency().zip(at.recall());
                let marker = marker.map(|(b, s)| [b, s]);
                charts::roc(c, &s.data_figures.cut_rocs, model, marker, &past)
            }
            FigureKind::Rejection => charts::rejection(c?, model, &past),
            FigureKind::Scores => charts::scores(c?, state.log_scores),
            FigureKind::Threshold => charts::threshold(
                c?,
                (state.cut.expected_signal, state.cut.expected_background),
                state.cut.threshold,
            ),
            FigureKind::Confusion => charts::confusion(s.model_figures.confusion.as_ref()?),
            FigureKind::Histogram => {
                let k = state
                    .histogram_column
                    .min(s.data_figures.histograms.len() - 1);
                charts::histogram(&s.data_figures.histograms[k], &column_label(s, k))
            }
            FigureKind::Fit => {
                let r2 = s.records.last().and_then(|r| r.r2);
                charts::fit(s.model_figures.fit.as_ref()?, r2)
            }
            FigureKind::Landscape => {
                let view = s.landscape.as_ref()?;
                pictures::landscape(Landscape {
                    picture: picture(&view.image),
                    m: view.m,
                    b: view.b,
                    contours: &view.contours,
                    minimum: view.minimum,
                    path: &s.descent_path,
                    stable_learning_rate: view.stable_learning_rate,
                })
            }
        })
    }
}

/// The epoch early stopping chose, once it has stopped.
fn best_epoch(s: &Snapshot) -> Option<u64> {
    match s.status {
        crate::engine::train::Status::Stopped { best_epoch, .. } => Some(best_epoch),
        _ => None,
    }
}

/// The shared form of a window colour.
fn rgb(c: Color32) -> Rgb {
    Rgb(c.r(), c.g(), c.b())
}

/// An egui image as a figure's picture.
fn picture(image: &ColorImage) -> Picture {
    Picture {
        pixels: image.pixels.iter().map(|&c| rgb(c)).collect(),
        width: image.size[0],
    }
}

/// The past runs the charts overlay now.
fn overlays<'a>(s: &'a Snapshot, state: &ChartState) -> Vec<Overlay<'a>> {
    super::charts::overlaid_runs(s, state)
        .into_iter()
        .map(|(run, colour)| Overlay {
            label: &run.label,
            records: &run.records,
            classifier: run.figures.classifier.as_ref(),
            colour: rgb(colour),
        })
        .collect()
}

/// The output map (or the 1-D fit curve) with the training and test points.
fn map(s: &Snapshot) -> Figure {
    let title = format!(
        "{} after {} {}s",
        if s.task.is_classification() {
            "Decision map"
        } else {
            "Output"
        },
        s.epoch,
        s.step_name()
    );
    if s.columns == 1 {
        let as_dots = |points: &[Point], label: &str, colour: Rgb, test: bool| Dots {
            label: label.into(),
            points: points.iter().map(|p| [p.x, p.label]).collect(),
            colours: vec![colour],
            test,
        };
        let dots = [
            as_dots(&s.points.train, "training points", colours::POSITIVE, false),
            as_dots(&s.points.test, "test points", colours::NEGATIVE, true),
        ];
        return pictures::curve(&title, &s.curve, &dots);
    }
    let mut dots = Vec::new();
    for (points, test) in [(&s.points.train, false), (&s.points.test, true)] {
        let split = if test { "test" } else { "training" };
        match s.task {
            Task::Classification { classes } => {
                for k in 0..classes {
                    let chosen: Vec<&Point> = points
                        .iter()
                        .filter(|p| (p.label.max(0.0) as usize).min(classes - 1) == k)
                        .collect();
                    if chosen.is_empty() {
                        continue;
                    }
                    dots.push(Dots {
                        label: format!("class {k}, {split}"),
                        points: chosen.iter().map(|p| [p.x, p.y]).collect(),
                        colours: vec![rgb(point_colour(chosen[0], s.task, s.points.label_range))],
                        test,
                    });
                }
            }
            Task::Regression => dots.push(Dots {
                label: format!("{split} points"),
                points: points.iter().map(|p| [p.x, p.y]).collect(),
                colours: points
                    .iter()
                    .map(|p| rgb(point_colour(p, s.task, s.points.label_range)))
                    .collect(),
                test,
            }),
        }
    }
    pictures::map(
        &title,
        picture(&s.output_image),
        s.region,
        (&column_label(s, 0), &column_label(s, 1)),
        &dots,
    )
}
