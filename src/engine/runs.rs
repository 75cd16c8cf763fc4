//! Past runs: what a run that ended leaves behind (its scene, learning curves and final
//! figures), labelled by what set it apart from the run after it, in a bounded list; and the
//! runs table as CSV.

use crate::engine::figures::ModelFigures;
use crate::engine::nn::Network;
use crate::engine::scene::{Regularization, Scene, TreeKind, TreesSection};
use crate::engine::train::{EpochRecord, Session};
use crate::engine::trees::Ensemble;
use std::sync::Arc;

/// Past runs kept (pinned ones do not count against it).
pub const MAX_RUNS: usize = 8;

/// Most points a kept run's ROC curves keep (they are drawn, not measured again).
const MAX_ROC_POINTS: usize = 1000;

/// One run that ended (or the current one, for the table).
#[derive(Clone, Debug)]
pub struct Run {
    /// Unique within a window's life; later runs have larger ids.
    pub id: u64,
    /// What set the run apart, e.g. "lr 0.9" or "BDT 20 trees, depth 3" (editable).
    pub label: String,
    /// Pinned runs are never dropped.
    pub pinned: bool,
    /// The scene the run trained.
    pub scene: Arc<Scene>,
    /// The model in words, e.g. "network [8, 8] tanh".
    pub model: String,
    /// Weights and biases of a network, nodes of a tree model.
    pub parameters: usize,
    /// Epochs (trees, levels) trained.
    pub epochs: u64,
    /// The learning curves (thinned as the history thins them).
    pub records: Arc<Vec<EpochRecord>>,
    /// The epoch of the lowest validation loss, if there is a validation split.
    pub best_epoch: Option<u64>,
    /// ROC, rejection and score histograms at the end.
    pub figures: Arc<ModelFigures>,
    /// Seconds spent training.
    pub seconds: f64,
}

impl Run {
    /// The last record, if the run trained at all.
    pub fn last(&self) -> Option<&EpochRecord> {
        self.records.last()
    }

    /// The test AUC at the end (binary classification).
    pub fn auc(&self) -> Option<f64> {
        self.figures
            .classifier
            .as_ref()
            .map(|c| c.summary.auc)
            .or_else(|| self.last().and_then(|r| r.auc))
    }

    /// The background rejection 1/eps_B at eps_S = 0.3 at the end.
    pub fn rejection_30(&self) -> Option<f64> {
        self.figures
            .classifier
            .as_ref()
            .map(|c| c.summary.rejection_30)
    }
}

/// The past runs, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Runs {
    list: Vec<Run>,
}

impl Runs {
    /// The runs kept, oldest first.
    pub fn list(&self) -> &[Run] {
        &self.list
    }

    /// Keeps a run that ended; beyond [`MAX_RUNS`] unpinned runs the oldest unpinned goes.
    pub fn keep(&mut self, run: Run) {
        self.list.push(run);
        while self.list.iter().filter(|r| !r.pinned).count() > MAX_RUNS {
            if let Some(k) = self.list.iter().position(|r| !r.pinned) {
                self.list.remove(k);
            }
        }
    }

    /// Pins or unpins a run; false if there is no such run.
    pub fn pin(&mut self, id: u64, pinned: bool) -> bool {
        self.find(id).map(|r| r.pinned = pinned).is_some()
    }

    /// Renames a run (a blank name keeps the old one); false if there is no such run.
    pub fn rename(&mut self, id: u64, label: &str) -> bool {
        let label = typed_label(label);
        match self.find(id) {
            Some(r) => {
                if let Some(label) = label {
                    r.label = label;
                }
                true
            }
            None => false,
        }
    }

    fn find(&mut self, id: u64) -> Option<&mut Run> {
        self.list.iter_mut().find(|r| r.id == id)
    }
}

/// A label as typed: trimmed and at most 80 characters; `None` when blank.
pub fn typed_label(label: &str) -> Option<String> {
    let label = label.trim();
    (!label.is_empty()).then(|| label.chars().take(80).collect())
}

/// The model of a scene in a few words.
pub fn model_name(scene: &Scene) -> String {
    match &scene.trees {
        Some(t) => trees_name(t),
        None => {
            let activations = scene.hidden_activations();
            let same = activations.windows(2).all(|w| w[0] == w[1]);
            let activation = match (activations.first(), same) {
                (Some(a), true) => format!(" {}", a.name()),
                (Some(_), false) => {
                    let names: Vec<&str> = activations.iter().map(|a| a.name()).collect();
                    format!(" {}", names.join("/"))
                }
                (None, _) => String::new(),
            };
            format!("network {:?}{activation}", scene.network.hidden)
        }
    }
}

fn depth_name(t: &TreesSection) -> String {
    t.max_depth
        .map_or("unlimited depth".into(), |d| format!("depth {d}"))
}

fn trees_name(t: &TreesSection) -> String {
    match t.kind {
        TreeKind::Tree => format!("tree, {}", depth_name(t)),
        TreeKind::Forest => format!("forest {} trees, {}", t.trees, depth_name(t)),
        TreeKind::Boosted => format!("BDT {} trees, {}", t.trees, depth_name(t)),
    }
}

fn penalty_name(scene: &Scene) -> String {
    let t = &scene.training;
    match t.regularization {
        Regularization::None => "no penalty".into(),
        Regularization::L1 => format!("L1 {}", t.regularization_rate),
        Regularization::L2 => format!("L2 {}", t.regularization_rate),
    }
}

/// A side of a comparison named by what sets it apart from the other side ("L2 0.03",
/// "BDT 20 trees, depth 3"), or by its model when nothing does.
pub fn side_label(this: &Scene, other: &Scene) -> String {
    let apart = difference(this, other);
    if apart == "same settings" {
        model_name(this)
    } else {
        apart
    }
}

/// What sets `this` scene apart from `other`, in `this` scene's values ("lr 0.9, L2 0.03");
/// "same settings" when nothing does.
pub fn difference(this: &Scene, other: &Scene) -> String {
    let mut parts: Vec<String> = Vec::new();
    let (a, b) = (this, other);
    match (&a.trees, &b.trees) {
        (Some(t), Some(u)) if t.kind == u.kind => {
            if t.trees != u.trees && t.kind != TreeKind::Tree {
                parts.push(format!("{} trees", t.trees));
            }
            if t.max_depth != u.max_depth {
                parts.push(depth_name(t));
            }
            if t.learning_rate != u.learning_rate && t.kind == TreeKind::Boosted {
                parts.push(format!("lr {}", t.learning_rate));
            }
            if t.min_samples_leaf != u.min_samples_leaf {
                parts.push(format!("min leaf {}", t.min_samples_leaf));
            }
            if t != u && parts.is_empty() {
                parts.push(trees_name(t));
            }
        }
        (None, None) => {
            if a.network.hidden != b.network.hidden {
                parts.push(format!("network {:?}", a.network.hidden));
            }
            if a.hidden_activations() != b.hidden_activations() {
                let names: Vec<&str> = a.hidden_activations().iter().map(|x| x.name()).collect();
                parts.push(names.first().map_or("no hidden layer".into(), |first| {
                    if names.iter().all(|n| n == first) {
                        first.to_string()
                    } else {
                        names.join("/")
                    }
                }));
            }
        }
        _ => parts.push(model_name(a)),
    }
    let (t, u) = (&a.training, &b.training);
    if a.trees.is_none() && b.trees.is_none() {
        if t.learning_rate != u.learning_rate {
            parts.push(format!("lr {}", t.learning_rate));
        }
        if t.batch_size != u.batch_size {
            parts.push(format!("batch {}", t.batch_size));
        }
        if t.optimizer != u.optimizer {
            parts.push(format!("{:?}", t.optimizer).to_lowercase());
        }
        if (t.regularization, t.regularization_rate) != (u.regularization, u.regularization_rate) {
            parts.push(penalty_name(a));
        }
        if t.dropout != u.dropout {
            parts.push(format!("dropout {}", t.dropout));
        }
        if t.loss != u.loss {
            parts.push(format!("loss {}", t.loss.name()));
        }
    }
    let (d, e) = (&a.data, &b.data);
    if d.dataset != e.dataset || d.csv != e.csv || d.root != e.root {
        parts.push(match (&d.dataset, &d.csv, &d.root) {
            (Some(kind), _, _) => format!("{kind:?}").to_lowercase(),
            (None, Some(csv), _) => csv.path.display().to_string(),
            (None, None, Some(root)) => root.path.display().to_string(),
            (None, None, None) => "no data".into(),
        });
    }
    if d.features != e.features {
        parts.push(format!("features {}", d.features.join(", ")));
    }
    if d.noise != e.noise {
        parts.push(format!("noise {}", d.noise));
    }
    if d.samples != e.samples {
        parts.push(
            d.samples
                .map_or("default samples".into(), |n| format!("{n} samples")),
        );
    }
    if d.train_fraction != e.train_fraction {
        parts.push(format!("train {:.0}%", 100.0 * d.train_fraction));
    }
    if a.seed != b.seed {
        parts.push(format!("seed {}", a.seed));
    }
    if parts.is_empty() {
        "same settings".into()
    } else {
        parts.join(", ")
    }
}

/// The runs table as CSV: a header and one line per run (empty cells for figures a run
/// does not have).
pub fn table_csv(runs: &[Run]) -> String {
    let mut out = String::from(
        "label,model,parameters,epochs,train_loss,validation_loss,test_loss,best_epoch,\
         test_accuracy,test_auc,rejection_at_eps_s_0.3,training_seconds\n",
    );
    let cell = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    for run in runs {
        let last = run.last();
        let quoted = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        out += &[
            quoted(&run.label),
            quoted(&run.model),
            run.parameters.to_string(),
            run.epochs.to_string(),
            cell(last.map(|r| r.train_loss)),
            cell(last.and_then(|r| r.validation_loss)),
            cell(last.and_then(|r| r.test_loss)),
            run.best_epoch.map_or(String::new(), |e| e.to_string()),
            cell(last.and_then(|r| r.test_accuracy)),
            cell(run.auc()),
            cell(run.rejection_30()),
            format!("{:.3}", run.seconds),
        ]
        .join(",");
        out.push('\n');
    }
    out
}

impl Run {
    /// What a session leaves behind when it ends: its scene, curves and final figures.
    pub fn of(session: &mut Session, id: u64, label: String, seconds: f64) -> Run {
        let records: Vec<EpochRecord> = session.history().records().copied().collect();
        let best_epoch = best_epoch(&records);
        let parameters = parameter_count(session.network(), session.ensemble());
        Run {
            id,
            label,
            pinned: false,
            scene: Arc::new(session.scene().clone()),
            model: model_name(session.scene()),
            parameters,
            epochs: session.epoch(),
            records: Arc::new(records),
            best_epoch,
            figures: Arc::new(kept_figures(ModelFigures::of(session))),
            seconds,
        }
    }
}

/// The epoch of the lowest validation loss, if there is a validation split.
pub fn best_epoch(records: &[EpochRecord]) -> Option<u64> {
    records
        .iter()
        .filter_map(|r| r.validation_loss.map(|v| (v, r.epoch)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, e)| e)
}

/// Weights and biases of a network, or nodes of a tree model.
pub fn parameter_count(network: Option<&Network>, ensemble: Option<&Ensemble>) -> usize {
    match (network, ensemble) {
        (Some(n), _) => n.parameter_count(),
        (None, Some(e)) => e.trees.iter().map(|t| t.len()).sum(),
        (None, None) => 0,
    }
}

/// The figures a past run keeps, in bounded memory: the ROC curves thinned to
/// [`MAX_ROC_POINTS`], without the per-event test scores the threshold tab reads.
fn kept_figures(mut figures: ModelFigures) -> ModelFigures {
    if let Some(c) = figures.classifier.as_mut() {
        c.roc = thinned(&c.roc);
        c.train_roc = thinned(&c.train_roc);
        c.test_scores = Vec::new();
        c.test_truth = Vec::new();
    }
    figures
}

/// At most [`MAX_ROC_POINTS`] points of a curve, evenly spread, the last one kept.
fn thinned(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let stride = points.len().div_ceil(MAX_ROC_POINTS).max(1);
    let last = points.len().saturating_sub(1);
    points
        .iter()
        .enumerate()
        .filter(|(k, _)| k % stride == 0 || *k == last)
        .map(|(_, p)| *p)
        .collect()
}
