//! `nnplay check`: validates scene files (and TF Playground links), including that they build
//! a session.

use nnplay::engine::scene::{Scene, playground_link};
use nnplay::engine::train::Session;
use std::path::PathBuf;

/// Checks every file; prints one line per file; returns 0 only if all are valid.
pub fn run(files: &[PathBuf]) -> i32 {
    let mut failures = 0;
    for file in files {
        let text = file.to_string_lossy();
        let loaded = if playground_link::is_playground_link(&text) {
            playground_link::from_playground_link(&text).map(|(scene, _)| scene)
        } else {
            Scene::load(file).map_err(|e| e.to_string())
        };
        let outcome = loaded.and_then(|scene| {
            Session::new(&scene, file)
                .map(|_| ())
                .map_err(|e| format!("{}: {e}", file.display()))
        });
        match outcome {
            Ok(()) => println!("ok      {}", file.display()),
            Err(message) => {
                failures += 1;
                eprintln!("invalid {message}");
            }
        }
    }
    i32::from(failures > 0)
}
