//! The files a command writes. Each goes to a temporary file beside its target and replaces
//! the target only when the whole command has succeeded; on an error, a Ctrl+C or a SIGTERM
//! the temporary files are removed and the targets stay as they were.

use anyhow::{Context, Result};
use nnplay::engine::scene::temporary_beside;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Raised by Ctrl+C, SIGTERM or SIGHUP; long loops check it and stop.
pub fn interrupted() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let raised = Arc::clone(&flag);
        // Without a handler (a second call, an odd platform) the default still ends the
        // process; the temporary files then stay, named `.NAME.PID.tmp`.
        // A second interrupt ends the process at once (a long read that never checks).
        let _ = ctrlc::set_handler(move || {
            if raised.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
        flag
    })
}

/// Whether an interrupt arrived.
pub fn was_interrupted() -> bool {
    interrupted().load(Ordering::SeqCst)
}

/// One pending output.
struct Pending {
    temporary: PathBuf,
    target: PathBuf,
}

/// The outputs of one command, committed together.
#[derive(Default)]
pub struct Outputs {
    pending: Vec<Pending>,
}

impl Outputs {
    /// A writer for `target`, writing to its temporary file.
    pub fn create(&mut self, target: &Path) -> Result<BufWriter<File>> {
        let temporary = temporary_beside(target);
        let file = File::create(&temporary)
            .with_context(|| format!("cannot write {}", target.display()))?;
        self.pending.push(Pending {
            temporary,
            target: target.to_path_buf(),
        });
        Ok(BufWriter::new(file))
    }

    /// Writes `bytes` as the whole of `target`'s new content.
    pub fn write(&mut self, target: &Path, bytes: &[u8]) -> Result<()> {
        let mut w = self.create(target)?;
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .with_context(|| format!("cannot write {}", target.display()))
    }

    /// Puts only `target` in place now (the rest stay pending); used for what an interrupted
    /// run keeps.
    pub fn commit_one(&mut self, target: &Path) -> Result<()> {
        if let Some(k) = self.pending.iter().position(|p| p.target == target) {
            let p = self.pending.remove(k);
            rename(&p)?;
        }
        Ok(())
    }

    /// Puts every output in place.
    pub fn commit(mut self) -> Result<()> {
        for p in std::mem::take(&mut self.pending) {
            rename(&p)?;
        }
        Ok(())
    }
}

impl Drop for Outputs {
    fn drop(&mut self) {
        for p in &self.pending {
            let _ = std::fs::remove_file(&p.temporary);
        }
    }
}

fn rename(p: &Pending) -> Result<()> {
    std::fs::rename(&p.temporary, &p.target).with_context(|| {
        let _ = std::fs::remove_file(&p.temporary);
        format!("cannot write {}", p.target.display())
    })
}
