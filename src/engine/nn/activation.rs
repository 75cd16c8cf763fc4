//! Activation functions, their derivatives, and a fast vectorisable `exp`/`tanh`.

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
    pub fn value(self, x: f64) -> f64 {
        match self {
            Activation::Linear => x,
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => tanh(x),
            Activation::Relu => relu(x),
            Activation::LeakyRelu => {
                if x > 0.0 {
                    x
                } else {
                    LEAKY_SLOPE * x
                }
            }
            Activation::Softplus => x.max(0.0) + (-x.abs()).exp().ln_1p(),
            Activation::Elu => {
                if x > 0.0 {
                    x
                } else {
                    exp(x) - 1.0
                }
            }
            Activation::Gelu => 0.5 * x * (1.0 + tanh(GELU_C * (x + GELU_A * x * x * x))),
            Activation::Swish => x * sigmoid(x),
        }
    }

    /// f'(x), given the input `x` and the output `y = f(x)` (several derivatives are cheapest from y).
    pub fn derivative(self, x: f64, y: f64) -> f64 {
        match self {
            Activation::Linear => 1.0,
            Activation::Sigmoid => y * (1.0 - y),
            Activation::Tanh => 1.0 - y * y,
            Activation::Relu => {
                if x <= 0.0 {
                    0.0
                } else {
                    1.0
                }
            }
            Activation::LeakyRelu => {
                if x > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Softplus => sigmoid(x),
            Activation::Elu => {
                if x > 0.0 {
                    1.0
                } else {
                    y + 1.0
                }
            }
            Activation::Gelu => {
                let inner = GELU_C * (x + GELU_A * x * x * x);
                let t = tanh(inner);
                0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_A * x * x)
            }
            Activation::Swish => {
                let s = sigmoid(x);
                s + x * s * (1.0 - s)
            }
        }
    }

    /// Applies f element-wise: `output[k] = f(input[k])`.
    pub fn apply(self, input: &[f64], output: &mut [f64]) {
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
    pub fn scale_by_derivative(self, input: &[f64], output: &[f64], grad: &mut [f64]) {
        macro_rules! map {
            ($d:expr) => {
                for ((g, &x), &y) in grad.iter_mut().zip(input).zip(output) {
                    *g *= $d(x, y);
                }
            };
        }
        match self {
            Activation::Linear => {}
            Activation::Tanh => map!(|_x, y: f64| 1.0 - y * y),
            Activation::Relu => map!(|x: f64, _y| if x <= 0.0 { 0.0 } else { 1.0 }),
            Activation::Sigmoid => map!(|_x, y: f64| y * (1.0 - y)),
            other => map!(|x, y| other.derivative(x, y)),
        }
    }
}

#[inline(always)]
fn relu(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.0 }
}

/// Logistic function, saturating cleanly for large |x|.
#[inline(always)]
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}

/// e^x to within a few ulps, written so the compiler can vectorise loops over it
/// (no branches, no calls). Inputs are clamped to [-700, 700]; NaN stays NaN.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    const LOG2_E: f64 = std::f64::consts::LOG2_E;
    const LN2_HI: f64 = 6.931_471_803_691_238e-1;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    const SHIFTER: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52: adding it rounds to an integer
    let x = if x > 700.0 { 700.0 } else { x };
    let x = if x < -700.0 { -700.0 } else { x };
    let shifted = x * LOG2_E + SHIFTER;
    let k = shifted - SHIFTER;
    let r = x - k * LN2_HI - k * LN2_LO;
    // Taylor series of e^r on |r| <= ln2/2 to degree 13 (error below 2e-16), evaluated by
    // Estrin's scheme: a short dependency chain, so vector units stay busy.
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let c = |k: f64| 1.0 / k;
    let p01 = madd(r, 1.0, 1.0);
    let p23 = madd(r, c(6.0), c(2.0));
    let p45 = madd(r, c(120.0), c(24.0));
    let p67 = madd(r, c(5_040.0), c(720.0));
    let p89 = madd(r, c(362_880.0), c(40_320.0));
    let p1011 = madd(r, c(39_916_800.0), c(3_628_800.0));
    let p1213 = madd(r, c(6_227_020_800.0), c(479_001_600.0));
    let p03 = madd(r2, p23, p01);
    let p47 = madd(r2, p67, p45);
    let p811 = madd(r2, p1011, p89);
    let p813 = madd(r4, p1213, p811);
    let p = madd(r8, p813, madd(r4, p47, p03));
    let k_bits = shifted.to_bits().wrapping_sub(SHIFTER.to_bits());
    let scale = f64::from_bits(k_bits.wrapping_add(1023) << 52);
    p * scale
}

/// f element-wise, compiled for several instruction sets and run with the best the CPU has;
/// one monomorphic loop per activation, so each vectorises on its own.
#[multiversion::multiversion(targets = "simd")]
fn apply_each(activation: Activation, input: &[f64], output: &mut [f64]) {
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

/// a * b + c, in two roundings on every CPU (a fused multiply-add would make the result
/// depend on the CPU the binary runs on).
#[inline(always)]
fn madd(a: f64, b: f64, c: f64) -> f64 {
    a * b + c
}

/// tanh(x) with an absolute error below 1e-15, vectorisable; NaN stays NaN.
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    let a = x.abs();
    let a = if a > 20.0 { 20.0 } else { a };
    let e = exp(2.0 * a);
    let t = 1.0 - 2.0 / (e + 1.0);
    t.copysign(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_exp_matches_std() {
        let mut x = -700.0;
        while x < 700.0 {
            let rel = (exp(x) - x.exp()).abs() / x.exp();
            assert!(rel < 1e-15, "exp({x}) rel err {rel}");
            x += 0.37;
        }
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn fast_tanh_matches_std() {
        let mut x = -30.0;
        while x < 30.0 {
            assert!((tanh(x) - x.tanh()).abs() < 1e-15, "tanh({x})");
            x += 0.0123;
        }
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
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
