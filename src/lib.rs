//! nnplay: a neural-network playground engine for particle-physics machine-learning courses.
//!
//! The engine has no GUI dependency: datasets ([`data`]), the network ([`nn`]), training
//! ([`train`]), metrics ([`metrics`]) and scene files ([`scene`]). The command line and the
//! window drive the same [`train::Session`].

pub mod app;
pub mod bench;
pub mod boundary;
pub mod data;
pub mod landscape;
pub mod metrics;
pub mod nn;
pub mod palette;
pub mod presets;
pub mod rng;
pub mod scene;
pub mod train;
pub mod worker;
