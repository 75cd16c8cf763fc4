//! Activation functions, their derivatives, and a fast vectorisable `exp`/`tanh`.

use super::real::Real;
use serde::{Deserialize, Serialize};

/// The activation of one layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activation {
    /// Identity.
    Linear,
    /// Logistic 1 / (1 + e^-x).
    Sigmoid,
    /// Hyperbolic tangent.
    Tanh,
    /// max(0, x).
    Relu,
    /// x for x > 0, 0.01 x otherwise.
    LeakyRelu,
    /// ln(1 + e^x).
    Softplus,
    /// x for x > 0, e^x - 1 otherwise.
    Elu,
    /// Gaussian error linear unit (tanh approximation).
    Gelu,
    /// x * sigmoid(x).
    Swish,
}

/// Every activation, in menu order.
pub const ALL_ACTIVATIONS: [Activation; 9] = [
    Activation::Linear,
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu,
    Activation::Softplus,
    Activation::Elu,
    Activation::Gelu,
    Activation::Swish,
];

/// Leaky ReLU's slope for negative inputs.
pub const LEAKY_SLOPE: f64 = 0.01;
/// GELU's tanh form: sqrt(2/pi).
pub const GELU_C: f64 = 0.797_884_560_802_865_4;
/// GELU's tanh form: the cubic term's factor.
pub const GELU_A: f64 = 0.044_715;

impl Activation {
    /// The name used in scene files and menus.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky-relu",
            Activation::Softplus => "softplus",
            Activation::Elu => "elu",
            Activation::Gelu => "gelu",
            Activation::Swish => "swish",
        }
    }

    /// f(x) for one value.
    pub fn value<T: Real>(self, x: T) -> T {
        let zero = T::zero();
        let one = T::one();
        match self {
            Activation::Linear => x,
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => tanh(x),
            Activation::Relu => relu(x),
            Activation::LeakyRelu => {
                if x > zero {
                    x
                } else {
                    T::of(LEAKY_SLOPE) * x
                }
            }
            Activation::Softplus => x.max(zero) + (-x.abs()).exp().ln_1p(),
            Activation::Elu => {
                if x > zero {
                    x
                } else {
                    exp(x) - one
                }
            }
            Activation::Gelu => {
                let half = T::of(0.5);
                half * x * (one + tanh(T::of(GELU_C) * (x + T::of(GELU_A) * x * x * x)))
            }
            Activation::Swish => x * sigmoid(x),
        }
    }

    /// f'(x), given the input `x` and the output `y = f(x)` (several derivatives are cheapest from y).
    pub fn derivative<T: Real>(self, x: T, y: T) -> T {
        let zero = T::zero();
        let one = T::one();
        match self {
            Activation::Linear => one,
            Activation::Sigmoid => y * (one - y),
            Activation::Tanh => one - y * y,
            Activation::Relu => {
                if x <= zero {
                    zero
                } else {
                    one
                }
            }
            Activation::LeakyRelu => {
                if x > zero {
                    one
                } else {
                    T::of(LEAKY_SLOPE)
                }
            }
            Activation::Softplus => sigmoid(x),
            Activation::Elu => {
                if x > zero {
                    one
                } else {
                    y + one
                }
            }
            Activation::Gelu => {
                let (c, a, half) = (T::of(GELU_C), T::of(GELU_A), T::of(0.5));
                let inner = c * (x + a * x * x * x);
                let t = tanh(inner);
                half * (one + t) + half * x * (one - t * t) * c * (one + T::of(3.0) * a * x * x)
            }
            Activation::Swish => {
                let s = sigmoid(x);
                s + x * s * (one - s)
            }
        }
    }

    /// Applies f element-wise: `output[k] = f(input[k])` (tanh in `f32` through the AVX-512
    /// kernel where the CPU has it, see [`super::avx512_tanh`]).
    pub fn apply<T: Real>(self, input: &[T], output: &mut [T]) {
        if self == Activation::Tanh
            && let (Some(x), Some(y)) = (T::as_single(input), T::as_single_mut(output))
            && super::avx512_tanh::apply(x, y)
        {
            return;
        }
        apply_each(self, input, output);
    }

    /// Applies f element-wise as TF Playground computes it in the browser: tanh and sigmoid
    /// through V8's `Math.tanh` and `Math.exp` (the others as [`Activation::apply`]).
    pub fn apply_as_v8(self, input: &[f64], output: &mut [f64]) {
        use crate::engine::v8_math;
        match self {
            Activation::Tanh => {
                output.copy_from_slice(input);
                v8_math::tanh_slice(output);
            }
            Activation::Sigmoid => {
                for (y, &x) in output.iter_mut().zip(input) {
                    *y = 1.0 / (1.0 + v8_math::exp(-x));
                }
            }
            other => other.apply(input, output),
        }
    }

    /// Multiplies `grad[k]` by f'(input[k]) in place (the backward pass through the activation).
    #[inline]
    pub fn scale_by_derivative<T: Real>(self, input: &[T], output: &[T], grad: &mut [T]) {
        let (zero, one) = (T::zero(), T::one());
        macro_rules! map {
            ($d:expr) => {
                for ((g, &x), &y) in grad.iter_mut().zip(input).zip(output) {
                    *g *= $d(x, y);
                }
            };
        }
        match self {
            Activation::Linear => {}
            Activation::Tanh => map!(|_x, y: T| one - y * y),
            Activation::Relu => map!(|x: T, _y| if x <= zero { zero } else { one }),
            Activation::Sigmoid => map!(|_x, y: T| y * (one - y)),
            other => map!(|x, y| other.derivative(x, y)),
        }
    }
}

#[inline(always)]
fn relu<T: Real>(x: T) -> T {
    if x > T::zero() { x } else { T::zero() }
}

/// Logistic function, saturating cleanly for large |x|.
#[inline(always)]
pub fn sigmoid<T: Real>(x: T) -> T {
    T::one() / (T::one() + exp(-x))
}

/// e^x to within a few ulps, written so the compiler can vectorise loops over it
/// (no branches, no calls); see [`Real::exp_approx`].
#[inline(always)]
pub fn exp<T: Real>(x: T) -> T {
    x.exp_approx()
}

/// f element-wise, compiled for several instruction sets and run with the best the CPU has;
/// one monomorphic loop per activation, so each vectorises on its own.
#[multiversion::multiversion(targets = "simd")]
fn apply_each<T: Real>(activation: Activation, input: &[T], output: &mut [T]) {
    macro_rules! map {
        ($f:expr) => {
            for (y, &x) in output.iter_mut().zip(input) {
                *y = $f(x);
            }
        };
    }
    match activation {
        Activation::Linear => output.copy_from_slice(input),
        Activation::Tanh => map!(tanh),
        Activation::Relu => map!(relu),
        Activation::Sigmoid => map!(sigmoid),
        other => map!(|x| other.value(x)),
    }
}

/// tanh(x) with an absolute error below 1e-15 in `f64` (a few ulps of 1 in `f32`),
/// vectorisable; NaN stays NaN.
#[inline(always)]
pub fn tanh<T: Real>(x: T) -> T {
    let a = x.abs();
    let limit = T::of(20.0);
    let a = if a > limit { limit } else { a };
    let one = T::one();
    let two = one + one;
    let e = exp(two * a);
    let t = one - two / (e + one);
    t.copysign(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_exp_matches_std() {
        let mut x: f64 = -700.0;
        while x < 700.0 {
            let rel = (exp(x) - x.exp()).abs() / x.exp();
            assert!(rel < 1e-15, "exp({x}) rel err {rel}");
            x += 0.37;
        }
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn fast_tanh_matches_std() {
        let mut x: f64 = -30.0;
        while x < 30.0 {
            assert!((tanh(x) - x.tanh()).abs() < 1e-15, "tanh({x})");
            x += 0.0123;
        }
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
    }

    #[test]
    fn single_precision_tanh_and_activations_match_double_precision() {
        let mut x = -30.0f32;
        while x < 30.0 {
            assert!(
                (f64::from(tanh(x)) - f64::from(x).tanh()).abs() < 2.0 * f64::from(f32::EPSILON),
                "tanh({x})"
            );
            for act in ALL_ACTIVATIONS {
                let (single, double) = (act.value(x), act.value(f64::from(x)));
                let err = (f64::from(single) - double).abs() / double.abs().max(1.0);
                assert!(err < 4.0 * f64::from(f32::EPSILON), "{} at {x}", act.name());
            }
            x += 0.0123;
        }
        assert!(tanh(f32::NAN).is_nan());
        assert_eq!(tanh(f32::INFINITY), 1.0);
    }

    /// Derivatives agree with central finite differences to 1e-6 (relative to max(1, |f'|)).
    #[test]
    fn derivatives_match_finite_differences() {
        let h = 1e-6;
        for act in ALL_ACTIVATIONS {
            for i in 0..81 {
                let x = -4.0 + 0.1 * i as f64 + 0.013; // avoid the kinks at exactly 0
                let numeric = (act.value(x + h) - act.value(x - h)) / (2.0 * h);
                let analytic = act.derivative(x, act.value(x));
                let err = (numeric - analytic).abs() / analytic.abs().max(1.0);
                assert!(err < 1e-6, "{} at {x}: {analytic} vs {numeric}", act.name());
            }
        }
    }

    #[test]
    fn slice_forms_agree_with_scalar_forms() {
        let xs: Vec<f64> = (0..50).map(|i| -5.0 + 0.21 * i as f64).collect();
        for act in ALL_ACTIVATIONS {
            let mut ys = vec![0.0; xs.len()];
            act.apply(&xs, &mut ys);
            let mut grad = vec![1.0; xs.len()];
            act.scale_by_derivative(&xs, &ys, &mut grad);
            for k in 0..xs.len() {
                assert_eq!(ys[k], act.value(xs[k]));
                assert_eq!(grad[k], act.derivative(xs[k], ys[k]));
            }
        }
    }
}
