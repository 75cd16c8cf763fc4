//! The generator TF Playground draws from: David Bau's seedrandom 2.4 (`Math.seedrandom(seed)`),
//! an ARC4 stream keyed by the seed string, with its exact key mixing and its way of making a
//! double from the bytes. Written here because no crate reproduces seedrandom; with it a TF
//! Playground link's seed gives the browser's very data and first weights.

const WIDTH: f64 = 256.0;
const START_DENOM: f64 = 281_474_976_710_656.0; // 256^6
const SIGNIFICANCE: f64 = 4_503_599_627_370_496.0; // 2^52
const OVERFLOW: f64 = 9_007_199_254_740_992.0; // 2^53

/// seedrandom's ARC4 state.
#[derive(Clone, Debug)]
pub struct SeedRandom {
    i: u8,
    j: u8,
    s: [u8; 256],
}

impl SeedRandom {
    /// `Math.seedrandom(seed)` for a seed string.
    pub fn new(seed: &str) -> SeedRandom {
        let key = mix_key(seed);
        let key: &[u8] = if key.is_empty() { &[0] } else { &key };
        let mut s = [0u8; 256];
        for (k, v) in s.iter_mut().enumerate() {
            *v = k as u8;
        }
        let mut j: u8 = 0;
        for i in 0..256 {
            let t = s[i];
            j = j.wrapping_add(key[i % key.len()]).wrapping_add(t);
            s[i] = s[j as usize];
            s[j as usize] = t;
        }
        let mut generator = SeedRandom { i: 0, j: 0, s };
        // RC4-drop[256], as seedrandom does.
        for _ in 0..256 {
            generator.byte();
        }
        generator
    }

    fn byte(&mut self) -> u8 {
        self.i = self.i.wrapping_add(1);
        let t = self.s[self.i as usize];
        self.j = self.j.wrapping_add(t);
        self.s[self.i as usize] = self.s[self.j as usize];
        self.s[self.j as usize] = t;
        self.s[self.s[self.i as usize].wrapping_add(t) as usize]
    }

    /// The next `count` bytes as one number, big-endian (seedrandom's `arc4.g`).
    fn bytes(&mut self, count: usize) -> f64 {
        (0..count).fold(0.0, |r, _| r * WIDTH + f64::from(self.byte()))
    }

    /// The next double in [0, 1), exactly as seedrandom's `prng()` forms it.
    pub fn random(&mut self) -> f64 {
        let mut n = self.bytes(6);
        let mut d = START_DENOM;
        let mut x = 0u32;
        while n < SIGNIFICANCE {
            n = (n + f64::from(x)) * WIDTH;
            d *= WIDTH;
            x = self.bytes(1) as u32;
        }
        while n >= OVERFLOW {
            n /= 2.0;
            d /= 2.0;
            x >>= 1;
        }
        (n + f64::from(x)) / d
    }
}

/// seedrandom's `mixkey`: the seed's UTF-16 code units folded into at most 256 key bytes.
fn mix_key(seed: &str) -> Vec<u8> {
    let mut key: Vec<u8> = Vec::new();
    let mut smear: i32 = 0;
    for (j, unit) in seed.encode_utf16().enumerate() {
        let slot = j & 255;
        // A slot not yet filled is `undefined` in JavaScript: undefined * 19 is NaN, which
        // `^=` reads as 0.
        smear ^= key.get(slot).map_or(0, |&k| i32::from(k) * 19);
        let value = (smear.wrapping_add(i32::from(unit)) & 255) as u8;
        if slot < key.len() {
            key[slot] = value;
        } else {
            key.push(value);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values node gives after `Math.seedrandom(seed)` (seedrandom 2.4.4).
    #[test]
    fn draws_what_seedrandom_draws_in_node() {
        let mut g = SeedRandom::new("0.13116");
        let drawn: Vec<f64> = (0..5).map(|_| g.random()).collect();
        assert_eq!(
            drawn,
            [
                0.9683304903318982,
                0.31718488004037504,
                0.266104206958684,
                0.40083140556971686,
                0.5298732595652471
            ]
        );
        assert_eq!(SeedRandom::new("").random(), 0.23144008215179881);
        assert_eq!(
            SeedRandom::new(&"x".repeat(300)).random(),
            0.952495823023581
        );
    }
}
