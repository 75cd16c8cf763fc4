//! `Math.sin`, `cos`, `exp`, `log` and `tanh` exactly as V8 computes them (its port of Sun's
//! fdlibm, as in node 20 and the browsers TF Playground runs in), so that TF-Playground-
//! compatible runs reproduce the browser's numbers bit for bit. Written here because no crate
//! does this: `libm` (musl's, from FreeBSD) and the platform's libm differ from V8 in the last
//! bit for a few inputs in a thousand (tanh: one in ten). `tests/v8_math.rs` checks every
//! function against a table node produced (`tests/v8_math/make_table.js`).
//!
//! Arguments of sin and cos beyond 2^19 pi/2 (about 8.2e5), where fdlibm needs its long
//! Payne-Hanek reduction, fall back to the platform's functions; TF Playground never gets there.

#![allow(clippy::excessive_precision, clippy::unreadable_literal)] // fdlibm's constants as written

fn high(x: f64) -> i32 {
    (x.to_bits() >> 32) as i32
}

fn low(x: f64) -> u32 {
    x.to_bits() as u32
}

fn from_words(high: i32, low: u32) -> f64 {
    f64::from_bits((u64::from(high as u32) << 32) | u64::from(low))
}

fn with_high(x: f64, high: i32) -> f64 {
    from_words(high, low(x))
}

/// fdlibm's `__ieee754_rem_pio2` for |x| up to 2^19 pi/2: `x - n pi/2` as `y0 + y1`, and n.
fn rem_pio2(x: f64) -> Option<(i32, f64, f64)> {
    const NPIO2_HW: [i32; 32] = [
        0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C, 0x4025FDBB,
        0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C, 0x4035FDBB,
        0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C,
        0x4041475C, 0x4042106C, 0x4042D97C, 0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB,
        0x4046C6CB, 0x40478FDB, 0x404858EB, 0x404921FB,
    ];
    const INVPIO2: f64 = std::f64::consts::FRAC_2_PI;
    const PIO2_1: f64 = 1.57079632673412561417e+00;
    const PIO2_1T: f64 = 6.07710050650619224932e-11;
    const PIO2_2: f64 = 6.07710050630396597660e-11;
    const PIO2_2T: f64 = 2.02226624879595063154e-21;
    const PIO2_3: f64 = 2.02226624871116645580e-21;
    const PIO2_3T: f64 = 8.47842766036889956997e-32;
    let hx = high(x);
    let ix = hx & 0x7fffffff;
    if ix <= 0x3fe921fb {
        return Some((0, x, 0.0));
    }
    if ix < 0x4002d97c {
        // |x| < 3 pi / 4: n = +-1.
        let (sign, n) = if hx > 0 { (1.0, 1) } else { (-1.0, -1) };
        let mut z = x - sign * PIO2_1;
        let (y0, y1);
        if ix != 0x3ff921fb {
            y0 = z - sign * PIO2_1T;
            y1 = (z - y0) - sign * PIO2_1T;
        } else {
            z -= sign * PIO2_2;
            y0 = z - sign * PIO2_2T;
            y1 = (z - y0) - sign * PIO2_2T;
        }
        return Some((n, y0, y1));
    }
    if ix > 0x413921fb {
        return None;
    }
    let t = x.abs();
    let n = (t * INVPIO2 + 0.5) as i32;
    let fn_ = f64::from(n);
    let mut r = t - fn_ * PIO2_1;
    let mut w = fn_ * PIO2_1T;
    let mut y0;
    if n < 32 && ix != NPIO2_HW[(n - 1) as usize] {
        y0 = r - w;
    } else {
        let j = ix >> 20;
        y0 = r - w;
        let mut i = j - ((high(y0) >> 20) & 0x7ff);
        if i > 16 {
            let t = r;
            w = fn_ * PIO2_2;
            r = t - w;
            w = fn_ * PIO2_2T - ((t - r) - w);
            y0 = r - w;
            i = j - ((high(y0) >> 20) & 0x7ff);
            if i > 49 {
                let t = r;
                w = fn_ * PIO2_3;
                r = t - w;
                w = fn_ * PIO2_3T - ((t - r) - w);
                y0 = r - w;
            }
        }
    }
    let y1 = (r - y0) - w;
    Some(if hx < 0 { (-n, -y0, -y1) } else { (n, y0, y1) })
}

/// fdlibm's `__kernel_sin` on [-pi/4, pi/4]; `y` is the tail of `x`, `iy` 0 when there is none.
fn kernel_sin(x: f64, y: f64, iy: i32) -> f64 {
    const S1: f64 = -1.66666666666666324348e-01;
    const S2: f64 = 8.33333333332248946124e-03;
    const S3: f64 = -1.98412698298579493134e-04;
    const S4: f64 = 2.75573137070700676789e-06;
    const S5: f64 = -2.50507602534068634195e-08;
    const S6: f64 = 1.58969099521155010221e-10;
    let ix = high(x) & 0x7fffffff;
    if ix < 0x3e400000 && x as i32 == 0 {
        return x;
    }
    let z = x * x;
    let v = z * x;
    let r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
    if iy == 0 {
        x + v * (S1 + z * r)
    } else {
        x - ((z * (0.5 * y - v * r) - y) - v * S1)
    }
}

/// fdlibm's `__kernel_cos` on [-pi/4, pi/4]; `y` is the tail of `x`.
fn kernel_cos(x: f64, y: f64) -> f64 {
    const C1: f64 = 4.16666666666666019037e-02;
    const C2: f64 = -1.38888888888741095749e-03;
    const C3: f64 = 2.48015872894767294178e-05;
    const C4: f64 = -2.75573143513906633035e-07;
    const C5: f64 = 2.08757232129817482790e-09;
    const C6: f64 = -1.13596475577881948265e-11;
    let ix = high(x) & 0x7fffffff;
    if ix < 0x3e400000 && x as i32 == 0 {
        return 1.0;
    }
    let z = x * x;
    let r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    if ix < 0x3FD33333 {
        1.0 - (0.5 * z - (z * r - x * y))
    } else {
        let qx = if ix > 0x3fe90000 {
            0.28125
        } else {
            from_words(ix - 0x00200000, 0)
        };
        let iz = 0.5 * z - qx;
        let a = 1.0 - qx;
        a - (iz - (z * r - x * y))
    }
}

/// V8's `Math.sin`.
pub fn sin(x: f64) -> f64 {
    let ix = high(x) & 0x7fffffff;
    if ix <= 0x3fe921fb {
        return kernel_sin(x, 0.0, 0);
    }
    if ix >= 0x7ff00000 {
        return f64::NAN;
    }
    match rem_pio2(x) {
        Some((n, y0, y1)) => match n & 3 {
            0 => kernel_sin(y0, y1, 1),
            1 => kernel_cos(y0, y1),
            2 => -kernel_sin(y0, y1, 1),
            _ => -kernel_cos(y0, y1),
        },
        None => x.sin(),
    }
}

/// V8's `Math.cos`.
pub fn cos(x: f64) -> f64 {
    let ix = high(x) & 0x7fffffff;
    if ix <= 0x3fe921fb {
        return kernel_cos(x, 0.0);
    }
    if ix >= 0x7ff00000 {
        return f64::NAN;
    }
    match rem_pio2(x) {
        Some((n, y0, y1)) => match n & 3 {
            0 => kernel_cos(y0, y1),
            1 => -kernel_sin(y0, y1, 1),
            2 => -kernel_cos(y0, y1),
            _ => kernel_sin(y0, y1, 1),
        },
        None => x.cos(),
    }
}

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INVLN2: f64 = std::f64::consts::LOG2_E;

/// V8's `Math.exp`.
pub fn exp(x: f64) -> f64 {
    const O_THRESHOLD: f64 = 7.09782712893383973096e+02;
    const U_THRESHOLD: f64 = -7.45133219101941108420e+02;
    const P1: f64 = 1.66666666666666019037e-01;
    const P2: f64 = -2.77777777770155933842e-03;
    const P3: f64 = 6.61375632143793436117e-05;
    const P4: f64 = -1.65339022054652515390e-06;
    const P5: f64 = 4.13813679705723846039e-08;
    const E: f64 = std::f64::consts::E;
    const TWO_M1000: f64 = 9.33263618503218878990e-302;
    const TWO_1023: f64 = 8.988465674311579539e307;
    let hx_signed = high(x);
    let xsb = (hx_signed >> 31) & 1;
    let hx = hx_signed & 0x7fffffff;
    if hx >= 0x40862E42 {
        if hx >= 0x7ff00000 {
            return if ((hx & 0xfffff) as u32 | low(x)) != 0 {
                x + x
            } else if xsb == 0 {
                x
            } else {
                0.0
            };
        }
        if x > O_THRESHOLD {
            return f64::INFINITY;
        }
        if x < U_THRESHOLD {
            return 0.0;
        }
    }
    let (mut hi, mut lo, mut k) = (0.0, 0.0, 0);
    let mut x = x;
    if hx > 0x3fd62e42 {
        if hx < 0x3FF0A2B2 {
            if x == 1.0 {
                return E;
            }
            let sign = if xsb == 0 { 1.0 } else { -1.0 };
            hi = x - sign * LN2_HI;
            lo = sign * LN2_LO;
            k = 1 - xsb - xsb;
        } else {
            k = (INVLN2 * x + if xsb == 0 { 0.5 } else { -0.5 }) as i32;
            let t = f64::from(k);
            hi = x - t * LN2_HI;
            lo = t * LN2_LO;
        }
        x = hi - lo;
    } else if hx < 0x3e300000 {
        return 1.0 + x;
    }
    let t = x * x;
    let twopk = if k >= -1021 {
        from_words(0x3ff00000 + (k << 20), 0)
    } else {
        from_words(0x3ff00000 + ((k + 1000) << 20), 0)
    };
    let c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    if k == 0 {
        return 1.0 - ((x * c) / (c - 2.0) - x);
    }
    let y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
    if k >= -1021 {
        if k == 1024 {
            return y * 2.0 * TWO_1023;
        }
        y * twopk
    } else {
        y * twopk * TWO_M1000
    }
}

/// V8's `Math.log`.
pub fn log(x: f64) -> f64 {
    const TWO54: f64 = 1.80143985094819840000e+16;
    const LG1: f64 = 6.666666666666735130e-01;
    const LG2: f64 = 3.999999999940941908e-01;
    const LG3: f64 = 2.857142874366239149e-01;
    const LG4: f64 = 2.222219843214978396e-01;
    const LG5: f64 = 1.818357216161805012e-01;
    const LG6: f64 = 1.531383769920937332e-01;
    const LG7: f64 = 1.479819860511658591e-01;
    let mut x = x;
    let mut hx = high(x);
    let lx = low(x);
    let mut k = 0;
    if hx < 0x00100000 {
        if ((hx & 0x7fffffff) as u32 | lx) == 0 {
            return f64::NEG_INFINITY;
        }
        if hx < 0 {
            return f64::NAN;
        }
        k -= 54;
        x *= TWO54;
        hx = high(x);
    }
    if hx >= 0x7ff00000 {
        return x + x;
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    let i = (hx + 0x95f64) & 0x100000;
    x = with_high(x, hx | (i ^ 0x3ff00000));
    k += i >> 20;
    let f = x - 1.0;
    let dk = f64::from(k);
    if (0x000fffff & (2 + hx)) < 3 {
        if f == 0.0 {
            return if k == 0 {
                0.0
            } else {
                dk * LN2_HI + dk * LN2_LO
            };
        }
        let r = f * f * (0.5 - 0.33333333333333333 * f);
        return if k == 0 {
            f - r
        } else {
            dk * LN2_HI - ((r - dk * LN2_LO) - f)
        };
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let mut i = hx - 0x6147a;
    let w = z * z;
    let j = 0x6b851 - hx;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    i |= j;
    let r = t2 + t1;
    if i > 0 {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

/// fdlibm's `expm1`, e^x - 1 (what V8's tanh is built on).
fn expm1(x0: f64) -> f64 {
    const O_THRESHOLD: f64 = 7.09782712893383973096e+02;
    const Q1: f64 = -3.33333333333331316428e-02;
    const Q2: f64 = 1.58730158725481460165e-03;
    const Q3: f64 = -7.93650757867487942473e-05;
    const Q4: f64 = 4.00821782732936239552e-06;
    const Q5: f64 = -2.01099218183624371326e-07;
    let negative = high(x0) < 0;
    let hx = high(x0) & 0x7fffffff;
    if hx >= 0x4043687A {
        if hx >= 0x40862E42 {
            if hx >= 0x7ff00000 {
                return if ((hx & 0xfffff) as u32 | low(x0)) != 0 {
                    x0 + x0
                } else if negative {
                    -1.0
                } else {
                    x0
                };
            }
            if x0 > O_THRESHOLD {
                return f64::INFINITY;
            }
        }
        if negative {
            return -1.0;
        }
    }
    let (x, k, c) = if hx > 0x3fd62e42 {
        let (hi, lo, k) = if hx < 0x3FF0A2B2 {
            if negative {
                (x0 + LN2_HI, -LN2_LO, -1)
            } else {
                (x0 - LN2_HI, LN2_LO, 1)
            }
        } else {
            let k = (INVLN2 * x0 + if negative { -0.5 } else { 0.5 }) as i32;
            let t = f64::from(k);
            (x0 - t * LN2_HI, t * LN2_LO, k)
        };
        let x = hi - lo;
        (x, k, (hi - x) - lo)
    } else if hx < 0x3c900000 {
        return x0;
    } else {
        (x0, 0, 0.0)
    };
    let hfx = 0.5 * x;
    let hxs = x * hfx;
    let r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
    let t = 3.0 - r1 * hfx;
    let mut e = hxs * ((r1 - t) / (6.0 - x * t));
    if k == 0 {
        return x - (x * e - hxs);
    }
    e = x * (e - c) - c;
    e -= hxs;
    if k == -1 {
        return 0.5 * (x - e) - 0.5;
    }
    if k == 1 {
        return if x < -0.25 {
            -2.0 * (e - (x + 0.5))
        } else {
            1.0 + 2.0 * (x - e)
        };
    }
    let add_exponent = |y: f64| with_high(y, high(y) + (k << 20));
    if k <= -2 || k > 56 {
        return add_exponent(1.0 - (e - x)) - 1.0;
    }
    if k < 20 {
        let t = from_words(0x3ff00000 - (0x200000 >> k), 0);
        add_exponent(t - (e - x))
    } else {
        let t = from_words((0x3ff - k) << 20, 0);
        add_exponent(x - (e + t) + 1.0)
    }
}

/// Lanes of [`tanh_slice`] computed together.
const LANES: usize = 8;

/// `Math.tanh` of every value in place, the same doubles as [`tanh`], several at a time: the
/// branches of `tanh` and `expm1` that finite arguments of magnitude 2^-27 to 22 can take are
/// all computed and the right one selected per lane, so the compiler can keep the lanes in
/// vector registers (tanh is most of the time of a TF-Playground-compatible run). Other
/// values (tiny, large, infinite, NaN) go through [`tanh`] itself.
#[multiversion::multiversion(targets = "simd")]
pub fn tanh_slice(values: &mut [f64]) {
    for chunk in values.chunks_mut(LANES) {
        // A short last chunk is padded with a value the lanes take (and the padding dropped).
        let mut lanes = [0.5; LANES];
        lanes[..chunk.len()].copy_from_slice(chunk);
        let special = lanes.iter().any(|&x| {
            let ix = high(x) & 0x7fffffff;
            !(0x3e300000..0x40360000).contains(&ix)
        });
        if special {
            chunk.iter_mut().for_each(|v| *v = tanh(*v));
        } else {
            let n = chunk.len();
            chunk.copy_from_slice(&tanh_lanes(lanes)[..n]);
        }
    }
}

/// [`tanh`] of lanes whose magnitudes are all in [2^-27, 22), without branches.
#[inline(always)]
fn tanh_lanes(x: [f64; LANES]) -> [f64; LANES] {
    const Q1: f64 = -3.33333333333331316428e-02;
    const Q2: f64 = 1.58730158725481460165e-03;
    const Q3: f64 = -7.93650757867487942473e-05;
    const Q4: f64 = 4.00821782732936239552e-06;
    const Q5: f64 = -2.01099218183624371326e-07;
    let mut out = [0.0; LANES];
    for j in 0..LANES {
        let a = x[j].abs();
        let big = a >= 1.0;
        // tanh's argument to expm1: 2|x| (at least 2) or -2|x| (above -2).
        let arg = if big { 2.0 * a } else { -2.0 * a };
        let negative = !big;
        let hx = high(arg) & 0x7fffffff;
        // expm1's reduction; k = 0 (t = 0) leaves the argument as it is, exactly.
        let t = if hx <= 0x3fd62e42 {
            0.0
        } else if hx < 0x3FF0A2B2 {
            if negative { -1.0 } else { 1.0 }
        } else {
            (INVLN2 * arg + if negative { -0.5 } else { 0.5 }).trunc()
        };
        // The integer t as an i32 without a (scalar, saturating) conversion: adding 1.5 x 2^52
        // puts it in the low bits of the sum.
        let k = ((t + 6755399441055744.0).to_bits() as u32) as i32;
        let hi = arg - t * LN2_HI;
        let lo = t * LN2_LO;
        let r = hi - lo;
        let c = (hi - r) - lo;
        let hfx = 0.5 * r;
        let hxs = r * hfx;
        let r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        let t3 = 3.0 - r1 * hfx;
        let e = hxs * ((r1 - t3) / (6.0 - r * t3));
        let at_zero = r - (r * e - hxs);
        let e2 = (r * (e - c) - c) - hxs;
        let at_minus_one = 0.5 * (r - e2) - 0.5;
        let at_one = if r < -0.25 {
            -2.0 * (e2 - (r + 0.5))
        } else {
            1.0 + 2.0 * (r - e2)
        };
        let shift = |y: f64| f64::from_bits(y.to_bits().wrapping_add(((k as i64) << 52) as u64));
        let far = shift(1.0 - (e2 - r)) - 1.0;
        let small_k = shift(from_words(0x3ff00000 - (0x200000 >> k.clamp(0, 31)), 0) - (e2 - r));
        let large_k = shift(r - (e2 + from_words((0x3ff - k) << 20, 0)) + 1.0);
        let em1 = match k {
            0 => at_zero,
            -1 => at_minus_one,
            1 => at_one,
            k if k <= -2 || k > 56 => far,
            k if k < 20 => small_k,
            _ => large_k,
        };
        let z = if big {
            1.0 - 2.0 / (em1 + 2.0)
        } else {
            -em1 / (em1 + 2.0)
        };
        out[j] = z.copysign(x[j]);
    }
    out
}

/// V8's `Math.tanh`.
pub fn tanh(x: f64) -> f64 {
    let jx = high(x);
    let ix = jx & 0x7fffffff;
    if ix >= 0x7ff00000 {
        return if jx >= 0 {
            1.0 / x + 1.0
        } else {
            1.0 / x - 1.0
        };
    }
    let z = if ix < 0x40360000 {
        if ix < 0x3e300000 {
            return x;
        }
        if ix >= 0x3ff00000 {
            let t = expm1(2.0 * x.abs());
            1.0 - 2.0 / (t + 2.0)
        } else {
            let t = expm1(-2.0 * x.abs());
            -t / (t + 2.0)
        }
    } else {
        1.0
    };
    if jx >= 0 { z } else { -z }
}
