//! Writes the benchmark report: the machine, the goals met or missed, one section per item, and
//! the hand-written notes below the marker, which a new run keeps.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

use super::{Effort, Section};
use crate::process;

/// Everything below this line is written by hand and kept by every run.
const NOTES_MARKER: &str = "<!-- Hand-written notes below: cargo xtask bench keeps them. -->";

fn cpu() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map_or("unknown CPU", |(_, name)| name.trim())
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!("{model}, {cores} cores")
}

/// The commit measured, marked when the work tree differs from it.
pub fn commit() -> String {
    let hash = process::output("git", &["rev-parse", "--short=12", "HEAD"])
        .unwrap_or_else(|| "unknown".to_owned());
    let dirty = process::output("git", &["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|status| !status.is_empty());
    if dirty {
        format!("{hash} with uncommitted changes")
    } else {
        hash
    }
}

/// Writes the report to `target`, keeping its hand-written notes.
pub fn write(target: &Path, sections: &[Section], effort: &Effort) -> Result<()> {
    let notes = std::fs::read_to_string(target)
        .ok()
        .and_then(|old| {
            old.split_once(NOTES_MARKER)
                .map(|(_, notes)| notes.to_owned())
        })
        .unwrap_or_else(|| "\n".to_owned());
    let date = process::output("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
        .unwrap_or_else(|| "unknown date".to_owned());
    let mut out = String::new();
    out.push_str("# Benchmarks\n\n");
    let _ = writeln!(
        out,
        "Written by `cargo xtask bench{}` — one run, one machine, everything side by side. \
         Do not edit above the notes marker: the next run rewrites it.\n",
        if effort.quick { " --quick" } else { "" }
    );
    let _ = writeln!(out, "- Date: {date}");
    let _ = writeln!(out, "- Commit: {}", commit());
    let _ = writeln!(out, "- CPU: {} (shared with other work)", cpu());
    let _ = writeln!(
        out,
        "- Tools: {}; OR-tools {} (CP-SAT, one worker); Node {}; crushtool from Ceph {}",
        process::output("rustc", &["--version"]).unwrap_or_default(),
        super::cpsat::ORTOOLS,
        process::output("node", &["--version"]).unwrap_or_default(),
        process::output("dpkg-query", &["-W", "-f", "${Version}", "ceph-base"])
            .unwrap_or_else(|| "?".to_owned())
    );
    out.push_str("\n## Goals\n\n| goal | |\n| --- | --- |\n");
    for goal in sections.iter().flat_map(|s| &s.goals) {
        let _ = writeln!(
            out,
            "| {} | {} |",
            goal.text,
            if goal.met { "met" } else { "**missed**" }
        );
    }
    let findings: Vec<&String> = sections.iter().flat_map(|s| &s.findings).collect();
    if !findings.is_empty() {
        out.push_str("\n## Findings: the solvers disagree\n\n");
        for finding in findings {
            let _ = writeln!(out, "- {finding}");
        }
    }
    for section in sections {
        let _ = write!(out, "\n## {}\n\n{}", section.title, section.body);
    }
    let _ = write!(out, "\n{NOTES_MARKER}{notes}");
    std::fs::write(target, out).with_context(|| format!("cannot write {}", target.display()))
}

/// Replaces one section (found by its title, or added before the notes) and its goals' rows in
/// an existing report, leaving everything else as the last full run wrote it.
pub fn replace_section(target: &Path, section: &Section) -> Result<()> {
    let old = std::fs::read_to_string(target)
        .with_context(|| format!("cannot read {}: run the full bench first", target.display()))?;
    let (report, notes) = old
        .split_once(NOTES_MARKER)
        .with_context(|| format!("{} has no notes marker", target.display()))?;
    let heading = format!("\n## {}\n", section.title);
    let new_section = format!("{heading}\n{}", section.body);
    let report = match report.find(&heading) {
        Some(start) => {
            let rest = &report[start + heading.len()..];
            let end = rest
                .find("\n## ")
                .map_or(report.len(), |i| start + heading.len() + i);
            format!("{}{new_section}{}", &report[..start], &report[end..])
        }
        None => format!(
            "{}{new_section}\n",
            report.trim_end_matches('\n').to_owned() + "\n"
        ),
    };
    // The section's goal rows (those starting with its goals' numbers, `1.`) are replaced
    // together where the first of them stood, or added at the end of the goals table.
    let numbers: Vec<String> = section
        .goals
        .iter()
        .filter_map(|goal| goal.text.split_once(' ').map(|(n, _)| format!("| {n} ")))
        .collect();
    let mut lines: Vec<String> = report.lines().map(str::to_owned).collect();
    let ours = |line: &String| numbers.iter().any(|n| line.starts_with(n.as_str()));
    let at = match lines.iter().position(ours) {
        Some(at) => at,
        None => {
            let table = lines
                .iter()
                .position(|line| line == "| goal | |")
                .context("no goals table")?;
            table
                + lines[table..]
                    .iter()
                    .position(|line| !line.starts_with('|'))
                    .unwrap_or(lines.len() - table)
        }
    };
    let before = lines[..at].iter().filter(|line| ours(line)).count();
    lines.retain(|line| !ours(line));
    let rows = section.goals.iter().map(|goal| {
        format!(
            "| {} | {} |",
            goal.text,
            if goal.met { "met" } else { "**missed**" }
        )
    });
    lines.splice(at - before..at - before, rows);
    let report = lines.join("\n") + "\n";
    std::fs::write(target, format!("{report}{NOTES_MARKER}{notes}"))
        .with_context(|| format!("cannot write {}", target.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::Goal;

    #[test]
    fn a_section_and_all_its_goal_rows_are_replaced_in_place() {
        let dir = std::env::temp_dir().join(format!("bench-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("BENCH.md");
        let old = format!(
            "# Benchmarks\n\n## Goals\n\n| goal | |\n| --- | --- |\n| 1. a: 1× | met |\n\
             | 1. b: 2× | **missed** |\n| 3. c | met |\n\n## 1. Solvers\n\nold table\n\n\
             ## 3. Scaling\n\nkept\n\n{NOTES_MARKER}\nnotes\n"
        );
        std::fs::write(&target, old).unwrap();
        let section = Section {
            title: "1. Solvers".to_owned(),
            body: "new table\n".to_owned(),
            goals: vec![Goal {
                text: "1. every instance: 300×".to_owned(),
                met: true,
            }],
            findings: Vec::new(),
        };
        replace_section(&target, &section).unwrap();
        let new = std::fs::read_to_string(&target).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            new,
            format!(
                "# Benchmarks\n\n## Goals\n\n| goal | |\n| --- | --- |\n\
                 | 1. every instance: 300× | met |\n| 3. c | met |\n\n## 1. Solvers\n\n\
                 new table\n\n## 3. Scaling\n\nkept\n\n{NOTES_MARKER}\nnotes\n"
            )
        );
    }
}
