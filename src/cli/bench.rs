//! `nnplay bench`: epochs per second and map times of the reference configurations.

use anyhow::Result;
use clap::Args;
use nnplay::engine::boundary::MapScratch;
use nnplay::engine::workloads::{
    CONFIG_A, CONFIG_JETS, config_b, epochs_per_second, map_seconds, median, session,
};

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
    println!("single thread, median of {runs} runs");
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
    Ok(())
}
