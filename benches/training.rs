//! Criterion benchmarks of the reference configurations (the same ones `nnplay bench` prints).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use criterion::{Criterion, criterion_group, criterion_main};
use nnplay::engine::boundary::MapScratch;
use nnplay::engine::workloads::{CONFIG_A, config_b, map_seconds, session};

fn epochs(c: &mut Criterion) {
    for (name, text) in [
        ("config A epoch", CONFIG_A.to_string()),
        ("config B epoch", config_b()),
    ] {
        let mut s = session(&text).unwrap();
        c.bench_function(name, |b| b.iter(|| s.train_epoch()));
    }
}

fn maps(c: &mut Criterion) {
    let mut s = session(&config_b()).unwrap();
    let (mut scratch, mut out) = (MapScratch::default(), Vec::new());
    c.bench_function("config B 200x200 map", |b| {
        b.iter(|| map_seconds(&mut s, 200, &mut scratch, &mut out))
    });
}

criterion_group!(benches, epochs, maps);
criterion_main!(benches);
