//! The neural network: activations, dense layers, losses.

pub mod activation;
pub mod avx512;
pub mod avx512_tanh;
pub mod kernels;
pub mod loss;
pub mod matmul;
pub mod network;
pub mod real;

pub use activation::Activation;
pub use loss::Loss;
pub use network::{
    Dropout, Gradients, Init, Layer, Network, Workspace, backward, forward, forward_wide,
};
pub use real::Real;
