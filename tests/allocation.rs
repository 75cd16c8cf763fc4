//! A training epoch allocates no heap memory once the session is built (after a warm-up epoch,
//! which fills the history's and the metric buffers' first pages).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts allocations made by threads that switched counting on (the test harness's own
/// threads allocate at any time and must not count).
struct CountingAllocator;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn counting() -> bool {
    COUNTING.try_with(Cell::get).unwrap_or(false)
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counting() {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if counting() {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

mod common;

#[test]
fn training_epochs_do_not_allocate() {
    let adam = common::CIRCLE
        .replace(
            "playground_compatible = true",
            "optimizer = \"adam\"\ndropout = 0.2",
        )
        .replace(
            "train_fraction = 0.5",
            "train_fraction = 0.5\nvalidation_fraction = 0.2",
        )
        .replace(
            "batch_size = 10",
            "batch_size = 10\nearly_stopping = { patience = 1000 }",
        );
    let streaming = common::CIRCLE.replace(
        "train_fraction = 0.5",
        "train_fraction = 0.5\nstreaming = true",
    );
    for text in [common::CIRCLE.to_string(), adam, streaming] {
        let mut session = common::session(&text);
        session.train_epoch();
        ALLOCATIONS.store(0, Ordering::SeqCst);
        COUNTING.with(|c| c.set(true));
        for _ in 0..50 {
            session.train_epoch();
        }
        COUNTING.with(|c| c.set(false));
        assert_eq!(
            ALLOCATIONS.load(Ordering::SeqCst),
            0,
            "allocations while training:\n{text}"
        );
        assert_eq!(session.epoch(), 51);
    }
}
