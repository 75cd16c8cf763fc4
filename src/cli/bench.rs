//! `nnplay bench`: epochs per second and map times of the reference configurations.

use anyhow::Result;
use clap::Args;
use nnplay::engine::boundary::MapScratch;
use nnplay::engine::figures::classifier;
use nnplay::engine::model::{Model, StepData, StepEnd, TreeModel, training_threads};
use nnplay::engine::rng::Rng;
use nnplay::engine::scene::Precision;
use nnplay::engine::train::{Session, Status, Which};
use nnplay::engine::workloads::{
    CONFIG_A, CONFIG_JETS, HIGGS_FEATURES, HiggsSized, config_b, config_bdt, epochs_per_second,
    fast, higgs_session, in_precision, map_seconds, median, session, session_training_seconds,
};
use std::path::Path;
use std::time::Instant;

/// Arguments of `nnplay bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Runs per figure (the median is printed).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Epochs per timed run of configs A and B.
    #[arg(long, default_value_t = 2000)]
    epochs: u64,
    /// Print one JSON object with fixed keys instead of the table (the tree benchmarks are left
    /// out).
    #[arg(long)]
    json: bool,
    /// Run the workloads outside TF-Playground-compatible mode in f64 instead of f32 (to see
    /// what single precision gains).
    #[arg(long = "f64")]
    double: bool,
}

/// The network figures, each the median of several runs.
struct NetworkFigures {
    a_epochs_per_s: f64,
    b_epochs_per_s: f64,
    a_fast_epochs_per_s: f64,
    b_fast_epochs_per_s: f64,
    a_map_ms: f64,
    m_ms: f64,
    j_epoch_ms: f64,
    j_epoch_with_loss_ms: f64,
    /// (rows, ms per epoch) of workload H.
    h_epoch_ms: Vec<(usize, f64)>,
    /// H at 10^6 rows with a test fifth: what its figures cost.
    h_figures: HiggsFigureCosts,
}

/// Milliseconds the figures of workload H at 10^6 rows (800,000 train, 200,000 test) take,
/// against its epoch of updates.
struct HiggsFigureCosts {
    /// One epoch of updates over the 800,000 training rows.
    epoch_ms: f64,
    /// The per-epoch record (losses, accuracies, AUC and rejection on the samples).
    per_epoch_ms: f64,
    /// The same figures on every row of both splits, as before sampling.
    every_row_ms: f64,
    /// The window's live classifier figures (ROC, histograms, efficiency scan).
    live_ms: f64,
}

/// Rows of workload H, smallest first; the JSON reports the last.
const H_ROWS: [usize; 3] = [10_000, 100_000, 1_000_000];

/// Runs the benchmarks and prints a table, or one JSON object.
pub fn run(args: &BenchArgs) -> Result<()> {
    let runs = args.runs.max(1);
    let precision = if args.double {
        Precision::F64
    } else {
        Precision::F32
    };
    let figures = measure_networks(runs, args.epochs, precision)?;
    if args.json {
        println!("{}", json_of(&figures, precision));
        return Ok(());
    }
    let f = &figures;
    println!(
        "{} outside TF-Playground-compatible mode (f64 in it); batches of 128 rows and \
         300,000 (f32) or 150,000 (f64) rows x parameters or more on {} threads, maps and \
         loss passes on up to two; median of {runs} runs",
        precision_name(precision),
        training_threads()
    );
    println!(
        "config A: circle [4,2] tanh, batch 10, 250 train: {:>9.0} epochs/s TF-compatible, {:>9.0} \
         fast   200x200 map {:>7.3} ms",
        f.a_epochs_per_s, f.a_fast_epochs_per_s, f.a_map_ms
    );
    println!(
        "config B: spiral [8x6] tanh, batch 10, 250 train: {:>9.0} epochs/s TF-compatible, {:>9.0} \
         fast   200x200 map {:>7.3} ms",
        f.b_epochs_per_s, f.b_fast_epochs_per_s, f.m_ms
    );
    println!(
        "jets: 100,000 x 5 features, [32,32] relu, Adam, batch 256: {:>7.1} ms per epoch of \
         updates, {:>7.1} ms with the loss pass",
        f.j_epoch_ms, f.j_epoch_with_loss_ms
    );
    for (rows, ms) in &f.h_epoch_ms {
        println!(
            "H: {rows:>9} x {HIGGS_FEATURES} features, [64,64] relu, Adam, batch 512: {ms:>8.1} ms \
             per epoch of updates"
        );
    }
    let h = &f.h_figures;
    println!(
        "H figures at 10^6 rows (800,000 train, 200,000 test; epoch of updates {:.0} ms): per \
         epoch {:.1} ms ({:.1}% of it; {:.1} ms on every row), live ROC and histograms {:.1} ms",
        h.epoch_ms,
        h.per_epoch_ms,
        100.0 * h.per_epoch_ms / h.epoch_ms,
        h.every_row_ms,
        h.live_ms
    );
    for depth in [3, 6] {
        bench_boosted_trees(depth, runs.min(3))?;
    }
    Ok(())
}

/// The name of `precision` as the figures print it.
fn precision_name(precision: Precision) -> &'static str {
    match precision {
        Precision::F32 => "f32",
        Precision::F64 => "f64",
    }
}

/// Measures every network workload, those outside TF-Playground-compatible mode in `precision`.
fn measure_networks(runs: usize, epochs: u64, precision: Precision) -> Result<NetworkFigures> {
    let rate_and_map = |text: &str| -> Result<(f64, f64)> {
        let mut s = session(text).map_err(anyhow::Error::msg)?;
        epochs_per_second(&mut s, epochs / 10 + 1);
        let rates: Vec<f64> = (0..runs)
            .map(|_| epochs_per_second(&mut s, epochs))
            .collect();
        let (mut scratch, mut out) = (MapScratch::default(), Vec::new());
        map_seconds(&mut s, 200, &mut scratch, &mut out);
        let maps: Vec<f64> = (0..runs.max(5))
            .map(|_| map_seconds(&mut s, 200, &mut scratch, &mut out))
            .collect();
        Ok((median(rates), median(maps) * 1e3))
    };
    let fast = |config: &str| in_precision(&fast(config), precision);
    let (a_epochs_per_s, _) = rate_and_map(CONFIG_A)?;
    let (b_epochs_per_s, _) = rate_and_map(&config_b())?;
    let (a_fast_epochs_per_s, a_map_ms) = rate_and_map(&fast(CONFIG_A))?;
    let (b_fast_epochs_per_s, m_ms) = rate_and_map(&fast(&config_b()))?;
    let jets_text = in_precision(CONFIG_JETS, precision);
    let mut jets = session(&jets_text).map_err(anyhow::Error::msg)?;
    epochs_per_second(&mut jets, 1);
    let with_loss: Vec<f64> = (0..runs.min(5))
        .map(|_| 1e3 / epochs_per_second(&mut jets, 1))
        .collect();
    let updates: Vec<f64> = (0..runs.min(5))
        .filter_map(|_| session_training_seconds(&jets).map(|s| s * 1e3))
        .collect();
    let h_epoch_ms = H_ROWS
        .iter()
        .map(|&rows| {
            let h = HiggsSized::new(rows, precision);
            let times: Vec<f64> = (0..runs.min(3)).map(|_| h.epoch_seconds() * 1e3).collect();
            (rows, median(times))
        })
        .collect();
    Ok(NetworkFigures {
        a_epochs_per_s,
        b_epochs_per_s,
        a_fast_epochs_per_s,
        b_fast_epochs_per_s,
        a_map_ms,
        m_ms,
        j_epoch_ms: median(updates),
        j_epoch_with_loss_ms: median(with_loss),
        h_epoch_ms,
        h_figures: measure_higgs_figures(runs.min(3), precision)?,
    })
}

/// Times workload H's figures at 10^6 rows, each the median of `runs`.
fn measure_higgs_figures(runs: usize, precision: Precision) -> Result<HiggsFigureCosts> {
    let mut s = higgs_session(H_ROWS[2], precision).map_err(anyhow::Error::msg)?;
    Ok(HiggsFigureCosts {
        epoch_ms: median_ms(runs, &mut s, |s| {
            session_training_seconds(s);
        }),
        per_epoch_ms: median_ms(runs, &mut s, |s| {
            s.evaluate_epoch();
        }),
        every_row_ms: median_ms(runs, &mut s, |s| {
            s.figures(Which::Train);
            s.figures(Which::Test);
            s.roc(Which::Test);
        }),
        live_ms: median_ms(runs, &mut s, |s| {
            classifier::figures(s);
        }),
    })
}

/// The median milliseconds of `runs` calls of `f` on the session.
fn median_ms(runs: usize, session: &mut Session, mut f: impl FnMut(&mut Session)) -> f64 {
    let times = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f(session);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    median(times)
}

/// The figures as one JSON object with fixed keys. `precision` says what the passes outside
/// TF-Playground-compatible mode computed in, and `threads` how many threads train.
fn json_of(f: &NetworkFigures, precision: Precision) -> serde_json::Value {
    let h_1e6 = f.h_epoch_ms.last().map_or(f64::NAN, |&(_, ms)| ms);
    serde_json::json!({
        "a_epochs_per_s": f.a_epochs_per_s,
        "b_epochs_per_s": f.b_epochs_per_s,
        "a_fast_epochs_per_s": f.a_fast_epochs_per_s,
        "b_fast_epochs_per_s": f.b_fast_epochs_per_s,
        "m_ms": f.m_ms,
        "j_epoch_ms": f.j_epoch_ms,
        "j_epoch_with_loss_ms": f.j_epoch_with_loss_ms,
        "h_epoch_ms": h_1e6,
        "h_epoch_figures_ms": f.h_figures.per_epoch_ms,
        "h_live_figures_ms": f.h_figures.live_ms,
        "threads": training_threads(),
        "precision": precision_name(precision),
    })
}

/// Boosted trees on the jets: the time to grow 100 trees, the 200x200 map of the finished
/// model evaluated from scratch, and the map after one more tree (which adds only that tree).
fn bench_boosted_trees(depth: usize, runs: usize) -> Result<()> {
    let text = config_bdt(depth);
    let mut grow = Vec::new();
    let mut trained = None;
    for _ in 0..runs {
        let mut s = session(&text).map_err(anyhow::Error::msg)?;
        let start = Instant::now();
        while s.train_epoch() == Status::Running {}
        grow.push(start.elapsed().as_secs_f64());
        trained = Some(s);
    }
    let Some(trained) = trained else {
        return Ok(());
    };
    // The same trees grown by the model alone, without the per-tree losses and accuracies
    // the window's curves need: what a library's fit() does.
    let mut grow_only = Vec::new();
    if let Some(settings) = trained.scene().trees.as_ref() {
        for _ in 0..runs {
            let splits = trained.splits();
            let mut model = TreeModel::new(settings, splits, None).map_err(anyhow::Error::msg)?;
            let mut rng = Rng::new(1);
            let start = Instant::now();
            loop {
                let step = model.train_step(StepData {
                    splits,
                    generator: None,
                    streaming: false,
                    training: &trained.scene().training,
                    loss: trained.loss(),
                    rng: &mut rng,
                    stop: None,
                });
                if step == StepEnd::Complete {
                    break;
                }
            }
            grow_only.push(start.elapsed().as_secs_f64());
        }
    }
    let mut saved = trained.scene_with_weights().map_err(anyhow::Error::msg)?;
    if let Some(trees) = saved.trees.as_mut() {
        trees.trees += 1;
    }
    let mut full_maps = Vec::new();
    let mut added_maps = Vec::new();
    let (mut scratch, mut out) = (MapScratch::default(), Vec::new());
    for _ in 0..runs {
        let mut s = Session::new(&saved, Path::new(".")).map_err(|e| anyhow::anyhow!("{e}"))?;
        s.set_full_metrics(false);
        full_maps.push(map_seconds(&mut s, 200, &mut scratch, &mut out));
        s.train_epoch();
        added_maps.push(map_seconds(&mut s, 200, &mut scratch, &mut out));
    }
    println!(
        "boosted trees: 100,000 jets x 6 features, 100 trees of depth {depth}: {:>6.1} ms to grow \
         with per-tree losses, {:>6.1} ms without   200x200 map {:>5.2} ms from scratch, {:>4.2} ms \
         after one more tree",
        median(grow) * 1e3,
        median(grow_only) * 1e3,
        median(full_maps) * 1e3,
        median(added_maps) * 1e3
    );
    Ok(())
}
