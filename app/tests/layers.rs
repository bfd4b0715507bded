//! The one rule of direction (docs/ARCHITECTURE.md): a feature may use `domain`, `ssr`,
//! `components`, `i18n` and the features *below* it in [`LAYERS`], never one above it or beside
//! it; `domain`, `ssr`, `components` and `i18n` use no feature at all. This test reads the
//! sources and fails on any reference that breaks it, naming the file and line.

use std::path::{Path, PathBuf};

/// The features from the bottom up. A feature may use those before it in this list.
const LAYERS: &[&str] = &[
    "auth",
    "admin",
    "tokens",
    "search",
    "translations",
    "meetings",
    "agenda",
    "registration",
    "papers",
    "minutes",
    "profiles",
    "plan",
    "reports",
    "work",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The features a source file names (`crate::features::x`, or a `use crate::features::{x, …}`).
fn features_named(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("features::") {
        let after = &rest[at + "features::".len()..];
        if let Some(list) = after.strip_prefix('{') {
            let end = list.find('}').unwrap_or(list.len());
            out.extend(list[..end].split(',').filter_map(|p| p.trim().split("::").next()).filter(|n| !n.is_empty()).map(str::to_string));
        } else {
            let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
        rest = after;
    }
    out
}

#[test]
fn features_only_use_the_features_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        // Which layer the file is in: a feature's index, or a shared module (below every feature).
        let own: Option<usize> = match rel.split('/').collect::<Vec<_>>().as_slice() {
            ["features", "mod.rs"] => continue,
            ["features", name, ..] => {
                Some(LAYERS.iter().position(|l| l == name).unwrap_or_else(|| panic!("feature {name} is not in LAYERS")))
            }
            [top, ..] if ["domain", "ssr", "components", "i18n.rs", "error.rs"].contains(top) => None,
            // The shell and router (app.rs, layout.rs, lib.rs, browser.rs) sit above every feature.
            _ => continue,
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for used in features_named(code) {
                let Some(used_layer) = LAYERS.iter().position(|l| *l == used) else { continue };
                let allowed = match own {
                    Some(own) => used_layer < own || LAYERS[own] == used,
                    None => false,
                };
                if !allowed {
                    wrong.push(format!("{rel}:{}: {} uses {used}", n + 1, own.map_or("a shared module", |o| LAYERS[o])));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "references that go up (or sideways) the layers:\n{}", wrong.join("\n"));
}

/// In `server`, `startup` builds the router from the route modules; none of them (nor the mail,
/// extract or config modules) may use `startup` back.
#[test]
fn server_modules_do_not_use_startup() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if ["startup.rs", "main.rs", "lib.rs"].contains(&rel.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("startup::") || code.contains("startup::{") {
                wrong.push(format!("server/src/{rel}:{}", n + 1));
            }
        }
    }
    assert!(files.len() > 5, "the server's sources were read");
    assert!(wrong.is_empty(), "server modules using startup:\n{}", wrong.join("\n"));
}

/// Resources are made with `components::resource` (JSON read from bytes, as the server
/// functions' responses are), never with Leptos' `Resource::new` or its other codecs: each would
/// compile a second JSON reader for every type it loads into the wasm.
#[test]
fn resources_use_the_one_codec() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("components/mod.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("Resource::new") || code.contains("Resource::<") || code.contains("OnceResource") {
                wrong.push(format!("{}:{}", file.strip_prefix(&src).unwrap().display(), n + 1));
            }
        }
    }
    assert!(files.len() > 20, "the sources were read");
    assert!(wrong.is_empty(), "resources made without components::resource:\n{}", wrong.join("\n"));
}

#[test]
fn the_reader_of_references_finds_them() {
    assert_eq!(features_named("use crate::features::plan::service::find_plan;"), vec!["plan"]);
    assert_eq!(features_named("use crate::features::{agenda::types::X, papers};"), vec!["agenda", "papers"]);
    assert_eq!(features_named("let x = 1;"), Vec::<String>::new());
}

/// The browser's wasm holds only the islands (`#[island]` components) and what they use: the rest
/// of every page is the server's HTML. An island is a deliberate choice (its code goes into the
/// wasm, and a page with one loads the wasm): these are the islands there are, each documented in
/// README.md ("What runs in the browser"). A new one is added here and there, and written in
/// `src/islands.rs`: the wasm is compiled from that module (and `browser.rs`) only, so an island
/// anywhere else would be rendered by the server and never run.
#[test]
fn the_islands_are_the_listed_ones() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut islands = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim() == "#[island]" {
                assert!(file.ends_with("src/islands.rs"), "an island outside src/islands.rs: {}", file.display());
                let next = lines.get(i + 1).copied().unwrap_or_default();
                let name = next.split("fn ").nth(1).and_then(|r| r.split('(').next()).unwrap_or(next).trim().to_string();
                islands.push(name);
            }
        }
    }
    islands.sort();
    assert_eq!(islands, ["AutoRefresh", "DetectTimeZone"]);
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    for island in &islands {
        assert!(readme.contains(&format!("`{island}`")), "README.md documents the island {island}");
    }
}
