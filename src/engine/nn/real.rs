//! The two precisions a network's passes run in: `f32` (the default: twice the values per
//! vector register and half the memory traffic) and `f64` (TF-Playground-compatible runs, and
//! any scene that asks for it). The parameters themselves and the optimiser's state stay in
//! `f64` in both: a pass in `f32` works on a copy of the weights rounded once per pass (see
//! [`Real::load`]), and its gradient sums are widened when the update reads them.

use super::activation::Activation;
use crate::engine::data::ValueSlice;
use std::fmt::Debug;
use std::iter::Sum;
use std::ops::{AddAssign, DivAssign, MulAssign, SubAssign};

/// A floating-point type the forward and backward passes run in.
pub trait Real:
    num_traits::Float
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + Sum
    + Default
    + Debug
    + Send
    + Sync
    + 'static
{
    /// `v` rounded to this precision.
    fn of(v: f64) -> Self;

    /// This value as an `f64` (exact).
    fn widen(self) -> f64;

    /// `v` in this precision (exact).
    fn of_single(v: f32) -> Self;

    /// e^x to within a few ulps of this precision, without branches or calls, so loops over it
    /// vectorise. Inputs are clamped to the range where e^x is a normal number; NaN stays NaN.
    fn exp_approx(self) -> Self;

    /// Rounds the `f64` parameters `master` into `copy`, which a pass then reads through
    /// [`Real::view`] (in `f64`: nothing to do, the pass reads `master` itself).
    fn load(master: &[f64], copy: &mut Vec<Self>);

    /// The parameters a pass reads: `master` in `f64`, the copy [`Real::load`] made in `f32`.
    fn view<'a>(master: &'a [f64], copy: &'a [Self]) -> &'a [Self];

    /// `values` in this precision: `values` itself in `f64`, otherwise rounded into `scratch`.
    fn narrow_slice<'a>(values: &'a [f64], scratch: &'a mut Vec<Self>) -> &'a [Self];

    /// `values` as `f64`: `values` itself in `f64`, otherwise widened into `scratch`.
    fn widen_slice<'a>(values: &'a [Self], scratch: &'a mut Vec<f64>) -> &'a [f64];

    /// `values` in this precision: `values` itself in `f32`, otherwise widened into `scratch`.
    fn from_single_slice<'a>(values: &'a [f32], scratch: &'a mut Vec<Self>) -> &'a [Self];

    /// `values`, whichever their precision, in this one: borrowed when already in it,
    /// otherwise converted into `scratch`.
    fn read<'a>(values: ValueSlice<'a>, scratch: &'a mut Vec<Self>) -> &'a [Self] {
        match values {
            ValueSlice::Single(v) => Self::from_single_slice(v, scratch),
            ValueSlice::Double(v) => Self::narrow_slice(v, scratch),
        }
    }

    /// `values` as `f32`, if that is this precision.
    fn as_single(values: &[Self]) -> Option<&[f32]>;

    /// `values` as `f32`, if that is this precision, to write.
    fn as_single_mut(values: &mut [Self]) -> Option<&mut [f32]>;

    /// `activation` element-wise as TF Playground computes it in the browser
    /// ([`Activation::apply_as_v8`]). V8 computes in `f64`: in `f32` this is
    /// [`Activation::apply`] (a TF-Playground-compatible run always runs in `f64`).
    fn apply_as_v8(activation: Activation, input: &[Self], output: &mut [Self]);
}

impl Real for f64 {
    fn of(v: f64) -> Self {
        v
    }

    fn widen(self) -> f64 {
        self
    }

    fn of_single(v: f32) -> Self {
        f64::from(v)
    }

    #[inline(always)]
    fn exp_approx(self) -> Self {
        const SHIFTER: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52: adding it rounds to an integer
        let ln2 = (6.931_471_803_691_238e-1, 1.908_214_929_270_587_7e-10);
        let (r, shifted) = reduce(self, 700.0, std::f64::consts::LOG2_E, ln2, SHIFTER);
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

    fn load(_master: &[f64], _copy: &mut Vec<Self>) {}

    fn view<'a>(master: &'a [f64], _copy: &'a [Self]) -> &'a [Self] {
        master
    }

    fn narrow_slice<'a>(values: &'a [f64], _scratch: &'a mut Vec<Self>) -> &'a [Self] {
        values
    }

    fn widen_slice<'a>(values: &'a [Self], _scratch: &'a mut Vec<f64>) -> &'a [f64] {
        values
    }

    fn from_single_slice<'a>(values: &'a [f32], scratch: &'a mut Vec<Self>) -> &'a [Self] {
        scratch.clear();
        scratch.extend(values.iter().map(|&v| f64::from(v)));
        scratch
    }

    fn as_single(_values: &[Self]) -> Option<&[f32]> {
        None
    }

    fn as_single_mut(_values: &mut [Self]) -> Option<&mut [f32]> {
        None
    }

    fn apply_as_v8(activation: Activation, input: &[Self], output: &mut [Self]) {
        activation.apply_as_v8(input, output);
    }
}

impl Real for f32 {
    fn of(v: f64) -> Self {
        v as f32
    }

    fn widen(self) -> f64 {
        f64::from(self)
    }

    fn of_single(v: f32) -> Self {
        v
    }

    #[inline(always)]
    fn exp_approx(self) -> Self {
        const SHIFTER: f32 = EXP_SHIFTER_F32;
        let (r, shifted) = reduce(self, 87.0, std::f32::consts::LOG2_E, LN2_F32, SHIFTER);
        // Taylor series of e^r on |r| <= ln2/2 to degree 7 (error below 6e-9), by Estrin's
        // scheme.
        let r2 = r * r;
        let r4 = r2 * r2;
        let p01 = madd(r, 1.0, 1.0);
        let p23 = madd(r, 1.0 / 6.0, 0.5);
        let p45 = madd(r, 1.0 / 120.0, 1.0 / 24.0);
        let p67 = madd(r, 1.0 / 5_040.0, 1.0 / 720.0);
        let p = madd(r4, madd(r2, p67, p45), madd(r2, p23, p01));
        let k_bits = shifted.to_bits().wrapping_sub(SHIFTER.to_bits());
        let scale = f32::from_bits(k_bits.wrapping_add(127) << 23);
        p * scale
    }

    fn load(master: &[f64], copy: &mut Vec<Self>) {
        copy.clear();
        copy.extend(master.iter().map(|&v| v as f32));
    }

    fn view<'a>(_master: &'a [f64], copy: &'a [Self]) -> &'a [Self] {
        copy
    }

    fn narrow_slice<'a>(values: &'a [f64], scratch: &'a mut Vec<Self>) -> &'a [Self] {
        Self::load(values, scratch);
        scratch
    }

    fn widen_slice<'a>(values: &'a [Self], scratch: &'a mut Vec<f64>) -> &'a [f64] {
        scratch.clear();
        scratch.extend(values.iter().map(|&v| f64::from(v)));
        scratch
    }

    fn from_single_slice<'a>(values: &'a [f32], _scratch: &'a mut Vec<Self>) -> &'a [Self] {
        values
    }

    fn as_single(values: &[Self]) -> Option<&[f32]> {
        Some(values)
    }

    fn as_single_mut(values: &mut [Self]) -> Option<&mut [f32]> {
        Some(values)
    }

    fn apply_as_v8(activation: Activation, input: &[Self], output: &mut [Self]) {
        activation.apply(input, output);
    }
}

/// 1.5 * 2^23: adding it to an `f32` rounds it to an integer, held in the low mantissa bits.
pub(super) const EXP_SHIFTER_F32: f32 = 12_582_912.0;

/// ln 2 in `f32` as a sum of two parts, the first with its last 9 mantissa bits zero, so that
/// k times it is exact for every integer |k| < 2^9 (e^x's reduction needs |k| <= 126).
pub(super) const LN2_F32: (f32, f32) = (0.693_145_75, 1.428_606_8e-6);

/// The range reduction of e^x: `x` clamped to [-limit, limit] (NaN stays NaN), then written
/// as k ln2 + r with |r| <= ln2 / 2. Returns r and `x log2(e) + shifter`, whose low mantissa
/// bits hold the integer k (`shifter` is 1.5 times 2 to the mantissa's width).
#[inline(always)]
fn reduce<T: num_traits::Float>(x: T, limit: T, log2_e: T, ln2: (T, T), shifter: T) -> (T, T) {
    let x = if x > limit { limit } else { x };
    let x = if x < -limit { -limit } else { x };
    let shifted = x * log2_e + shifter;
    let k = shifted - shifter;
    (x - k * ln2.0 - k * ln2.1, shifted)
}

/// a * b + c, in two roundings on every CPU (a fused multiply-add would make the result
/// depend on the CPU the binary runs on).
#[inline(always)]
fn madd<T: std::ops::Mul<Output = T> + std::ops::Add<Output = T>>(a: T, b: T, c: T) -> T {
    a * b + c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_precision_exp_is_within_a_few_ulps() {
        let mut x = -87.0f32;
        while x < 87.0 {
            let exact = f64::from(x).exp();
            let rel = (f64::from(x.exp_approx()) - exact).abs() / exact;
            assert!(
                rel < 4.0 * f64::from(f32::EPSILON),
                "exp({x}) rel err {rel}"
            );
            x += 0.037;
        }
        assert!(f32::NAN.exp_approx().is_nan());
        assert_eq!(f32::NEG_INFINITY.exp_approx(), (-87.0f32).exp_approx());
    }

    #[test]
    fn narrowing_and_widening_copy_only_in_single_precision() {
        let values = [0.1, -2.5, 1e-3];
        let mut scratch = Vec::new();
        assert!(std::ptr::eq(
            f64::narrow_slice(&values, &mut scratch),
            &values[..]
        ));
        let narrow = f32::narrow_slice(&values, &mut Vec::new()).to_vec();
        assert_eq!(narrow, [0.1f32, -2.5, 1e-3]);
        assert_eq!(f32::widen_slice(&narrow, &mut scratch)[1], -2.5);
    }
}
