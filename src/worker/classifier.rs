//! The classifier figures physicists read, prepared for the window: the ROC curve, the AUC and
//! background rejections, and score histograms per class for the training and test splits.

use crate::data::splits::TargetCoding;
use crate::metrics::{RocSummary, roc_curve, roc_summary};
use crate::train::{Session, Which};

/// Bins of the score histograms over [0, 1].
pub const SCORE_BINS: usize = 40;

/// Normalised score distributions (each sums to 1 over its bins).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoreHistograms {
    /// Training signal (class 1).
    pub train_signal: Vec<f64>,
    /// Training background (class 0).
    pub train_background: Vec<f64>,
    /// Test signal.
    pub test_signal: Vec<f64>,
    /// Test background.
    pub test_background: Vec<f64>,
}

/// The binary-classifier figures of one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassifierFigures {
    /// The test ROC curve: (background efficiency, signal efficiency).
    pub roc: Vec<[f64; 2]>,
    /// AUC and rejections on the test split.
    pub summary: RocSummary,
    /// Score distributions per class and split.
    pub histograms: ScoreHistograms,
}

fn histogram(scores: &[f64], labels: &[f64], signal: bool) -> Vec<f64> {
    let mut bins = vec![0.0; SCORE_BINS];
    let mut total = 0.0;
    for (&s, &l) in scores.iter().zip(labels) {
        if (l >= 0.5) == signal && s.is_finite() {
            let b = ((s.clamp(0.0, 1.0) * SCORE_BINS as f64) as usize).min(SCORE_BINS - 1);
            bins[b] += 1.0;
            total += 1.0;
        }
    }
    if total > 0.0 {
        bins.iter_mut().for_each(|b| *b /= total);
    }
    bins
}

/// The figures for a binary classifier with a test split; None otherwise.
pub fn figures(session: &mut Session) -> Option<ClassifierFigures> {
    if !matches!(session.splits().coding, TargetCoding::Binary { .. })
        || session.splits().test.rows() == 0
    {
        return None;
    }
    let (mut train_scores, mut test_scores) = (Vec::new(), Vec::new());
    session.scores_into(Which::Train, &mut train_scores);
    session.scores_into(Which::Test, &mut test_scores);
    let (train_labels, test_labels) = (
        &session.splits().train.labels,
        &session.splits().test.labels,
    );
    let truth: Vec<bool> = test_labels.iter().map(|&l| l >= 0.5).collect();
    let summary = roc_summary(&test_scores, &truth, &mut Vec::new())?;
    Some(ClassifierFigures {
        roc: roc_curve(&test_scores, &truth),
        summary,
        histograms: ScoreHistograms {
            train_signal: histogram(&train_scores, train_labels, true),
            train_background: histogram(&train_scores, train_labels, false),
            test_signal: histogram(&test_scores, test_labels, true),
            test_background: histogram(&test_scores, test_labels, false),
        },
    })
}
