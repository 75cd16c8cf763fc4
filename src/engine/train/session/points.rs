//! Editing the training points by hand: add a point where the user clicks, remove the nearest.
//! The weights and the history stay; only the data changes.

use super::Session;
use crate::engine::data::Splits;

impl Session {
    /// Adds a training point at raw position (`x`, `y`) with class or target `label`.
    pub fn add_point(&mut self, x: f64, y: f64, label: f64) -> Result<(), String> {
        if !(x.is_finite() && y.is_finite() && label.is_finite()) {
            return Err("a point needs finite coordinates".into());
        }
        if let crate::engine::data::Task::Classification { classes } = self.task
            && (label < 0.0 || label as usize >= classes)
        {
            return Err(format!("class {label} does not exist here"));
        }
        let mut row = vec![0.0; self.table.columns.len()];
        if let Some(c) = row.first_mut() {
            *c = x;
        }
        if let Some(c) = row.get_mut(1) {
            *c = y;
        }
        let n_train = self.splits.train.rows();
        self.table.insert(n_train, &row, label);
        self.resplit(n_train + 1);
        Ok(())
    }

    /// Removes the training point nearest to raw position (`x`, `y`); the last one stays.
    pub fn remove_nearest_point(&mut self, x: f64, y: f64) -> Result<(), String> {
        let n_train = self.splits.train.rows();
        if n_train <= 1 {
            return Err("the last training point stays".into());
        }
        let width = self.table.columns.len();
        let distance = |r: usize| {
            let offset = |c: usize, to: f64| {
                if c < width {
                    self.table.value(r, c) - to
                } else {
                    0.0
                }
            };
            let (dx, dy) = (offset(0, x), offset(1, y));
            dx * dx + dy * dy
        };
        let nearest = (0..n_train)
            .min_by(|&a, &b| distance(a).total_cmp(&distance(b)))
            .unwrap_or(0);
        self.table.remove(nearest);
        self.resplit(n_train - 1);
        Ok(())
    }

    /// Rebuilds the splits with `n_train` training rows, keeping the validation count, with
    /// inputs in the precision the scene's model reads.
    pub(super) fn resplit(&mut self, n_train: usize) {
        let n_val = self.splits.validation.rows();
        let how = self.splits.how(super::build::double_inputs(&self.scene));
        self.splits = Splits::with_counts(&self.table, n_train, n_val, how);
        self.figure_samples = Default::default();
        let how = self.scene.training.loss_weights;
        super::build::weigh_loss(&mut self.splits, how, self.task);
        self.model.get().rows_changed(n_train);
        self.slice = super::build::training_medians(&self.table, n_train);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::scene::Scene;
    use crate::engine::train::Session;
    use std::path::Path;

    #[test]
    fn points_are_added_to_and_removed_from_the_training_split() {
        let scene = Scene::parse(crate::engine::workloads::CONFIG_A, Path::new("a.toml")).unwrap();
        let mut s = Session::new(&scene, Path::new("a.toml")).unwrap();
        let (train, test) = (s.splits().train.rows(), s.splits().test.rows());
        s.add_point(0.5, -0.25, 1.0).unwrap();
        assert_eq!(
            (s.splits().train.rows(), s.splits().test.rows()),
            (train + 1, test)
        );
        assert_eq!(
            s.splits()
                .train
                .inputs
                .slice(train * 2..train * 2 + 2)
                .to_double()[..],
            [0.5, -0.25]
        );
        assert!(
            s.add_point(0.0, 0.0, 2.0).is_err(),
            "no class 2 in a binary problem"
        );
        assert!(s.add_point(f64::NAN, 0.0, 1.0).is_err());
        s.remove_nearest_point(0.49, -0.26).unwrap();
        assert_eq!(s.splits().train.rows(), train);
        let inputs = s.splits().train.inputs.to_double();
        assert!(!inputs.chunks(2).any(|p| p == [0.5, -0.25]));
        s.train_epoch();
        assert!(s.history().last().unwrap().train_loss.is_finite());
    }
}
