//! The two inner loops of dense layers, specialised at compile time for common widths so the
//! compiler keeps a whole row in vector registers. Sums run in input order, exactly as TF
//! Playground adds them. Each entry point is compiled for several instruction sets (AVX-512,
//! AVX2, SSE) and picks the best the CPU has when first called, so one binary runs on any
//! x86-64 and is fast on new ones; the results are the same numbers on all of them (no sum is
//! reordered and no multiply-add fused). Each runs in either precision ([`Real`]).

use super::real::Real;

/// `out[b] = bias + sum_i x[b][i] * w[i]` for each row `b`, where `w` is `n_in x n_out`
/// row-major and `bias` (if any) has `n_out` entries; without a bias the sum starts at 0.
#[multiversion::multiversion(targets = "simd")]
pub fn affine_rows<T: Real>(
    x: &[T],
    n_in: usize,
    w: &[T],
    bias: Option<&[T]>,
    n_out: usize,
    out: &mut [T],
) {
    macro_rules! fixed {
        ($($n:literal)*) => {
            match n_out {
                $($n => affine_fixed::<T, $n>(x, n_in, w, bias, out),)*
                _ => affine_any(x, n_in, w, bias, n_out, out),
            }
        };
    }
    fixed!(1 2 3 4 5 6 7 8 10 12 16 32 64);
}

#[inline(always)]
fn affine_fixed<T: Real, const N: usize>(
    x: &[T],
    n_in: usize,
    w: &[T],
    bias: Option<&[T]>,
    out: &mut [T],
) {
    let start: [T; N] = bias
        .and_then(|b| b.try_into().ok())
        .unwrap_or([T::zero(); N]);
    for (xs, row) in x.chunks_exact(n_in).zip(out.chunks_exact_mut(N)) {
        let mut acc = start;
        for (&xi, w_row) in xs.iter().zip(w.chunks_exact(N)) {
            for j in 0..N {
                acc[j] += xi * w_row[j];
            }
        }
        row.copy_from_slice(&acc);
    }
}

#[inline(always)]
fn affine_any<T: Real>(
    x: &[T],
    n_in: usize,
    w: &[T],
    bias: Option<&[T]>,
    n_out: usize,
    out: &mut [T],
) {
    for (xs, row) in x.chunks_exact(n_in).zip(out.chunks_exact_mut(n_out)) {
        match bias {
            Some(b) => row.copy_from_slice(b),
            None => row.fill(T::zero()),
        }
        for (&xi, w_row) in xs.iter().zip(w.chunks_exact(n_out)) {
            for (o, &wij) in row.iter_mut().zip(w_row) {
                *o += xi * wij;
            }
        }
    }
}

/// `g[i][:] += x[b][i] * d[b][:]` summed over rows `b` in order: the weight gradient of a
/// dense layer (`x` is `rows x n_in`, `d` is `rows x n_out`, `g` is `n_in x n_out`).
#[multiversion::multiversion(targets = "simd")]
pub fn outer_accumulate<T: Real>(x: &[T], n_in: usize, d: &[T], n_out: usize, g: &mut [T]) {
    macro_rules! fixed {
        ($($n:literal)*) => {
            match n_out {
                $($n => outer_fixed::<T, $n>(x, n_in, d, g),)*
                _ => outer_any(x, n_in, d, n_out, g),
            }
        };
    }
    fixed!(1 2 3 4 5 6 7 8 10 12 16 32 64);
}

#[inline(always)]
fn outer_fixed<T: Real, const N: usize>(x: &[T], n_in: usize, d: &[T], g: &mut [T]) {
    for (xs, ds) in x.chunks_exact(n_in).zip(d.chunks_exact(N)) {
        let ds: [T; N] = ds.try_into().unwrap_or([T::zero(); N]);
        for (&xi, g_row) in xs.iter().zip(g.chunks_exact_mut(N)) {
            for j in 0..N {
                g_row[j] += ds[j] * xi;
            }
        }
    }
}

#[inline(always)]
fn outer_any<T: Real>(x: &[T], n_in: usize, d: &[T], n_out: usize, g: &mut [T]) {
    for (xs, ds) in x.chunks_exact(n_in).zip(d.chunks_exact(n_out)) {
        for (&xi, g_row) in xs.iter().zip(g.chunks_exact_mut(n_out)) {
            for (gj, &dj) in g_row.iter_mut().zip(ds) {
                *gj += dj * xi;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_generic_kernels_agree_bit_for_bit() {
        let mut rng = crate::engine::rng::Rng::new(4);
        for n_out in [1, 3, 8, 9, 64] {
            let (rows, n_in) = (5, 7);
            let x: Vec<f64> = (0..rows * n_in).map(|_| rng.normal()).collect();
            let w: Vec<f64> = (0..n_in * n_out).map(|_| rng.normal()).collect();
            let b: Vec<f64> = (0..n_out).map(|_| rng.normal()).collect();
            let mut fast = vec![0.0; rows * n_out];
            let mut slow = vec![0.0; rows * n_out];
            affine_rows(&x, n_in, &w, Some(&b), n_out, &mut fast);
            affine_any(&x, n_in, &w, Some(&b), n_out, &mut slow);
            assert_eq!(fast, slow);
            let mut g_fast = vec![0.5; n_in * n_out];
            let mut g_slow = g_fast.clone();
            outer_accumulate(&x, n_in, &fast, n_out, &mut g_fast);
            outer_any(&x, n_in, &fast, n_out, &mut g_slow);
            assert_eq!(g_fast, g_slow);
        }
    }
}
