//! Evaluation: losses, accuracies, scores, AUC and predictions under the current weights.

use super::{Session, SessionModel, SplitFigures, Which};
use crate::engine::data::splits::TargetCoding;
use crate::engine::data::{Split, Splits, ValueSlice};
use crate::engine::metrics::{RocSummary, r_squared, roc_summary};
use crate::engine::model::Model;
use crate::engine::nn::Loss;
use crate::engine::numbers::group_thousands;
use crate::engine::train::history::EpochRecord;
use std::borrow::Cow;

/// Most rows of a split that the per-epoch figures (losses, accuracies, AUC, rejection) and
/// the live classifier figures are computed on. A larger split is represented by this many
/// evenly spread rows, so that at 10^6 rows the figures cost a few per cent of an epoch
/// (the AUC's statistical error on 50,000 events is about 0.002). [`Session::figures`],
/// [`Session::roc`] and the other public figures use every row.
pub const FIGURE_ROWS: usize = 50_000;

impl Session {
    /// Losses and accuracies of every split (and the test AUC or R^2) under the current
    /// weights, each on at most [`FIGURE_ROWS`] rows of its split: the record
    /// [`Session::train_epoch`] keeps for each epoch.
    pub fn evaluate_epoch(&mut self) -> EpochRecord {
        let train = self.figures_on(Which::Train, FIGURE_ROWS, false).0;
        let validation = (self.splits.validation.rows() > 0)
            .then(|| self.figures_on(Which::Validation, FIGURE_ROWS, false).0);
        // The test sample's ROC from the same pass as its loss and accuracy.
        let full_metrics = self.full_metrics;
        let (test, roc) = if self.splits.test.rows() > 0 {
            let (figures, roc) = self.figures_on(Which::Test, FIGURE_ROWS, full_metrics);
            (Some(figures), roc)
        } else {
            (None, None)
        };
        let weighted_auc = if self.full_metrics && !self.splits.test.weights.is_empty() {
            self.weighted_test_auc()
        } else {
            None
        };
        EpochRecord {
            epoch: self.epoch,
            train_loss: train.loss,
            validation_loss: validation.map(|f| f.loss),
            test_loss: test.map(|f| f.loss),
            train_accuracy: train.accuracy,
            validation_accuracy: validation.and_then(|f| f.accuracy),
            test_accuracy: test.and_then(|f| f.accuracy),
            auc: roc.map(|r| r.auc),
            rejection_30: roc.map(|r| r.rejection_30),
            r2: test.and_then(|f| f.r2),
            weighted_auc,
        }
    }

    /// What the per-epoch figures are computed on when a split is larger than
    /// [`FIGURE_ROWS`], for the window and the command line to say; None when every split
    /// is used whole.
    pub fn figure_sample_note(&self) -> Option<String> {
        let large: Vec<String> = [
            ("train", &self.splits.train),
            ("validation", &self.splits.validation),
            ("test", &self.splits.test),
        ]
        .into_iter()
        .filter(|(_, split)| split.rows() > FIGURE_ROWS)
        .map(|(name, split)| format!("{name} ({} rows)", group_thousands(split.rows() as u64)))
        .collect();
        (!large.is_empty()).then(|| {
            format!(
                "Per-epoch losses, accuracies and AUC use {} evenly spread rows of {}; \
                 the final summary uses every row.",
                group_thousands(FIGURE_ROWS as u64),
                large.join(", ")
            )
        })
    }

    /// The test AUC with each event counted by its weight, on at most [`FIGURE_ROWS`] test
    /// rows (None without two classes or weights).
    fn weighted_test_auc(&mut self) -> Option<f64> {
        let test = self.splits.test.evenly_spread(FIGURE_ROWS);
        let mut scores = std::mem::take(&mut self.scores);
        scores_of(
            self.model.get(),
            &test,
            (self.splits.coding, self.loss),
            &mut scores,
        );
        let truth: Vec<bool> = test.labels.iter().map(|&l| l >= 0.5).collect();
        let auc = if scores.is_empty() {
            None
        } else {
            crate::engine::figures::weighted::weighted_figures(
                &scores,
                &truth,
                &test.weights,
                (1.0, 1.0),
            )
            .map(|w| w.auc)
        };
        self.scores = scores;
        auc
    }

    /// The number of rows in one split.
    pub fn split_rows(&self, which: Which) -> usize {
        split_of(&self.splits, which).rows()
    }

    /// Mean loss (weighted as the training loss is), accuracy and R^2 of one split (every
    /// row) under the current weights.
    pub fn figures(&mut self, which: Which) -> SplitFigures {
        self.figures_on(which, usize::MAX, false).0
    }

    /// [`Session::figures`] on at most `max_rows` evenly spread rows of the split, with
    /// [`Session::roc`] on the same rows when `with_roc` (from the same pass).
    fn figures_on(
        &mut self,
        which: Which,
        max_rows: usize,
        with_roc: bool,
    ) -> (SplitFigures, Option<RocSummary>) {
        // The per-epoch sample of a large split is taken once and kept.
        let slot = which as usize;
        let kept = (max_rows == FIGURE_ROWS)
            .then(|| self.figure_samples[slot].take())
            .flatten();
        let split = match kept {
            Some(sample) => Cow::Owned(sample),
            None => split_of(&self.splits, which).evenly_spread(max_rows),
        };
        let (coding, loss) = (self.splits.coding, self.loss);
        let outputs = coding.outputs();
        let with_roc = with_roc && coding.is_two_class();
        let mut scores = std::mem::take(&mut self.scores);
        scores.clear();
        let rows = split.rows();
        let (mut loss_sum, mut weight_sum, mut correct, mut sse) = (0.0, 0.0, 0usize, 0.0);
        let mut label_sum = 0.0;
        let mut label_sq = 0.0;
        let splits = &self.splits;
        visit_outputs(self.model.get(), &split, outputs, |r, o| {
            let target = &split.targets[r * outputs..(r + 1) * outputs];
            let weight = splits.loss_weight(&split, r);
            loss_sum += weight * loss.value(o, target);
            weight_sum += weight;
            let label = split.labels[r];
            match coding {
                TargetCoding::Value => {
                    sse += (o[0] - label) * (o[0] - label);
                    label_sum += label;
                    label_sq += label * label;
                }
                coding => {
                    correct += usize::from(predicted_class(o, coding, loss) == label as usize)
                }
            }
            if with_roc {
                scores.push(positive_score(coding, loss, o));
            }
        });
        let roc = if with_roc {
            roc_of(
                &scores,
                &split.labels,
                (&mut self.positives, &mut self.auc_scratch),
            )
        } else {
            None
        };
        self.scores = scores;
        if let (Cow::Owned(sample), true) = (split, max_rows == FIGURE_ROWS) {
            self.figure_samples[slot] = Some(sample);
        }
        let n = rows.max(1) as f64;
        let classification = self.task.is_classification();
        let figures = SplitFigures {
            // The loss as training weighs it: per event, or by the events' loss weights.
            loss: if weight_sum > 0.0 {
                loss_sum / weight_sum
            } else {
                loss_sum / n
            },
            accuracy: classification.then(|| correct as f64 / n),
            r2: if classification {
                None
            } else {
                r_squared(sse, label_sq - label_sum * label_sum / n)
            },
        };
        (figures, roc)
    }

    /// The confusion matrix of one split (classification): `counts[true][predicted]`.
    pub fn confusion(&mut self, which: Which) -> Option<Vec<Vec<usize>>> {
        let crate::engine::data::Task::Classification { classes } = self.task else {
            return None;
        };
        let (coding, loss) = (self.splits.coding, self.loss);
        let split = split_of(&self.splits, which);
        let mut counts = vec![vec![0usize; classes]; classes];
        visit_outputs(self.model.get(), split, coding.outputs(), |r, o| {
            let truth = (split.labels[r] as usize).min(classes - 1);
            let predicted = predicted_class(o, coding, loss).min(classes - 1);
            counts[truth][predicted] += 1;
        });
        Some(counts)
    }

    /// Positive-class scores of one split (two classes), written into `out`.
    pub fn scores_into(&mut self, which: Which, out: &mut Vec<f64>) {
        let split = split_of(&self.splits, which);
        scores_of(
            self.model.get(),
            split,
            (self.splits.coding, self.loss),
            out,
        );
    }

    /// Positive-class scores of at most `max_rows` rows of one split, evenly spread over it
    /// (every row when it is small enough): for pictures of the distribution, which a sample
    /// shows as well as the whole.
    pub fn sampled_scores(&mut self, which: Which, max_rows: usize) -> SampledRows {
        let (coding, loss) = (self.splits.coding, self.loss);
        if !coding.is_two_class() {
            return SampledRows::default();
        }
        self.sampled_outputs(which, max_rows, |o| positive_score(coding, loss, o))
    }

    /// Predicted values of at most `max_rows` rows of one split (regression), spread over it
    /// as [`Session::sampled_scores`] does.
    pub fn sampled_predictions(&mut self, which: Which, max_rows: usize) -> SampledRows {
        if self.splits.coding != TargetCoding::Value {
            return SampledRows::default();
        }
        self.sampled_outputs(which, max_rows, |o| o[0])
    }

    /// One value per sampled row from the model's outputs, with the rows' labels and weights.
    fn sampled_outputs(
        &mut self,
        which: Which,
        max_rows: usize,
        value: impl Fn(&[f64]) -> f64,
    ) -> SampledRows {
        let outputs = self.splits.coding.outputs();
        let sample = split_of(&self.splits, which).evenly_spread(max_rows);
        let mut values = Vec::with_capacity(sample.rows());
        self.model
            .get()
            .predict_batch(sample.inputs.as_slice(), sample.rows(), &mut |_, out| {
                values.extend(out.chunks_exact(outputs).map(&value))
            });
        let sample = sample.into_owned();
        SampledRows {
            values,
            labels: sample.labels,
            weights: sample.weights,
        }
    }

    /// For the "finding pi" square: 4 x the share of validation points (test points if there
    /// is no validation split) whose score exceeds 0.5; `None` for other datasets.
    pub fn pi_estimate(&mut self) -> Option<f64> {
        if self.generator().map(|g| g.kind) != Some(crate::engine::data::DatasetKind::PiSquare) {
            return None;
        }
        let which = if self.splits().validation.rows() > 0 {
            Which::Validation
        } else {
            Which::Test
        };
        let mut scores = Vec::new();
        self.scores_into(which, &mut scores);
        (!scores.is_empty())
            .then(|| 4.0 * scores.iter().filter(|&&s| s > 0.5).count() as f64 / scores.len() as f64)
    }

    /// ROC AUC of one split (binary classification only).
    pub fn auc(&mut self, which: Which) -> Option<f64> {
        self.roc(which).map(|r| r.auc)
    }

    /// AUC and background rejections of one split (binary classification only).
    pub fn roc(&mut self, which: Which) -> Option<RocSummary> {
        self.roc_on(which, usize::MAX)
    }

    /// [`Session::roc`] on at most `max_rows` evenly spread rows of the split.
    fn roc_on(&mut self, which: Which, max_rows: usize) -> Option<RocSummary> {
        let split = split_of(&self.splits, which).evenly_spread(max_rows);
        let mut scores = std::mem::take(&mut self.scores);
        scores_of(
            self.model.get(),
            &split,
            (self.splits.coding, self.loss),
            &mut scores,
        );
        let result = roc_of(
            &scores,
            &split.labels,
            (&mut self.positives, &mut self.auc_scratch),
        );
        self.scores = scores;
        result
    }

    /// Network outputs for raw column rows (`rows x columns`), through the features and the
    /// standardisation; `inputs` is scratch memory. Used for predictions.
    pub fn predict_columns(&mut self, columns: &[f64], inputs: &mut Vec<f64>, out: &mut Vec<f64>) {
        let rows = self.model_inputs(columns, inputs);
        self.predict_inputs(inputs, rows, out);
    }

    /// Model outputs for `rows` rows of model inputs ([`Session::model_inputs`]).
    pub fn predict_inputs(&mut self, inputs: &[f64], rows: usize, out: &mut Vec<f64>) {
        match &mut self.model {
            SessionModel::Network(m) => m.predict_picture(inputs, rows, out),
            SessionModel::Trees(m) => tree_outputs(m, inputs, rows, out),
        }
    }

    /// Every layer's activations for `rows` rows of model inputs: `out[l]` becomes
    /// `rows x neurons(l)`. Used for the pictures of the individual neurons.
    pub fn predict_layers(&mut self, inputs: &[f64], rows: usize, out: &mut Vec<Vec<f64>>) {
        out.resize_with(self.output_layer() + 1, Vec::new);
        match &mut self.model {
            SessionModel::Network(m) => m.layer_outputs(inputs, rows, out),
            SessionModel::Trees(m) => tree_outputs(m, inputs, rows, &mut out[0]),
        }
    }

    /// The model inputs (features, standardised) of raw column rows into `inputs`; returns the
    /// number of rows.
    pub fn model_inputs(&self, columns: &[f64], inputs: &mut Vec<f64>) -> usize {
        let width_in = self.table.columns.len().max(1);
        let width = self.splits.width();
        let rows = columns.len() / width_in;
        inputs.resize(rows * width, 0.0);
        for r in 0..rows {
            self.splits.inputs_of(
                &columns[r * width_in..(r + 1) * width_in],
                &mut inputs[r * width..(r + 1) * width],
            );
        }
        rows
    }

    /// The index of the output among the layers [`Session::predict_layers`] fills (a tree
    /// model has only the output).
    pub fn output_layer(&self) -> usize {
        self.network().map_or(0, |n| n.layers.len() - 1)
    }
}

/// A sample of a split's rows: one model value each, with their labels and event weights.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SampledRows {
    /// The model's value (score or prediction) for each row.
    pub values: Vec<f64>,
    /// Each row's label.
    pub labels: Vec<f64>,
    /// Each row's event weight; empty when the data has none.
    pub weights: Vec<f64>,
}

fn split_of(splits: &Splits, which: Which) -> &Split {
    match which {
        Which::Train => &splits.train,
        Which::Validation => &splits.validation,
        Which::Test => &splits.test,
    }
}

/// The class a network output predicts.
pub fn predicted_class(output: &[f64], coding: TargetCoding, loss: Loss) -> usize {
    match coding {
        TargetCoding::Binary { negative, positive } => {
            usize::from(loss.positive_score(output[0], (negative, positive)) >= 0.5)
        }
        TargetCoding::OneHot { .. } => {
            output
                .iter()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |best, (k, &v)| {
                    if v > best.1 { (k, v) } else { best }
                })
                .0
        }
        TargetCoding::Value => 0,
    }
}

/// The positive class's score in [0, 1] from a two-class model's outputs: the single output
/// mapped onto its targets, or the softmax probability of class 1 (from two logits).
fn positive_score(coding: TargetCoding, loss: Loss, o: &[f64]) -> f64 {
    match coding {
        TargetCoding::Binary { negative, positive } => {
            loss.positive_score(o[0], (negative, positive))
        }
        _ if loss == Loss::SoftmaxCe => 1.0 / (1.0 + (o[0] - o[1]).exp()),
        _ => ((o[1] - o[0] + 1.0) / 2.0).clamp(0.0, 1.0),
    }
}

/// Positive-class scores of `split`'s rows (two classes; nothing otherwise), written into `out`.
fn scores_of(
    model: &mut dyn Model,
    split: &Split,
    (coding, loss): (TargetCoding, Loss),
    out: &mut Vec<f64>,
) {
    out.clear();
    if coding.is_two_class() {
        visit_outputs(model, split, coding.outputs(), |_, o| {
            out.push(positive_score(coding, loss, o))
        });
    }
}

/// The ROC summary of positive-class `scores` against `labels` (none without scores), in the
/// session's scratch memory for the classes and the sort.
fn roc_of(
    scores: &[f64],
    labels: &[f64],
    (positives, sorted): (&mut Vec<bool>, &mut Vec<(f64, bool)>),
) -> Option<RocSummary> {
    if scores.is_empty() {
        return None;
    }
    positives.clear();
    positives.extend(labels.iter().map(|&l| l >= 0.5));
    roc_summary(scores, positives, sorted)
}

/// A tree model's outputs for `rows` rows of model inputs into `out`.
fn tree_outputs(model: &mut dyn Model, inputs: &[f64], rows: usize, out: &mut Vec<f64>) {
    out.clear();
    let inputs = ValueSlice::Double(inputs);
    model.predict_batch(inputs, rows, &mut |_, o| out.extend_from_slice(o));
}

/// Runs the model over a split and hands each row's outputs to `visit`.
fn visit_outputs(
    model: &mut dyn Model,
    split: &Split,
    outputs: usize,
    mut visit: impl FnMut(usize, &[f64]),
) {
    model.predict_batch(split.inputs.as_slice(), split.rows(), &mut |start, out| {
        for (k, o) in out.chunks_exact(outputs).enumerate() {
            visit(start + k, o);
        }
    });
}
