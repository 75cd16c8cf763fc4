//! Weighted figures of a two-class problem whose data carries event weights, on the test
//! split: the ROC curve and AUC with each event counted by its weight, and the AMS of the
//! Kaggle Higgs challenge at the best threshold. The test split's weights are scaled per class
//! to the whole sample's (as the challenge did), so s and b estimate the full expected counts.

use crate::engine::train::{FIGURE_ROWS, Session, Which};

/// The AMS regularisation term b_r of the Kaggle Higgs challenge.
pub const AMS_REGULARISATION: f64 = 10.0;

/// The most points kept of the weighted ROC curve.
const MAX_ROC_POINTS: usize = 1000;

/// The approximate median significance of the Kaggle Higgs challenge for weighted signal `s`
/// and background `b`: sqrt(2((s + b + b_r) ln(1 + s/(b + b_r)) - s)), b_r = 10.
pub fn ams(s: f64, b: f64) -> f64 {
    let br = b + AMS_REGULARISATION;
    (2.0 * ((s + br) * (1.0 + s / br).ln() - s)).max(0.0).sqrt()
}

/// The threshold where the AMS peaks, with the weighted counts kept there.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AmsPoint {
    /// Events scoring at least this are kept as signal.
    pub threshold: f64,
    /// The AMS there.
    pub ams: f64,
    /// Weighted signal kept (scaled to the whole sample).
    pub signal: f64,
    /// Weighted background kept (scaled to the whole sample).
    pub background: f64,
}

/// The weighted test figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeightedFigures {
    /// The weighted ROC: (background efficiency, signal efficiency).
    pub roc: Vec<[f64; 2]>,
    /// The area under it.
    pub auc: f64,
    /// The best AMS over thresholds.
    pub best: AmsPoint,
}

/// The weighted ROC, its AUC and the best AMS of `scores`; the kept weights are scaled by
/// `scale` = (signal, background) for the AMS. None when a class has no positive weight or a
/// score is not finite.
pub fn weighted_figures(
    scores: &[f64],
    truth: &[bool],
    weights: &[f64],
    scale: (f64, f64),
) -> Option<WeightedFigures> {
    if scores.iter().any(|s| !s.is_finite()) {
        return None;
    }
    let (signal_total, background_total) = (
        class_weight(truth.iter().copied(), weights, true),
        class_weight(truth.iter().copied(), weights, false),
    );
    if signal_total <= 0.0 || background_total <= 0.0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_unstable_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut s, mut b, mut area) = (0.0, 0.0, 0.0);
    let mut roc = vec![[0.0, 0.0]];
    let mut best = AmsPoint::default();
    let mut k = 0;
    while k < order.len() {
        let score = scores[order[k]];
        while k < order.len() && scores[order[k]] == score {
            let r = order[k];
            if truth[r] {
                s += weights[r];
            } else {
                b += weights[r];
            }
            k += 1;
        }
        let point = [b / background_total, s / signal_total];
        let last = roc[roc.len() - 1];
        area += (point[0] - last[0]) * (point[1] + last[1]) / 2.0;
        roc.push(point);
        let (kept_s, kept_b) = (s * scale.0, b * scale.1);
        let value = ams(kept_s, kept_b);
        if value > best.ams {
            best = AmsPoint {
                threshold: score,
                ams: value,
                signal: kept_s,
                background: kept_b,
            };
        }
    }
    let stride = roc.len().div_ceil(MAX_ROC_POINTS).max(1);
    let mut thinned: Vec<[f64; 2]> = roc.iter().step_by(stride).copied().collect();
    if let Some(&end) = roc.last()
        && thinned.last() != Some(&end)
    {
        thinned.push(end);
    }
    Some(WeightedFigures {
        roc: thinned,
        auc: area,
        best,
    })
}

/// The weighted figures of a session whose two-class data has event weights and a test split.
pub fn figures(session: &mut Session) -> Option<WeightedFigures> {
    if session.table().weights.is_empty()
        || !session.splits().coding.is_two_class()
        || session.splits().test.rows() == 0
    {
        return None;
    }
    // On at most FIGURE_ROWS test rows; per class, the whole sample's weight over theirs.
    let test = session.sampled_scores(Which::Test, FIGURE_ROWS);
    let table = session.table();
    let is_signal = |labels: &[f64]| labels.iter().map(|&l| l >= 0.5).collect::<Vec<_>>();
    let (all, tested) = (is_signal(&table.labels), is_signal(&test.labels));
    let scale = |signal: bool| {
        class_weight(all.iter().copied(), &table.weights, signal)
            / class_weight(tested.iter().copied(), &test.weights, signal)
    };
    let scale = (scale(true), scale(false));
    weighted_figures(&test.values, &tested, &test.weights, scale)
}

/// The summed weight of the signal (or background) events.
fn class_weight(truth: impl Iterator<Item = bool>, weights: &[f64], signal: bool) -> f64 {
    truth
        .zip(weights)
        .filter(|(t, _)| *t == signal)
        .map(|(_, w)| w)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ams_matches_the_challenge_formula_worked_by_hand() {
        // s = 10, b = 90: sqrt(2 (110 ln(1 + 10/100) - 10)) = sqrt(2 (10.4841 - 10)) = 0.98399
        assert!(
            (ams(10.0, 90.0) - 0.983_99).abs() < 1e-5,
            "{}",
            ams(10.0, 90.0)
        );
        // no signal kept: zero
        assert_eq!(ams(0.0, 5.0), 0.0);
        // for s << b it approaches s / sqrt(b + b_r)
        let (s, b) = (1.0, 1e6);
        assert!((ams(s, b) - s / (b + 10.0f64).sqrt()).abs() < 1e-6);
    }

    #[test]
    fn weights_count_events_in_the_auc_and_the_ams() {
        // Scores 0.9 (signal, w 3), 0.8 (background, w 1), 0.3 (signal, w 1), 0.1 (background,
        // w 3). Weighted pairs (signal above background) over all: signal w 3 beats both
        // backgrounds (3 x 4 = 12), signal w 1 beats the one at 0.1 (1 x 3 = 3): 15 of 16.
        let scores = [0.9, 0.8, 0.3, 0.1];
        let truth = [true, false, true, false];
        let f = weighted_figures(&scores, &truth, &[3.0, 1.0, 1.0, 3.0], (1.0, 1.0)).unwrap();
        assert!((f.auc - 15.0 / 16.0).abs() < 1e-12, "{}", f.auc);
        // Unweighted the same events give 3 of 4.
        let u = weighted_figures(&scores, &truth, &[1.0; 4], (1.0, 1.0)).unwrap();
        assert!((u.auc - 0.75).abs() < 1e-12);
        // With the signal weights scaled by 2, the AMS at each threshold is: 0.9 (s 6, b 0)
        // 1.742, 0.8 (6, 1) 1.673, 0.3 (8, 1) 2.183, 0.1 (8, 4) 1.972: it peaks at 0.3.
        let g = weighted_figures(&scores, &truth, &[3.0, 1.0, 1.0, 3.0], (2.0, 1.0)).unwrap();
        assert_eq!(
            (g.best.threshold, g.best.signal, g.best.background),
            (0.3, 8.0, 1.0)
        );
        assert!((g.best.ams - 2.183).abs() < 1e-3, "{}", g.best.ams);
    }
}
