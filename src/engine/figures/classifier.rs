//! The classifier figures physicists read, prepared for the window: the ROC curve, the AUC and
//! background rejections, and score histograms per class for the training and test splits.

use crate::engine::metrics::{RocSummary, roc_curve, roc_summary};
use crate::engine::numbers::group_thousands;
use crate::engine::train::{FIGURE_ROWS, Session, Which};

/// Bins of the score histograms over [0, 1].
pub const SCORE_BINS: usize = 40;

/// Normalised score distributions (each sums to 1 over its bins), counted by event weight
/// when the data has weights.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoreHistograms {
    /// Whether events count by their weights.
    pub weighted: bool,
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
    /// (rows scored, rows in the test split): the test figures use at most
    /// [`FIGURE_ROWS`] evenly spread rows.
    pub test_rows: (usize, usize),
    /// The ROC curve on the training split (on at most [`MAX_HISTOGRAM_ROWS`] rows, evenly
    /// spread): above the test curve, it shows how optimistic the training rows are.
    pub train_roc: Vec<[f64; 2]>,
    /// The AUC on those training rows.
    pub train_auc: Option<f64>,
    /// Score distributions per class and split.
    pub histograms: ScoreHistograms,
    /// The test scores (positive-class probability-like, in [0, 1] for most losses).
    pub test_scores: Vec<f64>,
    /// Whether each test event is signal.
    pub test_truth: Vec<bool>,
    /// Signal and background efficiency at thresholds 0, 0.01, ..., 1: [threshold, eps_S, eps_B]
    /// (weighted when the data has weights).
    pub efficiency_scan: Vec<[f64; 3]>,
}

impl ClassifierFigures {
    /// "Test set", or "Test set (50,000 of 200,000 events, evenly spread)" when the figures
    /// are computed on a sample of it.
    pub fn test_set_label(&self) -> String {
        let (scored, all) = self.test_rows;
        if scored < all {
            format!(
                "Test set ({} of {} events, evenly spread)",
                group_thousands(scored as u64),
                group_thousands(all as u64)
            )
        } else {
            "Test set".into()
        }
    }
}

/// Thresholds in the efficiency scan.
pub const SCAN: usize = 101;

/// The weight of row `r` (1 when `weights` is empty: the data has none).
fn weight_of(weights: &[f64], r: usize) -> f64 {
    weights.get(r).copied().unwrap_or(1.0)
}

/// [threshold, eps_S, eps_B] at SCAN evenly spaced thresholds, in one pass over the scores;
/// each event counts by its weight (`weights` empty: 1).
fn efficiency_scan(scores: &[f64], truth: &[bool], weights: &[f64]) -> Vec<[f64; 3]> {
    let (mut signal, mut background) = (vec![0.0; SCAN], vec![0.0; SCAN]);
    for (r, (&s, &t)) in scores.iter().zip(truth).enumerate() {
        if !s.is_finite() {
            continue;
        }
        let bin = ((s.clamp(0.0, 1.0) * (SCAN - 1) as f64).floor() as usize).min(SCAN - 1);
        if t {
            signal[bin] += weight_of(weights, r)
        } else {
            background[bin] += weight_of(weights, r)
        }
    }
    let total = |bins: &[f64]| {
        let sum: f64 = bins.iter().sum();
        if sum > 0.0 { sum } else { 1.0 }
    };
    let (total_s, total_b) = (total(&signal), total(&background));
    let (mut kept_s, mut kept_b) = (0.0, 0.0);
    let mut scan = vec![[0.0; 3]; SCAN];
    for k in (0..SCAN).rev() {
        kept_s += signal[k];
        kept_b += background[k];
        scan[k] = [
            k as f64 / (SCAN - 1) as f64,
            kept_s / total_s,
            kept_b / total_b,
        ];
    }
    scan
}

/// One class's score distribution, each event counted by its weight (`weights` empty: 1).
fn histogram(scores: &[f64], labels: &[f64], weights: &[f64], signal: bool) -> Vec<f64> {
    let mut bins = vec![0.0; SCORE_BINS];
    let mut total = 0.0;
    for (r, (&s, &l)) in scores.iter().zip(labels).enumerate() {
        if (l >= 0.5) == signal && s.is_finite() {
            let b = ((s.clamp(0.0, 1.0) * SCORE_BINS as f64) as usize).min(SCORE_BINS - 1);
            bins[b] += weight_of(weights, r);
            total += weight_of(weights, r);
        }
    }
    if total > 0.0 {
        bins.iter_mut().for_each(|b| *b /= total);
    }
    bins
}

/// Most training rows scored for the training score histogram.
pub const MAX_HISTOGRAM_ROWS: usize = 20_000;

/// The figures for a binary classifier with a test split; None otherwise.
pub fn figures(session: &mut Session) -> Option<ClassifierFigures> {
    if !session.splits().coding.is_two_class() || session.splits().test.rows() == 0 {
        return None;
    }
    // The training histogram is a picture: a sample of the rows draws it as well as all.
    let train = session.sampled_scores(Which::Train, MAX_HISTOGRAM_ROWS);
    let (train_scores, train_labels) = (&train.values, &train.labels);
    let test = session.sampled_scores(Which::Test, FIGURE_ROWS);
    let test_scores = test.values;
    let (test_labels, test_weights) = (&test.labels, &test.weights);
    let truth: Vec<bool> = test_labels.iter().map(|&l| l >= 0.5).collect();
    let summary = roc_summary(&test_scores, &truth, &mut Vec::new())?;
    let train_truth: Vec<bool> = train_labels.iter().map(|&l| l >= 0.5).collect();
    Some(ClassifierFigures {
        roc: roc_curve(&test_scores, &truth),
        summary,
        test_rows: (test_scores.len(), session.splits().test.rows()),
        train_roc: roc_curve(train_scores, &train_truth),
        train_auc: roc_summary(train_scores, &train_truth, &mut Vec::new()).map(|r| r.auc),
        histograms: ScoreHistograms {
            weighted: !test_weights.is_empty(),
            train_signal: histogram(train_scores, train_labels, &train.weights, true),
            train_background: histogram(train_scores, train_labels, &train.weights, false),
            test_signal: histogram(&test_scores, test_labels, test_weights, true),
            test_background: histogram(&test_scores, test_labels, test_weights, false),
        },
        efficiency_scan: efficiency_scan(&test_scores, &truth, test_weights),
        test_scores,
        test_truth: truth,
    })
}

/// A one-sided cut on one input feature, the classic analysis a network is compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct CutRoc {
    /// The feature's name, with the side kept, e.g. "mass >" or "tau32 <".
    pub name: String,
    /// Area under the cut's ROC on the test split.
    pub auc: f64,
    /// The cut's ROC: (background efficiency, signal efficiency).
    pub roc: Vec<[f64; 2]>,
}

/// Most points kept of each cut's ROC curve (they are drawn, not measured).
const MAX_CUT_ROC_POINTS: usize = 500;

/// Most inputs that get a cut ROC (more would crowd the chart).
pub const MAX_CUT_ROCS: usize = 8;

/// The test-split ROC of a one-sided cut on each input of a binary classifier, keeping the side
/// that beats chance. Inputs are standardised at most, which leaves a cut's ROC unchanged.
pub fn cut_rocs(session: &Session) -> Vec<CutRoc> {
    let splits = session.splits();
    let width = splits.width();
    if !splits.coding.is_two_class() || splits.test.rows() == 0 || width > MAX_CUT_ROCS {
        return Vec::new();
    }
    let truth: Vec<bool> = splits.test.labels.iter().map(|&l| l >= 0.5).collect();
    (0..width)
        .filter_map(|j| {
            let inputs = &splits.test.inputs;
            let mut values: Vec<f64> = (j..inputs.len())
                .step_by(width)
                .map(|i| inputs.get(i))
                .collect();
            let mut auc = crate::engine::metrics::auc(&values, &truth)?;
            let label = splits.features[j].label(session.columns());
            let name = if auc >= 0.5 {
                format!("{label} >")
            } else {
                values.iter_mut().for_each(|v| *v = -*v);
                auc = 1.0 - auc;
                format!("{label} <")
            };
            let roc = roc_curve(&values, &truth);
            let stride = roc.len().div_ceil(MAX_CUT_ROC_POINTS).max(1);
            let last = roc.len().saturating_sub(1);
            let roc = roc
                .into_iter()
                .enumerate()
                .filter(|(k, _)| k % stride == 0 || *k == last)
                .map(|(_, p)| p)
                .collect();
            Some(CutRoc { name, auc, roc })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn efficiency_scan_counts_scores_at_or_above_each_threshold() {
        let scores = [0.0, 0.25, 0.5, 1.0, 0.75, 0.3];
        let truth = [true, true, true, true, false, false];
        let scan = efficiency_scan(&scores, &truth, &[]);
        assert_eq!(scan.len(), SCAN);
        assert_eq!(scan[0], [0.0, 1.0, 1.0]);
        assert_eq!(scan[50], [0.5, 0.5, 0.5]);
        assert_eq!(scan[76], [0.76, 0.25, 0.0]);
        assert_eq!(scan[100], [1.0, 0.25, 0.0]);
    }
}
