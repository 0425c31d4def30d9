//! Reading input files (or stdin for `-`) with the 64 MiB size limit.

use std::io::Read;

use tenancy_core::Request;
use tenancy_core::request::RequestError;
use tenancy_core::topology::Topology;

use crate::BadInput;

/// The largest input the tool reads: 64 MiB.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// How messages name an input: `standard input` for `-`, else the path in backticks.
pub fn shown(path: &str) -> String {
    if path == "-" {
        "standard input".to_owned()
    } else {
        format!("`{path}`")
    }
}

/// Reads a whole file, or stdin for `-`, as UTF-8 text of at most 64 MiB.
pub fn read(path: &str, what: &str) -> Result<String, BadInput> {
    let name = shown(path);
    String::from_utf8(read_bytes(path, what)?).map_err(|e| {
        BadInput(format!(
            "{what} in {name} is not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Reads a whole file, or stdin for `-`, as at most 64 MiB of bytes.
pub fn read_bytes(path: &str, what: &str) -> Result<Vec<u8>, BadInput> {
    let name = shown(path);
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

/// A placement request (JSON) for this topology, from a file or stdin for `-`, with its scope
/// replaced by `--scope` when given.
pub fn request(path: &str, topology: &Topology, scope: Option<&str>) -> Result<Request, BadInput> {
    let text = read(path, "request")?;
    let request = Request::from_json_str(&text, topology)
        .map_err(|e| BadInput(format!("request in {}: {e}", shown(path))))?;
    scoped(request, scope, topology)
}

/// The request with its scope replaced by `--scope` (a kind of the topology, or `any`) when given.
pub fn scoped(
    request: Request,
    scope: Option<&str>,
    topology: &Topology,
) -> Result<Request, BadInput> {
    let Some(scope) = scope else {
        return Ok(request);
    };
    request.with_scope(scope, topology).map_err(|e| {
        BadInput(match e {
            // The flag names the field already.
            RequestError::BadScope(reason) => format!("--scope: {reason}"),
            other => format!("--scope: {other}"),
        })
    })
}
