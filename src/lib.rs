//! nnplay: a neural-network playground for particle-physics machine-learning courses.
//!
//! Four layers, each depending only on those before it:
//! - [`engine`]: datasets, networks, training, metrics, scene files; no GUI dependency.
//! - `worker` (feature `gui`): the trainer thread that owns a session, obeys commands and
//!   publishes snapshots with the pictures already drawn.
//! - `app` (feature `gui`): the egui window; it reads snapshots and sends commands.
//! - the `nnplay` binary's command line (`src/cli/`), which drives the engine headless and
//!   opens the window.

pub mod engine;

#[cfg(feature = "gui")]
pub mod app;
#[cfg(feature = "gui")]
pub mod worker;
