//! Markdown text helpers shared by the reports (`report`) and the generated rules pages
//! (`recommend::rules`).

/// Keeps a table cell in its cell: `|` escaped, line breaks as spaces.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
