//! Figures of merit: accuracy, exact tie-aware ROC AUC, R^2.

/// The figures physicists read off a ROC curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RocSummary {
    /// Area under the curve: the probability that a random signal event scores above a random
    /// background event, ties counting one half (the Mann-Whitney statistic).
    pub auc: f64,
    /// Background rejection 1/eps_B at signal efficiency 0.3 (infinite if no background passes).
    pub rejection_30: f64,
    /// Background rejection 1/eps_B at signal efficiency 0.5.
    pub rejection_50: f64,
}

/// Sorts (score, is-signal) pairs by score; false if a score is not finite.
fn sorted_pairs(scores: &[f64], positive: &[bool], scratch: &mut Vec<(f64, bool)>) -> bool {
    scratch.clear();
    scratch.extend(scores.iter().copied().zip(positive.iter().copied()));
    if scratch.iter().any(|(s, _)| !s.is_finite()) {
        return false;
    }
    scratch.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    true
}

/// Walks the ROC curve from the highest threshold down, one point per distinct score:
/// `visit(eps_b, eps_s)` after each group of tied scores, starting from (0, 0).
fn walk_roc(sorted: &[(f64, bool)], mut visit: impl FnMut(f64, f64)) -> Option<()> {
    let signal = sorted.iter().filter(|p| p.1).count() as f64;
    let background = sorted.len() as f64 - signal;
    if signal == 0.0 || background == 0.0 {
        return None;
    }
    let (mut tp, mut fp) = (0.0, 0.0);
    visit(0.0, 0.0);
    let mut k = sorted.len();
    while k > 0 {
        let score = sorted[k - 1].0;
        while k > 0 && sorted[k - 1].0 == score {
            if sorted[k - 1].1 {
                tp += 1.0
            } else {
                fp += 1.0
            }
            k -= 1;
        }
        visit(fp / background, tp / signal);
    }
    Some(())
}

/// AUC and background rejections from scores and truth; `scratch` is reused memory. None when
/// a class is missing or a score is not finite.
pub fn roc_summary(
    scores: &[f64],
    positive: &[bool],
    scratch: &mut Vec<(f64, bool)>,
) -> Option<RocSummary> {
    if !sorted_pairs(scores, positive, scratch) {
        return None;
    }
    let (mut area, mut previous) = (0.0, (0.0, 0.0));
    let (mut at_30, mut at_50) = (None, None);
    walk_roc(scratch, |eps_b, eps_s| {
        let (b0, s0) = previous;
        area += (eps_b - b0) * (s0 + eps_s) / 2.0;
        for (target, slot) in [(0.3, &mut at_30), (0.5, &mut at_50)] {
            if slot.is_none() && eps_s >= target && eps_s > s0 {
                *slot = Some(b0 + (target - s0) / (eps_s - s0) * (eps_b - b0));
            }
        }
        previous = (eps_b, eps_s);
    })?;
    let rejection = |eps_b: Option<f64>| {
        eps_b.map_or(f64::NAN, |b| if b > 0.0 { 1.0 / b } else { f64::INFINITY })
    };
    Some(RocSummary {
        auc: area,
        rejection_30: rejection(at_30),
        rejection_50: rejection(at_50),
    })
}

/// The ROC curve as (background efficiency, signal efficiency) points, from (0, 0) to (1, 1).
pub fn roc_curve(scores: &[f64], positive: &[bool]) -> Vec<[f64; 2]> {
    let mut sorted = Vec::new();
    let mut points = Vec::new();
    if sorted_pairs(scores, positive, &mut sorted) {
        walk_roc(&sorted, |b, s| points.push([b, s]));
    }
    points
}

/// [`roc_summary`]'s AUC with fresh scratch memory.
pub fn auc(scores: &[f64], positive: &[bool]) -> Option<f64> {
    roc_summary(scores, positive, &mut Vec::new()).map(|r| r.auc)
}

/// Counts of a binary classifier cut at a score threshold (score >= threshold is "signal").
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Confusion {
    /// Signal kept.
    pub true_positive: f64,
    /// Signal lost.
    pub false_negative: f64,
    /// Background kept.
    pub false_positive: f64,
    /// Background rejected.
    pub true_negative: f64,
}

impl Confusion {
    /// Counts at `threshold`; non-finite scores count as rejected.
    pub fn at(scores: &[f64], positive: &[bool], threshold: f64) -> Confusion {
        let mut c = Confusion::default();
        for (&s, &p) in scores.iter().zip(positive) {
            let kept = s >= threshold;
            match (p, kept) {
                (true, true) => c.true_positive += 1.0,
                (true, false) => c.false_negative += 1.0,
                (false, true) => c.false_positive += 1.0,
                (false, false) => c.true_negative += 1.0,
            }
        }
        c
    }

    /// Kept signal over all kept events (None when nothing is kept).
    pub fn precision(&self) -> Option<f64> {
        let kept = self.true_positive + self.false_positive;
        (kept > 0.0).then(|| self.true_positive / kept)
    }

    /// Signal efficiency: kept signal over all signal.
    pub fn recall(&self) -> Option<f64> {
        let signal = self.true_positive + self.false_negative;
        (signal > 0.0).then(|| self.true_positive / signal)
    }

    /// Background efficiency: kept background over all background.
    pub fn background_efficiency(&self) -> Option<f64> {
        let background = self.false_positive + self.true_negative;
        (background > 0.0).then(|| self.false_positive / background)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
    }
}

/// The simple significance s / sqrt(s + b) (0 when nothing is kept).
pub fn significance(s: f64, b: f64) -> f64 {
    if s + b > 0.0 { s / (s + b).sqrt() } else { 0.0 }
}

/// The Approximate Median Significance of the Higgs challenge,
/// sqrt(2 ((s + b + b_r) ln(1 + s / (b + b_r)) - s)) with the regulariser b_r = 10.
pub fn ams(s: f64, b: f64) -> f64 {
    const B_REG: f64 = 10.0;
    let radicand = 2.0 * ((s + b + B_REG) * (s / (b + B_REG)).ln_1p() - s);
    radicand.max(0.0).sqrt()
}

/// Coefficient of determination 1 - SSE/SST from sums; None when the targets do not vary.
pub fn r_squared(sum_squared_error: f64, sum_squared_deviation: f64) -> Option<f64> {
    (sum_squared_deviation > 0.0).then(|| 1.0 - sum_squared_error / sum_squared_deviation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_inverted_and_constant_scorers() {
        let labels = [false, false, true, true];
        assert_eq!(auc(&[0.1, 0.2, 0.8, 0.9], &labels), Some(1.0));
        assert_eq!(auc(&[0.9, 0.8, 0.2, 0.1], &labels), Some(0.0));
        assert_eq!(auc(&[0.5; 4], &labels), Some(0.5));
    }

    #[test]
    fn ties_count_half_in_a_worked_example() {
        // positives 0.4, 0.7, 0.7; negatives 0.2, 0.4, 0.7.
        // pairs won: 0.4 beats 0.2 and ties 0.4 -> 1.5; each 0.7 beats 0.2, 0.4, ties 0.7 -> 2.5 each.
        let scores = [0.4, 0.7, 0.7, 0.2, 0.4, 0.7];
        let labels = [true, true, true, false, false, false];
        assert_eq!(auc(&scores, &labels), Some((1.5 + 2.5 + 2.5) / 9.0));
    }

    #[test]
    fn auc_equals_the_mann_whitney_count_on_random_scores() {
        let mut rng = crate::engine::rng::Rng::new(8);
        let scores: Vec<f64> = (0..300).map(|_| (rng.uniform() * 20.0).floor()).collect();
        let labels: Vec<bool> = (0..300).map(|_| rng.uniform() < 0.4).collect();
        let mut won = 0.0;
        let mut pairs = 0.0;
        for i in 0..300 {
            for j in 0..300 {
                if labels[i] && !labels[j] {
                    pairs += 1.0;
                    won += if scores[i] > scores[j] {
                        1.0
                    } else if scores[i] == scores[j] {
                        0.5
                    } else {
                        0.0
                    };
                }
            }
        }
        assert!((auc(&scores, &labels).unwrap() - won / pairs).abs() < 1e-12);
    }

    #[test]
    fn rejection_in_a_worked_example() {
        // Signal 0.9, 0.8, 0.7, 0.6; background 0.85, 0.5, 0.4, 0.3, 0.2.
        let scores = [0.9, 0.8, 0.7, 0.6, 0.85, 0.5, 0.4, 0.3, 0.2];
        let truth = [true, true, true, true, false, false, false, false, false];
        let r = roc_summary(&scores, &truth, &mut Vec::new()).unwrap();
        // Curve: (0,0) (0,0.25) (0.2,0.25) (0.2,0.5) (0.2,0.75) (0.2,1) then background only.
        // At eps_S = 0.3 the curve is on the vertical segment at eps_B = 0.2: rejection 5.
        assert!((r.rejection_30 - 5.0).abs() < 1e-12, "{r:?}");
        assert!((r.rejection_50 - 5.0).abs() < 1e-12, "{r:?}");
        // Pairs won: 0.9 beats all 5 backgrounds, 0.8, 0.7 and 0.6 beat 4 each: 17 of 20.
        assert!((r.auc - 0.85).abs() < 1e-12, "{r:?}");
        let perfect = roc_summary(&[0.9, 0.8, 0.1], &[true, true, false], &mut Vec::new()).unwrap();
        assert_eq!(perfect.rejection_30, f64::INFINITY);
    }

    #[test]
    fn roc_is_monotone_from_origin_to_corner() {
        let mut rng = crate::engine::rng::Rng::new(2);
        let truth: Vec<bool> = (0..500).map(|_| rng.uniform() < 0.5).collect();
        let scores: Vec<f64> = truth
            .iter()
            .map(|&t| {
                let s = rng.normal() + if t { 1.0 } else { 0.0 };
                (s * 10.0).round() / 10.0
            })
            .collect();
        let curve = roc_curve(&scores, &truth);
        assert_eq!(curve.first(), Some(&[0.0, 0.0]));
        assert_eq!(curve.last(), Some(&[1.0, 1.0]));
        assert!(
            curve
                .windows(2)
                .all(|w| w[1][0] >= w[0][0] && w[1][1] >= w[0][1])
        );
    }

    #[test]
    fn confusion_and_significance_by_hand() {
        let scores = [0.9, 0.6, 0.4, 0.7, 0.2, 0.1];
        let truth = [true, true, true, false, false, false];
        let c = Confusion::at(&scores, &truth, 0.5);
        assert_eq!(
            (
                c.true_positive,
                c.false_negative,
                c.false_positive,
                c.true_negative
            ),
            (2.0, 1.0, 1.0, 2.0)
        );
        assert_eq!(c.precision(), Some(2.0 / 3.0));
        assert_eq!(c.recall(), Some(2.0 / 3.0));
        assert_eq!(c.background_efficiency(), Some(1.0 / 3.0));
        assert!((c.f1().unwrap() - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(Confusion::at(&scores, &truth, 2.0).precision(), None);
        assert_eq!(significance(10.0, 90.0), 1.0);
        // 2 ((10 + 90 + 10) ln 1.1 - 10) = 0.968238..., its root 0.983991...
        assert!(
            (ams(10.0, 90.0) - 0.983_991).abs() < 1e-6,
            "{}",
            ams(10.0, 90.0)
        );
        assert_eq!(ams(0.0, 50.0), 0.0);
    }

    #[test]
    fn undefined_cases_give_none() {
        assert_eq!(auc(&[0.1, 0.2], &[true, true]), None);
        assert_eq!(auc(&[f64::NAN, 0.2], &[true, false]), None);
        assert_eq!(r_squared(1.0, 0.0), None);
        assert_eq!(r_squared(1.0, 4.0), Some(0.75));
    }
}
