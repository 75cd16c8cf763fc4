//! `nnplay export-model`: writes a scene's model as JSON (and optionally its data as CSV).

use anyhow::{Context, Result};
use clap::Args;
use nnplay::engine::data::csv_table::write_table;
use nnplay::engine::scene::{ModelFile, model_file::layers_of, write_atomically};
use nnplay::engine::train::Session;
use std::path::PathBuf;

/// Arguments of `nnplay export-model`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Scene file or preset id.
    scene: String,
    /// Where to write the model JSON.
    #[arg(long)]
    out: PathBuf,
    /// Also write the scene's data (features' source columns and label) as CSV here.
    #[arg(long)]
    data: Option<PathBuf>,
}

/// Runs the export.
pub fn run(args: &ExportArgs) -> Result<()> {
    let (scene, anchor) = super::load_scene(&args.scene)?;
    let session = Session::new(&scene, &anchor)?;
    let model = ModelFile {
        features: scene.data.features.clone(),
        epoch: session.epoch(),
        layers: layers_of(session.network()),
    };
    let json = serde_json::to_string_pretty(&model)?;
    write_atomically(&args.out, json.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "wrote {} ({} parameters)",
        args.out.display(),
        session.network().parameter_count()
    );
    if let Some(path) = &args.data {
        let table = session.table();
        let mut bytes = Vec::new();
        write_table(table, "label", &mut bytes)?;
        write_atomically(path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!(
            "wrote {} ({} rows, file order = train, validation, test)",
            path.display(),
            table.rows()
        );
    }
    Ok(())
}
