//! The K x K confusion matrix of a problem with more than two classes.

use crate::engine::data::Task;
use crate::engine::train::{Session, Which};

/// The test confusion matrix `[true][predicted]`, for more than two classes and a test split.
pub fn multi_class(session: &mut Session) -> Option<Vec<Vec<usize>>> {
    let more_than_two = matches!(session.task(), Task::Classification { classes } if classes > 2);
    (more_than_two && session.splits().test.rows() > 0)
        .then(|| session.confusion(Which::Test))
        .flatten()
}
