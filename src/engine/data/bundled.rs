//! Data files compiled into the binary, so presets on real data work wherever the binary is
//! copied. A scene names one as `bundled:NAME`; it is written once to a folder under the
//! system's temporary directory and read from there like any other file.

use std::path::{Path, PathBuf};

/// The prefix of a bundled file's path in a scene.
pub const PREFIX: &str = "bundled:";

/// Every bundled file: its name and bytes.
const FILES: &[(&str, &[u8])] = &[(
    // The Z to mu mu sample of the uproot tutorials (scikit-hep-testdata, BSD 3-Clause; see
    // assets/data/LICENSE-scikit-hep-testdata).
    "uproot-Zmumu.root",
    include_bytes!("../../../assets/data/uproot-Zmumu.root"),
)];

/// The bundled file a scene path names (`bundled:NAME`), if it does.
pub fn name_of(path: &Path) -> Option<&str> {
    path.to_str()?.strip_prefix(PREFIX)
}

/// The bytes of the bundled file `name`, or a message listing the bundled files.
fn bytes_of(name: &str) -> Result<&'static [u8], String> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
        .ok_or_else(|| {
            let names: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
            format!(
                "no bundled data file '{name}' (bundled: {})",
                names.join(", ")
            )
        })
}

/// Whether `name` is a bundled file, with a message listing them when it is not.
pub fn check_name(name: &str) -> Result<(), String> {
    bytes_of(name).map(|_| ())
}

/// Where a bundled file is read from, written there first if it is not yet (atomically, so
/// two windows starting at once never see half a file). Unknown names and unwritable folders
/// give a one-line message.
pub fn materialise(name: &str) -> Result<PathBuf, String> {
    let bytes = bytes_of(name)?;
    let folder = std::env::temp_dir().join(format!("nnplay-{}-data", env!("CARGO_PKG_VERSION")));
    let path = folder.join(name);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64) {
        return Ok(path);
    }
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&folder)?;
        let part = folder.join(format!("{name}.{}.part", std::process::id()));
        std::fs::write(&part, bytes)?;
        std::fs::rename(&part, &path)
    };
    write().map_err(|e| {
        format!(
            "cannot write the bundled file {name} to {}: {e}",
            folder.display()
        )
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundled_file_is_written_once_with_its_bytes() {
        let path = materialise("uproot-Zmumu.root").expect("the temporary folder is writable");
        let bytes = std::fs::read(&path).expect("written");
        assert_eq!(bytes.len(), FILES[0].1.len());
        assert!(bytes.starts_with(b"root"));
        assert_eq!(
            name_of(Path::new("bundled:uproot-Zmumu.root")),
            Some("uproot-Zmumu.root")
        );
        assert_eq!(name_of(Path::new("data/x.root")), None);
        let unknown = materialise("nothing.root").expect_err("not bundled");
        assert!(unknown.contains("uproot-Zmumu.root"), "{unknown}");
    }
}
