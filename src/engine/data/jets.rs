//! Boosted top-quark jets against QCD jets: a port, draw for draw, of the reference generator
//! `shared/jets/jetgen_ref.py` (xoshiro256** through SplitMix64, Box-Muller normals,
//! Marsaglia-Tsang gammas, a fixed draw order per jet).

use super::table::Table;
use crate::engine::rng::Rng;
use std::f64::consts::PI;

/// The columns a jet has, in table order (the first two are the default view: mass, tau32).
pub const JET_COLUMNS: [&str; 11] = [
    "mass", "tau32", "tau21", "nconst", "pt", "eta", "phi", "tau1", "tau2", "tau3", "btag",
];

/// The unit of a jet column ("GeV" for mass and pt), if it has one.
pub fn unit_of(column: &str) -> Option<&'static str> {
    matches!(column, "mass" | "pt").then_some("GeV")
}

/// One jet's features.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Jet {
    /// True for a hadronic top jet, false for QCD.
    pub top: bool,
    /// Transverse momentum, GeV.
    pub pt: f64,
    /// Pseudorapidity.
    pub eta: f64,
    /// Azimuth.
    pub phi: f64,
    /// Jet mass, GeV.
    pub mass: f64,
    /// N-subjettiness tau1.
    pub tau1: f64,
    /// N-subjettiness tau2.
    pub tau2: f64,
    /// N-subjettiness tau3.
    pub tau3: f64,
    /// tau2 / tau1.
    pub tau21: f64,
    /// tau3 / tau2.
    pub tau32: f64,
    /// Number of constituents.
    pub nconst: u32,
    /// b-tag score in [0, 1].
    pub btag: f64,
}

impl Jet {
    /// The jet's values in [`JET_COLUMNS`] order.
    pub fn columns(&self) -> [f64; 11] {
        [
            self.mass,
            self.tau32,
            self.tau21,
            self.nconst as f64,
            self.pt,
            self.eta,
            self.phi,
            self.tau1,
            self.tau2,
            self.tau3,
            self.btag,
        ]
    }
}

const SIGNAL_FRACTION: f64 = 0.5;
const PT_MIN: f64 = 550.0;
const PT_MAX: f64 = 650.0;
const PT_INDEX: f64 = 2.8;
const ETA_SIGMA: f64 = 0.9;
const ETA_MAX: f64 = 2.0;
const R: f64 = 0.8;

fn logit_normal(rng: &mut Rng, mean: f64, sd: f64) -> f64 {
    let mean = mean.clamp(0.02, 0.98);
    let z = (mean / (1.0 - mean)).ln() + sd / (mean * (1.0 - mean)) * rng.normal();
    1.0 / (1.0 + (-z).exp())
}

fn power_law(rng: &mut Rng, n: f64, lo: f64, hi: f64) -> f64 {
    let a = 1.0 - n;
    (lo.powf(a) + rng.uniform() * (hi.powf(a) - lo.powf(a))).powf(1.0 / a)
}

fn count(rng: &mut Rng, mean: f64, relsd: f64) -> u32 {
    let k = 1.0 / (relsd * relsd);
    ((rng.gamma(k) * mean / k + 0.5).floor() as i64).max(3) as u32
}

/// Draws one jet (the reference's fixed order: label, pT, class block, eta, tau1 noise, b-tag, phi).
pub fn jet(rng: &mut Rng) -> Jet {
    let top = rng.uniform() < SIGNAL_FRACTION;
    let (pt, mass, t32, t21, nconst, is_b);
    if !top {
        pt = power_law(rng, PT_INDEX, PT_MIN, PT_MAX);
        let gluon = rng.uniform() < 0.55;
        let median = if gluon { 0.157 } else { 0.118 };
        let rho = loop {
            let rho = median * (0.55 * rng.normal()).exp();
            if rho <= 0.55 {
                break rho;
            }
        };
        mass = rho * pt;
        let lm = (mass / 60.0).ln();
        t32 = logit_normal(rng, 0.82 - 0.14 * lm, 0.11);
        t21 = logit_normal(
            rng,
            0.65 - 0.070 * lm + 0.03 * f64::from(u8::from(gluon)),
            0.18,
        );
        nconst = count(rng, if gluon { 52.0 } else { 38.0 } + 8.0 * lm, 0.22);
        is_b = rng.uniform() < 0.08;
    } else {
        pt = power_law(rng, PT_INDEX, PT_MIN, PT_MAX);
        let u = rng.uniform();
        let core = u < 0.76;
        mass = if core {
            loop {
                let m = 176.0 + 14.0 * rng.normal();
                if (20.0..=0.55 * pt).contains(&m) {
                    break m;
                }
            }
        } else if u < 0.76 + 0.13 {
            loop {
                let m = 140.0 + 22.0 * rng.normal();
                if (40.0..=0.55 * pt).contains(&m) {
                    break m;
                }
            }
        } else {
            (190.0 - 40.0 * rng.uniform().ln()).min(0.55 * pt)
        };
        t32 = if core {
            logit_normal(rng, 0.55, 0.15)
        } else {
            logit_normal(rng, 0.68, 0.14)
        };
        t21 = logit_normal(rng, if core { 0.50 } else { 0.58 }, 0.15);
        nconst = count(rng, if core { 60.0 } else { 54.0 }, 0.20);
        is_b = rng.uniform() < 0.70;
    }
    let eta = loop {
        let eta = ETA_SIGMA * rng.normal();
        if eta.abs() <= ETA_MAX {
            break eta;
        }
    };
    let tau1 = 2.0 * (mass / pt).powi(2) / R * (0.20 * rng.normal()).exp();
    let btag = if is_b {
        rng.beta(4.0, 2.0)
    } else {
        rng.beta(1.5, 4.0)
    };
    let phi = PI * (2.0 * rng.uniform() - 1.0);
    Jet {
        top,
        pt,
        eta,
        phi,
        mass,
        tau1,
        tau2: t21 * tau1,
        tau3: t32 * t21 * tau1,
        tau21: t21,
        tau32: t32,
        nconst,
        btag,
    }
}

/// Appends `n` jets to a table with [`JET_COLUMNS`]; class 1 is top, 0 QCD.
pub fn jets(n: usize, rng: &mut Rng, out: &mut Table) {
    for _ in 0..n {
        let j = jet(rng);
        out.push(&j.columns(), if j.top { 1.0 } else { 0.0 });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first five jets of seed 42, from shared/jets/golden_seed42.json.
    const GOLDEN: [Jet; 5] = [
        Jet {
            top: true,
            pt: 582.5865442668112,
            eta: -0.32772654743558477,
            phi: 0.6409771414679389,
            mass: 181.53260788473202,
            tau1: 0.22500143204342254,
            tau2: 0.11387458883311366,
            tau3: 0.06025028531741674,
            tau21: 0.5061060625211365,
            tau32: 0.5290933292037189,
            nconst: 54,
            btag: 0.14909824977132044,
        },
        Jet {
            top: true,
            pt: 593.1222605563711,
            eta: -0.2084427646107934,
            phi: 2.0587406151676695,
            mass: 169.6306362260117,
            tau1: 0.2162014543192148,
            tau2: 0.12845377890435516,
            tau3: 0.04292196480842749,
            tau21: 0.5941392915641405,
            tau32: 0.3341432628493286,
            nconst: 61,
            btag: 0.46767961602102387,
        },
        Jet {
            top: false,
            pt: 576.9308328773421,
            eta: 0.5601984910328472,
            phi: 0.541262078524443,
            mass: 150.5052841122273,
            tau1: 0.19636697983762416,
            tau2: 0.09470761965524842,
            tau3: 0.05057856022010289,
            tau21: 0.4822991102351431,
            tau32: 0.5340495348126931,
            nconst: 71,
            btag: 0.1268390007795886,
        },
        Jet {
            top: false,
            pt: 577.4855634806843,
            eta: 0.49286902161491836,
            phi: -1.0123566954651178,
            mass: 263.7733768549671,
            tau1: 0.5468070093809906,
            tau2: 0.2298779184751022,
            tau3: 0.13428998788779967,
            tau21: 0.4204004603659599,
            tau32: 0.5841795887948431,
            nconst: 55,
            btag: 0.12415840507273453,
        },
        Jet {
            top: false,
            pt: 554.5159909501947,
            eta: 0.4081031754478766,
            phi: 1.8371730899444292,
            mass: 102.28888543712564,
            tau1: 0.09683248281075191,
            tau2: 0.07033879654777554,
            tau3: 0.060126944376570735,
            tau21: 0.726396706002517,
            tau32: 0.8548190661142644,
            nconst: 61,
            btag: 0.07072864520445168,
        },
    ];

    #[test]
    fn mass_and_pt_are_in_gev_the_ratios_have_no_unit() {
        let units: Vec<Option<&str>> = JET_COLUMNS.iter().map(|c| unit_of(c)).collect();
        assert_eq!(units[0], Some("GeV"));
        assert_eq!(units[4], Some("GeV"));
        assert_eq!(units.iter().flatten().count(), 2);
    }

    #[test]
    fn reproduces_the_reference_generator_for_seed_42() {
        let mut rng = Rng::new(42);
        for (k, g) in GOLDEN.iter().enumerate() {
            let j = jet(&mut rng);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
            assert_eq!((j.top, j.nconst), (g.top, g.nconst), "jet {k}");
            for (name, ours, theirs) in JET_COLUMNS
                .iter()
                .zip(j.columns())
                .zip(g.columns())
                .map(|((n, a), b)| (n, a, b))
            {
                assert!(close(ours, theirs), "jet {k} {name}: {ours} vs {theirs}");
            }
        }
    }

    #[test]
    fn class_shapes_match_jets_md() {
        let mut rng = Rng::new(1);
        let sample: Vec<Jet> = (0..100_000).map(|_| jet(&mut rng)).collect();
        let of = |top: bool, f: fn(&Jet) -> f64| -> Vec<f64> {
            sample.iter().filter(|j| j.top == top).map(f).collect()
        };
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let sd = |v: &[f64]| {
            let m = mean(v);
            (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
        };
        let median = |v: &[f64]| {
            let mut s = v.to_vec();
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        };
        // jets.md: tau32 about 0.57 +- 0.15 for tops, 0.77 +- 0.14 for QCD; QCD median mass about
        // 82 GeV with about 14% in 140-210 GeV; tops peak near 176 GeV.
        let (top_t32, qcd_t32) = (of(true, |j| j.tau32), of(false, |j| j.tau32));
        assert!(
            (mean(&top_t32) - 0.57).abs() < 0.03 && (sd(&top_t32) - 0.15).abs() < 0.03,
            "top tau32 {} {}",
            mean(&top_t32),
            sd(&top_t32)
        );
        assert!(
            (mean(&qcd_t32) - 0.77).abs() < 0.03 && (sd(&qcd_t32) - 0.14).abs() < 0.03,
            "QCD tau32 {} {}",
            mean(&qcd_t32),
            sd(&qcd_t32)
        );
        let qcd_mass = of(false, |j| j.mass);
        assert!(
            (median(&qcd_mass) - 82.0).abs() < 5.0,
            "QCD median mass {}",
            median(&qcd_mass)
        );
        let window = qcd_mass
            .iter()
            .filter(|m| (140.0..210.0).contains(*m))
            .count() as f64
            / qcd_mass.len() as f64;
        assert!(
            (window - 0.14).abs() < 0.03,
            "QCD share in 140-210 GeV {window}"
        );
        assert!((median(&of(true, |j| j.mass)) - 174.0).abs() < 8.0);
        let fraction = sample.iter().filter(|j| j.top).count() as f64 / sample.len() as f64;
        assert!((fraction - 0.5).abs() < 0.01);
    }
}
