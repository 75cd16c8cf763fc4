//! The one pseudo-random generator of the engine: xoshiro256** seeded through SplitMix64, or,
//! for a TF Playground link's seed in its compatible mode, TF Playground's own generator
//! ([`crate::engine::seedrandom`]).
//!
//! Hand-written on purpose: a dataset or an initialisation that a lecturer shares must draw the same
//! numbers next year, whatever happens to the versions of general-purpose random crates.

use crate::engine::seedrandom::SeedRandom;

/// A stream of random numbers with the samplers the datasets and initialisers need.
#[derive(Clone, Debug)]
pub struct Rng {
    state: [u64; 4],
    /// TF Playground's generator, when the stream is its (`uniform` then comes from it).
    playground: Option<Box<SeedRandom>>,
}

const TWO_POW_MINUS_53: f64 = 1.0 / 9_007_199_254_740_992.0;

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let state = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Self {
            state,
            playground: None,
        }
    }

    /// TF Playground's stream for a seed string (`Math.seedrandom(seed)`): every uniform draw,
    /// and so every sampler built on it, comes from seedrandom's ARC4.
    pub fn seedrandom(seed: &str) -> Self {
        Self {
            playground: Some(Box::new(SeedRandom::new(seed))),
            ..Self::new(0)
        }
    }

    /// The next raw 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on the open interval (0, 1) (on [0, 1) from TF Playground's generator).
    pub fn uniform(&mut self) -> f64 {
        match &mut self.playground {
            Some(g) => g.random(),
            None => ((self.next_u64() >> 11) as f64 + 0.5) * TWO_POW_MINUS_53,
        }
    }

    /// Uniform on (lo, hi), computed as TF Playground's `randUniform` does.
    pub fn uniform_in(&mut self, lo: f64, hi: f64) -> f64 {
        self.uniform() * (hi - lo) + lo
    }

    /// An index uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.uniform() * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// Standard normal by Box-Muller, one output per call.
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Gamma(k, 1) by Marsaglia-Tsang, for k >= 1.
    pub fn gamma(&mut self, k: f64) -> f64 {
        let d = k - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    /// Beta(a, b) as a ratio of gammas (a, b >= 1).
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        x / (x + self.gamma(b))
    }

    /// Shuffles a slice in place with TF Playground's Fisher-Yates order.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        let mut counter = items.len();
        while counter > 0 {
            let index = self.below(counter);
            counter -= 1;
            items.swap(counter, index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_first_outputs_for_seed_42() {
        let mut rng = Rng::new(42);
        assert_eq!(rng.next_u64(), 1_546_998_764_402_558_742);
        assert_eq!(rng.next_u64(), 6_990_951_692_964_543_102);
        assert_eq!(rng.next_u64(), 12_544_586_762_248_559_009);
    }

    #[test]
    fn uniform_stays_inside_the_open_interval_and_has_the_right_mean() {
        let mut rng = Rng::new(7);
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = rng.uniform();
            assert!(u > 0.0 && u < 1.0);
            sum += u;
        }
        assert!((sum / n as f64 - 0.5).abs() < 0.005);
    }

    #[test]
    fn normal_has_unit_variance() {
        let mut rng = Rng::new(3);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut rng = Rng::new(1);
        let mut v: Vec<usize> = (0..50).collect();
        rng.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(v, sorted);
    }
}
