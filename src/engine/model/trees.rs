//! Tree models in training: a single CART tree grown one level per step, a random forest or
//! gradient-boosted trees grown one tree per step. Predictions of an input set seen before
//! (the splits, the map grid) are kept and only the newest trees are added to them, so the map
//! of a 100-tree model costs one tree per step.

use super::{Model, ModelView, StepData, StepEnd};
use crate::engine::data::splits::TargetCoding;
use crate::engine::data::{Splits, ValueSlice};
use crate::engine::nn::activation::sigmoid;
use crate::engine::rng::Rng;
use crate::engine::scene::{SplitCriterion, TrainingSection, TreeKind, TreesSection};
use crate::engine::trees::{Bins, Criterion, Ensemble, GrowData, GrowSettings, Grower, Link, Tree};
use std::sync::Arc;

/// Levels a tree may grow when the scene sets no `max_depth`.
const UNLIMITED_DEPTH: usize = 64;

/// Largest input set (in values) whose summed tree values are kept between calls.
const CACHE_LIMIT: usize = 1 << 23;

/// Input sets kept (the three splits and the map grid).
const CACHE_ENTRIES: usize = 5;

/// Smallest Hessian used for logistic and softmax losses (a confident row still counts a bit).
const MIN_HESSIAN: f64 = 1e-16;

/// Summed tree values of one input set.
struct Cached {
    inputs: Vec<f64>,
    version: u64,
    trees: usize,
    sums: Vec<f64>,
}

/// What early stopping remembers.
enum Best {
    /// The number of trees of an ensemble.
    Trees(usize),
    /// A single tree as it was.
    Tree(Arc<Tree>),
}

/// A tree model in training.
pub struct TreeModel {
    settings: TreesSection,
    ensemble: Ensemble,
    channels: usize,
    classes: usize,
    bins: Option<Bins>,
    stats: Vec<f64>,
    train_sums: Vec<f64>,
    train_counted: usize,
    /// Address and length of the training inputs the sums belong to: predictions asked for
    /// exactly that slice read the sums instead of walking the trees again.
    train_key: (usize, usize),
    grower: Option<Grower>,
    complete: bool,
    best: Option<Best>,
    cache: Vec<Cached>,
    version: u64,
    updates: u64,
}

impl TreeModel {
    /// A model of `settings`' kind for data coded as `coding`, starting from `loaded` trees
    /// (a saved scene) or from none.
    pub fn new(
        settings: &TreesSection,
        splits: &Splits,
        loaded: Option<Ensemble>,
    ) -> Result<TreeModel, String> {
        let coding = splits.coding;
        let (classes, channels, link) = match (coding, settings.kind) {
            (TargetCoding::Value, _) => (0, 1, Link::Raw),
            (TargetCoding::Binary { .. }, TreeKind::Boosted) => (2, 1, Link::Raw),
            (TargetCoding::Binary { .. }, _) => (2, 2, Link::Logit),
            (TargetCoding::OneHot { classes }, TreeKind::Boosted) => (classes, classes, Link::Raw),
            (TargetCoding::OneHot { classes }, _) => (classes, classes, Link::Log),
        };
        let inputs = splits.width();
        let ensemble = match loaded {
            Some(e) => {
                if e.kind != settings.kind {
                    return Err(format!(
                        "the saved trees are a {:?} model; the scene asks for {:?}",
                        e.kind, settings.kind
                    ));
                }
                e.check(inputs, coding.outputs())?;
                e
            }
            None => Ensemble {
                kind: settings.kind,
                link,
                base: if settings.kind == TreeKind::Boosted {
                    base_score(&splits.train.labels, classes)
                } else {
                    Vec::new()
                },
                inputs,
                trees: Vec::new(),
            },
        };
        let complete = settings.kind == TreeKind::Tree && !ensemble.trees.is_empty();
        Ok(TreeModel {
            settings: settings.clone(),
            ensemble,
            channels,
            classes,
            bins: None,
            stats: Vec::new(),
            train_sums: Vec::new(),
            train_counted: 0,
            train_key: (0, 0),
            grower: None,
            complete,
            best: None,
            cache: Vec::new(),
            version: 0,
            updates: 0,
        })
    }

    /// Bins the training rows (once per training set; returns whether it did now) and sums
    /// the trees over them.
    fn prepare(&mut self, splits: &Splits) -> bool {
        let train = &splits.train;
        let inputs = train.inputs.to_double();
        let width = splits.width();
        let rebin = self.bins.is_none();
        if rebin {
            self.bins = Some(Bins::fit(&inputs, train.rows(), width, self.settings.bins));
            self.train_counted = usize::MAX;
        }
        if self.train_counted > self.ensemble.trees.len() {
            self.train_sums = vec![0.0; train.rows() * self.channels];
            self.train_counted = 0;
        }
        self.ensemble
            .accumulate(self.train_counted, &inputs, &mut self.train_sums);
        self.train_counted = self.ensemble.trees.len();
        self.train_key = (inputs.as_ptr() as usize, inputs.len());
        rebin
    }

    /// Per training row: the targets `g` and weights `h` the next tree is grown on.
    fn fill_stats(&mut self, labels: &[f64]) {
        let c = self.channels;
        self.stats.resize(labels.len() * 2 * c, 0.0);
        let boosted = self.settings.kind == TreeKind::Boosted;
        let mut raw = Vec::with_capacity(c);
        for (r, &label) in labels.iter().enumerate() {
            let row = &mut self.stats[r * 2 * c..(r + 1) * 2 * c];
            let (g, h) = row.split_at_mut(c);
            let sums = &self.train_sums[r * c..(r + 1) * c];
            match (boosted, self.classes) {
                (false, 0) => {
                    g[0] = label;
                    h[0] = 1.0;
                }
                (false, _) => {
                    g.iter_mut().for_each(|v| *v = 0.0);
                    g[(label as usize).min(c - 1)] = 1.0;
                    h.iter_mut().for_each(|v| *v = 1.0);
                }
                (true, 0) => {
                    g[0] = label - (self.ensemble.base[0] + sums[0]);
                    h[0] = 1.0;
                }
                (true, 2) => {
                    let p = sigmoid(self.ensemble.base[0] + sums[0]);
                    g[0] = f64::from(label >= 0.5) - p;
                    h[0] = (p * (1.0 - p)).max(MIN_HESSIAN);
                }
                (true, _) => {
                    raw.clear();
                    raw.extend(sums.iter().zip(&self.ensemble.base).map(|(s, b)| s + b));
                    let top = raw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let total: f64 = raw.iter().map(|v| (v - top).exp()).sum();
                    for k in 0..c {
                        let p = (raw[k] - top).exp() / total;
                        g[k] = f64::from(label as usize == k) - p;
                        h[k] = (p * (1.0 - p)).max(MIN_HESSIAN);
                    }
                }
            }
        }
    }

    /// The growth limits of this kind.
    fn grow_settings(&self, features: usize) -> GrowSettings {
        let s = &self.settings;
        let classification = self.classes > 0;
        let boosted = s.kind == TreeKind::Boosted;
        let default_features = if s.kind == TreeKind::Forest && classification {
            ((features as f64).sqrt().round() as usize).max(1)
        } else {
            features
        };
        GrowSettings {
            max_depth: s.max_depth.unwrap_or(UNLIMITED_DEPTH).min(UNLIMITED_DEPTH),
            min_samples_leaf: s.min_samples_leaf,
            min_child_weight: if boosted { s.min_child_weight } else { 0.0 },
            l2: if boosted { s.l2 } else { 0.0 },
            criterion: if !boosted && classification && s.criterion == SplitCriterion::Entropy {
                Criterion::Entropy
            } else {
                Criterion::Newton
            },
            features_per_split: s.max_features.unwrap_or(default_features).min(features),
            split_at_zero_gain: !boosted,
        }
    }

    /// The training rows the next tree sees: all, a bootstrap sample (forest) or a subsample
    /// without replacement (boosting).
    fn rows_for_tree(&self, n: usize, rng: &mut Rng) -> Vec<u32> {
        match self.settings.kind {
            TreeKind::Forest if self.settings.bootstrap => {
                let mut rows: Vec<u32> = (0..n).map(|_| rng.below(n) as u32).collect();
                rows.sort_unstable();
                rows
            }
            TreeKind::Boosted if self.settings.subsample < 1.0 => {
                let mut rows: Vec<u32> = (0..n as u32).collect();
                rng.shuffle(&mut rows);
                rows.truncate(((n as f64 * self.settings.subsample).ceil() as usize).max(1));
                rows.sort_unstable();
                rows
            }
            _ => (0..n as u32).collect(),
        }
    }

    /// What the grower reads: the binned training rows and their statistics (`None` before
    /// the rows are binned).
    fn grow_data<'a>(&'a self, labels: &'a [f64]) -> Option<GrowData<'a>> {
        Some(GrowData {
            bins: self.bins.as_ref()?,
            stats: &self.stats,
            channels: self.channels,
            labels,
            classes: self.classes,
        })
    }

    /// Grows the single tree by one level (more if a level splits nothing); false when it
    /// cannot grow any more.
    fn grow_single_level(&mut self, data: &mut StepData<'_>) -> bool {
        let labels = &data.splits.train.labels;
        let settings = self.grow_settings(data.splits.width());
        let taken = self.grower.take();
        let Some(grow) = self.grow_data(labels) else {
            return false;
        };
        let mut grower = taken
            .unwrap_or_else(|| Grower::new(&grow, (0..labels.len() as u32).collect(), settings));
        let before = grower.tree().len();
        while grower.tree().len() == before && !grower.is_done() {
            grower.grow_level(&grow, data.rng);
        }
        let grew = grower.tree().len() > before || self.ensemble.trees.is_empty();
        if grew {
            self.ensemble.trees = vec![Arc::new(grower.tree().clone())];
            self.trees_replaced();
        }
        if grower.is_done() && !grew {
            return false;
        }
        self.grower = Some(grower);
        grew
    }

    /// Grows one more tree of a forest or boosted ensemble.
    fn grow_tree(&mut self, data: &mut StepData<'_>) {
        let labels = &data.splits.train.labels;
        let rows = self.rows_for_tree(labels.len(), data.rng);
        let settings = self.grow_settings(data.splits.width());
        let Some(grow) = self.grow_data(labels) else {
            return;
        };
        let every_row_once =
            rows.len() == labels.len() && rows.iter().enumerate().all(|(k, &r)| r as usize == k);
        let (mut tree, leaves) =
            Grower::new(&grow, rows, settings).grow_all_with_leaves(&grow, data.rng);
        if self.settings.kind == TreeKind::Boosted {
            let rate = self.settings.learning_rate;
            tree.values.iter_mut().for_each(|v| *v *= rate);
        }
        let c = self.channels;
        if every_row_once && self.train_counted == self.ensemble.trees.len() {
            // Each training row's leaf is known from growing: add its value directly.
            for (leaf, rows) in &leaves {
                let value = &tree.values[leaf * c..(leaf + 1) * c];
                for &r in rows {
                    let sums = &mut self.train_sums[r as usize * c..(r as usize + 1) * c];
                    sums.iter_mut().zip(value).for_each(|(s, v)| *s += v);
                }
            }
            self.train_counted += 1;
        }
        self.ensemble.trees.push(Arc::new(tree));
    }

    /// Hands `use_sums` the summed tree values of `rows` rows of inputs: the training sums
    /// for the training split, a kept entry for an input set seen before (adding only the
    /// trees grown since), or a fresh evaluation.
    fn with_sums(&mut self, inputs: &[f64], rows: usize, use_sums: impl FnOnce(&Ensemble, &[f64])) {
        let width = self.ensemble.inputs.max(1);
        let c = self.channels;
        let trees = self.ensemble.trees.len();
        if (inputs.as_ptr() as usize, inputs.len()) == self.train_key
            && self.train_counted == trees
            && self.train_sums.len() == rows * c
        {
            use_sums(&self.ensemble, &self.train_sums);
            return;
        }
        let found = self
            .cache
            .iter()
            .position(|e| e.inputs.len() == inputs.len() && e.inputs == inputs);
        let mut entry = match found {
            Some(k) => self.cache.remove(k),
            None => Cached {
                inputs: if inputs.len() <= CACHE_LIMIT {
                    inputs.to_vec()
                } else {
                    Vec::new()
                },
                version: self.version,
                trees: 0,
                sums: vec![0.0; rows * c],
            },
        };
        if entry.version != self.version || entry.trees > trees {
            entry.sums.iter_mut().for_each(|v| *v = 0.0);
            entry.trees = 0;
            entry.version = self.version;
        }
        if entry.trees < trees {
            self.ensemble
                .accumulate(entry.trees, &inputs[..rows * width], &mut entry.sums);
            entry.trees = trees;
        }
        use_sums(&self.ensemble, &entry.sums);
        if !entry.inputs.is_empty() || inputs.is_empty() {
            self.cache.insert(0, entry);
            self.cache.truncate(CACHE_ENTRIES);
        }
    }

    /// Forgets kept predictions and training sums (the trees changed other than by growing).
    fn trees_replaced(&mut self) {
        self.version += 1;
        self.train_counted = usize::MAX;
        self.train_key = (0, 0);
    }
}

impl Model for TreeModel {
    fn train_step(&mut self, mut data: StepData<'_>) -> StepEnd {
        if self.complete {
            return StepEnd::Complete;
        }
        if data.splits.train.rows() == 0 {
            return StepEnd::Complete;
        }
        let rebinned = self.prepare(data.splits);
        // A tree or forest grows on the labels alone: their statistics change only with the
        // rows. Boosting grows each tree on the gradients of the trees before it.
        if rebinned || self.settings.kind == TreeKind::Boosted {
            self.fill_stats(&data.splits.train.labels);
        }
        match self.settings.kind {
            TreeKind::Tree => {
                if !self.grow_single_level(&mut data) {
                    self.complete = true;
                    return StepEnd::Complete;
                }
            }
            TreeKind::Forest | TreeKind::Boosted => {
                if self.ensemble.trees.len() >= self.settings.trees {
                    self.complete = true;
                    return StepEnd::Complete;
                }
                self.grow_tree(&mut data);
            }
        }
        self.prepare(data.splits);
        self.updates += 1;
        let finite = self
            .ensemble
            .trees
            .last()
            .is_none_or(|t| t.values.iter().all(|v| v.is_finite()));
        StepEnd::Done { finite }
    }

    fn updates(&self) -> u64 {
        self.updates
    }

    fn predict_batch(
        &mut self,
        inputs: ValueSlice<'_>,
        rows: usize,
        visit: &mut dyn FnMut(usize, &[f64]),
    ) {
        let c = self.channels;
        // A tree model's splits are kept in f64: borrowed, not copied.
        let inputs = inputs.to_double();
        self.with_sums(&inputs, rows, |ensemble, sums| {
            let outputs = ensemble.outputs(c);
            let trees = ensemble.trees.len();
            let mut out = vec![0.0; rows * outputs];
            for (sum, o) in sums.chunks_exact(c).zip(out.chunks_exact_mut(outputs)) {
                ensemble.combine(sum, trees, o);
            }
            visit(0, &out);
        });
    }

    fn describe(&self) -> ModelView<'_> {
        ModelView::Trees(&self.ensemble)
    }

    fn keep_best(&mut self) {
        self.best = Some(match self.settings.kind {
            TreeKind::Tree => Best::Tree(self.ensemble.trees.first().cloned().unwrap_or_default()),
            _ => Best::Trees(self.ensemble.trees.len()),
        });
    }

    fn restore_best(&mut self) {
        match self.best.take() {
            Some(Best::Trees(n)) => self.ensemble.trees.truncate(n),
            Some(Best::Tree(tree)) if !tree.is_empty() => self.ensemble.trees = vec![tree],
            _ => return,
        }
        self.grower = None;
        self.complete = true;
        self.trees_replaced();
    }

    fn rows_changed(&mut self, _train_rows: usize) {
        // The trees grown so far stay; a single tree still growing starts again from its root
        // on the new rows at the next step.
        self.bins = None;
        self.grower = None;
        self.trees_replaced();
    }

    fn settings_changed(&mut self, _before: &TrainingSection, _after: &TrainingSection) {}
}

/// Boosting's starting score: the log-odds of the positive class, the log of each class's
/// share, or the mean target.
fn base_score(labels: &[f64], classes: usize) -> Vec<f64> {
    let n = labels.len().max(1) as f64;
    let share = |k: usize| {
        (labels.iter().filter(|&&l| l as usize == k).count() as f64 / n).clamp(1e-6, 1.0 - 1e-6)
    };
    match classes {
        0 => vec![labels.iter().sum::<f64>() / n],
        2 => {
            let p =
                (labels.iter().filter(|&&l| l >= 0.5).count() as f64 / n).clamp(1e-6, 1.0 - 1e-6);
            vec![(p / (1.0 - p)).ln()]
        }
        k => (0..k).map(|c| share(c).ln()).collect(),
    }
}
