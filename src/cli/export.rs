//! `nnplay export-model`: writes a scene's model as JSON (and optionally its data as CSV).

use anyhow::Result;
use clap::Args;
use nnplay::engine::data::csv_table::write_table;
use nnplay::engine::scene::{ModelFile, model_file::layers_of};
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
        layers: session.network().map(layers_of).unwrap_or_default(),
        ensemble: session.ensemble().cloned(),
    };
    let json = serde_json::to_string_pretty(&model)?;
    // Both files or neither: the model replaces its target only once the data is written too.
    let mut outputs = super::outputs::Outputs::default();
    outputs.write(&args.out, json.as_bytes())?;
    if let Some(path) = &args.data {
        let mut bytes = Vec::new();
        write_table(session.table(), "label", &mut bytes)?;
        outputs.write(path, &bytes)?;
    }
    outputs.commit()?;
    match (session.network(), session.ensemble()) {
        (Some(network), _) => println!(
            "wrote {} ({} parameters)",
            args.out.display(),
            network.parameter_count()
        ),
        (None, Some(ensemble)) => println!(
            "wrote {} ({} trees)",
            args.out.display(),
            ensemble.trees.len()
        ),
        (None, None) => {}
    }
    if let Some(path) = &args.data {
        println!(
            "wrote {} ({} rows, file order = train, validation, test)",
            path.display(),
            session.table().rows()
        );
    }
    Ok(())
}
