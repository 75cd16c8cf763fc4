//! A dense network with everything its training needs: the optimiser's state, the gradient
//! sums, the buffers of a batch, and (for a straight line) the path of its parameters.

use super::{DescentPath, Model, ModelView, StepData, StepEnd};
use crate::engine::data::{Splits, Table};
use crate::engine::nn::{Dropout, Gradients, Loss, Network, Workspace, backward, forward};
use crate::engine::scene::TrainingSection;
use crate::engine::train::MAX_CLASSES;
use crate::engine::train::optimizer::{Optimizer, UpdateRule};
use std::sync::atomic::Ordering;

/// Rows per chunk when predicting many rows.
const PREDICT_CHUNK: usize = 256;

/// Rows times parameters from which a picture's outputs, or a loss pass's, are computed on two
/// threads (a 200 x 200 map of a network with 100 parameters); below it, starting a thread
/// costs more than it saves (measured: the 25 parameters of config A's map ran slower on two).
const PARALLEL_WORK: usize = 4_000_000;

/// Rows times parameters of a training batch from which its second half is computed on a
/// second thread (see [`NetworkModel::accumulate_batch`]). Measured on the jets with a
/// 1,313-parameter network: batches of 128 rows (168,000) trained faster on two threads,
/// batches of 64 were as often slower as faster, batches of 32 slower.
const PARALLEL_BATCH_WORK: usize = 150_000;

/// The threads that train a network: two for large batches when the machine has two cores.
pub fn training_threads() -> usize {
    cores().min(2)
}

/// Whether a training batch of `rows` rows is worth splitting across two threads.
fn worth_splitting_batch(network: &Network, rows: usize) -> bool {
    rows * network.parameter_count() >= PARALLEL_BATCH_WORK && cores() >= 2
}

/// Whether `rows` rows through `network` are worth a second thread.
fn worth_two_threads(network: &Network, rows: usize) -> bool {
    rows * network.parameter_count() >= PARALLEL_WORK && cores() >= 2
}

/// `network`'s outputs for the rows of `inputs` into `out` (`rows x outputs`) with `main`'s
/// activations. From [`PARALLEL_WORK`] on, the second half of the rows is computed on a second
/// thread in `helper` (fast activations, made on first use). Each row is computed alone: through
/// the in-order loops its values do not depend on how the rows are shared out; the blocked
/// products may round a row differently by its place in a chunk, so there the values are fixed
/// for a given number of cores.
fn outputs_of(
    network: &Network,
    main: &mut Workspace,
    helper: &mut Option<Box<Workspace>>,
    inputs: &[f64],
    out: &mut Vec<f64>,
) {
    let (width, outputs) = (network.inputs(), network.outputs());
    let rows = inputs.len() / width.max(1);
    out.clear();
    out.resize(rows * outputs, 0.0);
    let run = |workspace: &mut Workspace, inputs: &[f64], out: &mut [f64]| {
        let chunks = inputs.chunks(PREDICT_CHUNK * width);
        for (chunk, into) in chunks.zip(out.chunks_mut(PREDICT_CHUNK * outputs)) {
            let n = chunk.len() / width.max(1);
            into.copy_from_slice(&forward(network, workspace, chunk, n, None)[..n * outputs]);
        }
    };
    if !worth_two_threads(network, rows) {
        run(main, inputs, out);
        return;
    }
    let half = rows.div_ceil(2);
    let (first, second) = inputs.split_at(half * width);
    let (first_out, second_out) = out.split_at_mut(half * outputs);
    let helper = helper.get_or_insert_with(|| Box::new(Workspace::new(network, PREDICT_CHUNK)));
    let helped = std::thread::scope(|scope| {
        let other = scope.spawn(|| run(helper, second, second_out));
        run(main, first, first_out);
        other.join().is_ok()
    });
    if !helped {
        // The helper thread could not finish: this thread does its half.
        run(main, second, second_out);
    }
}

/// A dense network in training.
pub struct NetworkModel {
    network: Network,
    optimizer: Optimizer,
    gradients: Gradients,
    train_workspace: Workspace,
    predict_workspace: Workspace,
    /// For maps and pictures: always the fast activations, which differ from V8's in the last
    /// bit at most (the evaluation of a TF-Playground-compatible run uses V8's, for its losses).
    picture_workspace: Box<Workspace>,
    /// The second thread's buffers for large pictures and loss passes (made on first use;
    /// always the fast activations).
    helper_workspace: Option<Box<Workspace>>,
    /// The outputs of a loss pass computed on two threads.
    batch_outputs: Vec<f64>,
    /// The second thread's buffers and gradient sums for the second half of a large batch
    /// (made on first use).
    batch_helper: Option<Box<BatchHelper>>,
    order: Vec<usize>,
    batch_inputs: Vec<f64>,
    batch_targets: Vec<f64>,
    /// The batch's loss weights (empty when every event counts once).
    batch_weights: Vec<f64>,
    stream_table: Table,
    updates: u64,
    /// The row an interrupted epoch continues from.
    resume_at: Option<usize>,
    descent_path: Option<DescentPath>,
    best: Option<Network>,
}

impl NetworkModel {
    /// Prepares `network` for training on `train_rows` rows with `training`'s settings;
    /// `stream_table` is an empty table of the generator's shape (for streaming); `keep_best`
    /// reserves room for the best parameters (early stopping); `line` records the descent path.
    pub fn new(
        network: Network,
        training: &TrainingSection,
        train_rows: usize,
        stream_table: Table,
        keep_best: bool,
        line: bool,
    ) -> Self {
        let batch_size = training.batch_size;
        let (width, outputs) = (network.inputs(), network.outputs());
        let descent_path = line.then(|| {
            let first = &network.layers[0];
            DescentPath::starting_at(first.weights[0], first.biases[0])
        });
        let exact = training.playground_compatible;
        NetworkModel {
            optimizer: Optimizer::new(&network),
            gradients: Gradients::zeros_like(&network),
            train_workspace: workspace(&network, batch_size, exact),
            predict_workspace: workspace(&network, PREDICT_CHUNK, exact),
            picture_workspace: Box::new(workspace(&network, PREDICT_CHUNK, false)),
            helper_workspace: None,
            batch_outputs: Vec::new(),
            batch_helper: None,
            order: (0..train_rows).collect(),
            batch_inputs: vec![0.0; batch_size * width],
            batch_targets: vec![0.0; batch_size * outputs],
            batch_weights: Vec::new(),
            stream_table,
            updates: 0,
            resume_at: None,
            descent_path,
            best: keep_best.then(|| network.clone()),
            network,
        }
    }

    /// Replaces one weight (`layer`, input `i`, neuron `j`), as a click-to-edit does.
    pub fn set_weight(
        &mut self,
        layer: usize,
        i: usize,
        j: usize,
        value: f64,
    ) -> Result<(), String> {
        let l = self.network.layers.get_mut(layer).ok_or("no such layer")?;
        if i >= l.inputs || j >= l.outputs || !value.is_finite() {
            return Err(format!(
                "no weight ({i}, {j}) in layer {layer}, or {value} is not finite"
            ));
        }
        l.weights[i * l.outputs + j] = value;
        Ok(())
    }

    /// For a straight-line model: its (m, b) at the start and after each update (thinned).
    pub fn descent_path(&self) -> Option<&[[f64; 2]]> {
        self.descent_path.as_ref().map(|p| p.points())
    }

    /// Runs `rows` input rows through the network chunk by chunk, handing each layer's
    /// activations of each chunk to `visit(layer, activations)` in row order (for maps and
    /// pictures: with the fast activations).
    pub fn visit_layers(
        &mut self,
        inputs: &[f64],
        rows: usize,
        mut visit: impl FnMut(usize, &[f64]),
    ) {
        let width = self.network.inputs();
        let mut start = 0;
        while start < rows {
            let end = (start + PREDICT_CHUNK).min(rows);
            forward(
                &self.network,
                &mut self.picture_workspace,
                &inputs[start * width..end * width],
                end - start,
                None,
            );
            for (l, layer) in self.network.layers.iter().enumerate() {
                visit(
                    l,
                    &self.picture_workspace.activations(l)[..(end - start) * layer.outputs],
                );
            }
            start = end;
        }
    }

    /// The network's outputs for `rows` input rows into `out` (`rows x outputs`), with the fast
    /// activations, as a map needs them (on two threads from [`PARALLEL_WORK`] on).
    pub fn predict_picture(&mut self, inputs: &[f64], rows: usize, out: &mut Vec<f64>) {
        outputs_of(
            &self.network,
            &mut self.picture_workspace,
            &mut self.helper_workspace,
            &inputs[..rows * self.network.inputs()],
            out,
        );
    }

    /// TF Playground's epoch: samples in fixed order, an update after every `batch_size`-th
    /// sample of the epoch; leftover gradients carry into the next epoch as they do there.
    fn train_playground_epoch(&mut self, data: &StepData<'_>) -> StepEnd {
        let train = &data.splits.train;
        let rows = train.rows();
        let batch_size = data.training.batch_size;
        let (width, outputs) = (data.splits.width(), data.splits.coding.outputs());
        let rule = UpdateRule::of(data.training);
        let mut start = self.resume_at.take().unwrap_or(0);
        let mut finite = true;
        while start < rows {
            if start > 0 && stop_asked(data) {
                self.resume_at = Some(start);
                return StepEnd::Interrupted;
            }
            let end = ((start / batch_size + 1) * batch_size).min(rows);
            fill_loss_weights(&mut self.batch_weights, data.splits, start..end);
            let rows = BatchRows {
                rows: end - start,
                inputs: &train.inputs[start * width..end * width],
                targets: &train.targets[start * outputs..end * outputs],
                weights: &self.batch_weights,
            };
            accumulate(
                &self.network,
                &mut self.train_workspace,
                data.loss,
                rows,
                &mut self.gradients,
                None,
            );
            if end.is_multiple_of(batch_size) {
                finite &= self.apply_update(&rule);
            }
            start = end;
        }
        StepEnd::Done { finite }
    }

    /// A standard epoch: reshuffled order, mini-batches, the last one possibly smaller.
    fn train_shuffled_epoch(&mut self, data: &mut StepData<'_>) -> StepEnd {
        let train = &data.splits.train;
        let rows = train.rows();
        let first = match self.resume_at.take() {
            Some(row) => row,
            None => {
                data.rng.shuffle(&mut self.order);
                0
            }
        };
        let batch_size = data.training.batch_size;
        let (width, outputs) = (data.splits.width(), data.splits.coding.outputs());
        let rule = UpdateRule::of(data.training);
        let mut finite = true;
        for start in (first..rows).step_by(batch_size) {
            if start > first && stop_asked(data) {
                self.resume_at = Some(start);
                return StepEnd::Interrupted;
            }
            let end = (start + batch_size).min(rows);
            let n = end - start;
            for (k, &r) in self.order[start..end].iter().enumerate() {
                self.batch_inputs[k * width..(k + 1) * width]
                    .copy_from_slice(&train.inputs[r * width..(r + 1) * width]);
                self.batch_targets[k * outputs..(k + 1) * outputs]
                    .copy_from_slice(&train.targets[r * outputs..(r + 1) * outputs]);
            }
            let rows = self.order[start..end].iter().copied();
            fill_loss_weights(&mut self.batch_weights, data.splits, rows);
            self.accumulate_batch(n, data);
            finite &= self.apply_update(&rule);
            if !finite {
                break;
            }
        }
        StepEnd::Done { finite }
    }

    /// Streaming: one update on `batch_size` freshly drawn samples.
    fn train_streaming_step(&mut self, data: &mut StepData<'_>) -> bool {
        let Some(generator) = data.generator else {
            return true;
        };
        let batch_size = data.training.batch_size;
        self.stream_table.clear();
        generator.append(batch_size, data.rng, &mut self.stream_table);
        let n = self.stream_table.rows().min(batch_size);
        let (width, outputs) = (data.splits.width(), data.splits.coding.outputs());
        for r in 0..n {
            data.splits.inputs_of(
                self.stream_table.row(r),
                &mut self.batch_inputs[r * width..(r + 1) * width],
            );
            data.splits.coding.encode(
                self.stream_table.labels[r],
                &mut self.batch_targets[r * outputs..(r + 1) * outputs],
            );
        }
        self.batch_weights.clear();
        self.accumulate_batch(n, data);
        self.apply_update(&UpdateRule::of(data.training))
    }

    /// Forward and backward over the first `n` rows of the batch buffers (with their loss
    /// weights, if any), with dropout. Outside TF-Playground-compatible mode and without
    /// dropout, a large batch is split in two halves computed at once on two threads; the
    /// second half's gradient sums are then added to the first's, always in that order, so a
    /// run is the same for a given number of cores (it differs from a one-core run in the last
    /// bits).
    fn accumulate_batch(&mut self, n: usize, data: &mut StepData<'_>) {
        let (width, outputs) = (data.splits.width(), data.splits.coding.outputs());
        let rate = data.training.dropout;
        let batch = BatchRows {
            rows: n,
            inputs: &self.batch_inputs[..n * width],
            targets: &self.batch_targets[..n * outputs],
            weights: &self.batch_weights,
        };
        if self.splits_batch(data.training, n) {
            let (first, second) = batch.halves(width, outputs);
            let (network, loss) = (&self.network, data.loss);
            let helper = self
                .batch_helper
                .get_or_insert_with(|| Box::new(BatchHelper::new(network, first.rows)));
            let (workspace, gradients) = (&mut self.train_workspace, &mut self.gradients);
            rayon::join(
                || accumulate(network, workspace, loss, first, gradients, None),
                || helper.accumulate(network, loss, second),
            );
            self.gradients.absorb(&mut helper.gradients);
            return;
        }
        let dropout = (rate > 0.0).then_some(Dropout {
            rate,
            rng: &mut *data.rng,
        });
        accumulate(
            &self.network,
            &mut self.train_workspace,
            data.loss,
            batch,
            &mut self.gradients,
            dropout,
        );
    }

    /// Whether a batch of `rows` rows is computed in two halves on two threads: outside
    /// TF-Playground-compatible mode, without dropout, and large enough to gain.
    fn splits_batch(&self, training: &TrainingSection, rows: usize) -> bool {
        training.dropout == 0.0
            && !self.train_workspace.exact_math()
            && worth_splitting_batch(&self.network, rows)
    }

    fn apply_update(&mut self, rule: &UpdateRule) -> bool {
        self.updates += 1;
        let finite = self
            .optimizer
            .update(&mut self.network, &self.gradients, rule);
        self.gradients.clear();
        if let Some(path) = &mut self.descent_path {
            let line = &self.network.layers[0];
            path.record(line.weights[0], line.biases[0]);
        }
        finite
    }
}

impl Model for NetworkModel {
    fn train_step(&mut self, mut data: StepData<'_>) -> StepEnd {
        if data.streaming {
            StepEnd::Done {
                finite: self.train_streaming_step(&mut data),
            }
        } else if data.training.playground_compatible {
            self.train_playground_epoch(&data)
        } else if self.splits_batch(data.training, data.training.batch_size) {
            // On one of the pool's threads, so that splitting each batch costs little.
            rayon::scope(|_| self.train_shuffled_epoch(&mut data))
        } else {
            self.train_shuffled_epoch(&mut data)
        }
    }

    fn updates(&self) -> u64 {
        self.updates
    }

    fn predict_batch(&mut self, inputs: &[f64], rows: usize, visit: &mut dyn FnMut(usize, &[f64])) {
        let (width, outputs) = (self.network.inputs(), self.network.outputs());
        if !self.predict_workspace.exact_math() && worth_two_threads(&self.network, rows) {
            // A large split (the jets' loss pass): its outputs on two threads, then visited.
            let mut out = std::mem::take(&mut self.batch_outputs);
            outputs_of(
                &self.network,
                &mut self.predict_workspace,
                &mut self.helper_workspace,
                &inputs[..rows * width],
                &mut out,
            );
            for (k, chunk) in out.chunks(PREDICT_CHUNK * outputs).enumerate() {
                visit(k * PREDICT_CHUNK, chunk);
            }
            self.batch_outputs = out;
            return;
        }
        let mut start = 0;
        while start < rows {
            let end = (start + PREDICT_CHUNK).min(rows);
            let out = forward(
                &self.network,
                &mut self.predict_workspace,
                &inputs[start * width..end * width],
                end - start,
                None,
            );
            visit(start, out);
            start = end;
        }
    }

    fn describe(&self) -> ModelView<'_> {
        ModelView::Network(&self.network)
    }

    fn keep_best(&mut self) {
        if let Some(best) = &mut self.best {
            best.copy_parameters_from(&self.network);
        }
    }

    fn restore_best(&mut self) {
        if let Some(best) = &self.best {
            self.network.copy_parameters_from(best);
        }
    }

    fn rows_changed(&mut self, train_rows: usize) {
        self.resume_at = None;
        self.order = (0..train_rows).collect();
        self.gradients.clear();
    }

    fn settings_changed(&mut self, before: &TrainingSection, after: &TrainingSection) {
        if after.batch_size != before.batch_size {
            let batch_size = after.batch_size;
            self.batch_helper = None;
            let (width, outputs) = (self.network.inputs(), self.network.outputs());
            self.train_workspace = Workspace::new(&self.network, batch_size);
            self.batch_inputs.resize(batch_size * width, 0.0);
            self.batch_targets.resize(batch_size * outputs, 0.0);
        }
        self.train_workspace
            .set_exact_math(after.playground_compatible);
        self.predict_workspace
            .set_exact_math(after.playground_compatible);
        if after.optimizer != before.optimizer {
            self.optimizer = Optimizer::new(&self.network);
        }
    }
}

/// The cores this process may use (asked once).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Whether the step was asked to stop.
fn stop_asked(data: &StepData<'_>) -> bool {
    data.stop.is_some_and(|flag| flag.load(Ordering::Relaxed))
}

/// The loss weights of training rows `rows` into `weights` (left empty when every event
/// counts once).
fn fill_loss_weights(weights: &mut Vec<f64>, splits: &Splits, rows: impl Iterator<Item = usize>) {
    weights.clear();
    if !splits.loss_scale.is_empty() {
        weights.extend(rows.map(|r| splits.loss_weight(&splits.train, r)));
    }
}

/// The buffers and gradient sums of the second thread that computes half of a large batch.
struct BatchHelper {
    workspace: Workspace,
    gradients: Gradients,
}

impl BatchHelper {
    /// Room for `rows` rows of `network` (fast activations).
    fn new(network: &Network, rows: usize) -> Self {
        BatchHelper {
            workspace: workspace(network, rows, false),
            gradients: Gradients::zeros_like(network),
        }
    }

    /// [`accumulate`] into this helper's own sums.
    fn accumulate(&mut self, network: &Network, loss: Loss, rows: BatchRows<'_>) {
        accumulate(
            network,
            &mut self.workspace,
            loss,
            rows,
            &mut self.gradients,
            None,
        );
    }
}

/// A batch's rows.
#[derive(Clone, Copy)]
struct BatchRows<'a> {
    /// How many.
    rows: usize,
    /// `rows x inputs`.
    inputs: &'a [f64],
    /// `rows x outputs`.
    targets: &'a [f64],
    /// Each row's weight in the loss, or empty: every row counts once.
    weights: &'a [f64],
}

impl<'a> BatchRows<'a> {
    /// The first ceil(rows / 2) rows and the rest.
    fn halves(self, width: usize, outputs: usize) -> (BatchRows<'a>, BatchRows<'a>) {
        let half = self.rows.div_ceil(2);
        let (inputs, other_inputs) = self.inputs.split_at(half * width);
        let (targets, other_targets) = self.targets.split_at(half * outputs);
        let (weights, other_weights) = self.weights.split_at(half.min(self.weights.len()));
        (
            BatchRows {
                rows: half,
                inputs,
                targets,
                weights,
            },
            BatchRows {
                rows: self.rows - half,
                inputs: other_inputs,
                targets: other_targets,
                weights: other_weights,
            },
        )
    }
}

/// Forward, loss gradient and backward for a batch's rows, summing into `gradients`; a row's
/// loss gradient is multiplied by its weight.
fn accumulate(
    network: &Network,
    workspace: &mut Workspace,
    loss: Loss,
    batch: BatchRows<'_>,
    gradients: &mut Gradients,
    dropout: Option<Dropout<'_>>,
) {
    let (rows, inputs, targets) = (batch.rows, batch.inputs, batch.targets);
    let outputs = network.outputs();
    forward(network, workspace, inputs, rows, dropout);
    let last = network.layers.len() - 1;
    // The output activations and the delta buffer live in the same workspace: copy the few
    // outputs of each row to the stack first.
    for r in 0..rows {
        let mut out = [0.0; MAX_CLASSES];
        let n = outputs.min(MAX_CLASSES);
        out[..n].copy_from_slice(&workspace.activations(last)[r * outputs..r * outputs + n]);
        let delta = &mut workspace.output_delta_mut()[r * outputs..(r + 1) * outputs];
        loss.value_and_gradient(&out[..n], &targets[r * outputs..(r + 1) * outputs], delta);
        if let Some(&w) = batch.weights.get(r) {
            delta.iter_mut().for_each(|d| *d *= w);
        }
    }
    backward(network, workspace, inputs, rows, gradients);
}

/// Buffers for batches of `capacity` rows; `exact`: activations as V8 computes them.
fn workspace(network: &Network, capacity: usize, exact: bool) -> Workspace {
    let mut w = Workspace::new(network, capacity);
    w.set_exact_math(exact);
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nn::{Activation, Init};
    use crate::engine::rng::Rng;

    /// A 6 -> [32, 32] -> 1 network and `rows` random rows with 0/1 targets.
    fn network_and_rows(rows: usize) -> (Network, Vec<f64>, Vec<f64>) {
        let mut rng = Rng::new(3);
        let network = Network::new(
            6,
            &[32, 32, 1],
            &[Activation::Relu, Activation::Tanh, Activation::Sigmoid],
            Init::He,
            &mut rng,
        );
        let inputs = (0..rows * 6).map(|_| rng.normal()).collect();
        let targets = (0..rows).map(|_| f64::from(rng.uniform() < 0.5)).collect();
        (network, inputs, targets)
    }

    /// The gradient sums of `batch`, computed in one piece.
    fn sums_of(network: &Network, batch: BatchRows<'_>) -> Gradients {
        let mut g = Gradients::zeros_like(network);
        let mut w = workspace(network, batch.rows, false);
        accumulate(network, &mut w, Loss::Bce, batch, &mut g, None);
        g
    }

    /// Every gradient sum, flattened.
    fn flat(g: &Gradients) -> Vec<f64> {
        g.weights
            .iter()
            .chain(&g.biases)
            .flatten()
            .copied()
            .collect()
    }

    fn assert_close(a: &Gradients, b: &Gradients) {
        for (x, y) in flat(a).iter().zip(flat(b)) {
            assert!((x - y).abs() <= 1e-12 * (1.0 + y.abs()), "{x} vs {y}");
        }
        assert!(flat(b).iter().any(|&g| g.abs() > 1e-3));
    }

    #[test]
    fn two_halves_of_a_batch_sum_to_the_whole_batch_gradients() {
        let (network, inputs, targets) = network_and_rows(201);
        let weights: Vec<f64> = (0..201).map(|r| 0.5 + (r % 3) as f64).collect();
        for weights in [&[][..], &weights] {
            let batch = BatchRows {
                rows: 201,
                inputs: &inputs,
                targets: &targets,
                weights,
            };
            let whole = sums_of(&network, batch);
            let (first, second) = batch.halves(6, 1);
            assert_eq!((first.rows, second.rows), (101, 100));
            let mut sums = sums_of(&network, first);
            let mut helper = BatchHelper::new(&network, first.rows);
            helper.accumulate(&network, Loss::Bce, second);
            sums.absorb(&mut helper.gradients);
            assert_eq!(sums.samples, whole.samples);
            assert_close(&sums, &whole);
            assert!(flat(&helper.gradients).iter().all(|&g| g == 0.0));
        }
    }

    #[test]
    fn a_row_of_weight_two_counts_as_that_row_twice() {
        let (network, inputs, targets) = network_and_rows(40);
        let mut weights = vec![1.0; 40];
        weights[7] = 2.0;
        let weighted = sums_of(
            &network,
            BatchRows {
                rows: 40,
                inputs: &inputs,
                targets: &targets,
                weights: &weights,
            },
        );
        let mut twice_inputs = inputs.clone();
        twice_inputs.extend_from_slice(&inputs[7 * 6..8 * 6]);
        let mut twice_targets = targets.clone();
        twice_targets.push(targets[7]);
        let twice = sums_of(
            &network,
            BatchRows {
                rows: 41,
                inputs: &twice_inputs,
                targets: &twice_targets,
                weights: &[],
            },
        );
        assert_close(&weighted, &twice);
    }
}
