//! A small static file server for `dist/`: `application/wasm` and the strict CSP given in the README.
//!
//! The same server backs `cargo xtask serve` and the end-to-end tests, so the tests see exactly
//! the headers a static host is documented to send. For the benchmark's throttled load it also
//! serves every file brotli-compressed ahead of time (quality 11, as `cargo xtask dist` measures),
//! to clients that accept it, as a static host with pre-compressed assets does.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::{dist, process::root, setup};

/// The Content-Security-Policy the built site must work under, exactly as the README gives it.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors *";

const ADDRESS: &str = "127.0.0.1:8080";

/// `cargo xtask serve`: setup, release build, then serve until interrupted.
pub fn run() -> Result<ExitCode> {
    setup::run()?;
    dist::build()?;
    let listener =
        TcpListener::bind(ADDRESS).with_context(|| format!("cannot listen on {ADDRESS}"))?;
    println!("serving dist/ on http://{ADDRESS}/ (Ctrl-C stops)");
    serve_forever(listener, root().join("dist"), Arc::default());
    Ok(ExitCode::SUCCESS)
}

/// Starts the server on an ephemeral loopback port in a background thread; returns the base URL.
pub fn spawn(dir: PathBuf) -> Result<String> {
    spawn_with(dir, HashMap::new())
}

/// [`spawn`], serving every file of `dir` brotli-compressed to clients that accept `br`.
pub fn spawn_compressed(dir: PathBuf) -> Result<String> {
    let mut compressed = HashMap::new();
    for file in dist::files(&dir)? {
        let bytes = std::fs::read(&file)?;
        compressed.insert(file, dist::brotli(&bytes)?);
    }
    spawn_with(dir, compressed)
}

fn spawn_with(dir: PathBuf, compressed: HashMap<PathBuf, Vec<u8>>) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot listen on 127.0.0.1")?;
    let url = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || serve_forever(listener, dir, Arc::new(compressed)));
    Ok(url)
}

fn serve_forever(listener: TcpListener, dir: PathBuf, compressed: Arc<HashMap<PathBuf, Vec<u8>>>) {
    for stream in listener.incoming().flatten() {
        let (dir, compressed) = (dir.clone(), Arc::clone(&compressed));
        std::thread::spawn(move || {
            // A client that hangs up mid-request is its own problem, not the server's.
            let _ = respond(stream, &dir, &compressed);
        });
    }
}

fn respond(
    mut stream: TcpStream,
    dir: &Path,
    compressed: &HashMap<PathBuf, Vec<u8>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut accepts_brotli = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("accept-encoding")
        {
            accepts_brotli |= value
                .split(',')
                .any(|coding| coding.trim().starts_with("br"));
        }
    }
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = resolve(dir, path);
    let mut encoding = "";
    let (status, content_type, body) = match (
        method,
        file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))),
    ) {
        ("GET" | "HEAD", Some((file, body))) => match compressed.get(&file) {
            Some(brotli) if accepts_brotli => {
                encoding = "Content-Encoding: br\r\nVary: Accept-Encoding\r\n";
                ("200 OK", content_type(&file), brotli.clone())
            }
            _ => ("200 OK", content_type(&file), body),
        },
        ("GET" | "HEAD", None) => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n".to_vec(),
        ),
        _ => (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{encoding}Content-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
         Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// Maps a URL path to a file under `dir`; `/` is `index.html`; nothing escapes `dir`.
fn resolve(dir: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = dir.join(relative);
    if file.is_dir() {
        Some(file.join("index.html"))
    } else {
        Some(file)
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
