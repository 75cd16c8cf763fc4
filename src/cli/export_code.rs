//! `nnplay export-code`: writes a scene's trained network as a standalone Python script
//! (numpy, Keras or PyTorch), with the data CSV and the weights JSON it reads beside it.

use anyhow::Result;
use clap::Args;
use nnplay::engine::export::{Framework, session_to_python};
use std::path::PathBuf;

/// Arguments of `nnplay export-code`.
#[derive(Args, Debug)]
pub struct ExportCodeArgs {
    /// Scene file (saved with its trained weights, e.g. by `nnplay train --save`) or preset id.
    scene: String,
    /// numpy, keras or pytorch.
    #[arg(long, value_parser = parse_framework)]
    framework: Framework,
    /// Where to write the script; the data (`.csv`) and the weights (`.model.json`) go beside it.
    #[arg(long)]
    out: PathBuf,
}

fn parse_framework(name: &str) -> Result<Framework, String> {
    Framework::parse(name).ok_or_else(|| format!("'{name}': choose numpy, keras or pytorch"))
}

/// Runs the export.
pub fn run(args: &ExportCodeArgs) -> Result<()> {
    let (scene, anchor) = super::load_scene(&args.scene)?;
    let session = super::reading::session(&scene, &anchor)?;
    let exported =
        session_to_python(&session, args.framework, &args.out).map_err(anyhow::Error::msg)?;
    if scene.model.is_none() {
        eprintln!(
            "note: {} holds no trained weights, so the script loads untrained ones (train and \
             keep them first: nnplay train {} --save trained.toml)",
            anchor.display(),
            args.scene
        );
    }
    let mut outputs = super::outputs::Outputs::default();
    for (path, bytes) in &exported.files {
        outputs.write(path, bytes)?;
    }
    outputs.commit()?;
    for (path, bytes) in &exported.files {
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    println!("run it: python3 {}", args.out.display());
    Ok(())
}
