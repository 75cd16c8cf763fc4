//! The `nnplay` command: headless training, checks, presets, benchmarks and model export.

mod cli;

fn main() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        eprintln!("nnplay: internal error: {message}");
    }));
    std::process::exit(cli::run());
}
