//! The engine: everything that trains and measures, with no GUI dependency (it builds with
//! `--no-default-features`). The command line and the window's trainer thread both drive a
//! [`train::Session`].

pub mod boundary;
pub mod colours;
pub mod data;
pub mod export;
pub mod figures;
pub mod landscape;
pub mod metrics;
pub mod model;
pub mod nn;
pub mod numbers;
pub mod plot;
pub mod presets;
pub mod rng;
pub mod runs;
pub mod scene;
pub mod seedrandom;
pub mod train;
pub mod trees;
pub mod v8_math;
pub mod workloads;
