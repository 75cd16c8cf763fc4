//! `nnplay bench`: epochs per second and map times of the reference configurations.

use anyhow::Result;
use clap::Args;
use nnplay::engine::boundary::MapScratch;
use nnplay::engine::model::{Model, StepData, StepEnd, TreeModel};
use nnplay::engine::rng::Rng;
use nnplay::engine::train::{Session, Status};
use nnplay::engine::workloads::{
    CONFIG_A, CONFIG_JETS, config_b, config_bdt, epochs_per_second, map_seconds, median, session,
};
use std::path::Path;
use std::time::Instant;

/// Arguments of `nnplay bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Runs per figure (the median is printed).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Epochs per timed run.
    #[arg(long, default_value_t = 2000)]
    epochs: u64,
}

/// Runs the benchmarks and prints one line per figure.
pub fn run(args: &BenchArgs) -> Result<()> {
    let runs = args.runs.max(1);
    println!("training on one thread, maps on up to two; median of {runs} runs");
    for (name, text) in [
        (
            "A: circle [4,2] tanh, batch 10, 250 train",
            CONFIG_A.to_string(),
        ),
        ("B: spiral [8x6] tanh, batch 10, 250 train", config_b()),
    ] {
        let mut s = session(&text).map_err(anyhow::Error::msg)?;
        epochs_per_second(&mut s, args.epochs / 10 + 1);
        let rates: Vec<f64> = (0..runs)
            .map(|_| epochs_per_second(&mut s, args.epochs))
            .collect();
        let (mut scratch, mut out) = (MapScratch::default(), Vec::new());
        map_seconds(&mut s, 200, &mut scratch, &mut out);
        let maps: Vec<f64> = (0..runs.max(5))
            .map(|_| map_seconds(&mut s, 200, &mut scratch, &mut out))
            .collect();
        println!(
            "config {name}: {:>9.0} epochs/s   200x200 map {:>7.3} ms",
            median(rates),
            median(maps) * 1e3
        );
    }
    let mut jets = session(CONFIG_JETS).map_err(anyhow::Error::msg)?;
    epochs_per_second(&mut jets, 1);
    let seconds: Vec<f64> = (0..runs.min(5))
        .map(|_| 1.0 / epochs_per_second(&mut jets, 1))
        .collect();
    println!(
        "jets: 100,000 x 5 features, [32,32] relu, Adam, batch 256: {:>7.1} ms per epoch",
        median(seconds) * 1e3
    );
    for depth in [3, 6] {
        bench_boosted_trees(depth, runs.min(3))?;
    }
    Ok(())
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
