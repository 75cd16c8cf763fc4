//! The pictures the trainer prepares for the window: the output and neuron maps as images,
//! the loss-landscape contour map, and the colours they are painted in.

mod landscape;
pub mod palette;
mod render;

pub use landscape::{LandscapeView, view as landscape_view};
pub use render::{Renderer, ViewSettings, points};
