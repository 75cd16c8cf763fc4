//! Train, validation and test splits as network-ready matrices (features, standardisation and
//! target encoding applied).

use super::features::{Feature, Standardiser, map_row};
use super::table::Table;
use super::values::{ValueSlice, Values};

/// How a label becomes the network's target row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TargetCoding {
    /// Regression: the label itself, one output.
    Value,
    /// Two classes, one output: class 0 maps to `negative`, class 1 to `positive`.
    Binary {
        /// Target of class 0.
        negative: f64,
        /// Target of class 1.
        positive: f64,
    },
    /// K classes, K outputs, one-hot.
    OneHot {
        /// Number of classes.
        classes: usize,
    },
}

impl TargetCoding {
    /// Two classes, whether on one output or two (softmax): the ROC and score figures apply.
    pub fn is_two_class(self) -> bool {
        matches!(
            self,
            TargetCoding::Binary { .. } | TargetCoding::OneHot { classes: 2 }
        )
    }

    /// Number of network outputs.
    pub fn outputs(self) -> usize {
        match self {
            TargetCoding::OneHot { classes } => classes,
            _ => 1,
        }
    }

    /// Writes the target row of `label`.
    pub fn encode(self, label: f64, out: &mut [f64]) {
        match self {
            TargetCoding::Value => out[0] = label,
            TargetCoding::Binary { negative, positive } => {
                out[0] = if label >= 0.5 { positive } else { negative }
            }
            TargetCoding::OneHot { .. } => {
                out.fill(0.0);
                if let Some(o) = out.get_mut(label as usize) {
                    *o = 1.0;
                }
            }
        }
    }
}

/// One split: inputs, targets and the original labels, row-major.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Split {
    /// `rows x features`, in `f32` or `f64` (see [`Values`]).
    pub inputs: Values,
    /// `rows x outputs`.
    pub targets: Vec<f64>,
    /// Class index or regression target, one per row.
    pub labels: Vec<f64>,
    /// Event weights, one per row, or empty when the data has none.
    pub weights: Vec<f64>,
}

impl Split {
    /// No rows; its inputs will be kept in `f64` when `double`, else in `f32`.
    pub fn empty(double: bool) -> Self {
        Self {
            inputs: Values::empty(double),
            ..Self::default()
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.labels.len()
    }

    /// Refills from `rows` of `table`, reusing the memory.
    pub fn fill(
        &mut self,
        table: &Table,
        rows: std::ops::Range<usize>,
        features: &[Feature],
        scaler: Option<&Standardiser>,
        coding: TargetCoding,
    ) {
        let (width, outputs) = (features.len(), coding.outputs());
        self.inputs.resize(rows.len() * width);
        self.targets.resize(rows.len() * outputs, 0.0);
        self.labels.clear();
        self.weights.clear();
        if !table.weights.is_empty() {
            self.weights.extend_from_slice(&table.weights[rows.clone()]);
        }
        let (mut x, mut columns) = (vec![0.0; width], Vec::new());
        for (k, r) in rows.enumerate() {
            map_row(features, table.row_f64(r, &mut columns), &mut x);
            if let Some(s) = scaler {
                s.apply(&mut x);
            }
            self.inputs.set(k * width, &x);
            coding.encode(
                table.labels[r],
                &mut self.targets[k * outputs..(k + 1) * outputs],
            );
            self.labels.push(table.labels[r]);
        }
    }

    /// The split itself when it has at most `max_rows` rows; otherwise a copy of exactly
    /// `max_rows` of its rows, evenly spread over it (row `floor(k n / max_rows)` for each k),
    /// so the same rows are taken every time.
    pub fn evenly_spread(&self, max_rows: usize) -> std::borrow::Cow<'_, Split> {
        let n = self.rows();
        if n <= max_rows {
            return std::borrow::Cow::Borrowed(self);
        }
        let (width, outputs) = (self.inputs.len() / n, self.targets.len() / n);
        let mut sample = Split::empty(self.inputs.is_double());
        for k in 0..max_rows {
            let r = k * n / max_rows;
            sample
                .inputs
                .extend(self.inputs.slice(r * width..(r + 1) * width));
            sample
                .targets
                .extend_from_slice(&self.targets[r * outputs..(r + 1) * outputs]);
            sample.labels.push(self.labels[r]);
            if !self.weights.is_empty() {
                sample.weights.push(self.weights[r]);
            }
        }
        std::borrow::Cow::Owned(sample)
    }
}

/// The class slot of a label among `slots` (all in slot 0 when there is one).
fn slot_of(label: f64, slots: usize) -> usize {
    if slots == 1 {
        0
    } else {
        (label.max(0.0) as usize).min(slots - 1)
    }
}

/// floor(n x fraction), where a product within 1e-9 of a whole number counts as that number:
/// 1200 x 0.57 is 683.9999999999999 in floating point but 684 rows, as TF Playground's
/// floor(1200 x 57 / 100) gives.
fn rows_for(n: usize, fraction: f64) -> usize {
    let rows = n as f64 * fraction;
    let nearest = rows.round();
    (if (rows - nearest).abs() < 1e-9 {
        nearest
    } else {
        rows.floor()
    }) as usize
}

/// How a table's rows become a split's inputs and targets.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitInputs {
    /// The input features.
    pub features: Vec<Feature>,
    /// Whether inputs are standardised (on the training rows' means and deviations).
    pub standardise: bool,
    /// How labels become targets.
    pub coding: TargetCoding,
    /// Values kept in `f64` (else `f32`).
    pub double: bool,
}

/// The three splits of one dataset plus how inputs were made.
#[derive(Clone, Debug, PartialEq)]
pub struct Splits {
    /// Training rows.
    pub train: Split,
    /// Validation rows (may be empty).
    pub validation: Split,
    /// Test rows (may be empty).
    pub test: Split,
    /// The input features.
    pub features: Vec<Feature>,
    /// Standardisation fitted on the training rows, if asked for.
    pub scaler: Option<Standardiser>,
    /// How labels became targets.
    pub coding: TargetCoding,
    /// Per class (one entry when classes are not told apart), the factor that turns an event
    /// weight into its weight in the training loss; empty when every event counts once.
    pub loss_scale: Vec<f64>,
}

impl Splits {
    /// Splits `table` in its row order: the first `floor(n * train_fraction)` rows train (as TF
    /// Playground does), the next `floor(n * validation_fraction)` validate, the rest test.
    pub fn new(table: &Table, fractions: (f64, f64), how: SplitInputs) -> Self {
        let n = table.rows();
        let n_train = rows_for(n, fractions.0).min(n);
        let n_val = rows_for(n, fractions.1).min(n - n_train);
        Self::with_counts(table, n_train, n_val, how)
    }

    /// Splits `table` in its row order: `n_train` training rows, then `n_val` validation rows,
    /// the rest test (counts are clamped to the table).
    pub fn with_counts(table: &Table, n_train: usize, n_val: usize, how: SplitInputs) -> Self {
        let SplitInputs {
            features,
            standardise,
            coding,
            double,
        } = how;
        let n = table.rows();
        let n_train = n_train.min(n);
        let n_val = n_val.min(n - n_train);
        let mut train = Split::empty(double);
        train.fill(table, 0..n_train, &features, None, coding);
        let scaler = standardise.then(|| match train.inputs.as_slice() {
            ValueSlice::Single(v) => Standardiser::fit(v, features.len()),
            ValueSlice::Double(v) => Standardiser::fit(v, features.len()),
        });
        if let Some(s) = &scaler {
            train.fill(table, 0..n_train, &features, Some(s), coding);
        }
        let mut validation = Split::empty(double);
        validation.fill(
            table,
            n_train..n_train + n_val,
            &features,
            scaler.as_ref(),
            coding,
        );
        let mut test = Split::empty(double);
        test.fill(
            table,
            n_train + n_val..n,
            &features,
            scaler.as_ref(),
            coding,
        );
        Self {
            train,
            validation,
            test,
            features,
            scaler,
            coding,
            loss_scale: Vec::new(),
        }
    }

    /// Makes the training loss count each event by its weight, scaled to a mean of 1 on the
    /// training split; with `classes`, each class's weights are scaled so that every class
    /// weighs the same in total. A class whose weights do not sum to a positive total gets
    /// no weight. Does nothing without event weights.
    pub fn weigh_loss(&mut self, classes: Option<usize>) {
        self.loss_scale.clear();
        let train = &self.train;
        if train.weights.is_empty() || train.rows() == 0 {
            return;
        }
        let slots = classes.unwrap_or(1).max(1);
        let mut totals = vec![0.0; slots];
        for (&w, &label) in train.weights.iter().zip(&train.labels) {
            totals[slot_of(label, slots)] += w;
        }
        let share = train.rows() as f64 / slots as f64;
        self.loss_scale = totals
            .iter()
            .map(|&t| if t > 0.0 { share / t } else { 0.0 })
            .collect();
    }

    /// The weight of row `row` of `split` in the loss (1 when the loss is not weighted).
    pub fn loss_weight(&self, split: &Split, row: usize) -> f64 {
        if self.loss_scale.is_empty() || split.weights.is_empty() {
            return 1.0;
        }
        split.weights[row] * self.loss_scale[slot_of(split.labels[row], self.loss_scale.len())]
    }

    /// Number of network inputs.
    pub fn width(&self) -> usize {
        self.features.len()
    }

    /// How these splits' inputs were made (to make them again from a changed table).
    pub fn how(&self, double: bool) -> SplitInputs {
        SplitInputs {
            features: self.features.clone(),
            standardise: self.scaler.is_some(),
            coding: self.coding,
            double,
        }
    }

    /// Maps one raw row of columns to network inputs (features, then standardisation).
    pub fn inputs_of(&self, columns: &[f64], out: &mut [f64]) {
        map_row(&self.features, columns, out);
        if let Some(s) = &self.scaler {
            s.apply(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::data::table::Task;

    #[test]
    fn an_even_spread_takes_exactly_the_rows_asked_for_and_small_splits_whole() {
        let mut t = Table::new(&["x"], Task::Classification { classes: 2 });
        for i in 0..10 {
            t.push(&[i as f64], (i % 2) as f64);
        }
        let mut split = Split::default();
        let coding = TargetCoding::Binary {
            negative: -1.0,
            positive: 1.0,
        };
        split.fill(&t, 0..10, &[Feature::Column(0)], None, coding);
        split.weights = (0..10).map(|w| w as f64 * 0.5).collect();
        assert!(matches!(
            split.evenly_spread(10),
            std::borrow::Cow::Borrowed(_)
        ));
        // Rows floor(k 10 / 4) = 0, 2, 5, 7.
        let sample = split.evenly_spread(4);
        assert_eq!(sample.inputs, Values::Double(vec![0.0, 2.0, 5.0, 7.0]));
        assert_eq!(sample.labels, vec![0.0, 0.0, 1.0, 1.0]);
        assert_eq!(sample.targets, vec![-1.0, -1.0, 1.0, 1.0]);
        assert_eq!(sample.weights, vec![0.0, 1.0, 2.5, 3.5]);
        assert_eq!(split.evenly_spread(0).rows(), 0);
    }

    #[test]
    fn splits_follow_the_fractions_and_standardise_on_train_only() {
        let mut t = Table::new(&["x"], Task::Classification { classes: 2 });
        for i in 0..10 {
            t.push(&[i as f64], (i % 2) as f64);
        }
        let how = SplitInputs {
            features: vec![Feature::Column(0)],
            standardise: true,
            coding: TargetCoding::Binary {
                negative: -1.0,
                positive: 1.0,
            },
            double: false,
        };
        let s = Splits::new(&t, (0.5, 0.2), how);
        assert_eq!(
            (s.train.rows(), s.validation.rows(), s.test.rows()),
            (5, 2, 3)
        );
        let scaler = s.scaler.as_ref().unwrap();
        assert_eq!(scaler.mean, vec![2.0]);
        assert!(!s.train.inputs.is_double());
        assert!(s.train.inputs.to_double().iter().sum::<f64>().abs() < 1e-6);
        assert_eq!(s.train.targets, vec![-1.0, 1.0, -1.0, 1.0, -1.0]);
        assert!(s.test.inputs.to_double().iter().all(|&v| v > 1.0));
    }

    #[test]
    fn one_hot_targets() {
        let mut out = [9.0; 3];
        TargetCoding::OneHot { classes: 3 }.encode(2.0, &mut out);
        assert_eq!(out, [0.0, 0.0, 1.0]);
    }
}
