//! Training: the session that advances a scene epoch by epoch, its optimiser and its history.

pub mod history;
pub mod optimizer;
pub mod session;

pub use history::{EpochRecord, History};
pub use session::{FIGURE_ROWS, MAX_CLASSES, Session, SessionError, SplitFigures, Status, Which};
