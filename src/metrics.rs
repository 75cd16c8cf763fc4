//! Figures of merit: accuracy, exact tie-aware ROC AUC, R^2.

/// Area under the ROC curve: the probability that a random positive scores above a random
/// negative, ties counting one half (the Mann-Whitney statistic). `scratch` is reused memory.
/// None when a class is missing or a score is not finite.
pub fn auc_with(scores: &[f64], positive: &[bool], scratch: &mut Vec<(f64, bool)>) -> Option<f64> {
    scratch.clear();
    scratch.extend(scores.iter().copied().zip(positive.iter().copied()));
    if scratch.iter().any(|(s, _)| !s.is_finite()) {
        return None;
    }
    scratch.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let (mut negatives_below, mut pairs_won) = (0.0, 0.0);
    let mut k = 0;
    while k < scratch.len() {
        let score = scratch[k].0;
        let (mut pos, mut neg) = (0.0, 0.0);
        while k < scratch.len() && scratch[k].0 == score {
            if scratch[k].1 {
                pos += 1.0
            } else {
                neg += 1.0
            }
            k += 1;
        }
        pairs_won += pos * (negatives_below + 0.5 * neg);
        negatives_below += neg;
    }
    let positives = scratch.len() as f64 - negatives_below;
    (positives > 0.0 && negatives_below > 0.0).then(|| pairs_won / (positives * negatives_below))
}

/// [`auc_with`] with fresh scratch memory.
pub fn auc(scores: &[f64], positive: &[bool]) -> Option<f64> {
    auc_with(scores, positive, &mut Vec::new())
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
        let mut rng = crate::rng::Rng::new(8);
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
    fn undefined_cases_give_none() {
        assert_eq!(auc(&[0.1, 0.2], &[true, true]), None);
        assert_eq!(auc(&[f64::NAN, 0.2], &[true, false]), None);
        assert_eq!(r_squared(1.0, 0.0), None);
        assert_eq!(r_squared(1.0, 4.0), Some(0.75));
    }
}
