//! Dense layers as blocked matrix products: in `f32` on a CPU with AVX-512, through the kernel in
//! [`super::avx512`]; otherwise on the `gemm` crate (packed panels and register-blocked
//! micro-kernels chosen at run time for AVX2/FMA or SSE; its AVX-512 ones need a nightly
//! compiler). `gemm` measured
//! faster than `matrixmultiply`, ndarray's backend, which has no AVX-512 kernels and packs more
//! for these small products (the jets' epoch: about 105 ms with it, 60-75 ms with `gemm`, 115 ms
//! with the in-order loops, on an AVX-512 Xeon). They add a
//! row's terms in a different order than TF Playground does, so TF-Playground-compatible runs
//! never use them; every other pass uses them for layers wide enough that packing pays
//! ([`worth_blocking`]), and the in-order loops of `kernels` below that.

/// The layer side from which the blocked products are used through `gemm`. Layers of at most
/// 8 neurons on both sides (TF Playground's) keep whole rows in registers in the in-order
/// loops: B's map took twice as long through `matrixmultiply`. The `f32` AVX-512 kernel packs
/// nothing and is used at any width: B's 8-neuron map took 1.70 ms through it against 1.93 ms
/// in the in-order loops.
const BLOCKED_FROM_WIDTH: usize = 16;

/// The smallest batch for the blocked products (TF Playground's batches of 10 stay with the
/// in-order loops: B's trained at 8,600 epochs/s there against 7,900 through the `f32`
/// AVX-512 kernel).
const BLOCKED_FROM_ROWS: usize = 32;

/// Whether a `rows x n_in` by `n_in x n_out` layer product in `T` is worth the blocked kernels.
pub fn worth_blocking<T: Real>(rows: usize, n_in: usize, n_out: usize) -> bool {
    let own_kernel = T::as_single(&[]).is_some() && avx512::available();
    rows >= BLOCKED_FROM_ROWS && (own_kernel || n_in.max(n_out) >= BLOCKED_FROM_WIDTH)
}

use super::avx512::{self, Start};
use super::real::Real;

/// A matrix in a slice: element `(r, c)` is `data[r * row_stride + c * col_stride]`.
#[derive(Clone, Copy)]
pub struct Strided<'a, T> {
    /// The elements.
    pub data: &'a [T],
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Distance between rows.
    pub row_stride: usize,
    /// Distance between columns.
    pub col_stride: usize,
}

impl<'a, T> Strided<'a, T> {
    /// A row-major `rows x cols` matrix.
    pub fn row_major(data: &'a [T], rows: usize, cols: usize) -> Self {
        Self {
            data,
            rows,
            cols,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// The transpose of this matrix (no copy).
    pub fn t(self) -> Self {
        Self {
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
            ..self
        }
    }

    /// The same matrix as `f32`, if that is its precision.
    fn in_single(self) -> Option<Strided<'a, f32>>
    where
        T: Real,
    {
        Some(Strided {
            data: T::as_single(self.data)?,
            rows: self.rows,
            cols: self.cols,
            row_stride: self.row_stride,
            col_stride: self.col_stride,
        })
    }

    /// Whether every element lies inside `data`.
    pub fn fits(&self) -> bool {
        self.rows == 0
            || self.cols == 0
            || (self.rows - 1) * self.row_stride + (self.cols - 1) * self.col_stride
                < self.data.len()
    }
}

/// `out (a.rows x b.cols, row-major) = start + a . b`, for `b` row-major.
fn product<T: Real>(a: Strided<'_, T>, b: Strided<'_, T>, out: &mut [T], start: Start<'_, T>) {
    if product_in_single(a, b, out, start) == Some(true) {
        return;
    }
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(
        b.rows == k && a.fits() && b.fits() && out.len() >= m * n,
        "matrix product of mismatched shapes"
    );
    let accumulate = matches!(start, Start::Accumulate);
    let to_isize = |v: usize| isize::try_from(v).unwrap_or(isize::MAX);
    // SAFETY: the assertion above keeps every element `gemm` reads of `a` and `b` and every
    // element it writes of `out` (m x n, row-major) inside the slices; `out` is borrowed
    // mutably, so it overlaps neither input.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            to_isize(n),
            accumulate,
            a.data.as_ptr(),
            to_isize(a.col_stride),
            to_isize(a.row_stride),
            b.data.as_ptr(),
            to_isize(b.col_stride),
            to_isize(b.row_stride),
            T::one(),
            T::one(),
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
    if let Start::Bias(bias) = start {
        // Added afterwards rather than copied in first: a copy of a few values per row goes
        // through `memcpy`, which cost more than this pass.
        for row in out[..m * n].chunks_exact_mut(n) {
            for (o, &b) in row.iter_mut().zip(bias) {
                *o += b;
            }
        }
    }
}

/// [`product`] through the `f32` AVX-512 kernel: `None` in `f64`, `Some(false)` when the CPU
/// lacks AVX-512.
fn product_in_single<T: Real>(
    a: Strided<'_, T>,
    b: Strided<'_, T>,
    out: &mut [T],
    start: Start<'_, T>,
) -> Option<bool> {
    let start = match start {
        Start::Zero => Start::Zero,
        Start::Accumulate => Start::Accumulate,
        Start::Bias(bias) => Start::Bias(T::as_single(bias)?),
    };
    let (a, b) = (a.in_single()?, b.in_single()?);
    Some(avx512::product(a, b, T::as_single_mut(out)?, start))
}

/// `out = x . w + bias` for `x` of `rows x n_in`, `w` of `n_in x n_out` (row-major) and
/// `bias` of `n_out`: the forward product of a dense layer.
pub fn affine_blocked<T: Real>(
    x: &[T],
    rows: usize,
    n_in: usize,
    w: &[T],
    bias: &[T],
    n_out: usize,
    out: &mut [T],
) {
    product(
        Strided::row_major(x, rows, n_in),
        Strided::row_major(w, n_in, n_out),
        out,
        Start::Bias(bias),
    );
}

/// `g += x^T . d` for `x` of `rows x n_in` and `d` of `rows x n_out`: a dense layer's weight
/// gradient summed over the batch (`g` is `n_in x n_out`).
pub fn gradient_blocked<T: Real>(
    x: &[T],
    rows: usize,
    n_in: usize,
    d: &[T],
    n_out: usize,
    g: &mut [T],
) {
    product(
        Strided::row_major(x, rows, n_in).t(),
        Strided::row_major(d, rows, n_out),
        g,
        Start::Accumulate,
    );
}

/// `prev = d . w^T` for `d` of `rows x n_out` and `w_t`, the `n_out x n_in` transpose of a
/// layer's weights: the loss's gradient with respect to the layer's inputs.
pub fn back_blocked<T: Real>(
    d: &[T],
    rows: usize,
    n_out: usize,
    w_t: &[T],
    n_in: usize,
    prev: &mut [T],
) {
    product(
        Strided::row_major(d, rows, n_out),
        Strided::row_major(w_t, n_out, n_in),
        prev,
        Start::Zero,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nn::kernels::{affine_rows, outer_accumulate};

    /// The blocked products equal the in-order loops up to rounding, for shapes that do and do
    /// not fill the micro-kernels' panels.
    #[test]
    fn blocked_products_agree_with_the_in_order_loops() {
        let mut rng = crate::engine::rng::Rng::new(11);
        for (rows, n_in, n_out) in [(256, 32, 32), (37, 5, 9), (1, 3, 1), (300, 28, 64)] {
            let x: Vec<f64> = (0..rows * n_in).map(|_| rng.normal()).collect();
            let w: Vec<f64> = (0..n_in * n_out).map(|_| rng.normal()).collect();
            let b: Vec<f64> = (0..n_out).map(|_| rng.normal()).collect();
            let close = |a: &[f64], b: &[f64]| {
                a.iter()
                    .zip(b)
                    .all(|(p, q)| (p - q).abs() <= 1e-10 * (1.0 + q.abs()))
            };
            let (mut blocked, mut in_order) = (vec![0.0; rows * n_out], vec![0.0; rows * n_out]);
            affine_blocked(&x, rows, n_in, &w, &b, n_out, &mut blocked);
            affine_rows(&x, n_in, &w, Some(&b), n_out, &mut in_order);
            assert!(close(&blocked, &in_order), "forward {rows}x{n_in}x{n_out}");

            let (mut g_blocked, mut g_in_order) =
                (vec![0.25; n_in * n_out], vec![0.25; n_in * n_out]);
            gradient_blocked(&x, rows, n_in, &in_order, n_out, &mut g_blocked);
            outer_accumulate(&x, n_in, &in_order, n_out, &mut g_in_order);
            assert!(
                close(&g_blocked, &g_in_order),
                "gradient {rows}x{n_in}x{n_out}"
            );

            let mut w_t = vec![0.0; n_in * n_out];
            for i in 0..n_in {
                for j in 0..n_out {
                    w_t[j * n_in + i] = w[i * n_out + j];
                }
            }
            let (mut p_blocked, mut p_in_order) = (vec![9.0; rows * n_in], vec![0.0; rows * n_in]);
            back_blocked(&in_order, rows, n_out, &w_t, n_in, &mut p_blocked);
            affine_rows(&in_order, n_out, &w_t, None, n_in, &mut p_in_order);
            assert!(close(&p_blocked, &p_in_order), "back {rows}x{n_in}x{n_out}");
        }
    }
}
