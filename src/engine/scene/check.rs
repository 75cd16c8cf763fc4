//! What the parser cannot check: ranges of scenes built in code and combinations of fields.

use super::{Activations, FORMAT, OptimizerKind, Scene};
use crate::engine::nn::Init;

impl Scene {
    /// Checks what the parser cannot (ranges of scenes built in code, combinations of fields)
    /// and that every lesson variant applies. Returns the dotted field name and a message.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        self.check_settings()?;
        for index in 0..self.lesson.variants.len() {
            self.with_variant(index)
                .map_err(|m| ("lesson.variants", m))?;
        }
        self.check_comparison()
    }

    /// [`Scene::check`] without the variants.
    pub(super) fn check_settings(&self) -> Result<(), (&'static str, String)> {
        use super::bounds::*;
        if self.format != FORMAT {
            return Err((
                "format",
                format!(
                    "format {} is not supported; this version reads format {FORMAT}",
                    self.format
                ),
            ));
        }
        let d = &self.data;
        let t = &self.training;
        for (bound, v) in [
            (NOISE, d.noise),
            (TRAIN_FRACTION, d.train_fraction),
            (VALIDATION_FRACTION, d.validation_fraction),
            (LEARNING_RATE, t.learning_rate),
            (MOMENTUM, t.momentum),
            (BATCH_SIZE, t.batch_size as f64),
            (REGULARIZATION_RATE, t.regularization_rate),
            (DROPOUT, t.dropout),
            (EPOCHS, t.epochs as f64),
        ] {
            bound.check(v).map_err(|m| (bound.field, m))?;
        }
        if let Some(n) = d.samples {
            SAMPLES.check(n as f64).map_err(|m| (SAMPLES.field, m))?;
        }
        check_hidden(&self.network.hidden).map_err(|m| ("network.hidden", m))?;
        if let Some(trees) = &self.trees {
            for (bound, v) in [
                (TREES, trees.trees as f64),
                (MIN_SAMPLES_LEAF, trees.min_samples_leaf as f64),
                (TREE_LEARNING_RATE, trees.learning_rate),
                (MIN_CHILD_WEIGHT, trees.min_child_weight),
                (LEAF_L2, trees.l2),
                (SUBSAMPLE, trees.subsample),
                (BINS, trees.bins as f64),
            ]
            .into_iter()
            .chain(trees.max_depth.map(|d| (MAX_DEPTH, d as f64)))
            .chain(trees.max_features.map(|m| (MAX_FEATURES, m as f64)))
            {
                bound.check(v).map_err(|m| (bound.field, m))?;
            }
            if self.data.streaming {
                return Err((
                    "data.streaming",
                    "tree models train on a fixed training set; turn streaming off".into(),
                ));
            }
        }
        if d.train_fraction + d.validation_fraction > 1.0 + 1e-12 {
            return Err((
                "data.validation_fraction",
                format!(
                    "data.train_fraction ({}) plus data.validation_fraction ({}) exceed 1",
                    d.train_fraction, d.validation_fraction
                ),
            ));
        }
        let files = usize::from(d.csv.is_some()) + usize::from(d.root.is_some());
        match (d.dataset, files) {
            (None, 0) => {
                return Err((
                    "data.dataset",
                    "data needs a `dataset`, a `[data.csv]` or a `[data.root]` source".into(),
                ));
            }
            (Some(_), 1..) | (None, 2..) => {
                return Err((
                    if d.csv.is_some() {
                        "data.csv"
                    } else {
                        "data.root"
                    },
                    "data has more than one of `dataset`, `[data.csv]` and `[data.root]`; \
                     keep one"
                        .into(),
                ));
            }
            (Some(kind), _) => {
                if crate::engine::data::Generator::is_playground(kind) && d.noise > 0.8 {
                    return Err((
                        "data.noise",
                        format!(
                            "data.noise must be in [0, 0.8] for TF Playground's datasets, got {}",
                            d.noise
                        ),
                    ));
                }
            }
            (None, _)
                if let Some(Err(problem)) = d
                    .csv
                    .as_ref()
                    .map(|c| check_source("data.csv", &c.path, &c.label, &c.classes))
                    .or_else(|| {
                        d.root
                            .as_ref()
                            .map(|r| check_source("data.root", &r.path, &r.label, &r.classes))
                    }) =>
            {
                return Err(problem);
            }
            (None, _) if d.streaming => {
                return Err((
                    "data.streaming",
                    "streaming needs a built-in dataset, not a data file".into(),
                ));
            }
            (None, _) => {}
        }
        if let Some(weight) = d.weight_column().filter(|w| d.features.contains(w)) {
            return Err((
                "data.features",
                format!("'{weight}' is the event weight; it is never a feature"),
            ));
        }
        if d.features.is_empty() {
            return Err((
                "data.features",
                "data.features needs at least one input feature".into(),
            ));
        }
        if let Activations::PerLayer(list) = &self.network.activation
            && list.len() != self.network.hidden.len()
        {
            return Err((
                "network.activation",
                format!(
                    "network.activation lists {} activations for {} hidden layers",
                    list.len(),
                    self.network.hidden.len()
                ),
            ));
        }
        if let Init::Uniform { scale, bias } = self.network.init
            && !(scale.is_finite() && (0.0..=10.0).contains(&scale) && bias.is_finite())
        {
            return Err((
                "network.init",
                format!(
                    "network.init uniform scale must be in [0, 10] and bias finite, got {scale}, {bias}"
                ),
            ));
        }
        if t.playground_compatible {
            if t.optimizer != OptimizerKind::Sgd {
                return Err((
                    "training.optimizer",
                    "training.playground_compatible needs optimizer = \"sgd\"".into(),
                ));
            }
            if t.dropout > 0.0 {
                return Err((
                    "training.dropout",
                    "training.playground_compatible has no dropout; set dropout = 0".into(),
                ));
            }
        }
        if t.early_stopping.is_some() && d.validation_fraction <= 0.0 {
            return Err(("training.early_stopping", "training.early_stopping watches the validation loss: set data.validation_fraction > 0".into()));
        }
        if let Some(zoom) = self.view.zoom {
            ZOOM.check(zoom).map_err(|m| ("view.zoom", m))?;
        }
        if self.seed > i64::MAX as u64 {
            return Err((
                "seed",
                format!("seed must be at most {}, got {}", i64::MAX, self.seed),
            ));
        }
        if let Some(model) = &self.model {
            MODEL_EPOCH
                .check(model.epoch as f64)
                .map_err(|m| ("model.epoch", m))?;
        }
        if let Some(shape) = self.generated_shape() {
            self.check_memory(shape)?;
        }
        Ok(())
    }
}

/// A data file source names either one file with its label, or one file per class (at least
/// two, with distinct names), not both; a bundled file it names must exist.
fn check_source(
    section: &'static str,
    path: &std::path::Path,
    label: &str,
    classes: &[super::ClassFile],
) -> Result<(), (&'static str, String)> {
    let bundled = std::iter::once(path)
        .chain(classes.iter().map(|c| c.path.as_path()))
        .filter_map(crate::engine::data::bundled::name_of);
    for name in bundled {
        crate::engine::data::bundled::check_name(name).map_err(|m| (section, m))?;
    }
    let has_path = !path.as_os_str().is_empty();
    if classes.is_empty() {
        if !has_path {
            return Err((
                section,
                format!("[{section}] needs a `path` (or `classes`)"),
            ));
        }
        if label.is_empty() {
            return Err((section, format!("[{section}] needs a `label`")));
        }
        return Ok(());
    }
    if has_path || !label.is_empty() {
        return Err((
            section,
            format!(
                "[{section}] `classes` (one file per class) replaces `path` and `label`; keep one"
            ),
        ));
    }
    if classes.len() < 2 {
        return Err((
            section,
            "one file per class needs at least two classes".into(),
        ));
    }
    let mut names: Vec<String> = classes.iter().map(super::ClassFile::shown_name).collect();
    names.sort();
    if let Some(twice) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err((
            section,
            format!("two classes are named '{}'; name them apart", twice[0]),
        ));
    }
    Ok(())
}
