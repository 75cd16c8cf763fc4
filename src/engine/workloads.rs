//! The reference benchmark configurations and their measurements, shared by `nnplay bench`
//! and `cargo bench`.

use crate::engine::boundary::{MapScratch, Region, output_map};
use crate::engine::scene::Scene;
use crate::engine::train::Session;
use std::path::Path;
use std::time::Instant;

/// Config A: circle, [4, 2] tanh, batch 10, 250 training points, TF-Playground-compatible.
pub const CONFIG_A: &str = r#"format = 1
seed = 1
[data]
dataset = "circle"
samples = 500
train_fraction = 0.5
features = ["x", "y"]
[network]
hidden = [4, 2]
activation = "tanh"
init = "playground"
[training]
loss = "playground"
learning_rate = 0.03
batch_size = 10
playground_compatible = true
"#;

/// Config B: as A, on the spiral with [8, 8, 8, 8, 8, 8] tanh.
pub fn config_b() -> String {
    CONFIG_A
        .replace("\"circle\"", "\"spiral\"")
        .replace("[4, 2]", "[8, 8, 8, 8, 8, 8]")
}

/// Jets: one epoch over 100,000 jets x 5 features with [32, 32] ReLU, Adam, batch 256.
pub const CONFIG_JETS: &str = r#"format = 1
seed = 1
[data]
dataset = "jets"
samples = 100000
train_fraction = 1.0
standardise = true
features = ["mass", "tau32", "tau21", "nconst", "pt"]
[network]
hidden = [32, 32]
activation = "relu"
init = "he"
[training]
loss = "bce"
optimizer = "adam"
learning_rate = 0.001
batch_size = 256
"#;

/// Boosted trees: 100 trees of depth `depth` on 100,000 jets x 6 features (learning rate 0.1,
/// XGBoost's L2 of 1 and minimum child weight of 1, 256 bins).
pub fn config_bdt(depth: usize) -> String {
    format!(
        r#"format = 1
seed = 1
[trees]
kind = "boosted"
trees = 100
max_depth = {depth}
learning_rate = 0.1
[data]
dataset = "jets"
samples = 100000
train_fraction = 1.0
features = ["mass", "tau32", "tau21", "nconst", "pt", "eta"]
"#
    )
}

/// A session for one of the configurations, with per-epoch AUC off (losses only).
pub fn session(scene_text: &str) -> Result<Session, String> {
    let scene = Scene::parse(scene_text, Path::new("<bench>")).map_err(|e| e.to_string())?;
    let mut s = Session::new(&scene, Path::new(".")).map_err(|e| e.to_string())?;
    s.set_full_metrics(false);
    Ok(s)
}

/// Epochs per second over `epochs` epochs (training plus the train and test loss passes).
pub fn epochs_per_second(session: &mut Session, epochs: u64) -> f64 {
    let start = Instant::now();
    for _ in 0..epochs {
        session.train_epoch();
    }
    epochs as f64 / start.elapsed().as_secs_f64()
}

/// Seconds for one `size x size` output map over the dataset's region.
pub fn map_seconds(
    session: &mut Session,
    size: usize,
    scratch: &mut MapScratch,
    out: &mut Vec<f64>,
) -> f64 {
    let region = session
        .generator()
        .map(|g| g.domain())
        .unwrap_or(((-6.0, 6.0), (-6.0, 6.0)));
    let start = Instant::now();
    output_map(
        session,
        Region {
            x: region.0,
            y: region.1,
        },
        size,
        scratch,
        out,
    );
    start.elapsed().as_secs_f64()
}

/// The median of a list of figures.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        0.5 * (values[n / 2 - 1] + values[n / 2])
    }
}
