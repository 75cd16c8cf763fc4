//! The allowed range of every number in a scene, defined once and used both while parsing a
//! file and when a scene is built or edited in code.

use serde::{Deserialize, Deserializer, de::Error};

/// The allowed range of one numeric field.
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    /// Dotted path of the field in the scene file.
    pub field: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// Whether `min` itself is excluded.
    pub min_exclusive: bool,
}

impl Bound {
    const fn new(field: &'static str, min: f64, max: f64) -> Self {
        Self {
            field,
            min,
            max,
            min_exclusive: false,
        }
    }

    const fn above(field: &'static str, min: f64, max: f64) -> Self {
        Self {
            field,
            min,
            max,
            min_exclusive: true,
        }
    }

    /// Ok when `v` is inside the range; otherwise a message naming the field and the range.
    pub fn check(&self, v: f64) -> Result<(), String> {
        let low_ok = if self.min_exclusive {
            v > self.min
        } else {
            v >= self.min
        };
        if low_ok && v <= self.max {
            Ok(())
        } else {
            let open = if self.min_exclusive { '(' } else { '[' };
            Err(format!(
                "{} must be in {open}{}, {}], got {v}",
                self.field, self.min, self.max
            ))
        }
    }
}

/// Number of samples drawn or read.
pub const SAMPLES: Bound = Bound::new("data.samples", 1.0, 1e6);
/// Noise level (TF Playground's sets further limit it to 0.5).
pub const NOISE: Bound = Bound::new("data.noise", 0.0, 5.0);
/// Fraction of samples used for training.
pub const TRAIN_FRACTION: Bound = Bound::above("data.train_fraction", 0.0, 1.0);
/// Fraction of samples used for validation.
pub const VALIDATION_FRACTION: Bound = Bound::new("data.validation_fraction", 0.0, 0.9);
/// Neurons of one hidden layer.
pub const NEURONS: Bound = Bound::new("network.hidden", 1.0, 128.0);
/// Maximum number of hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 10;
/// Learning rate.
pub const LEARNING_RATE: Bound = Bound::above("training.learning_rate", 0.0, 10.0);
/// Momentum coefficient.
pub const MOMENTUM: Bound = Bound::new("training.momentum", 0.0, 0.999);
/// Mini-batch size.
pub const BATCH_SIZE: Bound = Bound::new("training.batch_size", 1.0, 1e6);
/// Regularisation rate.
pub const REGULARIZATION_RATE: Bound = Bound::new("training.regularization_rate", 0.0, 10.0);
/// Dropout probability.
pub const DROPOUT: Bound = Bound::new("training.dropout", 0.0, 0.9);
/// Default number of epochs to train.
pub const EPOCHS: Bound = Bound::new("training.epochs", 1.0, 1e9);
/// The epoch a saved model may have reached; training stops there, so a saved scene reopens.
pub const MODEL_EPOCH: Bound = Bound::new("model.epoch", 0.0, 1e15);
/// The window's zoom factor.
pub const ZOOM: Bound = Bound::new("view.zoom", 1.0, 2.5);
/// Seeds: TOML integers are signed 64-bit.
pub const SEED: Bound = Bound::new("seed", 0.0, i64::MAX as f64);
/// Trees of a forest or boosted ensemble.
pub const TREES: Bound = Bound::new("trees.trees", 1.0, 10_000.0);
/// Depth of a tree (levels of splits below the root).
pub const MAX_DEPTH: Bound = Bound::new("trees.max_depth", 1.0, 64.0);
/// Fewest training rows in a leaf.
pub const MIN_SAMPLES_LEAF: Bound = Bound::new("trees.min_samples_leaf", 1.0, 1e6);
/// Boosting's shrinkage of each tree.
pub const TREE_LEARNING_RATE: Bound = Bound::above("trees.learning_rate", 0.0, 10.0);
/// Smallest Hessian sum on each side of a boosting split.
pub const MIN_CHILD_WEIGHT: Bound = Bound::new("trees.min_child_weight", 0.0, 1e6);
/// L2 penalty on boosting's leaf values.
pub const LEAF_L2: Bound = Bound::new("trees.l2", 0.0, 1e6);
/// Fraction of training rows each boosting tree sees.
pub const SUBSAMPLE: Bound = Bound::above("trees.subsample", 0.0, 1.0);
/// Histogram bins per feature.
pub const BINS: Bound = Bound::new("trees.bins", 2.0, 256.0);
/// Features tried per split.
pub const MAX_FEATURES: Bound = Bound::new("trees.max_features", 1.0, 10_000.0);
/// Expected signal or background events of the threshold tab.
pub const EXPECTED_EVENTS: Bound = Bound::new("view.expected_signal", 0.0, 1e12);
/// Rows read from a CSV file: the first ones.
pub const CSV_ROWS: Bound = Bound::new("data.csv.rows", 1.0, 1e7);
/// Rows read from a CSV file: a random sample.
pub const CSV_SAMPLE: Bound = Bound::new("data.csv.sample", 1.0, 1e7);
/// Early-stopping patience in epochs.
pub const PATIENCE: Bound = Bound::new("training.early_stopping.patience", 1.0, 1e6);

/// Deserialises a number and checks it against a bound, so a parse error points at its line.
pub fn checked<'de, D, T>(d: D, bound: &Bound) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Into<f64> + Copy,
{
    let v = T::deserialize(d)?;
    bound.check(v.into()).map_err(D::Error::custom)?;
    Ok(v)
}

/// Deserialises an unsigned count (stored as u64 in TOML) and checks it against a bound.
pub fn checked_count<'de, D: Deserializer<'de>>(d: D, bound: &Bound) -> Result<usize, D::Error> {
    let v = u64::deserialize(d)?;
    bound.check(v as f64).map_err(D::Error::custom)?;
    Ok(v as usize)
}

/// Per-field deserialisers for `#[serde(deserialize_with = ...)]`.
pub mod field {
    use super::*;

    macro_rules! float_field {
        ($name:ident, $bound:expr) => {
            #[doc = concat!("Checked deserialiser for `", stringify!($name), "`.")]
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
                checked::<D, f64>(d, &$bound)
            }
        };
    }
    macro_rules! count_field {
        ($name:ident, $bound:expr) => {
            #[doc = concat!("Checked deserialiser for `", stringify!($name), "`.")]
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
                checked_count(d, &$bound)
            }
        };
    }

    float_field!(noise, NOISE);
    float_field!(train_fraction, TRAIN_FRACTION);
    float_field!(validation_fraction, VALIDATION_FRACTION);
    float_field!(learning_rate, LEARNING_RATE);
    float_field!(momentum, MOMENTUM);
    float_field!(regularization_rate, REGULARIZATION_RATE);
    float_field!(dropout, DROPOUT);
    count_field!(samples, SAMPLES);
    count_field!(batch_size, BATCH_SIZE);
    count_field!(patience, PATIENCE);
    count_field!(trees, TREES);
    count_field!(min_samples_leaf, MIN_SAMPLES_LEAF);
    count_field!(bins, BINS);
    float_field!(tree_learning_rate, TREE_LEARNING_RATE);
    float_field!(min_child_weight, MIN_CHILD_WEIGHT);
    float_field!(leaf_l2, LEAF_L2);
    float_field!(subsample, SUBSAMPLE);

    /// Checked deserialiser for the optional expected event counts.
    pub fn expected_events<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        checked::<D, f64>(d, &EXPECTED_EVENTS).map(Some)
    }

    /// Checked deserialiser for the optional `data.csv.rows`.
    pub fn csv_rows<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
        checked_count(d, &CSV_ROWS).map(Some)
    }

    /// Checked deserialiser for the optional `data.csv.sample`.
    pub fn csv_sample<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
        checked_count(d, &CSV_SAMPLE).map(Some)
    }

    /// Checked deserialiser for the optional `trees.max_depth`.
    pub fn max_depth<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
        checked_count(d, &MAX_DEPTH).map(Some)
    }

    /// Checked deserialiser for the optional `trees.max_features`.
    pub fn max_features<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
        checked_count(d, &MAX_FEATURES).map(Some)
    }

    /// Checked deserialiser for `epochs`.
    pub fn epochs<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let v = u64::deserialize(d)?;
        EPOCHS.check(v as f64).map_err(D::Error::custom)?;
        Ok(v)
    }

    /// Checked deserialiser for `model.epoch`.
    pub fn model_epoch<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let v = u64::deserialize(d)?;
        MODEL_EPOCH.check(v as f64).map_err(D::Error::custom)?;
        Ok(v)
    }

    /// Checked deserialiser for the hidden-layer sizes.
    pub fn hidden<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
        let sizes = Vec::<u64>::deserialize(d)?;
        check_hidden(&sizes.iter().map(|&s| s as usize).collect::<Vec<_>>())
            .map_err(D::Error::custom)?;
        Ok(sizes.into_iter().map(|s| s as usize).collect())
    }
}

/// Checks the hidden-layer sizes: at most ten layers of 1 to 128 neurons.
pub fn check_hidden(sizes: &[usize]) -> Result<(), String> {
    if sizes.len() > MAX_HIDDEN_LAYERS {
        return Err(format!(
            "network.hidden has {} layers; at most {MAX_HIDDEN_LAYERS} are allowed",
            sizes.len()
        ));
    }
    for (k, &s) in sizes.iter().enumerate() {
        NEURONS
            .check(s as f64)
            .map_err(|e| format!("layer {}: {e}", k + 1))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_field_and_range() {
        assert_eq!(
            LEARNING_RATE.check(-1.0).unwrap_err(),
            "training.learning_rate must be in (0, 10], got -1"
        );
        assert!(
            LEARNING_RATE
                .check(f64::NAN)
                .unwrap_err()
                .contains("got NaN")
        );
        assert!(LEARNING_RATE.check(0.0).is_err());
        assert!(LEARNING_RATE.check(10.0).is_ok());
        assert_eq!(
            check_hidden(&[4, 0]).unwrap_err(),
            "layer 2: network.hidden must be in [1, 128], got 0"
        );
        assert!(check_hidden(&[1; 11]).is_err());
    }
}
