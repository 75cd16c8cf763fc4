//! Datasets: the built-in generators, CSV tables, input features and train/validation/test splits.

pub mod bundled;
pub mod class_files;
pub mod course;
pub mod csv_format;
pub mod csv_table;
pub mod features;
pub mod generator;
pub mod jets;
pub mod playground;
pub mod root_file;
pub mod splits;
pub mod table;
pub mod text_file;
pub mod values;

pub use features::{Feature, Standardiser};
pub use generator::{ALL_DATASETS, DatasetKind, Generator};
pub use splits::{Split, SplitInputs, Splits};
pub use table::{Table, Task};
pub use values::{ValueSlice, Values};
