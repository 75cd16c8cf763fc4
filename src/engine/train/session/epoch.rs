//! Training: one epoch (or one streaming step) of updates, and early stopping.

use super::{MAX_CLASSES, Session, Status};
use crate::engine::nn::{Dropout, Gradients, Loss, Network, Workspace, backward, forward};
use crate::engine::train::history::EpochRecord;

/// A training loss this many times its first epoch's value counts as diverged, long before it
/// overflows (a learning rate just above the stable limit grows the loss only ~20% per step).
const RUNAWAY_GROWTH: f64 = 1e6;

impl Session {
    /// Trains one epoch (one update in streaming mode), then records the losses. Does nothing
    /// once training has diverged or stopped early.
    pub fn train_epoch(&mut self) -> Status {
        if self.status != Status::Running {
            return self.status;
        }
        let finite = if self.scene.data.streaming {
            self.train_streaming_step()
        } else if self.scene.training.playground_compatible {
            self.train_playground_epoch()
        } else {
            self.train_shuffled_epoch()
        };
        self.epoch += 1;
        if !finite {
            return self.diverge();
        }
        let record = self.evaluate_epoch();
        let losses = [
            Some(record.train_loss),
            record.validation_loss,
            record.test_loss,
        ];
        if losses.iter().flatten().any(|l| !l.is_finite()) {
            return self.diverge();
        }
        let first = *self.first_train_loss.get_or_insert(record.train_loss);
        if record.train_loss > RUNAWAY_GROWTH * first && first > 0.0 {
            return self.diverge();
        }
        self.history.push(record);
        self.watch_early_stopping(&record);
        self.status
    }

    /// Marks the run diverged at the current epoch and step.
    fn diverge(&mut self) -> Status {
        self.status = Status::Diverged {
            epoch: self.epoch,
            step: self.steps,
            learning_rate: self.scene.training.learning_rate,
        };
        self.status
    }

    /// TF Playground's epoch: samples in fixed order, an update after every `batch_size`-th
    /// sample of the epoch; leftover gradients carry into the next epoch as they do there.
    fn train_playground_epoch(&mut self) -> bool {
        let rows = self.splits.train.rows();
        let batch_size = self.scene.training.batch_size;
        let mut start = 0;
        let mut finite = true;
        while start < rows {
            let end = ((start / batch_size + 1) * batch_size).min(rows);
            let train = &self.splits.train;
            let (width, outputs) = (self.splits.width(), self.splits.coding.outputs());
            let inputs = &train.inputs[start * width..end * width];
            let targets = &train.targets[start * outputs..end * outputs];
            accumulate(
                &self.network,
                &mut self.train_workspace,
                self.loss,
                inputs,
                targets,
                end - start,
                &mut self.gradients,
                None,
            );
            if end.is_multiple_of(batch_size) {
                finite &= self.apply_update();
            }
            start = end;
        }
        finite
    }

    /// A standard epoch: reshuffled order, mini-batches, the last one possibly smaller.
    fn train_shuffled_epoch(&mut self) -> bool {
        let rows = self.splits.train.rows();
        self.rng.shuffle(&mut self.order);
        let batch_size = self.scene.training.batch_size;
        let (width, outputs) = (self.splits.width(), self.splits.coding.outputs());
        let mut finite = true;
        for start in (0..rows).step_by(batch_size) {
            let end = (start + batch_size).min(rows);
            let n = end - start;
            for (k, &r) in self.order[start..end].iter().enumerate() {
                self.batch_inputs[k * width..(k + 1) * width]
                    .copy_from_slice(&self.splits.train.inputs[r * width..(r + 1) * width]);
                self.batch_targets[k * outputs..(k + 1) * outputs]
                    .copy_from_slice(&self.splits.train.targets[r * outputs..(r + 1) * outputs]);
            }
            self.accumulate_batch(n);
            finite &= self.apply_update();
            if !finite {
                break;
            }
        }
        finite
    }

    /// Streaming: one update on `batch_size` freshly drawn samples.
    fn train_streaming_step(&mut self) -> bool {
        let Some(generator) = self.generator else {
            return true;
        };
        let batch_size = self.scene.training.batch_size;
        self.stream_table.clear();
        generator.append(batch_size, &mut self.rng, &mut self.stream_table);
        let n = self.stream_table.rows().min(batch_size);
        let (width, outputs) = (self.splits.width(), self.splits.coding.outputs());
        for r in 0..n {
            self.splits.inputs_of(
                self.stream_table.row(r),
                &mut self.batch_inputs[r * width..(r + 1) * width],
            );
            self.splits.coding.encode(
                self.stream_table.labels[r],
                &mut self.batch_targets[r * outputs..(r + 1) * outputs],
            );
        }
        self.accumulate_batch(n);
        self.apply_update()
    }

    /// Forward and backward over the first `n` rows of the batch buffers, with dropout.
    fn accumulate_batch(&mut self, n: usize) {
        let (width, outputs) = (self.splits.width(), self.splits.coding.outputs());
        let rate = self.scene.training.dropout;
        let dropout = (rate > 0.0).then_some(Dropout {
            rate,
            rng: &mut self.rng,
        });
        accumulate(
            &self.network,
            &mut self.train_workspace,
            self.loss,
            &self.batch_inputs[..n * width],
            &self.batch_targets[..n * outputs],
            n,
            &mut self.gradients,
            dropout,
        );
    }

    fn apply_update(&mut self) -> bool {
        self.steps += 1;
        let rule = self.rule();
        let finite = self
            .optimizer
            .update(&mut self.network, &self.gradients, &rule);
        self.gradients.clear();
        if let Some(path) = &mut self.descent_path {
            let line = &self.network.layers[0];
            path.record(line.weights[0], line.biases[0]);
        }
        finite
    }

    fn watch_early_stopping(&mut self, record: &EpochRecord) {
        let Some(early) = self.early.as_mut() else {
            return;
        };
        let Some(loss) = record.validation_loss else {
            return;
        };
        if loss < early.best_loss {
            early.best_loss = loss;
            early.best_epoch = record.epoch;
            early.best_network.copy_parameters_from(&self.network);
            early.waited = 0;
        } else {
            early.waited += 1;
            if early.waited >= early.patience {
                if early.restore_best {
                    self.network.copy_parameters_from(&early.best_network);
                }
                self.status = Status::Stopped {
                    epoch: self.epoch,
                    best_epoch: early.best_epoch,
                    restored: early.restore_best,
                };
            }
        }
    }
}

/// Forward, loss gradient and backward for `rows` samples, summing into `gradients`.
#[allow(clippy::too_many_arguments)]
fn accumulate(
    network: &Network,
    workspace: &mut Workspace,
    loss: Loss,
    inputs: &[f64],
    targets: &[f64],
    rows: usize,
    gradients: &mut Gradients,
    dropout: Option<Dropout<'_>>,
) {
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
    }
    backward(network, workspace, inputs, rows, gradients);
}
