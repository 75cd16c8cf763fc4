//! Training: one step of the model (an epoch, or one streaming update), the figures it is
//! judged by, divergence and early stopping.

use super::{Session, Status};
use crate::engine::model::{StepData, StepEnd};
use crate::engine::scene::bounds::MODEL_EPOCH;
use crate::engine::train::history::EpochRecord;

/// A training loss this many times its first epoch's value counts as diverged, long before it
/// overflows (a learning rate just above the stable limit grows the loss only ~20% per step).
const RUNAWAY_GROWTH: f64 = 1e6;

impl Session {
    /// Trains one epoch (one update in streaming mode), then records the losses. Does nothing
    /// once training has diverged or stopped early. When the stop flag is raised mid-epoch it
    /// returns early without counting the epoch, which the next call finishes.
    pub fn train_epoch(&mut self) -> Status {
        if self.status != Status::Running {
            return self.status;
        }
        if self.epoch as f64 >= MODEL_EPOCH.max {
            // The last epoch a saved scene can record: stop, so every save reopens.
            self.status = Status::Stopped {
                epoch: self.epoch,
                best_epoch: self.epoch,
                restored: false,
            };
            return self.status;
        }
        let end = self.model.get().train_step(StepData {
            splits: &self.splits,
            generator: self.generator.as_ref(),
            streaming: self.scene.data.streaming,
            training: &self.scene.training,
            loss: self.loss,
            rng: &mut self.rng,
            stop: self.stop.as_deref(),
        });
        let finite = match end {
            StepEnd::Done { finite } => finite,
            // Stopped between batches: the epoch continues at the next call.
            StepEnd::Interrupted => return self.status,
            StepEnd::Complete => {
                self.status = Status::Complete { epoch: self.epoch };
                return self.status;
            }
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
            step: self.model.get().updates(),
            learning_rate: self.scene.training.learning_rate,
        };
        self.status
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
            self.model.get().keep_best();
            early.waited = 0;
        } else {
            early.waited += 1;
            if early.waited >= early.patience {
                if early.restore_best {
                    self.model.get().restore_best();
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
