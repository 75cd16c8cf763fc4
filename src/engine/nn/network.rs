//! A dense feed-forward network and its batched forward and backward passes.
//!
//! Layout: a mini-batch is stored sample-major (`rows x width`, row-major); a layer's weights are
//! stored input-major (`inputs x outputs`). With this layout every inner loop is an element-wise
//! `y += a * x` over contiguous memory, which vectorises without reordering any sum: each output
//! adds its inputs in input order, exactly as TF Playground's `nn.ts` does.

use super::activation::Activation;
use super::kernels::{affine_rows, outer_accumulate};
use super::matmul::{affine_blocked, back_blocked, gradient_blocked, worth_blocking};
use super::real::Real;
use crate::engine::data::ValueSlice;
use crate::engine::rng::Rng;

/// One dense layer: `output = activation(input . weights + biases)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// Number of inputs.
    pub inputs: usize,
    /// Number of neurons.
    pub outputs: usize,
    /// Weights, input-major: `weights[i * outputs + j]` links input `i` to neuron `j`.
    pub weights: Vec<f64>,
    /// One bias per neuron.
    pub biases: Vec<f64>,
    /// The activation of every neuron of the layer.
    pub activation: Activation,
}

impl Layer {
    /// The weight from input `i` to neuron `j`.
    pub fn weight(&self, i: usize, j: usize) -> f64 {
        self.weights[i * self.outputs + j]
    }
}

/// A stack of dense layers; the last one is the output layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// The layers, input side first.
    pub layers: Vec<Layer>,
}

/// How initial weights are drawn.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Init {
    /// Glorot/Xavier uniform: U(-sqrt(6/(in+out)), +sqrt(6/(in+out))), biases 0.
    Xavier,
    /// He normal: N(0, 2/in), biases 0.
    He,
    /// TF Playground: U(-0.5, 0.5), biases 0.1.
    Playground,
    /// U(-scale, scale) with a fixed bias.
    Uniform {
        /// Half-width of the weight interval.
        scale: f64,
        /// The bias of every neuron.
        bias: f64,
    },
}

impl Network {
    /// Builds a network `inputs -> sizes[0] -> ... -> sizes[last]`, one activation per layer,
    /// drawing weights in TF Playground's order (layer, neuron, input).
    pub fn new(
        inputs: usize,
        sizes: &[usize],
        activations: &[Activation],
        init: Init,
        rng: &mut Rng,
    ) -> Self {
        let mut layers = Vec::with_capacity(sizes.len());
        let mut fan_in = inputs;
        for (&fan_out, &activation) in sizes.iter().zip(activations) {
            let mut weights = vec![0.0; fan_in * fan_out];
            let bias = match init {
                Init::Playground => 0.1,
                Init::Uniform { bias, .. } => bias,
                Init::Xavier | Init::He => 0.0,
            };
            for j in 0..fan_out {
                for i in 0..fan_in {
                    weights[i * fan_out + j] = match init {
                        Init::Playground => rng.uniform() - 0.5,
                        Init::Uniform { scale, .. } => rng.uniform_in(-scale, scale),
                        Init::Xavier => {
                            let limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
                            rng.uniform_in(-limit, limit)
                        }
                        Init::He => rng.normal() * (2.0 / fan_in as f64).sqrt(),
                    };
                }
            }
            layers.push(Layer {
                inputs: fan_in,
                outputs: fan_out,
                weights,
                biases: vec![bias; fan_out],
                activation,
            });
            fan_in = fan_out;
        }
        Self { layers }
    }

    /// Number of inputs the network takes.
    pub fn inputs(&self) -> usize {
        self.layers.first().map_or(0, |l| l.inputs)
    }

    /// Number of outputs the network gives.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, |l| l.outputs)
    }

    /// Total number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.weights.len() + l.biases.len())
            .sum()
    }

    /// Copies the weights and biases of a network of the same shape, reusing this one's memory.
    pub fn copy_parameters_from(&mut self, other: &Network) {
        for (mine, theirs) in self.layers.iter_mut().zip(&other.layers) {
            mine.weights.copy_from_slice(&theirs.weights);
            mine.biases.copy_from_slice(&theirs.biases);
        }
    }
}

/// Summed gradients of the loss over the samples seen since the last update, in the precision
/// of the passes that summed them.
#[derive(Clone, Debug)]
pub struct Gradients<T = f64> {
    /// Per layer, shaped like `Layer::weights`.
    pub weights: Vec<Vec<T>>,
    /// Per layer, shaped like `Layer::biases`.
    pub biases: Vec<Vec<T>>,
    /// Number of samples summed.
    pub samples: usize,
}

impl<T: Real> Gradients<T> {
    /// Zero gradients shaped for `network`.
    pub fn zeros_like(network: &Network) -> Self {
        Self {
            weights: network
                .layers
                .iter()
                .map(|l| vec![T::zero(); l.weights.len()])
                .collect(),
            biases: network
                .layers
                .iter()
                .map(|l| vec![T::zero(); l.biases.len()])
                .collect(),
            samples: 0,
        }
    }

    /// Adds `other`'s sums to these, then clears `other`.
    pub fn absorb(&mut self, other: &mut Gradients<T>) {
        let mine = self.weights.iter_mut().chain(self.biases.iter_mut());
        let theirs = other.weights.iter().chain(other.biases.iter());
        for (a, b) in mine.zip(theirs) {
            a.iter_mut().zip(b).for_each(|(a, &b)| *a += b);
        }
        self.samples += other.samples;
        other.clear();
    }

    /// Resets to zero without freeing memory.
    pub fn clear(&mut self) {
        self.weights
            .iter_mut()
            .chain(self.biases.iter_mut())
            .for_each(|v| v.fill(T::zero()));
        self.samples = 0;
    }
}

/// Preallocated buffers for passes in precision `T` over up to `capacity` samples at once.
#[derive(Clone, Debug)]
pub struct Workspace<T = f64> {
    capacity: usize,
    /// Per layer: pre-activations, `capacity x outputs`.
    pre: Vec<Vec<T>>,
    /// Per layer: activations (after dropout when training), `capacity x outputs`.
    post: Vec<Vec<T>>,
    /// Per layer: dLoss/d(pre-activation), `capacity x outputs`.
    delta: Vec<Vec<T>>,
    /// Per layer: dropout scale factors (0 or 1/(1-p)), `capacity x outputs`.
    keep: Vec<Vec<T>>,
    /// Per layer: the weights transposed to neuron-major, for the backward pass.
    transposed: Vec<Vec<T>>,
    /// Per layer: the weights in `T`, as the last forward pass read them (empty in `f64`,
    /// which reads the network's own; see [`Real::load`]).
    weights: Vec<Vec<T>>,
    /// Per layer: the biases in `T`, likewise.
    biases: Vec<Vec<T>>,
    /// Input rows converted to `T` (see [`forward_wide`]).
    narrowed: Vec<T>,
    /// Whether the last forward pass applied dropout (and so `keep` is meaningful).
    dropout_applied: bool,
    /// Compute activations with V8's functions, as TF Playground does in the browser.
    exact_math: bool,
}

impl<T: Real> Workspace<T> {
    /// Buffers for `network` and batches of at most `capacity` samples.
    pub fn new(network: &Network, capacity: usize) -> Self {
        let per_layer = |f: &dyn Fn(&Layer) -> usize| {
            network
                .layers
                .iter()
                .map(|l| vec![T::zero(); f(l)])
                .collect()
        };
        Self {
            capacity,
            pre: per_layer(&|l| capacity * l.outputs),
            post: per_layer(&|l| capacity * l.outputs),
            delta: per_layer(&|l| capacity * l.outputs),
            keep: per_layer(&|l| capacity * l.outputs),
            transposed: per_layer(&|l| l.weights.len()),
            weights: vec![Vec::new(); network.layers.len()],
            biases: vec![Vec::new(); network.layers.len()],
            narrowed: Vec::new(),
            dropout_applied: false,
            exact_math: false,
        }
    }

    /// Whether forward passes compute activations with V8's functions (TF Playground's
    /// compatible mode, in `f64` only: an `f32` pass always uses the fast ones) or the engine's
    /// fast ones.
    pub fn set_exact_math(&mut self, on: bool) {
        self.exact_math = on;
    }

    /// Whether forward passes compute activations with V8's functions.
    pub fn exact_math(&self) -> bool {
        self.exact_math
    }

    /// The largest batch these buffers hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Activations of layer `layer` for the last forward pass (`rows x outputs`).
    pub fn activations(&self, layer: usize) -> &[T] {
        &self.post[layer]
    }

    /// Mutable access to the output-layer delta buffer, which the loss fills before `backward`.
    pub fn output_delta_mut(&mut self) -> &mut [T] {
        self.delta.last_mut().map_or(&mut [], |v| v.as_mut_slice())
    }

    /// The output layer's activations of the last forward pass beside its delta buffer, for
    /// the loss to read the one and fill the other.
    pub fn output_and_delta_mut(&mut self) -> (&[T], &mut [T]) {
        let output = self.post.last().map_or(&[][..], |v| v.as_slice());
        (
            output,
            self.delta.last_mut().map_or(&mut [], |v| v.as_mut_slice()),
        )
    }
}

/// Dropout to apply during a training forward pass.
pub struct Dropout<'a> {
    /// Probability of dropping a hidden activation.
    pub rate: f64,
    /// The generator that draws the masks.
    pub rng: &'a mut Rng,
}

/// Forward pass of `rows` samples (`input` is `rows x inputs`); returns the output rows.
/// With `dropout`, hidden activations are dropped and rescaled (inverted dropout).
pub fn forward<'w, T: Real>(
    network: &Network,
    workspace: &'w mut Workspace<T>,
    input: &[T],
    rows: usize,
    mut dropout: Option<Dropout<'_>>,
) -> &'w [T] {
    debug_assert!(rows <= workspace.capacity);
    let last = network.layers.len().saturating_sub(1);
    workspace.dropout_applied = dropout.as_ref().is_some_and(|d| d.rate > 0.0);
    for (l, layer) in network.layers.iter().enumerate() {
        T::load(&layer.weights, &mut workspace.weights[l]);
        T::load(&layer.biases, &mut workspace.biases[l]);
        let weights = T::view(&layer.weights, &workspace.weights[l]);
        let biases = T::view(&layer.biases, &workspace.biases[l]);
        let (before, rest) = workspace.post.split_at_mut(l);
        let x: &[T] = if l == 0 { input } else { &before[l - 1] };
        let n_in = layer.inputs;
        let n_out = layer.outputs;
        let pre = &mut workspace.pre[l][..rows * n_out];
        if !workspace.exact_math && worth_blocking::<T>(rows, n_in, n_out) {
            affine_blocked(x, rows, n_in, weights, biases, n_out, pre);
        } else {
            affine_rows(&x[..rows * n_in], n_in, weights, Some(biases), n_out, pre);
        }
        let post = &mut rest[0][..rows * n_out];
        activate(layer.activation, workspace.exact_math, pre, post);
        if let Some(d) = dropout.as_mut().filter(|d| l < last && d.rate > 0.0) {
            let scale = T::of(1.0 / (1.0 - d.rate));
            let keep = &mut workspace.keep[l][..rows * n_out];
            for (k, a) in keep.iter_mut().zip(post.iter_mut()) {
                *k = if d.rng.uniform() < d.rate {
                    T::zero()
                } else {
                    scale
                };
                *a *= *k;
            }
        }
    }
    &workspace.post[last][..rows * network.outputs()]
}

/// [`forward`] without dropout of `rows` rows given in either precision, converted to `T`
/// first (read in place when already in `T`).
pub fn forward_wide<'w, T: Real>(
    network: &Network,
    workspace: &'w mut Workspace<T>,
    input: ValueSlice<'_>,
    rows: usize,
) -> &'w [T] {
    let mut narrowed = std::mem::take(&mut workspace.narrowed);
    forward(
        network,
        workspace,
        T::read(input, &mut narrowed),
        rows,
        None,
    );
    workspace.narrowed = narrowed;
    let last = network.layers.len().saturating_sub(1);
    &workspace.post[last][..rows * network.outputs()]
}

/// Backward pass after `forward` on the same `rows` samples, with dLoss/d(output) already in the
/// workspace's output delta. Adds each sample's gradient to `gradients` (summed, not averaged).
/// Compiled for several instruction sets, like the kernels, for its element-wise loops.
#[multiversion::multiversion(targets = "simd")]
pub fn backward<T: Real>(
    network: &Network,
    workspace: &mut Workspace<T>,
    input: &[T],
    rows: usize,
    gradients: &mut Gradients<T>,
) {
    let exact_math = workspace.exact_math;
    let blocked =
        |layer: &Layer| !exact_math && worth_blocking::<T>(rows, layer.inputs, layer.outputs);
    for (l, (layer, t)) in network
        .layers
        .iter()
        .zip(workspace.transposed.iter_mut())
        .enumerate()
        .skip(1)
    {
        let weights = T::view(&layer.weights, &workspace.weights[l]);
        for i in 0..layer.inputs {
            for j in 0..layer.outputs {
                t[j * layer.inputs + i] = weights[i * layer.outputs + j];
            }
        }
    }
    let last = network.layers.len().saturating_sub(1);
    for l in (0..network.layers.len()).rev() {
        let layer = &network.layers[l];
        let n_in = layer.inputs;
        let n_out = layer.outputs;
        let in_order = !blocked(layer);
        let (delta_before, delta_rest) = workspace.delta.split_at_mut(l);
        let delta = &mut delta_rest[0][..rows * n_out];
        let pre = &workspace.pre[l][..rows * n_out];
        let post = &workspace.post[l][..rows * n_out];
        if l < last && workspace.dropout_applied {
            scale_through_dropout(
                layer.activation,
                pre,
                &workspace.keep[l][..rows * n_out],
                delta,
            );
        } else {
            layer.activation.scale_by_derivative(pre, post, delta);
        }
        let x: &[T] = if l == 0 {
            input
        } else {
            &workspace.post[l - 1]
        };
        for d in delta.chunks_exact(n_out) {
            for (g, &dj) in gradients.biases[l].iter_mut().zip(d) {
                *g += dj;
            }
        }
        if in_order {
            outer_accumulate(
                &x[..rows * n_in],
                n_in,
                delta,
                n_out,
                &mut gradients.weights[l],
            );
        } else {
            gradient_blocked(x, rows, n_in, delta, n_out, &mut gradients.weights[l]);
        }
        if l > 0 {
            // dLoss/d(previous activation) = delta . W^T (in compatible mode summed over
            // neurons in order).
            let prev = &mut delta_before[l - 1][..rows * n_in];
            let transposed = &workspace.transposed[l];
            if in_order {
                affine_rows(delta, n_out, transposed, None, n_in, prev);
            } else {
                back_blocked(delta, rows, n_out, transposed, n_in, prev);
            }
        }
    }
    gradients.samples += rows;
}

/// delta *= keep * f'(pre): the backward pass through dropout and the activation. The stored
/// activation was rescaled by the mask, so the raw one is recomputed for the derivative.
fn scale_through_dropout<T: Real>(activation: Activation, pre: &[T], keep: &[T], delta: &mut [T]) {
    for ((d, &x), &k) in delta.iter_mut().zip(pre).zip(keep) {
        *d *= k * activation.derivative(x, activation.value(x));
    }
}

/// `post = f(pre)` for a layer's activation `f`; with `exact`, as V8 computes it.
fn activate<T: Real>(activation: Activation, exact: bool, pre: &[T], post: &mut [T]) {
    if exact {
        T::apply_as_v8(activation, pre, post);
    } else {
        activation.apply(pre, post);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nn::activation::ALL_ACTIVATIONS;

    fn loss_of(network: &Network, input: &[f64], rows: usize, target: &[f64]) -> f64 {
        let mut ws = Workspace::<f64>::new(network, rows);
        let out = forward(network, &mut ws, input, rows, None);
        out.iter()
            .zip(target)
            .map(|(o, t)| 0.5 * (o - t) * (o - t))
            .sum()
    }

    /// The largest relative error allowed of a gradient computed in `f32`: about ten times the
    /// worst measured (4e-7 for the small network, 1.1e-6 through the blocked products, both
    /// with tanh), and far below the 1e-2 a wrong derivative gives.
    const F32_TOLERANCE: f64 = 1e-5;

    /// Backprop's gradients of half the squared error, computed in `T`.
    fn backprop_gradients<T: Real>(
        net: &Network,
        input: &[f64],
        rows: usize,
        target: &[f64],
    ) -> Gradients<T> {
        let mut ws = Workspace::<T>::new(net, rows);
        let mut grads = Gradients::<T>::zeros_like(net);
        let input = T::narrow_slice(input, &mut Vec::new()).to_vec();
        let out = forward(net, &mut ws, &input, rows, None).to_vec();
        for (d, (&o, &t)) in ws.output_delta_mut().iter_mut().zip(out.iter().zip(target)) {
            *d = o - T::of(t);
        }
        backward(net, &mut ws, &input, rows, &mut grads);
        grads
    }

    /// Asserts that backprop's gradients of half the squared error, computed in `T`, equal
    /// central finite differences of the loss in `f64` to `tolerance` relative (to max(1, |g|)),
    /// for every weight and bias.
    fn assert_gradients_match<T: Real>(
        net: &Network,
        input: &[f64],
        rows: usize,
        target: &[f64],
        tolerance: f64,
    ) {
        let grads = backprop_gradients::<T>(net, input, rows, target);
        let h = 1e-6;
        for l in 0..net.layers.len() {
            for k in 0..net.layers[l].weights.len() + net.layers[l].biases.len() {
                let mut plus = net.clone();
                let mut minus = net.clone();
                let (analytic, p, m) = if k < net.layers[l].weights.len() {
                    (
                        grads.weights[l][k].widen(),
                        &mut plus.layers[l].weights[k],
                        &mut minus.layers[l].weights[k],
                    )
                } else {
                    let kb = k - net.layers[l].weights.len();
                    (
                        grads.biases[l][kb].widen(),
                        &mut plus.layers[l].biases[kb],
                        &mut minus.layers[l].biases[kb],
                    )
                };
                *p += h;
                *m -= h;
                let numeric = (loss_of(&plus, input, rows, target)
                    - loss_of(&minus, input, rows, target))
                    / (2.0 * h);
                let err = (numeric - analytic).abs() / analytic.abs().max(1.0);
                assert!(
                    err < tolerance,
                    "{}: layer {l} param {k}: {analytic} vs {numeric}",
                    net.layers[l].activation.name()
                );
            }
        }
    }

    /// Backprop gradients match central finite differences, for every activation.
    #[test]
    fn gradients_match_finite_differences_for_every_activation() {
        let mut rng = Rng::new(5);
        let rows = 4;
        let input: Vec<f64> = (0..rows * 3).map(|_| rng.uniform_in(-1.5, 1.5)).collect();
        let target: Vec<f64> = (0..rows * 2).map(|_| rng.uniform_in(-1.0, 1.0)).collect();
        for act in ALL_ACTIVATIONS {
            let net = Network::new(
                3,
                &[5, 4, 2],
                &[act, act, Activation::Linear],
                Init::Xavier,
                &mut rng,
            );
            assert_gradients_match::<f64>(&net, &input, rows, &target, 1e-6);
            assert_gradients_match::<f32>(&net, &input, rows, &target, F32_TOLERANCE);
        }
    }

    /// The same check for layers and a batch big enough for the blocked matrix products.
    #[test]
    fn blocked_gradients_match_finite_differences() {
        let mut rng = Rng::new(6);
        let (rows, inputs, outputs) = (40, 20, 3);
        assert!(crate::engine::nn::matmul::worth_blocking::<f64>(
            rows, inputs, 16
        ));
        let input: Vec<f64> = (0..rows * inputs)
            .map(|_| rng.uniform_in(-1.0, 1.0))
            .collect();
        let target: Vec<f64> = (0..rows * outputs)
            .map(|_| rng.uniform_in(-1.0, 1.0))
            .collect();
        for act in [Activation::Tanh, Activation::Relu] {
            let net = Network::new(
                inputs,
                &[16, 16, outputs],
                &[act, act, Activation::Linear],
                Init::Xavier,
                &mut rng,
            );
            assert_gradients_match::<f64>(&net, &input, rows, &target, 1e-6);
            assert_gradients_match::<f32>(&net, &input, rows, &target, F32_TOLERANCE);
        }
    }

    #[test]
    fn playground_init_draws_half_unit_weights_and_bias_point_one() {
        let mut rng = Rng::new(1);
        let net = Network::new(
            2,
            &[4, 1],
            &[Activation::Tanh, Activation::Tanh],
            Init::Playground,
            &mut rng,
        );
        assert_eq!(net.parameter_count(), 2 * 4 + 4 + 4 + 1);
        for l in &net.layers {
            assert!(l.weights.iter().all(|w| (-0.5..0.5).contains(w)));
            assert!(l.biases.iter().all(|&b| b == 0.1));
        }
    }

    #[test]
    fn dropout_zeroes_about_the_requested_fraction_and_keeps_the_gradient_consistent() {
        let mut rng = Rng::new(9);
        let net = Network::new(
            2,
            &[64, 1],
            &[Activation::Relu, Activation::Linear],
            Init::He,
            &mut rng,
        );
        let rows = 50;
        let input: Vec<f64> = (0..rows * 2).map(|_| rng.uniform_in(-1.0, 1.0)).collect();
        let mut ws = Workspace::<f64>::new(&net, rows);
        let mut drop_rng = Rng::new(4);
        forward(
            &net,
            &mut ws,
            &input,
            rows,
            Some(Dropout {
                rate: 0.5,
                rng: &mut drop_rng,
            }),
        );
        let dropped = ws.keep[0][..rows * 64]
            .iter()
            .filter(|&&k| k == 0.0)
            .count() as f64
            / (rows * 64) as f64;
        assert!((dropped - 0.5).abs() < 0.05, "dropped fraction {dropped}");
    }
}
