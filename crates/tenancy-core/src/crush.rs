//! A bit-exact twin of Ceph's CRUSH: the map (`map`), its text form (`text`), the rjenkins1 hash
//! (`hash`), straw2's fixed-point logarithm (`ln`), the mapper (`mapper`) and placement groups
//! to inputs (`pg`). Pure: the CLI's tests check it against `crushtool` and `osdmaptool`.

pub mod dump;
pub mod hash;
pub mod ln;
pub mod map;
pub mod mapper;
pub mod pg;
pub mod simulate;
pub mod text;

pub use map::{
    Alg, Bucket, ChooseArg, ChooseArgs, CrushMap, Device, Rule, RuleType, Step, Tunables,
};
pub use mapper::{ITEM_NONE, Scratch, do_rule, do_rule_into};
pub use text::{TextError, parse, write};

/// Reads a CRUSH map in either form it comes in: `ceph osd crush dump -f json` (a JSON object)
/// or the text of `crushtool -d`. The message names the line or the JSON path.
pub fn read(text: &str) -> Result<CrushMap, String> {
    if text.trim_start().starts_with('{') {
        dump::parse_dump(text).map_err(|e| e.to_string())
    } else {
        parse(text).map_err(|e| e.to_string())
    }
}

/// `[a,b,c]` as `crushtool --show-mappings` prints a result.
pub fn format_mapping(items: &[i32]) -> String {
    let parts: Vec<String> = items.iter().map(i32::to_string).collect();
    format!("[{}]", parts.join(","))
}

#[cfg(test)]
mod tests;
