//! Histogram binning: each feature's training values cut into at most 256 bins, so a split
//! search scans bins instead of sorted rows. A feature with few distinct values gets one bin per
//! value and thresholds halfway between neighbours (exactly the thresholds an exact CART
//! considers); a feature with many gets thresholds at quantiles of its values.

/// Most bins per feature (bin codes are bytes).
pub const MAX_BINS: usize = 256;

/// Rows sampled per feature to place the thresholds (LightGBM samples in the same way).
const THRESHOLD_SAMPLE: usize = 200_000;

/// The thresholds of every feature and the bin code of every training row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bins {
    /// Per feature, ascending thresholds: a value `x` falls in bin `k` = the number of
    /// thresholds `<= x`, so "bins 0..=k go left" means `x < thresholds[k]`.
    pub thresholds: Vec<Vec<f64>>,
    /// Bin codes, feature by feature (`codes[f * rows + r]`), so a split scans one column.
    pub codes: Vec<u8>,
    /// Number of features.
    pub features: usize,
    /// Number of rows binned.
    pub rows: usize,
}

impl Bins {
    /// Bins `rows` rows of `features` values (row-major) into at most `max_bins` bins each.
    pub fn fit(inputs: &[f64], rows: usize, features: usize, max_bins: usize) -> Bins {
        let max_bins = max_bins.clamp(2, MAX_BINS);
        let thresholds: Vec<Vec<f64>> = (0..features)
            .map(|f| {
                let stride = rows.div_ceil(THRESHOLD_SAMPLE).max(1);
                let mut values: Vec<f64> = (0..rows)
                    .step_by(stride)
                    .map(|r| inputs[r * features + f])
                    .filter(|v| v.is_finite())
                    .collect();
                values.sort_unstable_by(f64::total_cmp);
                thresholds_of(&values, max_bins)
            })
            .collect();
        let mut codes = vec![0u8; rows * features];
        for (k, t) in thresholds.iter().enumerate() {
            let column = &mut codes[k * rows..(k + 1) * rows];
            for (r, code) in column.iter_mut().enumerate() {
                *code = bin_of(t, inputs[r * features + k]);
            }
        }
        Bins {
            thresholds,
            codes,
            features,
            rows,
        }
    }

    /// The bin codes of feature `f`, one per row.
    pub fn column(&self, f: usize) -> &[u8] {
        &self.codes[f * self.rows..(f + 1) * self.rows]
    }

    /// Bins of feature `f` (thresholds + 1).
    pub fn bins_of(&self, f: usize) -> usize {
        self.thresholds[f].len() + 1
    }
}

/// The bin of `x`: the number of thresholds at or below it (a NaN goes to bin 0).
fn bin_of(thresholds: &[f64], x: f64) -> u8 {
    thresholds.partition_point(|&t| t <= x) as u8
}

/// Thresholds for sorted finite values: halfway between neighbouring distinct values, all of
/// them when there are few, else at evenly spaced quantiles.
fn thresholds_of(sorted: &[f64], max_bins: usize) -> Vec<f64> {
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    for &v in sorted {
        match distinct.last_mut() {
            Some((last, n)) if *last == v => *n += 1,
            _ => distinct.push((v, 1)),
        }
    }
    let midpoint = |a: f64, b: f64| {
        let m = a + (b - a) / 2.0;
        // Rounding can land on b; keep a < threshold <= b so `x < t` sends a left and b right.
        if m > a { m } else { b }
    };
    if distinct.len() <= max_bins {
        return distinct
            .windows(2)
            .map(|w| midpoint(w[0].0, w[1].0))
            .collect();
    }
    // Quantile cuts over the rows: a cut after distinct value i when the running count crosses
    // the next multiple of n / max_bins.
    let n = sorted.len() as f64;
    let per_bin = n / max_bins as f64;
    let mut cuts = Vec::with_capacity(max_bins - 1);
    let mut seen = 0usize;
    for w in distinct.windows(2) {
        seen += w[0].1;
        let next_cut = (cuts.len() + 1) as f64 * per_bin;
        if seen as f64 >= next_cut && cuts.len() + 1 < max_bins {
            cuts.push(midpoint(w[0].0, w[1].0));
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_distinct_values_get_midpoint_thresholds() {
        let inputs = [3.0, 1.0, 2.0, 1.0, 3.0];
        let bins = Bins::fit(&inputs, 5, 1, 256);
        assert_eq!(bins.thresholds[0], vec![1.5, 2.5]);
        assert_eq!(bins.codes, vec![2, 0, 1, 0, 2]);
        assert_eq!(bins.bins_of(0), 3);
    }

    #[test]
    fn many_values_get_at_most_max_bins_of_similar_counts() {
        let inputs: Vec<f64> = (0..10_000).map(|i| ((i * 7919) % 10_000) as f64).collect();
        let bins = Bins::fit(&inputs, inputs.len(), 1, 256);
        assert_eq!(bins.bins_of(0), 256);
        let mut counts = [0usize; 256];
        bins.codes.iter().for_each(|&c| counts[c as usize] += 1);
        let (lo, hi) = (
            counts.iter().min().copied().unwrap_or(0),
            counts.iter().max().copied().unwrap_or(0),
        );
        assert!(lo >= 30 && hi <= 50, "bin counts {lo}..{hi}");
    }

    #[test]
    fn a_constant_feature_has_one_bin() {
        let bins = Bins::fit(&[5.0, 5.0, 5.0], 3, 1, 256);
        assert!(bins.thresholds[0].is_empty());
        assert_eq!(bins.codes, vec![0, 0, 0]);
    }

    #[test]
    fn codes_agree_with_the_thresholds() {
        let inputs: Vec<f64> = (0..1000).map(|i| (i as f64 * 0.37).sin()).collect();
        let bins = Bins::fit(&inputs, 1000, 1, 16);
        for (r, &x) in inputs.iter().enumerate() {
            let k = bins.codes[r] as usize;
            let t = &bins.thresholds[0];
            assert!(k == 0 || t[k - 1] <= x);
            assert!(k == t.len() || x < t[k]);
        }
    }
}
