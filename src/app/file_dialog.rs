//! The desktop's file dialog, asked on a helper thread so the window never blocks (and never
//! hangs where no dialog can be shown).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// A dialog answer faster than this means no dialog could be shown.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

/// At most one open dialog, whose answer is handed out once.
#[derive(Default)]
pub struct DialogSlot(Option<PendingDialog>);

impl DialogSlot {
    /// Opens a dialog (Err: a message for the user).
    pub fn ask(&mut self, kind: DialogKind) -> Result<(), String> {
        self.0 = Some(PendingDialog::ask(kind)?);
        Ok(())
    }

    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        self.0.is_some()
    }

    /// Takes the answer once it has come: a chosen path goes into the window's path field
    /// (clearing its message), a refusal into its message. Returns whether a path came.
    pub fn answer_into(&mut self, path: &mut String, message: &mut Option<String>) -> bool {
        match self.answer() {
            Some(Ok(chosen)) => {
                *path = chosen.display().to_string();
                *message = None;
                true
            }
            Some(Err(refusal)) => {
                *message = Some(refusal);
                false
            }
            None => false,
        }
    }

    /// The answer, once it has come: a path, or a message for the user.
    fn answer(&mut self) -> Option<Result<PathBuf, String>> {
        let answer = self.0.as_ref()?.poll()?;
        self.0 = None;
        Some(answer)
    }
}

/// A dialog that has been asked and not yet answered.
struct PendingDialog {
    answer: Receiver<Option<PathBuf>>,
    asked: Instant,
}

/// What the file dialog is for.
#[derive(Clone, Copy, Debug)]
pub struct DialogKind {
    /// The filter's name, e.g. "Scene".
    pub filter: &'static str,
    /// File extensions offered, without the dot.
    pub extensions: &'static [&'static str],
    /// A file name to save to; None to open a file.
    pub save_as: Option<&'static str>,
}

impl PendingDialog {
    /// Shows the dialog on a helper thread; Err says why none could be started.
    fn ask(kind: DialogKind) -> Result<PendingDialog, String> {
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let dialog = rfd::FileDialog::new().add_filter(kind.filter, kind.extensions);
                let picked = match kind.save_as {
                    Some(name) => dialog.set_file_name(name).save_file(),
                    None => dialog.pick_file(),
                };
                let _ = tx.send(picked);
            })
            .map_err(|e| format!("No file dialog ({e}): type the path instead."))?;
        Ok(PendingDialog {
            answer: rx,
            asked: Instant::now(),
        })
    }

    /// None while the dialog is open; then the chosen path, or a message for the user.
    fn poll(&self) -> Option<Result<PathBuf, String>> {
        match self.answer.try_recv() {
            Ok(Some(path)) => Some(Ok(path)),
            Ok(None) | Err(TryRecvError::Disconnected) => {
                Some(Err(if self.asked.elapsed() < NO_DIALOG_WITHIN {
                    "No file dialog is available here: type the path instead.".into()
                } else {
                    "No file chosen.".into()
                }))
            }
            Err(TryRecvError::Empty) => None,
        }
    }
}
