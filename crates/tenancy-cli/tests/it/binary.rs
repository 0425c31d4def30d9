//! Running the built `tenancy` binary: the one runner every CLI test goes through.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What one run of the binary did.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output (the binary writes UTF-8).
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing standard error when it differs.
    pub fn exits(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "{}", self.stderr);
        self
    }

    /// Asserts that standard output contains `text`, showing it when not.
    pub fn stdout_has(&self, text: &str) -> &Run {
        self.check(&self.stdout, text, true)
    }

    /// Asserts that standard output does not contain `text`.
    pub fn stdout_lacks(&self, text: &str) -> &Run {
        self.check(&self.stdout, text, false)
    }

    /// Asserts that standard error contains `text`, showing it when not.
    pub fn stderr_has(&self, text: &str) -> &Run {
        self.check(&self.stderr, text, true)
    }

    /// Asserts whether `stream` contains `text` as `wanted`, showing the stream when not.
    fn check(&self, stream: &str, text: &str, wanted: bool) -> &Run {
        let verdict = if wanted { "missing from" } else { "found in" };
        assert_eq!(
            stream.contains(text),
            wanted,
            "{text:?} {verdict}:\n{stream}"
        );
        self
    }
}

/// Runs the binary on bad input and asserts the refusal: exit 2, nothing on stdout, and a
/// message on stderr containing `message`.
pub fn refused(args: &[&str], stdin: impl AsRef<[u8]>, message: &str) {
    let run = tenancy(args, stdin);
    assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{args:?}");
    assert!(
        run.stderr.contains(message),
        "{args:?}: {message:?} not in {}",
        run.stderr
    );
}

/// The path of one of the core's test fixtures (`kubectl-nodes.json`, `k8s-deployment-spread.yaml`).
pub fn fixture(name: &str) -> String {
    format!(
        "{}/../tenancy-core/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A command line's arguments, split at spaces (`line("place --request -")`), for arguments
/// that hold no space themselves.
pub fn line(args: &str) -> Vec<&str> {
    args.split_whitespace().collect()
}

/// Runs the built binary with these arguments and this standard input.
pub fn tenancy(args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
    run(None, args, stdin.as_ref())
}

/// Runs the built binary in `dir` (relative paths in `args` are read from there).
pub fn tenancy_in(dir: &Path, args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
    run(Some(dir), args, stdin.as_ref())
}

fn run(dir: Option<&Path>, args: &[&str], stdin: &[u8]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tenancy"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("the binary starts");
    // The binary may exit before reading everything (bad arguments): a broken pipe is fine.
    let _ = child.stdin.take().expect("piped").write_all(stdin);
    let output = child.wait_with_output().expect("the binary finishes");
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
