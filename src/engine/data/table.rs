//! A table of samples: named input columns and one label per row.

use super::values::{ValueSlice, Values};

/// What kind of problem the labels pose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Labels are class indices `0..classes`.
    Classification {
        /// Number of classes (at least 2).
        classes: usize,
    },
    /// Labels are real-valued targets.
    Regression,
}

impl Task {
    /// True for classification problems.
    pub fn is_classification(self) -> bool {
        matches!(self, Task::Classification { .. })
    }
}

/// Rows of input columns plus one label per row.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Names of the input columns ("x", "y" for the 2-D sets).
    pub columns: Vec<String>,
    /// Row-major values, `rows x columns.len()`: `f64` for the built-in generators and
    /// scenes that ask for it, `f32` for data files by default.
    pub values: Values,
    /// Class index (classification) or target (regression), one per row.
    pub labels: Vec<f64>,
    /// The problem the labels pose.
    pub task: Task,
    /// Event weights, one per row (a data file's weight column), or empty: every event
    /// weighs 1. Never an input.
    pub weights: Vec<f64>,
}

impl Table {
    /// An empty table with the given columns, its values kept in `f64`.
    pub fn new(columns: &[&str], task: Task) -> Self {
        Self {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            values: Values::empty(true),
            labels: Vec::new(),
            task,
            weights: Vec::new(),
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.labels.len()
    }

    /// The values of row `r`.
    pub fn row(&self, r: usize) -> ValueSlice<'_> {
        let w = self.columns.len();
        self.values.slice(r * w..(r + 1) * w)
    }

    /// The values of row `r` as `f64` (widened into `scratch` when kept in `f32`).
    pub fn row_f64<'s>(&'s self, r: usize, scratch: &'s mut Vec<f64>) -> &'s [f64] {
        self.row(r).read_into(scratch)
    }

    /// The value in row `r`, column `c`.
    pub fn value(&self, r: usize, c: usize) -> f64 {
        self.values.get(r * self.columns.len() + c)
    }

    /// Appends one row (of weight 1 in a weighted table).
    pub fn push(&mut self, values: &[f64], label: f64) {
        self.values.push(values);
        self.labels.push(label);
        if !self.weights.is_empty() {
            self.weights.push(1.0);
        }
    }

    /// Inserts one row before row `at`.
    pub fn insert(&mut self, at: usize, values: &[f64], label: f64) {
        let w = self.columns.len();
        let at = at.min(self.rows());
        self.values.insert(at * w, values);
        self.labels.insert(at, label);
        if !self.weights.is_empty() {
            self.weights.insert(at, 1.0);
        }
    }

    /// Removes row `r`.
    pub fn remove(&mut self, r: usize) {
        let w = self.columns.len();
        self.values.remove(r * w..(r + 1) * w);
        self.labels.remove(r);
        if !self.weights.is_empty() {
            self.weights.remove(r);
        }
    }

    /// Removes every row, keeping the memory.
    pub fn clear(&mut self) {
        self.values.clear();
        self.labels.clear();
        self.weights.clear();
    }

    /// Reorders rows by `order` (a permutation of `0..rows`).
    pub fn permute(&mut self, order: &[usize]) {
        let values = self.values.rows_in_order(order, self.columns.len());
        let labels = order.iter().map(|&r| self.labels[r]).collect();
        if !self.weights.is_empty() {
            self.weights = order.iter().map(|&r| self.weights[r]).collect();
        }
        self.values = values;
        self.labels = labels;
    }

    /// The weight of row `r` (1 in an unweighted table).
    pub fn weight(&self, r: usize) -> f64 {
        self.weights.get(r).copied().unwrap_or(1.0)
    }

    /// Splits the last column off as the event weights (a weight column read as the last
    /// one).
    pub fn take_last_column_as_weights(&mut self) {
        let w = self.columns.len();
        if w == 0 {
            return;
        }
        self.weights = self.values.split_off_last_column(w);
        self.columns.pop();
    }

    /// Number of rows in each class (empty for regression).
    pub fn class_counts(&self) -> Vec<usize> {
        match self.task {
            Task::Classification { classes } => {
                let mut counts = vec![0; classes];
                for &l in &self.labels {
                    if let Some(c) = counts.get_mut(l as usize) {
                        *c += 1;
                    }
                }
                counts
            }
            Task::Regression => Vec::new(),
        }
    }
}
