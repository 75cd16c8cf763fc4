//! Loss functions: their per-sample values and gradients with respect to the network output.

use super::activation::{Activation, sigmoid};
use super::real::Real;
use serde::{Deserialize, Serialize};

/// A training loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Loss {
    /// Mean squared error, averaged over outputs.
    Mse,
    /// Binary cross-entropy computed from the logit (linear output), stable for any logit.
    Bce,
    /// Softmax cross-entropy over K outputs (one-hot targets).
    SoftmaxCe,
    /// TF Playground's 0.5 * (out - y)^2 (tanh output, labels +-1).
    Playground,
}

impl Loss {
    /// The name used in scene files and menus.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Mse => "mse",
            Loss::Bce => "bce",
            Loss::SoftmaxCe => "softmax-ce",
            Loss::Playground => "playground",
        }
    }

    /// The output activation this loss expects for a classification problem.
    pub fn classification_output(self) -> Activation {
        match self {
            Loss::Bce | Loss::SoftmaxCe => Activation::Linear,
            Loss::Playground | Loss::Mse => Activation::Tanh,
        }
    }

    /// The target values of the negative and positive class of a binary problem, given the
    /// output activation: +-1 for a tanh output under a squared loss, 0/1 otherwise.
    pub fn binary_targets(self, output: Activation) -> (f64, f64) {
        match (self, output) {
            (Loss::Mse | Loss::Playground, Activation::Tanh) => (-1.0, 1.0),
            _ => (0.0, 1.0),
        }
    }

    /// The gradient of each sample's loss with respect to its outputs, for rows of `width`
    /// outputs in `output` and `target`, written into `grad` (the losses themselves are not
    /// computed: training needs only this). Each element-wise loss is one loop over the whole
    /// batch.
    pub fn gradient<T: Real>(self, width: usize, output: &[T], target: &[T], grad: &mut [T]) {
        loss_gradient(self, width, output, target, grad);
    }

    /// The loss of one sample, without its gradient.
    pub fn value(self, output: &[f64], target: &[f64]) -> f64 {
        let pairs = output.iter().zip(target);
        match self {
            Loss::Mse => pairs.map(|(o, t)| (o - t) * (o - t)).sum::<f64>() / output.len() as f64,
            Loss::Playground => pairs.fold(0.0, |sum, (o, t)| sum + 0.5 * (o - t) * (o - t)),
            Loss::Bce => pairs.fold(0.0, |sum, (&z, &t)| {
                sum + z.max(0.0) - z * t + (-z.abs()).exp().ln_1p()
            }),
            Loss::SoftmaxCe => {
                let max = output.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let log_norm = output.iter().map(|z| (z - max).exp()).sum::<f64>().ln() + max;
                pairs.map(|(z, t)| t * (log_norm - z)).sum()
            }
        }
    }

    /// The probability-like score of the positive class for a one-output binary network,
    /// monotone in the output; `targets` are the class target values.
    pub fn positive_score(self, output: f64, targets: (f64, f64)) -> f64 {
        match self {
            Loss::Bce => sigmoid(output),
            _ => (output - targets.0) / (targets.1 - targets.0),
        }
    }
}

/// [`Loss::gradient`], compiled for several instruction sets.
#[multiversion::multiversion(targets = "simd")]
fn loss_gradient<T: Real>(loss: Loss, width: usize, output: &[T], target: &[T], grad: &mut [T]) {
    let one = T::one();
    let pairs = grad.iter_mut().zip(output).zip(target);
    match loss {
        Loss::Mse => {
            let (two, k) = (one + one, T::of(width as f64));
            pairs.for_each(|((g, &o), &t)| *g = two * (o - t) / k);
        }
        Loss::Playground => pairs.for_each(|((g, &o), &t)| *g = o - t),
        Loss::Bce => pairs.for_each(|((g, &z), &t)| *g = sigmoid(z) - t),
        Loss::SoftmaxCe => {
            let rows = output.chunks_exact(width).zip(target.chunks_exact(width));
            for (g, (output, target)) in grad.chunks_exact_mut(width).zip(rows) {
                let max = output.iter().copied().fold(T::neg_infinity(), T::max);
                let mut norm = T::zero();
                for (g, &z) in g.iter_mut().zip(output) {
                    *g = (z - max).exp();
                    norm += *g;
                }
                for (g, &t) in g.iter_mut().zip(target) {
                    *g = *g / norm - t;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Loss; 4] = [Loss::Mse, Loss::Bce, Loss::SoftmaxCe, Loss::Playground];

    /// Gradients match central finite differences to 1e-7 (relative to max(1, |g|)).
    #[test]
    fn gradients_match_finite_differences() {
        let output = [0.3, -1.2, 2.5];
        let targets: [[f64; 3]; 2] = [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]];
        for loss in ALL {
            for target in &targets {
                let t: &[f64] = if loss == Loss::SoftmaxCe {
                    &targets[0]
                } else {
                    target
                };
                let mut grad = [0.0; 3];
                loss.gradient(output.len(), &output, t, &mut grad);
                for k in 0..3 {
                    let h = 1e-6;
                    let mut plus = output;
                    let mut minus = output;
                    plus[k] += h;
                    minus[k] -= h;
                    let numeric = (loss.value(&plus, t) - loss.value(&minus, t)) / (2.0 * h);
                    let err = (numeric - grad[k]).abs() / grad[k].abs().max(1.0);
                    assert!(
                        err < 1e-7,
                        "{} output {k}: {} vs {numeric}",
                        loss.name(),
                        grad[k]
                    );
                }
            }
        }
    }

    #[test]
    fn bce_is_finite_for_huge_logits() {
        for z in [-1e300, -800.0, 800.0, 1e300] {
            let mut g = [0.0f64];
            Loss::Bce.gradient(1, &[z], &[1.0], &mut g);
            let v = Loss::Bce.value(&[z], &[1.0]);
            assert!(v.is_finite() && g[0].is_finite(), "logit {z}: {v} {g:?}");
        }
        assert!(Loss::Bce.value(&[1000.0], &[1.0]) < 1e-300);
    }

    #[test]
    fn softmax_is_finite_for_huge_logits() {
        let mut g = [0.0f64; 3];
        let (output, target) = ([1000.0, -1000.0, 0.0], [0.0, 1.0, 0.0]);
        Loss::SoftmaxCe.gradient(output.len(), &output, &target, &mut g);
        let v = Loss::SoftmaxCe.value(&output, &target);
        assert!((v - 2000.0).abs() < 1e-9);
        assert!(g.iter().all(|x| x.is_finite()));
    }
}
