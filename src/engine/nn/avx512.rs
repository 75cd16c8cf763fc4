//! Single-precision matrix products with AVX-512, for the layers of a few dozen neurons the
//! courses' networks have. Written here because the `gemm` crate's AVX-512 kernels need a
//! nightly compiler: on stable it runs AVX2 kernels, and for these products it also packs its
//! operands on every call. Here `b` (at most 64 columns a panel, so it stays in the first-level
//! cache) is read in place, one row per step of the sum, and `a`'s elements are broadcast from
//! wherever they lie, so the same kernel computes `x . w`, `x^T . d` and `d . w^T` without
//! copies. The CPU is asked at run time ([`available`]); without AVX-512 the caller uses `gemm`.

use super::matmul::Strided;
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{
    __m512, __mmask16, _mm512_add_ps, _mm512_fmadd_ps, _mm512_mask_storeu_ps,
    _mm512_maskz_loadu_ps, _mm512_reduce_add_ps, _mm512_set1_ps, _mm512_setzero_ps,
};
use std::borrow::Cow;

/// What a product is added to.
#[derive(Clone, Copy)]
pub enum Start<'a, T> {
    /// Nothing: `c = a . b`.
    Zero,
    /// `c`'s own values: `c += a . b`.
    Accumulate,
    /// A bias added to every row: `c = bias + a . b` (`bias` has one entry per column).
    Bias(&'a [T]),
}

/// Whether this CPU runs [`product`].
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `c (a.rows x b.cols, row-major) = start + a . b`, for `b` with adjacent columns
/// (`col_stride` 1). Returns false, computing nothing, when the CPU lacks AVX-512
/// ([`available`]).
///
/// # Panics
/// If the shapes do not fit the slices.
pub fn product(
    a: Strided<'_, f32>,
    b: Strided<'_, f32>,
    c: &mut [f32],
    start: Start<'_, f32>,
) -> bool {
    let (m, n) = (a.rows, b.cols);
    let bias_fits = !matches!(start, Start::Bias(bias) if bias.len() < n);
    assert!(
        a.cols == b.rows
            && (b.col_stride == 1 || n <= 1)
            && a.fits()
            && b.fits()
            && bias_fits
            && c.len() >= m * n,
        "matrix product of mismatched shapes"
    );
    if !available() {
        return false;
    }
    #[cfg(target_arch = "x86_64")]
    // SAFETY: the CPU has AVX-512F (checked above), and the assertion keeps every element read
    // of `a`, `b` and the bias, and every one written of `c`, inside its slice.
    unsafe {
        if n == 1 && a.col_stride == 1 {
            // One column (a network's output layer): a dot product per row.
            dot_rows(a, b, c, start);
        } else if n == 1 && a.row_stride == 1 && !matches!(start, Start::Bias(_)) {
            // One column of a transposed `a` (the output layer's weight gradient): as the row
            // c^T = b^T . a^T, whose rows are `a`'s adjacent elements.
            let b_t = Strided {
                data: b.data,
                rows: 1,
                cols: b.rows,
                row_stride: b.rows,
                col_stride: b.row_stride,
            };
            product_avx512(b_t, a.t(), c, start);
        } else {
            product_avx512(a, b, c, start);
        }
    }
    true
}

/// Columns per panel: four vectors of 16, so a panel's accumulators of six rows fill 24 of the
/// 32 vector registers.
const PANEL: usize = 64;

/// The mask of a vector's first `lanes` lanes (1 to 16).
#[cfg(target_arch = "x86_64")]
pub(super) fn first_lanes(lanes: usize) -> __mmask16 {
    if lanes >= 16 {
        0xFFFF
    } else {
        (1u16 << lanes) - 1
    }
}

/// [`product`] for one column: `c[r] = start + a[r] . b` with `a`'s rows adjacent in memory.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn dot_rows(a: Strided<'_, f32>, b: Strided<'_, f32>, c: &mut [f32], start: Start<'_, f32>) {
    let k = a.cols;
    let column: Cow<'_, [f32]> = if b.row_stride == 1 {
        Cow::Borrowed(&b.data[..k])
    } else {
        Cow::Owned((0..k).map(|kk| b.data[kk * b.row_stride]).collect())
    };
    for (r, out) in c[..a.rows].iter_mut().enumerate() {
        let row = &a.data[r * a.row_stride..];
        let mut sum = _mm512_setzero_ps();
        for k0 in (0..k).step_by(16) {
            let mask = first_lanes((k - k0).min(16));
            // SAFETY: the unmasked lanes are `a`'s row `r` and `column`, from `k0` on.
            let (x, w) = unsafe {
                (
                    _mm512_maskz_loadu_ps(mask, row[k0..].as_ptr()),
                    _mm512_maskz_loadu_ps(mask, column[k0..].as_ptr()),
                )
            };
            sum = _mm512_fmadd_ps(x, w, sum);
        }
        let dot = _mm512_reduce_add_ps(sum);
        *out = match start {
            Start::Zero => dot,
            Start::Accumulate => *out + dot,
            Start::Bias(bias) => bias[0] + dot,
        };
    }
}

/// [`product`] for `b` with adjacent columns, in panels of [`PANEL`] columns.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn product_avx512(a: Strided<'_, f32>, b: Strided<'_, f32>, c: &mut [f32], start: Start<'_, f32>) {
    let n = b.cols;
    for j0 in (0..n).step_by(PANEL) {
        let width = PANEL.min(n - j0);
        let vectors = width.div_ceil(16);
        let mask = first_lanes(width - 16 * (vectors - 1));
        let panel = Panel {
            a,
            b: &b.data[j0..],
            ldb: b.row_stride,
            ldc: n,
            j0,
            mask,
            start,
        };
        macro_rules! rows_in_blocks {
            ($vectors:literal, $block:literal) => {{
                let mut r0 = 0;
                while r0 + $block <= a.rows {
                    panel.block::<$block, $vectors>(r0, c);
                    r0 += $block;
                }
                match a.rows - r0 {
                    0 => {}
                    1 => panel.block::<1, $vectors>(r0, c),
                    2 => panel.block::<2, $vectors>(r0, c),
                    3 => panel.block::<3, $vectors>(r0, c),
                    4 => panel.block::<4, $vectors>(r0, c),
                    5 => panel.block::<5, $vectors>(r0, c),
                    6 => panel.block::<6, $vectors>(r0, c),
                    _ => panel.block::<7, $vectors>(r0, c),
                }
            }};
        }
        match vectors {
            1 => rows_in_blocks!(1, 8),
            2 => rows_in_blocks!(2, 8),
            3 => rows_in_blocks!(3, 6),
            _ => rows_in_blocks!(4, 6),
        }
    }
}

/// One panel of at most [`PANEL`] columns of the product.
#[cfg(target_arch = "x86_64")]
struct Panel<'a> {
    a: Strided<'a, f32>,
    /// `b` from the panel's first column on.
    b: &'a [f32],
    /// `b`'s row stride.
    ldb: usize,
    /// `c`'s row stride.
    ldc: usize,
    /// The panel's first column.
    j0: usize,
    /// The lanes of the panel's last vector that lie inside the matrix.
    mask: __mmask16,
    start: Start<'a, f32>,
}

#[cfg(target_arch = "x86_64")]
impl Panel<'_> {
    /// Rows `r0 .. r0 + R` of the panel, in `V` vectors of 16 columns, summed in registers.
    #[target_feature(enable = "avx512f")]
    fn block<const R: usize, const V: usize>(&self, r0: usize, c: &mut [f32]) {
        let mask_of = |v: usize| if v + 1 == V { self.mask } else { 0xFFFF };
        let mut acc = [[_mm512_setzero_ps(); V]; R];
        if let Start::Bias(bias) = self.start {
            for v in 0..V {
                // SAFETY: the lanes read lie inside `bias` (`product` checked its length and
                // the mask leaves out the lanes past the last column).
                let b =
                    unsafe { _mm512_maskz_loadu_ps(mask_of(v), bias[self.j0 + 16 * v..].as_ptr()) };
                for row in acc.iter_mut() {
                    row[v] = b;
                }
            }
        }
        // Raw pointers in the loop below: the bounds checks of indexing cost more than the
        // multiply-adds. `product` checked that every element read lies inside its slice.
        let a = &self.a;
        let (a_data, b_data) = (a.data.as_ptr(), self.b.as_ptr());
        let a_rows: [*const f32; R] =
            std::array::from_fn(|r| a_data.wrapping_add((r0 + r) * a.row_stride));
        for k in 0..a.cols {
            let b_row = b_data.wrapping_add(k * self.ldb);
            let mut b: [__m512; V] = [_mm512_setzero_ps(); V];
            for (v, b) in b.iter_mut().enumerate() {
                // SAFETY: the unmasked lanes lie inside `b`'s row `k`.
                *b = unsafe { _mm512_maskz_loadu_ps(mask_of(v), b_row.wrapping_add(16 * v)) };
            }
            for (row, &a_row) in acc.iter_mut().zip(&a_rows) {
                // SAFETY: element (r0 + r, k) of `a` lies inside `a.data`.
                let x = _mm512_set1_ps(unsafe { *a_row.add(k * a.col_stride) });
                for (sum, &b) in row.iter_mut().zip(&b) {
                    *sum = _mm512_fmadd_ps(x, b, *sum);
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            let out = &mut c[(r0 + r) * self.ldc + self.j0..];
            for (v, &sum) in row.iter().enumerate() {
                let place = out[16 * v..].as_mut_ptr();
                // SAFETY: the unmasked lanes lie inside `c`'s row `r0 + r`.
                unsafe {
                    let sum = match self.start {
                        Start::Accumulate => {
                            _mm512_add_ps(sum, _mm512_maskz_loadu_ps(mask_of(v), place))
                        }
                        _ => sum,
                    };
                    _mm512_mask_storeu_ps(place, mask_of(v), sum);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The products equal sums in `f64` to `f32` rounding, for every start, for shapes that do
    /// and do not fill the blocks and panels, and with `a` read transposed.
    #[test]
    fn products_agree_with_sums_in_double_precision() {
        if !available() {
            return;
        }
        let mut rng = crate::engine::rng::Rng::new(12);
        for (m, k, n) in [
            (256, 32, 32),
            (5, 256, 32),
            (37, 5, 9),
            (1, 3, 1),
            (13, 28, 64),
            (9, 7, 100),
        ] {
            let a: Vec<f32> = (0..m * k).map(|_| rng.normal() as f32).collect();
            let b: Vec<f32> = (0..k * n).map(|_| rng.normal() as f32).collect();
            let bias: Vec<f32> = (0..n).map(|_| rng.normal() as f32).collect();
            for transposed in [false, true] {
                let (row_stride, col_stride) = if transposed { (1, m) } else { (k, 1) };
                let at = |r: usize, kk: usize| f64::from(a[r * row_stride + kk * col_stride]);
                let exact = |r: usize, j: usize| -> f64 {
                    (0..k).map(|kk| at(r, kk) * f64::from(b[kk * n + j])).sum()
                };
                let operand = Strided {
                    data: &a,
                    rows: m,
                    cols: k,
                    row_stride,
                    col_stride,
                };
                let starts: [(Start<'_, f32>, f64); 3] = [
                    (Start::Zero, 0.0),
                    (Start::Accumulate, 0.5),
                    (Start::Bias(&bias), 0.0),
                ];
                for (start, initial) in starts {
                    let mut c = vec![initial as f32; m * n + 3];
                    assert!(product(
                        operand,
                        Strided::row_major(&b, k, n),
                        &mut c,
                        start
                    ));
                    for r in 0..m {
                        for j in 0..n {
                            let offset = match start {
                                Start::Bias(bias) => f64::from(bias[j]),
                                _ => initial,
                            };
                            let want = offset + exact(r, j);
                            let got = f64::from(c[r * n + j]);
                            assert!(
                                (got - want).abs() <= 1e-5 * (k as f64).sqrt() * (1.0 + want.abs()),
                                "{m}x{k}x{n} at ({r}, {j}): {got} against {want}"
                            );
                        }
                    }
                    assert!(
                        c[m * n..].iter().all(|&v| v == initial as f32),
                        "wrote past c"
                    );
                }
            }
        }
    }
}
