//! A dense network with everything its training needs: the optimiser's state, the gradient
//! sums, the buffers of a batch, and (for a straight line) the path of its parameters.

use super::{DescentPath, Model, ModelView, StepData, StepEnd};
use crate::engine::data::{Splits, Table, ValueSlice};
use crate::engine::nn::{
    Dropout, Gradients, Loss, Network, Real, Workspace, backward, forward, forward_wide,
};
use crate::engine::scene::TrainingSection;
use crate::engine::train::optimizer::{Optimizer, UpdateRule};
use std::sync::atomic::Ordering;

/// Rows per chunk when predicting many rows.
const PREDICT_CHUNK: usize = 256;

/// Rows times parameters from which a picture's outputs, or a loss pass's, are computed on two
/// threads (a 200 x 200 map of a network with 100 parameters); below it, starting a thread
/// costs more than it saves (measured: the 25 parameters of config A's map ran slower on two).
const PARALLEL_WORK: usize = 4_000_000;

/// Rows times parameters of a training batch in `f64` from which its second half is computed on a
/// second thread (see [`Passes::accumulate_batch`]). Measured on the jets with a
/// 1,313-parameter network: batches of 128 rows (168,000) trained faster on two threads,
/// batches of 64 were as often slower as faster, batches of 32 slower.
const PARALLEL_BATCH_WORK: usize = 150_000;

/// The threads that train a network: two for large batches when the machine has two cores.
pub fn training_threads() -> usize {
    cores().min(2)
}

/// The same threshold for passes in `f32`, which take about half as long. Measured on the jets
/// (batch 256 through [32, 32], 320,000) with the AVX-512 products on a 2-core Zen 4: 9.0-10.1 ms
/// per epoch of updates on two threads against 11.8-13.2 ms on one (three alternating pairs;
/// with `gemm`'s products it had been 28.7 against 21.5 ms). Top-tagging's batches of 128 (168,000)
/// trained at the same pace either way, so they stay on one thread and leave the other core
/// to the window.
const PARALLEL_BATCH_WORK_SINGLE: usize = 300_000;

/// The fewest rows of a batch split across two threads, whatever its work: halves of fewer than
/// 64 rows wait on each other more than they gain (overfit-curve's batches of 20 through
/// [128, 128], 338,000 in `f32`, trained 3,000 epochs in 1.09-1.20 s split against 0.79-0.83 s
/// on one thread; in `f64` batches of 64 were as often slower as faster, and of 32 slower).
const PARALLEL_BATCH_ROWS: usize = 128;

/// Whether a training batch of `rows` rows is worth splitting across two threads, for passes
/// in `T`.
fn worth_splitting_batch<T: Real>(network: &Network, rows: usize) -> bool {
    let threshold = if std::mem::size_of::<T>() == std::mem::size_of::<f32>() {
        PARALLEL_BATCH_WORK_SINGLE
    } else {
        PARALLEL_BATCH_WORK
    };
    rows >= PARALLEL_BATCH_ROWS && rows * network.parameter_count() >= threshold && cores() >= 2
}

/// Whether `rows` rows through `network` are worth a second thread.
fn worth_two_threads(network: &Network, rows: usize) -> bool {
    rows * network.parameter_count() >= PARALLEL_WORK && cores() >= 2
}

/// Forward passes over every row of `inputs` with the fast activations, chunk by chunk, the
/// activations of layer `layers[k]` widened into `outs[k]` (`rows x neurons`). From
/// [`PARALLEL_WORK`] on, the second half of the rows is computed on a second thread in `helper`
/// (made on first use). Each row is computed alone: through the in-order loops its values do
/// not depend on how the rows are shared out; the blocked products may round a row differently
/// by its place in a chunk, so there the values are fixed for a given number of cores.
fn forward_rows<T: Real>(
    network: &Network,
    (main, helper): (&mut Workspace<T>, &mut Option<Box<Workspace<T>>>),
    inputs: ValueSlice<'_>,
    layers: &[usize],
    outs: &mut [&mut [f64]],
) {
    let width = network.inputs();
    let rows = inputs.len() / width.max(1);
    let neurons: Vec<usize> = layers.iter().map(|&l| network.layers[l].outputs).collect();
    let run = |workspace: &mut Workspace<T>, inputs: ValueSlice<'_>, outs: &mut [&mut [f64]]| {
        let rows = inputs.len() / width.max(1);
        for start in (0..rows).step_by(PREDICT_CHUNK) {
            let n = PREDICT_CHUNK.min(rows - start);
            let chunk = inputs.slice(start * width..(start + n) * width);
            forward_wide(network, workspace, chunk, n);
            for ((out, &l), &k) in outs.iter_mut().zip(layers).zip(&neurons) {
                let values = &workspace.activations(l)[..n * k];
                widen_into(values, &mut out[start * k..(start + n) * k]);
            }
        }
    };
    if !worth_two_threads(network, rows) {
        run(main, inputs, outs);
        return;
    }
    let half = rows.div_ceil(2);
    let (first, second) = inputs.split_at(half * width);
    let (mut first_outs, mut second_outs): (Vec<&mut [f64]>, Vec<&mut [f64]>) = outs
        .iter_mut()
        .zip(&neurons)
        .map(|(out, &k)| out.split_at_mut(half * k))
        .unzip();
    let helper = helper.get_or_insert_with(|| Box::new(Workspace::new(network, PREDICT_CHUNK)));
    let helped = std::thread::scope(|scope| {
        let other = scope.spawn(|| run(helper, second, &mut second_outs));
        run(main, first, &mut first_outs);
        other.join().is_ok()
    });
    if !helped {
        // The helper thread could not finish: this thread does its half.
        run(main, second, &mut second_outs);
    }
}

/// `values` written as `f64` into `into` (of the same length).
fn widen_into<T: Real>(values: &[T], into: &mut [f64]) {
    for (o, &v) in into.iter_mut().zip(values) {
        *o = v.widen();
    }
}

/// Rows `rows` of the row-major `from` (`width` values each), converted by `convert`, one after
/// another into `into`; returns how many.
fn copy_rows<I: Copy, T>(
    from: &[I],
    rows: impl Iterator<Item = usize>,
    width: usize,
    into: &mut [T],
    convert: impl Fn(I) -> T,
) -> usize {
    let mut n = 0;
    for r in rows {
        let source = &from[r * width..(r + 1) * width];
        for (o, &v) in into[n * width..(n + 1) * width].iter_mut().zip(source) {
            *o = convert(v);
        }
        n += 1;
    }
    n
}

/// The inputs and targets of the training rows `rows` of `splits` (in this order) into
/// `inputs` and `targets`; returns how many.
fn gather_rows<T: Real>(
    splits: &Splits,
    rows: impl Iterator<Item = usize> + Clone,
    inputs: &mut [T],
    targets: &mut [T],
) -> usize {
    let train = &splits.train;
    let (width, outputs) = (splits.width(), splits.coding.outputs());
    let n = match train.inputs.as_slice() {
        ValueSlice::Single(v) => copy_rows(v, rows.clone(), width, inputs, T::of_single),
        ValueSlice::Double(v) => copy_rows(v, rows.clone(), width, inputs, T::of),
    };
    copy_rows(&train.targets, rows, outputs, targets, T::of);
    n
}

/// `values` rounded to `T` into `into` (of the same length).
fn narrow_into<T: Real>(values: &[f64], into: &mut [T]) {
    for (o, &v) in into.iter_mut().zip(values) {
        *o = T::of(v);
    }
}

/// Everything a network's passes in precision `T` need: the gradient sums, the buffers of the
/// training batches, of the loss passes and of the pictures, and the second thread's.
struct Passes<T: Real> {
    gradients: Gradients<T>,
    train_workspace: Workspace<T>,
    predict_workspace: Workspace<T>,
    /// For maps and pictures: always the fast activations, which differ from V8's in the last
    /// bit at most (the evaluation of a TF-Playground-compatible run uses V8's, for its losses).
    picture_workspace: Box<Workspace<T>>,
    /// The second thread's buffers for large pictures and loss passes (made on first use;
    /// always the fast activations).
    helper_workspace: Option<Box<Workspace<T>>>,
    /// The outputs of a loss pass computed on two threads.
    batch_outputs: Vec<f64>,
    /// The second thread's buffers and gradient sums for the second half of a large batch
    /// (made on first use).
    batch_helper: Option<Box<BatchHelper<T>>>,
    batch_inputs: Vec<T>,
    batch_targets: Vec<T>,
    /// The batch's loss weights (empty when every event counts once).
    batch_weights: Vec<T>,
    /// A chunk's outputs or a layer's activations widened to `f64` for the caller.
    widened: Vec<f64>,
}

impl<T: Real> Passes<T> {
    /// Buffers for `network` and batches of `batch_size` rows; `exact`: activations as V8
    /// computes them (TF Playground's compatible mode).
    fn new(network: &Network, batch_size: usize, exact: bool) -> Self {
        let (width, outputs) = (network.inputs(), network.outputs());
        Passes {
            gradients: Gradients::zeros_like(network),
            train_workspace: workspace(network, batch_size, exact),
            predict_workspace: workspace(network, PREDICT_CHUNK, exact),
            picture_workspace: Box::new(workspace(network, PREDICT_CHUNK, false)),
            helper_workspace: None,
            batch_outputs: Vec::new(),
            batch_helper: None,
            batch_inputs: vec![T::zero(); batch_size * width],
            batch_targets: vec![T::zero(); batch_size * outputs],
            batch_weights: Vec::new(),
            widened: Vec::new(),
        }
    }

    /// Room for batches of `batch_size` rows.
    fn resize_batches(&mut self, network: &Network, batch_size: usize) {
        let exact = self.train_workspace.exact_math();
        self.batch_helper = None;
        self.train_workspace = workspace(network, batch_size, exact);
        self.batch_inputs
            .resize(batch_size * network.inputs(), T::zero());
        self.batch_targets
            .resize(batch_size * network.outputs(), T::zero());
    }

    /// Computes with V8's activations (TF Playground's compatible mode), or the fast ones.
    fn set_exact_math(&mut self, on: bool) {
        self.train_workspace.set_exact_math(on);
        self.predict_workspace.set_exact_math(on);
    }

    /// Puts one row's inputs and targets at place `k` of the batch buffers.
    fn set_batch_row(&mut self, k: usize, inputs: &[f64], targets: &[f64]) {
        let (width, outputs) = (inputs.len(), targets.len());
        narrow_into(inputs, &mut self.batch_inputs[k * width..(k + 1) * width]);
        narrow_into(
            targets,
            &mut self.batch_targets[k * outputs..(k + 1) * outputs],
        );
    }

    /// The training rows `rows` of `splits` (in this order) into the batch buffers, with their
    /// loss weights; returns how many.
    fn gather(&mut self, splits: &Splits, rows: impl Iterator<Item = usize> + Clone) -> usize {
        let n = gather_rows(
            splits,
            rows.clone(),
            &mut self.batch_inputs,
            &mut self.batch_targets,
        );
        self.gather_weights(splits, rows);
        n
    }

    /// [`Passes::gather`] with the two halves of `rows` copied on two threads of rayon's pool,
    /// for a batch that is then computed in halves: a shuffled epoch's rows lie anywhere in the
    /// table and copying them waits on the memory. Workload H (batches of 512 rows x 28
    /// features, 10^6 rows) took 247-265 ms an epoch so against 330-417 ms with the copy on one
    /// thread (four alternating runs); the jets' J (256 x 5) measured the same either way.
    fn gather_in_halves(&mut self, splits: &Splits, rows: &[usize]) -> usize {
        let (width, outputs) = (splits.width(), splits.coding.outputs());
        let half = rows.len().div_ceil(2);
        let (first, second) = rows.split_at(half);
        let (inputs, other_inputs) = self.batch_inputs.split_at_mut(half * width);
        let (targets, other_targets) = self.batch_targets.split_at_mut(half * outputs);
        let (a, b) = rayon::join(
            || gather_rows(splits, first.iter().copied(), inputs, targets),
            || gather_rows(splits, second.iter().copied(), other_inputs, other_targets),
        );
        self.gather_weights(splits, rows.iter().copied());
        a + b
    }

    /// The loss weights of the training rows `rows` into the batch's weights (none when the
    /// split has no event weights or class balance).
    fn gather_weights(&mut self, splits: &Splits, rows: impl Iterator<Item = usize>) {
        self.batch_weights.clear();
        if !splits.loss_scale.is_empty() {
            let weights = rows.map(|r| T::of(splits.loss_weight(&splits.train, r)));
            self.batch_weights.extend(weights);
        }
    }

    /// Whether a batch of `rows` rows is computed in two halves on two threads: outside
    /// TF-Playground-compatible mode, without dropout, and large enough to gain.
    fn splits_batch(&self, network: &Network, training: &TrainingSection, rows: usize) -> bool {
        training.dropout == 0.0
            && !self.train_workspace.exact_math()
            && worth_splitting_batch::<T>(network, rows)
    }

    /// Forward and backward over the first `n` rows of the batch buffers (with their loss
    /// weights, if any), with dropout. Outside TF-Playground-compatible mode and without
    /// dropout, a large batch is split in two halves computed at once on two threads; the
    /// second half's gradient sums are then added to the first's, always in that order, so a
    /// run is the same for a given number of cores (it differs from a one-core run in the last
    /// bits).
    fn accumulate_batch(&mut self, network: &Network, n: usize, data: &mut StepData<'_>) {
        let (width, outputs) = (network.inputs(), network.outputs());
        let rate = data.training.dropout;
        let batch = BatchRows {
            rows: n,
            inputs: &self.batch_inputs[..n * width],
            targets: &self.batch_targets[..n * outputs],
            weights: &self.batch_weights,
        };
        if self.splits_batch(network, data.training, n) {
            let (first, second) = batch.halves(width, outputs);
            let loss = data.loss;
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
            network,
            &mut self.train_workspace,
            data.loss,
            batch,
            &mut self.gradients,
            dropout,
        );
    }

    /// [`Model::predict_batch`] for these passes.
    fn predict_batch(
        &mut self,
        network: &Network,
        inputs: ValueSlice<'_>,
        rows: usize,
        visit: &mut dyn FnMut(usize, &[f64]),
    ) {
        let (width, outputs) = (network.inputs(), network.outputs());
        if !self.predict_workspace.exact_math() && worth_two_threads(network, rows) {
            // A large split (the jets' loss pass): its outputs on two threads, then visited.
            let mut out = std::mem::take(&mut self.batch_outputs);
            out.clear();
            out.resize(rows * outputs, 0.0);
            forward_rows(
                network,
                (&mut self.predict_workspace, &mut self.helper_workspace),
                inputs.slice(0..rows * width),
                &[network.layers.len() - 1],
                &mut [&mut out[..]],
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
            let chunk = inputs.slice(start * width..end * width);
            let out = forward_wide(network, &mut self.predict_workspace, chunk, end - start);
            visit(start, T::widen_slice(out, &mut self.widened));
            start = end;
        }
    }

    /// [`NetworkModel::layer_outputs`] for these passes.
    fn layer_outputs(&mut self, network: &Network, inputs: &[f64], out: &mut [Vec<f64>]) {
        let rows = inputs.len() / network.inputs().max(1);
        let layers: Vec<usize> = (0..network.layers.len()).collect();
        for (o, layer) in out.iter_mut().zip(&network.layers) {
            o.clear();
            o.resize(rows * layer.outputs, 0.0);
        }
        let mut outs: Vec<&mut [f64]> = out.iter_mut().map(|o| &mut o[..]).collect();
        forward_rows(
            network,
            (&mut self.picture_workspace, &mut self.helper_workspace),
            ValueSlice::Double(inputs),
            &layers,
            &mut outs,
        );
    }

    /// [`NetworkModel::predict_picture`] for these passes.
    fn predict_picture(&mut self, network: &Network, inputs: &[f64], out: &mut Vec<f64>) {
        let rows = inputs.len() / network.inputs().max(1);
        out.clear();
        out.resize(rows * network.outputs(), 0.0);
        forward_rows(
            network,
            (&mut self.picture_workspace, &mut self.helper_workspace),
            ValueSlice::Double(inputs),
            &[network.layers.len() - 1],
            &mut [&mut out[..]],
        );
    }
}

/// A network's passes in the precision its training settings call for.
enum AnyPasses {
    /// In `f32`.
    Single(Box<Passes<f32>>),
    /// In `f64`.
    Double(Box<Passes<f64>>),
}

/// `body` with `$p` bound to the passes, whichever their precision.
macro_rules! with_passes {
    ($passes:expr, $p:ident => $body:expr) => {
        match $passes {
            AnyPasses::Single($p) => $body,
            AnyPasses::Double($p) => $body,
        }
    };
}

impl AnyPasses {
    /// The passes `training` calls for, for `network` (compatible mode is always `f64`).
    fn new(network: &Network, training: &TrainingSection) -> Self {
        let (batch_size, exact) = (training.batch_size, training.playground_compatible);
        if training.double_precision() {
            AnyPasses::Double(Box::new(Passes::new(network, batch_size, exact)))
        } else {
            AnyPasses::Single(Box::new(Passes::new(network, batch_size, exact)))
        }
    }

    /// Whether these passes run in `f64`.
    fn is_double(&self) -> bool {
        matches!(self, AnyPasses::Double(_))
    }
}

/// A dense network in training.
pub struct NetworkModel {
    network: Network,
    optimizer: Optimizer,
    passes: AnyPasses,
    order: Vec<usize>,
    stream_table: Table,
    /// One streamed row's inputs and targets on their way into the batch buffers, and its
    /// columns as `f64`.
    stream_row: (Vec<f64>, Vec<f64>, Vec<f64>),
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
        let descent_path = line.then(|| {
            let first = &network.layers[0];
            DescentPath::starting_at(first.weights[0], first.biases[0])
        });
        NetworkModel {
            optimizer: Optimizer::new(&network),
            passes: AnyPasses::new(&network, training),
            order: (0..train_rows).collect(),
            stream_table,
            stream_row: (
                vec![0.0; network.inputs()],
                vec![0.0; network.outputs()],
                Vec::new(),
            ),
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

    /// Every layer's activations for `rows` input rows: `out[l]` becomes `rows x neurons(l)`
    /// (for the neurons' pictures: the fast activations, on two threads from [`PARALLEL_WORK`]
    /// on). `out` has one entry per layer.
    pub fn layer_outputs(&mut self, inputs: &[f64], rows: usize, out: &mut [Vec<f64>]) {
        let (network, inputs) = (&self.network, &inputs[..rows * self.network.inputs()]);
        with_passes!(&mut self.passes, p => p.layer_outputs(network, inputs, out));
    }

    /// The network's outputs for `rows` input rows into `out` (`rows x outputs`), with the fast
    /// activations, as a map needs them (on two threads from [`PARALLEL_WORK`] on).
    pub fn predict_picture(&mut self, inputs: &[f64], rows: usize, out: &mut Vec<f64>) {
        let (network, inputs) = (&self.network, &inputs[..rows * self.network.inputs()]);
        with_passes!(&mut self.passes, p => p.predict_picture(network, inputs, out));
    }

    /// TF Playground's epoch: samples in fixed order, an update after every `batch_size`-th
    /// sample of the epoch; leftover gradients carry into the next epoch as they do there.
    fn train_playground_epoch(&mut self, data: &mut StepData<'_>) -> StepEnd {
        let rows = data.splits.train.rows();
        let batch_size = data.training.batch_size;
        let rule = UpdateRule::of(data.training);
        let mut start = self.resume_at.take().unwrap_or(0);
        let mut finite = true;
        while start < rows {
            if start > 0 && stop_asked(data) {
                self.resume_at = Some(start);
                return StepEnd::Interrupted;
            }
            let end = ((start / batch_size + 1) * batch_size).min(rows);
            let network = &self.network;
            with_passes!(&mut self.passes, p => {
                let n = p.gather(data.splits, start..end);
                p.accumulate_batch(network, n, data);
            });
            if end.is_multiple_of(batch_size) {
                finite &= self.apply_update(&rule);
            }
            start = end;
        }
        StepEnd::Done { finite }
    }

    /// A standard epoch: reshuffled order, mini-batches, the last one possibly smaller.
    fn train_shuffled_epoch(&mut self, data: &mut StepData<'_>) -> StepEnd {
        let rows = data.splits.train.rows();
        let first = match self.resume_at.take() {
            Some(row) => row,
            None => {
                data.rng.shuffle(&mut self.order);
                0
            }
        };
        let batch_size = data.training.batch_size;
        let rule = UpdateRule::of(data.training);
        let mut finite = true;
        for start in (first..rows).step_by(batch_size) {
            if start > first && stop_asked(data) {
                self.resume_at = Some(start);
                return StepEnd::Interrupted;
            }
            let end = (start + batch_size).min(rows);
            let (network, order) = (&self.network, &self.order[start..end]);
            with_passes!(&mut self.passes, p => {
                let n = if p.splits_batch(network, data.training, order.len()) {
                    p.gather_in_halves(data.splits, order)
                } else {
                    p.gather(data.splits, order.iter().copied())
                };
                p.accumulate_batch(network, n, data);
            });
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
        let (network, table) = (&self.network, &self.stream_table);
        let (inputs, targets, columns) = &mut self.stream_row;
        with_passes!(&mut self.passes, p => {
            for r in 0..n {
                data.splits.inputs_of(table.row_f64(r, columns), inputs);
                data.splits.coding.encode(table.labels[r], targets);
                p.set_batch_row(r, inputs, targets);
            }
            p.batch_weights.clear();
            p.accumulate_batch(network, n, data);
        });
        self.apply_update(&UpdateRule::of(data.training))
    }

    /// Whether a batch of `rows` rows is computed in two halves on two threads.
    fn splits_batch(&self, training: &TrainingSection, rows: usize) -> bool {
        with_passes!(&self.passes, p => p.splits_batch(&self.network, training, rows))
    }

    fn apply_update(&mut self, rule: &UpdateRule) -> bool {
        self.updates += 1;
        let (network, optimizer) = (&mut self.network, &mut self.optimizer);
        let finite = with_passes!(&mut self.passes, p => {
            let finite = optimizer.update(network, &p.gradients, rule);
            p.gradients.clear();
            finite
        });
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
            self.train_playground_epoch(&mut data)
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

    fn predict_batch(
        &mut self,
        inputs: ValueSlice<'_>,
        rows: usize,
        visit: &mut dyn FnMut(usize, &[f64]),
    ) {
        let network = &self.network;
        with_passes!(&mut self.passes, p => p.predict_batch(network, inputs, rows, visit));
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
        with_passes!(&mut self.passes, p => p.gradients.clear());
    }

    fn settings_changed(&mut self, before: &TrainingSection, after: &TrainingSection) {
        let network = &self.network;
        if after.double_precision() != self.passes.is_double() {
            // A new precision: new buffers (gradients left over from an unfinished batch of
            // TF Playground's epoch are dropped).
            self.passes = AnyPasses::new(network, after);
        } else if after.batch_size != before.batch_size {
            with_passes!(&mut self.passes, p => p.resize_batches(network, after.batch_size));
        }
        with_passes!(&mut self.passes, p => p.set_exact_math(after.playground_compatible));
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

/// The buffers and gradient sums of the second thread that computes half of a large batch.
struct BatchHelper<T: Real> {
    workspace: Workspace<T>,
    gradients: Gradients<T>,
}

impl<T: Real> BatchHelper<T> {
    /// Room for `rows` rows of `network` (fast activations).
    fn new(network: &Network, rows: usize) -> Self {
        BatchHelper {
            workspace: workspace(network, rows, false),
            gradients: Gradients::zeros_like(network),
        }
    }

    /// [`accumulate`] into this helper's own sums.
    fn accumulate(&mut self, network: &Network, loss: Loss, rows: BatchRows<'_, T>) {
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
struct BatchRows<'a, T> {
    /// How many.
    rows: usize,
    /// `rows x inputs`.
    inputs: &'a [T],
    /// `rows x outputs`.
    targets: &'a [T],
    /// Each row's weight in the loss, or empty: every row counts once.
    weights: &'a [T],
}

impl<'a, T> BatchRows<'a, T> {
    /// The first ceil(rows / 2) rows and the rest.
    fn halves(self, width: usize, outputs: usize) -> (BatchRows<'a, T>, BatchRows<'a, T>) {
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
fn accumulate<T: Real>(
    network: &Network,
    workspace: &mut Workspace<T>,
    loss: Loss,
    batch: BatchRows<'_, T>,
    gradients: &mut Gradients<T>,
    dropout: Option<Dropout<'_>>,
) {
    let (rows, inputs, targets) = (batch.rows, batch.inputs, batch.targets);
    let outputs = network.outputs();
    forward(network, workspace, inputs, rows, dropout);
    let (output, delta) = workspace.output_and_delta_mut();
    let (output, delta) = (&output[..rows * outputs], &mut delta[..rows * outputs]);
    loss.gradient(outputs, output, &targets[..rows * outputs], delta);
    // Rows without loss weights (none given) keep their gradient.
    for (delta, &w) in delta.chunks_exact_mut(outputs).zip(batch.weights) {
        delta.iter_mut().for_each(|d| *d *= w);
    }
    backward(network, workspace, inputs, rows, gradients);
}

/// Buffers for batches of `capacity` rows; `exact`: activations as V8 computes them.
fn workspace<T: Real>(network: &Network, capacity: usize, exact: bool) -> Workspace<T> {
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
    fn sums_of(network: &Network, batch: BatchRows<'_, f64>) -> Gradients {
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
