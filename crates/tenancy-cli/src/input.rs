//! Reading input files (or stdin for `-`) with the 64 MiB size limit.

use std::io::Read;

use crate::BadInput;

/// The largest input the tool reads: 64 MiB.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a whole file, or stdin for `-`, as UTF-8 text of at most 64 MiB.
pub fn read(path: &str, what: &str) -> Result<String, BadInput> {
    let name = if path == "-" {
        "standard input".to_owned()
    } else {
        format!("`{path}`")
    };
    String::from_utf8(read_bytes(path, what)?).map_err(|e| {
        BadInput(format!(
            "{what} in {name} is not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Reads a whole file, or stdin for `-`, as at most 64 MiB of bytes.
pub fn read_bytes(path: &str, what: &str) -> Result<Vec<u8>, BadInput> {
    let name = if path == "-" {
        "standard input".to_owned()
    } else {
        format!("`{path}`")
    };
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| BadInput(format!("cannot read {what} from {name}: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(BadInput(format!(
            "{what} in {name} is larger than the 64 MiB limit"
        )));
    }
    Ok(bytes)
}
