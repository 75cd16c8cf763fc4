//! tanh over `f32` slices with AVX-512: the activation of most of the courses' networks, and
//! half of the time of a tanh network's output map. The portable [`super::activation::tanh`]
//! vectorises as well, but the compiler must keep its division (a slow instruction, on which
//! that loop waited most of its time) and its separate multiplies and adds; here the division is
//! a reciprocal estimate refined by one Newton step and the polynomial uses fused
//! multiply-adds. Its error stays within two `f32` epsilons of the exact value, as the portable
//! one's does. The CPU is asked at run time ([`super::avx512::available`]).

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{
    __m512, _mm512_abs_ps, _mm512_add_epi32, _mm512_add_ps, _mm512_and_si512, _mm512_castps_si512,
    _mm512_castsi512_ps, _mm512_fmadd_ps, _mm512_fnmadd_ps, _mm512_mask_storeu_ps,
    _mm512_maskz_loadu_ps, _mm512_min_ps, _mm512_mul_ps, _mm512_or_si512, _mm512_rcp14_ps,
    _mm512_set1_epi32, _mm512_set1_ps, _mm512_slli_epi32, _mm512_sub_epi32, _mm512_sub_ps,
};

/// `output[k] = tanh(input[k])` (slices of equal length); NaN stays NaN. Returns false,
/// computing nothing, when the CPU lacks AVX-512.
pub fn apply(input: &[f32], output: &mut [f32]) -> bool {
    assert_eq!(input.len(), output.len(), "tanh: slices of unequal length");
    #[cfg(target_arch = "x86_64")]
    if super::avx512::available() {
        // SAFETY: the CPU has AVX-512F, checked just above.
        unsafe { apply_avx512(input, output) };
        return true;
    }
    false
}

/// [`apply`] on a CPU with AVX-512F, sixteen values at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn apply_avx512(input: &[f32], output: &mut [f32]) {
    for start in (0..input.len()).step_by(16) {
        let mask = super::avx512::first_lanes((input.len() - start).min(16));
        // SAFETY: the unmasked lanes lie in both slices, from `start` on.
        unsafe {
            let x = _mm512_maskz_loadu_ps(mask, input[start..].as_ptr());
            _mm512_mask_storeu_ps(output[start..].as_mut_ptr(), mask, tanh16(x));
        }
    }
}

/// tanh of sixteen values: with a = min(|x|, 20) (NaN kept) and e = e^(2a),
/// tanh(x) = sign(x) (1 - 2 / (e + 1)).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn tanh16(x: __m512) -> __m512 {
    let one = _mm512_set1_ps(1.0);
    // min returns its second operand when either is NaN: a NaN input stays NaN.
    let a = _mm512_min_ps(_mm512_set1_ps(20.0), _mm512_abs_ps(x));
    let e = exp16(_mm512_add_ps(a, a));
    let d = _mm512_add_ps(e, one);
    let estimate = _mm512_rcp14_ps(d);
    // One Newton step: r = r0 + r0 (1 - d r0), from 14 correct bits to about 23.
    let recip = _mm512_fmadd_ps(estimate, _mm512_fnmadd_ps(d, estimate, one), estimate);
    let magnitude = _mm512_abs_ps(_mm512_fnmadd_ps(_mm512_set1_ps(2.0), recip, one));
    let sign = _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(i32::MIN));
    _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(magnitude), sign))
}

/// e^x for 0 <= x <= 40 (or NaN): x = k ln2 + r with |r| <= ln2 / 2, e^r by its Taylor series to
/// degree 7 (error below 6e-9), times 2^k; the same steps as [`super::Real::exp_approx`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn exp16(x: __m512) -> __m512 {
    use super::real::{EXP_SHIFTER_F32 as SHIFTER, LN2_F32};
    let shifter = _mm512_set1_ps(SHIFTER);
    let shifted = _mm512_fmadd_ps(x, _mm512_set1_ps(std::f32::consts::LOG2_E), shifter);
    let k = _mm512_sub_ps(shifted, shifter);
    let r = _mm512_fnmadd_ps(k, _mm512_set1_ps(LN2_F32.0), x);
    let r = _mm512_fnmadd_ps(k, _mm512_set1_ps(LN2_F32.1), r);
    let c = |v: f32| _mm512_set1_ps(v);
    let mut p = c(1.0 / 5_040.0);
    for coefficient in [
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = _mm512_fmadd_ps(p, r, c(coefficient));
    }
    let k_bits = _mm512_sub_epi32(
        _mm512_castps_si512(shifted),
        _mm512_set1_epi32(SHIFTER.to_bits() as i32),
    );
    let scale = _mm512_slli_epi32::<23>(_mm512_add_epi32(k_bits, _mm512_set1_epi32(127)));
    _mm512_mul_ps(p, _mm512_castsi512_ps(scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Within two `f32` epsilons of `f64`'s tanh over [-30, 30] at every step of 1e-4 (and at
    /// the ends of the range that matter: 0, tiny, huge, infinite, NaN), for lengths that do
    /// and do not fill a vector.
    #[test]
    fn agrees_with_double_precision_tanh_within_two_epsilons() {
        let mut input: Vec<f32> = (-300_000..=300_000).map(|i| i as f32 * 1e-4).collect();
        input.extend([0.0, -0.0, 1e-30, -1e-30, 1e30, -1e30, 87.0, 89.0]);
        input.extend([f32::INFINITY, f32::NEG_INFINITY, f32::MIN_POSITIVE]);
        let mut output = vec![0.0; input.len()];
        if !apply(&input, &mut output) {
            eprintln!("no AVX-512 on this CPU: the kernel is not used, nothing to test");
            return;
        }
        let mut worst = 0.0f64;
        for (&x, &y) in input.iter().zip(&output) {
            let err = (f64::from(y) - f64::from(x).tanh()).abs();
            worst = worst.max(err);
            assert!(err < 2.0 * f64::from(f32::EPSILON), "tanh({x}) = {y}");
            assert_eq!(y.is_sign_negative(), x.is_sign_negative(), "sign at {x}");
        }
        eprintln!(
            "worst error {:.2} epsilons",
            worst / f64::from(f32::EPSILON)
        );
        let mut nan = [0.0; 3];
        assert!(apply(&[f32::NAN, 1.0, -f32::NAN], &mut nan));
        assert!(nan[0].is_nan() && nan[2].is_nan() && nan[1] > 0.76);
        for len in [0, 1, 15, 16, 17, 33] {
            let input: Vec<f32> = (0..len).map(|i| i as f32 * 0.1 - 1.0).collect();
            let mut output = vec![9.0; len];
            apply(&input, &mut output);
            for (&x, &y) in input.iter().zip(&output) {
                assert!(
                    (f64::from(y) - f64::from(x).tanh()).abs() < 3e-7,
                    "{len}: {x}"
                );
            }
        }
    }
}
