//! Parameter updates: SGD, momentum and Adam with L1/L2 penalties, plus TF Playground's exact
//! update rule.

use crate::engine::nn::{Gradients, Network, Real};
use crate::engine::scene::{OptimizerKind, Regularization, TrainingSection};

/// The settings of one update; they may change between steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdateRule {
    /// Which optimiser.
    pub kind: OptimizerKind,
    /// Step size.
    pub learning_rate: f64,
    /// Momentum coefficient.
    pub momentum: f64,
    /// Weight penalty.
    pub regularization: Regularization,
    /// Weight-penalty rate.
    pub regularization_rate: f64,
    /// Use TF Playground's update (penalty applied after the gradient step, L1 clamp at zero).
    pub playground: bool,
}

impl UpdateRule {
    /// The rule a scene's training settings call for.
    pub fn of(training: &TrainingSection) -> UpdateRule {
        UpdateRule {
            kind: training.optimizer,
            learning_rate: training.learning_rate,
            momentum: training.momentum,
            regularization: training.regularization,
            regularization_rate: training.regularization_rate,
            playground: training.playground_compatible,
        }
    }
}

const ADAM_BETA1: f64 = 0.9;
const ADAM_BETA2: f64 = 0.999;
const ADAM_EPSILON: f64 = 1e-8;

/// Optimiser state: moment estimates, and the links TF Playground's L1 has cut.
#[derive(Clone, Debug)]
pub struct Optimizer {
    first_moment: Vec<Vec<f64>>,
    second_moment: Vec<Vec<f64>>,
    /// beta1^t and beta2^t after t updates: Adam's bias corrections are 1 minus these (kept
    /// as running products: two powers per update showed in the small networks' profile).
    moment_powers: (f64, f64),
    dead: Vec<Vec<bool>>,
}

impl Optimizer {
    /// Fresh state for `network`.
    pub fn new(network: &Network) -> Self {
        let tensors = || {
            network
                .layers
                .iter()
                .flat_map(|l| [vec![0.0; l.weights.len()], vec![0.0; l.biases.len()]])
                .collect()
        };
        Self {
            first_moment: tensors(),
            second_moment: tensors(),
            moment_powers: (1.0, 1.0),
            dead: network
                .layers
                .iter()
                .map(|l| vec![false; l.weights.len()])
                .collect(),
        }
    }

    /// Applies the averaged gradients in `grads`. Returns false if a parameter became non-finite.
    pub fn update<T: Real>(
        &mut self,
        network: &mut Network,
        grads: &Gradients<T>,
        rule: &UpdateRule,
    ) -> bool {
        if grads.samples == 0 {
            return true;
        }
        if rule.playground {
            return self.playground_update(network, grads, rule);
        }
        let (power1, power2) = self.moment_powers;
        self.moment_powers = (power1 * ADAM_BETA1, power2 * ADAM_BETA2);
        let (correction1, correction2) = (1.0 - self.moment_powers.0, 1.0 - self.moment_powers.1);
        let n = grads.samples as f64;
        let mut finite = true;
        for (l, layer) in network.layers.iter_mut().enumerate() {
            for (tensor, is_weight) in [(2 * l, true), (2 * l + 1, false)] {
                let (params, g) = if is_weight {
                    (&mut layer.weights, &grads.weights[l])
                } else {
                    (&mut layer.biases, &grads.biases[l])
                };
                let step = TensorStep {
                    kind: rule.kind,
                    learning_rate: rule.learning_rate,
                    momentum: rule.momentum,
                    penalty: if is_weight {
                        rule.regularization
                    } else {
                        Regularization::None
                    },
                    rate: rule.regularization_rate,
                    samples: n,
                    corrections: (correction1, correction2),
                };
                let (m, v) = (
                    &mut self.first_moment[tensor],
                    &mut self.second_moment[tensor],
                );
                finite &= descend(&step, params, g, m, v);
            }
        }
        finite
    }

    /// TF Playground's `updateWeights`, operation for operation.
    fn playground_update<T: Real>(
        &mut self,
        network: &mut Network,
        grads: &Gradients<T>,
        rule: &UpdateRule,
    ) -> bool {
        let n = grads.samples as f64;
        let lr = rule.learning_rate;
        let mut finite = true;
        for (l, layer) in network.layers.iter_mut().enumerate() {
            for (b, &g) in layer.biases.iter_mut().zip(&grads.biases[l]) {
                *b -= lr * g.widen() / n;
                finite &= b.is_finite();
            }
            for ((w, &g), dead) in layer
                .weights
                .iter_mut()
                .zip(&grads.weights[l])
                .zip(self.dead[l].iter_mut())
            {
                if *dead {
                    continue;
                }
                let penalty = penalty_derivative(rule.regularization, *w);
                *w -= (lr / n) * g.widen();
                let new = *w - (lr * rule.regularization_rate) * penalty;
                if rule.regularization == Regularization::L1 && *w * new < 0.0 {
                    *w = 0.0;
                    *dead = true;
                } else {
                    *w = new;
                }
                finite &= w.is_finite();
            }
        }
        finite
    }
}

/// One update of one tensor: the rule's settings with the step's bias corrections.
struct TensorStep {
    kind: OptimizerKind,
    learning_rate: f64,
    momentum: f64,
    penalty: Regularization,
    rate: f64,
    /// The samples the gradient sums are over.
    samples: f64,
    /// Adam's bias corrections 1 - beta^t of the two moments.
    corrections: (f64, f64),
}

/// Updates `params` from the gradient sums `g` and the moments `m`, `v`; returns whether every
/// new value is finite. Compiled for several instruction sets, with one loop per optimiser
/// and penalty: a choice inside a loop kept it from vectorising.
#[multiversion::multiversion(targets = "simd")]
fn descend<T: Real>(
    step: &TensorStep,
    params: &mut [f64],
    g: &[T],
    m: &mut [f64],
    v: &mut [f64],
) -> bool {
    let rate = step.rate;
    match step.penalty {
        Regularization::None => descend_with(step, params, g, m, v, |_| 0.0),
        Regularization::L1 => descend_with(step, params, g, m, v, |w| {
            rate * penalty_derivative(Regularization::L1, w)
        }),
        Regularization::L2 => descend_with(step, params, g, m, v, |w| rate * w),
    }
}

/// [`descend`] with the penalty's gradient `penalty(w)`.
#[inline(always)]
fn descend_with<T: Real>(
    step: &TensorStep,
    params: &mut [f64],
    g: &[T],
    m: &mut [f64],
    v: &mut [f64],
    penalty: impl Fn(f64) -> f64,
) -> bool {
    let (lr, n) = (step.learning_rate, step.samples);
    let gradient = |w: f64, g: T| g.widen() / n + penalty(w);
    // Counted on the exponent bits, an integer sum, so that the loops vectorise.
    let mut non_finite = 0u64;
    let mut count = |w: f64| non_finite += u64::from((w.to_bits() >> 52) & 0x7ff == 0x7ff);
    match step.kind {
        OptimizerKind::Sgd => {
            for (w, &g) in params.iter_mut().zip(g) {
                *w -= lr * gradient(*w, g);
                count(*w);
            }
        }
        OptimizerKind::Momentum => {
            for ((w, &g), m) in params.iter_mut().zip(g).zip(m.iter_mut()) {
                *m = step.momentum * *m + gradient(*w, g);
                *w -= lr * *m;
                count(*w);
            }
        }
        OptimizerKind::Adam => {
            // The bias corrections folded into the rate and the second moment's scale.
            let (correction1, correction2) = step.corrections;
            let (rate, second_scale) = (lr / correction1, 1.0 / correction2);
            let moments = m.iter_mut().zip(v.iter_mut());
            for ((w, &g), (m, v)) in params.iter_mut().zip(g).zip(moments) {
                let grad = gradient(*w, g);
                *m = ADAM_BETA1 * *m + (1.0 - ADAM_BETA1) * grad;
                *v = ADAM_BETA2 * *v + (1.0 - ADAM_BETA2) * grad * grad;
                *w -= rate * *m / ((*v * second_scale).sqrt() + ADAM_EPSILON);
                count(*w);
            }
        }
    }
    non_finite == 0
}

/// d(penalty)/dw: sign(w) for L1 (0 at 0), w for L2 (the penalty is w^2 / 2).
pub fn penalty_derivative(kind: Regularization, w: f64) -> f64 {
    match kind {
        Regularization::None => 0.0,
        Regularization::L1 => {
            if w < 0.0 {
                -1.0
            } else if w > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Regularization::L2 => w,
    }
}

/// The penalty itself, rate * sum over weights (not biases).
pub fn penalty(kind: Regularization, rate: f64, network: &Network) -> f64 {
    let per_weight = |w: f64| match kind {
        Regularization::None => 0.0,
        Regularization::L1 => w.abs(),
        Regularization::L2 => 0.5 * w * w,
    };
    rate * network
        .layers
        .iter()
        .flat_map(|l| l.weights.iter())
        .map(|&w| per_weight(w))
        .sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The penalty derivatives match finite differences of the penalty (tolerance 1e-6).
    #[test]
    fn penalty_derivatives_match_finite_differences() {
        for kind in [Regularization::L1, Regularization::L2] {
            for w in [-1.3, -0.2, 0.4, 2.0] {
                let h = 1e-6;
                let net = |w: f64| Network {
                    layers: vec![crate::engine::nn::Layer {
                        inputs: 1,
                        outputs: 1,
                        weights: vec![w],
                        biases: vec![5.0],
                        activation: crate::engine::nn::Activation::Linear,
                    }],
                };
                let numeric =
                    (penalty(kind, 1.0, &net(w + h)) - penalty(kind, 1.0, &net(w - h))) / (2.0 * h);
                assert!(
                    (numeric - penalty_derivative(kind, w)).abs() < 1e-6,
                    "{kind:?} at {w}"
                );
            }
        }
    }
}
