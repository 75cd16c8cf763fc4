//! The figures behind the chart tabs, computed from a session on the trainer thread (or in a
//! test). A tab's figure lives in one file here; [`DataFigures`] holds those that depend on
//! the data alone (computed once per dataset), [`ModelFigures`] those that follow training
//! (computed for every snapshot). Adding a figure is one file and one field with its line below.

pub mod classifier;
pub mod confusion;
pub mod histograms;
pub mod regression;
pub mod weighted;

use crate::engine::train::Session;
use classifier::{ClassifierFigures, CutRoc};
use histograms::FeatureHistogram;
use regression::FitFigure;
use weighted::WeightedFigures;

/// Figures of the data alone.
#[derive(Clone, Debug, Default)]
pub struct DataFigures {
    /// ROC curves of one-sided cuts on each input (binary classification).
    pub cut_rocs: Vec<CutRoc>,
    /// Each raw column's distribution per class.
    pub histograms: Vec<FeatureHistogram>,
}

impl DataFigures {
    /// The figures of a session's data.
    pub fn of(session: &Session) -> DataFigures {
        DataFigures {
            cut_rocs: classifier::cut_rocs(session),
            histograms: histograms::feature_histograms(session.table()),
        }
    }
}

/// Figures of the model as it is now.
#[derive(Clone, Debug, Default)]
pub struct ModelFigures {
    /// ROC, rejection and score histograms (binary classification with a test split).
    pub classifier: Option<ClassifierFigures>,
    /// Test-split confusion matrix `[true][predicted]` for more than two classes.
    pub confusion: Option<Vec<Vec<usize>>>,
    /// Predicted against true values and the residuals' width (regression on table data).
    pub fit: Option<FitFigure>,
    /// The test ROC, AUC and best AMS with event weights (two classes, weighted data).
    pub weighted: Option<WeightedFigures>,
}

impl ModelFigures {
    /// The figures of a session's model now.
    pub fn of(session: &mut Session) -> ModelFigures {
        ModelFigures {
            classifier: classifier::figures(session),
            confusion: confusion::multi_class(session),
            fit: regression::fit(session),
            weighted: weighted::figures(session),
        }
    }
}
