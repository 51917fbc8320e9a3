//! The workspace's shape: every layer crate keeps one folder per product module, and a
//! module imports only modules below it (docs/ARCHITECTURE.md, "Modules"). This test reads
//! the sources of every layer crate and fails on an import against that direction, naming
//! the file and what it imports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each product module with the modules it may import. The kernel (the files at a crate's
/// root) may import none; a module may always import the kernel.
const MODULES: &[(&str, &[&str])] = &[
    ("platform", &[]),
    ("assets", &["platform"]),
    ("service_desk", &["platform", "assets"]),
    ("procurement", &["platform", "assets"]),
    ("operations", &["platform", "assets"]),
    ("security", &["platform", "assets"]),
    ("team", &["platform", "assets"]),
    ("changes", &["platform", "assets", "service_desk", "procurement", "operations", "security", "team"]),
    ("self_service", &["platform", "assets", "service_desk", "procurement", "operations", "security", "team"]),
    ("projects", &["platform", "assets", "service_desk", "procurement", "operations", "security", "team"]),
    (
        "reports",
        &[
            "platform",
            "assets",
            "service_desk",
            "procurement",
            "operations",
            "security",
            "team",
            "changes",
            "self_service",
            "projects",
        ],
    ),
];

/// The layer crates, with the name other crates call them by.
const CRATES: &[(&str, &str)] =
    &[("domain", "helmdesk_domain"), ("store", "helmdesk_store"), ("app", "helmdesk_app"), ("web", "helmdesk_web")];

/// Kernel files that compose the modules (they list each module once): the crate roots,
/// the job dispatcher, the gauges, and the web layer's route lists and OpenAPI document.
const COMPOSITION_ROOTS: &[&str] = &[
    "domain/src/lib.rs",
    "store/src/lib.rs",
    "app/src/lib.rs",
    "app/src/jobs.rs",
    "app/src/health.rs",
    "web/src/lib.rs",
    "web/src/api.rs",
    "web/src/ui.rs",
];

/// Imports against the direction that are known and being removed (issue 14), each with
/// what removes it. The test fails when one of these is gone too, so the list only shrinks.
const KNOWN: &[(&str, &str)] = &[];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the crates directory").to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_module(name: &str) -> bool {
    MODULES.iter().any(|(m, _)| *m == name)
}

/// The module a source file belongs to (`None`: the kernel).
fn module_of(relative_to_src: &Path) -> Option<String> {
    let mut parts = relative_to_src.components();
    let first = parts.next()?.as_os_str().to_str()?.to_string();
    (parts.next().is_some() && is_module(&first)).then_some(first)
}

/// The text without comments, so that prose naming a path is not an import.
fn code_of(text: &str) -> String {
    text.lines().map(|l| l.find("//").map_or(l, |at| &l[..at])).collect::<Vec<_>>().join("\n")
}

/// The identifiers a path segment list starts with after `head::`: `head::x` gives `x`,
/// `head::{x, y::z}` gives `x` and `y`.
fn first_segments(code: &str, head: &str) -> Vec<String> {
    let mut found = Vec::new();
    let pattern = format!("{head}::");
    let mut rest = code;
    while let Some(at) = rest.find(&pattern) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + pattern.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item_start = true;
            let mut word = String::new();
            for c in group.chars() {
                if item_start && depth == 1 {
                    if c.is_alphanumeric() || c == '_' {
                        word.push(c);
                    } else if !word.is_empty() {
                        found.push(std::mem::take(&mut word));
                        item_start = false;
                    }
                }
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => item_start = true,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
            }
            if !word.is_empty() {
                found.push(word);
            }
        } else {
            found.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    found
}

/// Names a crate root re-exports from a module (`pub use service_desk::tickets::{Level, ..}`).
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in code_of(lib).split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else { continue };
        let module = path.split("::").next().unwrap_or_default().trim();
        if !is_module(module) {
            continue;
        }
        let tail = path.rsplit("::").next().unwrap_or_default();
        for name in tail.trim_matches(|c| c == '{' || c == '}').split(',') {
            let name = name.split(" as ").last().unwrap_or_default().trim();
            if !name.is_empty() {
                names.insert(name.to_string(), module.to_string());
            }
        }
    }
    names
}

/// Every module a file's code names, through any crate.
fn modules_named(code: &str, own_crate: &str, roots: &BTreeMap<&str, BTreeMap<String, String>>) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let mut heads: Vec<(String, &str)> = CRATES.iter().map(|(dir, name)| (name.to_string(), *dir)).collect();
    heads.push(("crate".into(), own_crate));
    heads.push(("helmdesk_app::store".into(), "store"));
    heads.push(("crate::store".into(), if own_crate == "app" { "store" } else { own_crate }));
    for (head, dir) in &heads {
        for first in first_segments(code, head) {
            if is_module(&first) {
                named.insert(first);
            } else if let Some(module) = roots.get(dir).and_then(|r| r.get(&first)) {
                named.insert(module.clone());
            }
        }
    }
    named
}

#[test]
fn modules_import_only_the_modules_below_them() {
    let dir = crates_dir();
    let roots: BTreeMap<&str, BTreeMap<String, String>> = CRATES
        .iter()
        .map(|(c, _)| (*c, reexports(&fs::read_to_string(dir.join(c).join("src/lib.rs")).expect("a crate root"))))
        .collect();
    let mut against = BTreeSet::new();
    for (krate, _) in CRATES {
        let src = dir.join(krate).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        for file in files {
            let relative = file.strip_prefix(&src).expect("a file under src");
            let shown = format!("{krate}/src/{}", relative.display());
            if COMPOSITION_ROOTS.contains(&shown.as_str()) {
                continue;
            }
            let own = module_of(relative);
            let allowed: &[&str] = match &own {
                Some(m) => MODULES.iter().find(|(name, _)| name == m).map(|(_, below)| *below).unwrap_or(&[]),
                None => &[],
            };
            let code = code_of(&fs::read_to_string(&file).expect("a source file"));
            for named in modules_named(&code, krate, &roots) {
                if Some(&named) != own.as_ref() && !allowed.contains(&named.as_str()) {
                    against.insert((shown.clone(), named));
                }
            }
        }
    }
    let known: BTreeSet<(String, String)> =
        KNOWN.iter().map(|(file, module)| (file.to_string(), module.to_string())).collect();
    let new: Vec<_> = against.difference(&known).collect();
    let gone: Vec<_> = known.difference(&against).collect();
    assert!(new.is_empty(), "imports against the module direction (file, module it imports): {new:#?}");
    assert!(gone.is_empty(), "these known imports are gone: remove them from KNOWN: {gone:#?}");
}

#[test]
fn every_module_folder_is_a_known_module() {
    let dir = crates_dir();
    for (krate, _) in CRATES {
        for entry in fs::read_dir(dir.join(krate).join("src")).expect("a source directory") {
            let path = entry.expect("a directory entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if path.is_dir() && !["api", "ui"].contains(&name.as_str()) {
                assert!(is_module(&name), "{krate}/src/{name} is a folder but not a module of MODULES");
                assert!(path.join("mod.rs").exists(), "{krate}/src/{name} has no mod.rs facade");
            }
        }
    }
}

/// Only `app` reaches the store: the web layer, the job runner and the CLI call use cases
/// (the CLI opens the store to build the `App`, and nothing else).
#[test]
fn outside_app_the_database_is_reached_only_through_use_cases() {
    let dir = crates_dir();
    let mut found = Vec::new();
    for krate in ["web", "jobs", "cli"] {
        let src = dir.join(krate).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        for file in files {
            let code = code_of(&fs::read_to_string(&file).expect("a source file"));
            let shown = format!("{krate}/src/{}", file.strip_prefix(&src).expect("under src").display());
            if code.contains(".store()") {
                found.push(format!("{shown} calls App::store()"));
            }
            if krate != "cli" && (code.contains("helmdesk_store") || code.contains("helmdesk_app::store")) {
                found.push(format!("{shown} imports the store"));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_reader_finds_imports_in_every_form() {
    let roots =
        BTreeMap::from([("domain", BTreeMap::from([("TicketStatus".to_string(), "service_desk".to_string())]))]);
    let named = |code: &str| modules_named(&code_of(code), "app", &roots).into_iter().collect::<Vec<_>>();
    assert_eq!(named("use crate::service_desk::tickets::X;"), ["service_desk"]);
    assert_eq!(named("use crate::{App, platform::access::Actor};"), ["platform"]);
    assert_eq!(named("use helmdesk_domain::{Role, TicketStatus};"), ["service_desk"]);
    assert_eq!(named("use helmdesk_app::store::reports::kpis::X;"), ["reports"]);
    assert_eq!(named("let x = my_crate::service_desk::y; // crate::reports"), Vec::<String>::new());
    assert_eq!(named("#[serde(with = \"crate::platform::x\")]"), ["platform"]);
}
