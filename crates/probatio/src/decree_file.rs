//! Loading a government transfer decree from a JSON or TOML file.

use std::path::Path;

use probatio_core::calendar::{Decree, RawDecree};

/// Reads `path` (TOML if it ends in `.toml`, else JSON); an error is one line naming the
/// file and the entry.
pub fn load(path: &Path) -> Result<Decree, String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let raw: RawDecree = if path.extension().is_some_and(|e| e == "toml") {
        toml::from_str(&text).map_err(|e| format!("{name}: {}", e.message()))?
    } else {
        serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?
    };
    Decree::from_raw(&raw, "").map_err(|e| format!("{name}: {e}"))
}
