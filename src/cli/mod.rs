//! Command-line parsing and dispatch. Every error ends as one line on stderr and a non-zero
//! exit status.

mod bench;
mod check;
mod comparison;
mod export;
mod export_code;
mod export_onnx;
mod figure;
mod outputs;
mod reading;
mod train;
mod variants;
mod window;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use nnplay::engine::presets;
use nnplay::engine::scene::Scene;
use std::path::{Path, PathBuf};

/// A neural-network playground for particle-physics machine-learning courses.
#[derive(Parser, Debug)]
#[command(
    name = "nnplay",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    window: window::WindowArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Train a scene headless and print a summary.
    Train(train::TrainArgs),
    /// Validate scene files; exit status 0 only if all are valid.
    Check {
        /// Scene files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the built-in presets.
    Presets,
    /// Measure training speed and map time on the reference configurations.
    Bench(bench::BenchArgs),
    /// Write a scene's model (weights, biases, activations) as JSON.
    ExportModel(export::ExportArgs),
    /// Write a scene's trained network or trees as an ONNX model that takes the raw input
    /// columns.
    ExportOnnx(export_onnx::ExportOnnxArgs),
    /// Write a scene's trained network as a Python script (numpy, Keras or PyTorch) with the
    /// data and weights it reads.
    ExportCode(export_code::ExportCodeArgs),
    /// Train a scene headless and write a figure (output map, loss, ROC, rejection, score
    /// histograms, …) as PNG or SVG.
    Figure(figure::FigureArgs),
    /// Print a scene (or preset) as a TF Playground link; what the link leaves out goes to
    /// stderr.
    Link {
        /// Scene file or preset id.
        scene: String,
    },
    /// List the trees of a ROOT file: every branch with its type, entries and the columns it
    /// gives (`[data.root] branches`).
    Root {
        /// The ROOT file.
        file: PathBuf,
    },
}

/// Parses the arguments, runs the command and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return 0;
        }
        Err(e) => {
            let text = e.to_string();
            eprintln!(
                "nnplay: {}",
                text.lines()
                    .next()
                    .unwrap_or("invalid arguments")
                    .trim_start_matches("error: ")
            );
            return 2;
        }
    };
    let result = match cli.command {
        None => window::run(cli.window).map(|()| 0),
        Some(Command::Train(args)) => train::run(&args).map(|()| 0),
        Some(Command::Link { scene }) => link(&scene).map(|()| 0),
        Some(Command::Root { file }) => list_root(&file).map(|()| 0),
        Some(Command::Check { files }) => Ok(check::run(&files)),
        Some(Command::Presets) => {
            list_presets();
            Ok(0)
        }
        Some(Command::Bench(args)) => bench::run(&args).map(|()| 0),
        Some(Command::ExportModel(args)) => export::run(&args).map(|()| 0),
        Some(Command::ExportOnnx(args)) => export_onnx::run(&args).map(|()| 0),
        Some(Command::ExportCode(args)) => export_code::run(&args).map(|()| 0),
        Some(Command::Figure(args)) => figure::run(&args).map(|()| 0),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("nnplay: {}", one_line(&e));
            if e.is::<train::Diverged>() {
                3
            } else if e.is::<train::Interrupted>() || e.is::<reading::ReadingInterrupted>() {
                130
            } else {
                1
            }
        }
    }
}

/// An error and its causes on one line.
fn one_line(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| c.to_string().replace('\n', " "))
        .collect::<Vec<_>>()
        .join(": ")
}

fn list_presets() {
    println!("{:<16} {:<34} {:<28} title", "id", "course", "chapter");
    for p in presets::PRESETS {
        match p.scene() {
            Ok(s) => println!(
                "{:<16} {:<34} {:<28} {}",
                p.id, s.lesson.course, s.lesson.chapter, s.lesson.title
            ),
            Err(e) => println!("{:<16} (broken: {e})", p.id),
        }
    }
}

/// `nnplay root`: the trees of a ROOT file and their branches.
fn list_root(file: &Path) -> Result<()> {
    use nnplay::engine::data::root_file::{BranchKind, count_column, leading_column, list_trees};
    for tree in list_trees(file)? {
        println!("tree '{}': {} entries", tree.name, tree.entries);
        println!(
            "  {:<28} {:<14} {:>8}  columns",
            "branch", "type", "entries"
        );
        for b in &tree.branches {
            let columns = match b.kind {
                BranchKind::Number(_) => b.name.clone(),
                BranchKind::Jagged(_) => {
                    format!("{}, {}", count_column(&b.name), leading_column(&b.name))
                }
                BranchKind::Text => "(strings: a class label)".into(),
                BranchKind::Other => "(not readable as numbers)".into(),
            };
            println!(
                "  {:<28} {:<14} {:>8}  {columns}",
                b.name, b.type_name, b.entries
            );
        }
    }
    Ok(())
}

/// `nnplay link`: the scene as a TF Playground link on stdout, notes on stderr.
fn link(name: &str) -> Result<()> {
    let (scene, _) = load_scene(name)?;
    let (link, notes) = nnplay::engine::scene::playground_link::to_playground_link(&scene)
        .map_err(anyhow::Error::msg)
        .context("cannot write the scene as a TF Playground link")?;
    for note in notes {
        eprintln!("note: {note}");
    }
    println!("{link}");
    Ok(())
}

/// Loads a scene from a file path, a TF Playground link, or a built-in preset by id. Returns the
/// scene and the path that anchors its relative paths.
fn load_scene(name: &str) -> Result<(Scene, PathBuf)> {
    if nnplay::engine::scene::playground_link::is_playground_link(name) {
        let (scene, notices) = nnplay::engine::scene::playground_link::from_playground_link(name)
            .map_err(anyhow::Error::msg)
            .context("cannot read the TF Playground link")?;
        for notice in notices {
            eprintln!("note: {notice}");
        }
        return Ok((scene, PathBuf::from("tf-playground-link.toml")));
    }
    let path = Path::new(name);
    if path.exists() {
        return Ok((Scene::load(path)?, path.to_path_buf()));
    }
    if let Some(p) = presets::find(name) {
        return Ok((p.scene()?, p.label()));
    }
    Err(anyhow::anyhow!(
        "no scene file or preset named '{name}' (see `nnplay presets`)"
    ))
    .context("cannot load the scene")
}
