//! The learning curves with bounded memory: recent epochs at full resolution, older ones
//! thinned to every 2nd, 4th, 8th ... epoch, so even 10^7 epochs keep a few thousand records.

use std::collections::VecDeque;

/// The figures of one epoch. `None` where a figure does not apply (no validation split,
/// regression accuracy, ...).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EpochRecord {
    /// Epochs completed.
    pub epoch: u64,
    /// Mean loss on the training split (without any weight penalty).
    pub train_loss: f64,
    /// Mean loss on the validation split.
    pub validation_loss: Option<f64>,
    /// Mean loss on the test split.
    pub test_loss: Option<f64>,
    /// Accuracy on the training split (classification).
    pub train_accuracy: Option<f64>,
    /// Accuracy on the validation split (classification).
    pub validation_accuracy: Option<f64>,
    /// Accuracy on the test split (classification).
    pub test_accuracy: Option<f64>,
    /// ROC AUC on the test split (binary classification), when computed for this epoch.
    pub auc: Option<f64>,
    /// Background rejection 1/eps_B at signal efficiency 0.3 on the test split, with the AUC.
    pub rejection_30: Option<f64>,
    /// R^2 on the test split (regression).
    pub r2: Option<f64>,
    /// ROC AUC on the test split with each event counted by its weight (data with event
    /// weights), when computed for this epoch.
    pub weighted_auc: Option<f64>,
}

/// Full-resolution recent records plus a thinned archive of older ones.
#[derive(Clone, Debug)]
pub struct History {
    recent: VecDeque<EpochRecord>,
    archive: Vec<EpochRecord>,
    recent_capacity: usize,
    archive_capacity: usize,
    stride: u64,
}

impl Default for History {
    fn default() -> Self {
        Self::with_capacity(2000, 2000)
    }
}

impl History {
    /// A history keeping `recent` full-resolution records and at most `archive` older ones.
    pub fn with_capacity(recent: usize, archive: usize) -> Self {
        Self {
            recent: VecDeque::with_capacity(recent + 1),
            archive: Vec::with_capacity(archive + 1),
            recent_capacity: recent.max(1),
            archive_capacity: archive.max(2),
            stride: 1,
        }
    }

    /// Adds the newest record.
    pub fn push(&mut self, record: EpochRecord) {
        self.recent.push_back(record);
        if self.recent.len() > self.recent_capacity
            && let Some(old) = self.recent.pop_front()
            && old.epoch % self.stride == 0
        {
            self.archive.push(old);
            if self.archive.len() > self.archive_capacity {
                self.stride *= 2;
                let stride = self.stride;
                self.archive.retain(|r| r.epoch % stride == 0);
            }
        }
    }

    /// Every kept record, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &EpochRecord> {
        self.archive.iter().chain(self.recent.iter())
    }

    /// Number of kept records.
    pub fn len(&self) -> usize {
        self.archive.len() + self.recent.len()
    }

    /// True before the first epoch.
    pub fn is_empty(&self) -> bool {
        self.recent.is_empty()
    }

    /// The newest record.
    pub fn last(&self) -> Option<&EpochRecord> {
        self.recent.back()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.recent.clear();
        self.archive.clear();
        self.stride = 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_million_epochs_stay_small_and_ordered() {
        let mut h = History::with_capacity(100, 100);
        for epoch in 1..=10_000_000u64 {
            h.push(EpochRecord {
                epoch,
                train_loss: 1.0 / epoch as f64,
                ..Default::default()
            });
        }
        assert!(h.len() <= 201, "{} records", h.len());
        let epochs: Vec<u64> = h.records().map(|r| r.epoch).collect();
        assert!(epochs.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(*epochs.last().unwrap(), 10_000_000);
        assert_eq!(
            epochs[epochs.len() - 100..],
            (9_999_901..=10_000_000).collect::<Vec<_>>()[..]
        );
        assert!(
            epochs[0] < 200_000,
            "the archive reaches back to epoch {}",
            epochs[0]
        );
    }
}
