//! Per-feature histograms by class: how each raw data column is distributed in each class,
//! over the central 99% of its values. Built once per dataset on the trainer thread.

use crate::engine::data::{Table, Task};

/// Bins per histogram.
pub const BINS: usize = 40;
/// Rows sampled (evenly) to find a column's central range.
const RANGE_SAMPLE: usize = 20_000;

/// One column's distribution per class.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureHistogram {
    /// The column's name.
    pub column: String,
    /// The range the bins cover: the 0.5% and 99.5% quantiles.
    pub range: (f64, f64),
    /// Per class (one entry for regression): the share of its rows in each bin, summing to 1
    /// over the bins plus the rows outside the range.
    pub per_class: Vec<Vec<f64>>,
    /// Rows per class.
    pub rows: Vec<usize>,
}

/// Every column's histogram by class (regression: one histogram of all rows).
pub fn feature_histograms(table: &Table) -> Vec<FeatureHistogram> {
    let classes = match table.task {
        Task::Classification { classes } => classes,
        Task::Regression => 1,
    };
    let class_of = |r: usize| match table.task {
        Task::Classification { .. } => (table.labels[r] as usize).min(classes - 1),
        Task::Regression => 0,
    };
    let mut rows = vec![0usize; classes];
    (0..table.rows()).for_each(|r| rows[class_of(r)] += 1);
    (0..table.columns.len())
        .map(|c| {
            let range = central_range(table, c);
            let mut per_class = vec![vec![0.0; BINS]; classes];
            let width = (range.1 - range.0).max(f64::MIN_POSITIVE);
            for r in 0..table.rows() {
                let v = table.value(r, c);
                let bin = ((v - range.0) / width * BINS as f64).floor();
                if (0.0..BINS as f64).contains(&bin) {
                    per_class[class_of(r)][bin as usize] += 1.0;
                } else if v == range.1 {
                    per_class[class_of(r)][BINS - 1] += 1.0;
                }
            }
            for (bins, &n) in per_class.iter_mut().zip(&rows) {
                bins.iter_mut().for_each(|b| *b /= n.max(1) as f64);
            }
            FeatureHistogram {
                column: table.columns[c].clone(),
                range,
                per_class,
                rows: rows.clone(),
            }
        })
        .collect()
}

/// The 0.5% and 99.5% quantiles of a column, from an even sample of its rows; a constant
/// column gets a unit-wide range around its value.
fn central_range(table: &Table, column: usize) -> (f64, f64) {
    let n = table.rows();
    let step = n.div_ceil(RANGE_SAMPLE).max(1);
    let mut sample: Vec<f64> = (0..n)
        .step_by(step)
        .map(|r| table.value(r, column))
        .collect();
    if sample.is_empty() {
        return (0.0, 1.0);
    }
    sample.sort_by(f64::total_cmp);
    let at = |q: f64| sample[((sample.len() - 1) as f64 * q).round() as usize];
    let (lo, hi) = (at(0.005), at(0.995));
    if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_sums_to_its_share_inside_the_range() {
        let mut table = Table::new(&["a", "b"], Task::Classification { classes: 2 });
        for k in 0..1000 {
            let class = (k % 2) as f64;
            table.push(&[k as f64, 3.0], class);
        }
        let h = feature_histograms(&table);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].rows, vec![500, 500]);
        let (lo, hi) = h[0].range;
        assert!(
            (lo - 5.0).abs() < 1.5 && (hi - 994.0).abs() < 1.5,
            "{lo} {hi}"
        );
        for class in &h[0].per_class {
            let inside: f64 = class.iter().sum();
            assert!((0.985..=0.995).contains(&inside), "{inside}");
        }
        assert_eq!(h[1].range, (2.5, 3.5), "a constant column");
        assert_eq!(h[1].per_class[0][BINS / 2], 1.0);
    }
}
