//! No import circle between the files of a crate (ARCHITECTURE.md, "Layers").
//!
//! Every `.rs` file of `corpus`, `graph`, `index` and `server` is a node; a file that names
//! another file's module (`crate::a::b`, `super::x`, or a child module `x::`) has an edge to
//! it. Declaring a module (`mod x;`) is not an import, and neither is anything after the
//! file's `#[cfg(test)]`. The test fails on the first cycle and prints it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A file's module path (`["core", "app"]`) and the crate root it belongs to.
struct File {
    root: &'static str,
    module: Vec<String>,
    text: String,
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Text before the first `#[cfg(test)]`, without `//` comments. Inside an inline
/// `mod x { … }` block, `super::` names the file's own module, so it reads as `self::`.
fn code(text: &str) -> String {
    let mut depth = 0i32;
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .map(|l| {
            let opens = is_inline_mod(l) && depth == 0;
            let line = if depth > 0 || opens {
                l.replace("super::", "self::")
            } else {
                l.to_string()
            };
            if depth > 0 || opens {
                depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `mod x {` or `pub mod x {` opening an inline module.
fn is_inline_mod(line: &str) -> bool {
    let t = line.trim_start();
    let t = t.strip_prefix("pub ").unwrap_or(t);
    t.strip_prefix("mod ")
        .is_some_and(|r| r.trim_end().ends_with('{'))
}

/// Top-level modules declared by the binary's `main.rs` belong to the binary crate.
fn bin_modules(src: &Path) -> BTreeSet<String> {
    let Ok(main) = std::fs::read_to_string(src.join("main.rs")) else {
        return BTreeSet::new();
    };
    main.lines()
        .filter_map(|l| l.trim().strip_prefix("mod ")?.strip_suffix(';'))
        .map(String::from)
        .collect()
}

fn load(src: &Path) -> Vec<File> {
    let bin = bin_modules(src);
    let mut paths = Vec::new();
    rs_files(src, &mut paths);
    paths
        .into_iter()
        .map(|p| {
            let module = module_of(src, &p);
            let in_bin = p.ends_with("main.rs") || module.first().is_some_and(|m| bin.contains(m));
            File {
                root: if in_bin { "bin" } else { "lib" },
                module,
                text: code(&std::fs::read_to_string(&p).unwrap()),
            }
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths a file names: each `crate::`/`super::`/`self::` path, with one level of
/// `{a, b::c}` expanded, and each `x::` of its own child modules.
fn named_paths(f: &File, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let t = f.text.as_str();
    let mut i = 0;
    while let Some(rel) = t[i..].find("::") {
        let at = i + rel;
        i = at + 2;
        let start = t[..at].rfind(|c: char| !is_ident(c)).map_or(0, |s| s + 1);
        let head = &t[start..at];
        if start > 0 && t[..start].ends_with("::") {
            continue;
        }
        let base: Vec<String> = match head {
            "crate" => Vec::new(),
            "super" => f.module[..f.module.len().saturating_sub(1)].to_vec(),
            "self" => f.module.clone(),
            h if children.contains(h) => {
                let mut m = f.module.clone();
                m.push(h.to_string());
                out.push(m);
                continue;
            }
            _ => continue,
        };
        let rest = &t[i..];
        if let Some(list) = rest.strip_prefix('{') {
            let inner = &list[..list.find('}').unwrap_or(0)];
            for item in inner.split(',') {
                out.push(extend(&base, item));
            }
        } else {
            let end = rest
                .find(|c: char| !(is_ident(c) || c == ':'))
                .unwrap_or(rest.len());
            out.push(extend(&base, &rest[..end]));
        }
    }
    out
}

fn extend(base: &[String], path: &str) -> Vec<String> {
    let mut m = base.to_vec();
    m.extend(
        path.split("::")
            .map(str::trim)
            .take_while(|s| !s.is_empty() && s.chars().all(is_ident))
            .filter(|s| *s != "self")
            .map(String::from),
    );
    m
}

/// Edges between files (by index), each named path resolved to its longest module prefix.
fn edges(files: &[File]) -> BTreeMap<usize, BTreeSet<usize>> {
    let index: BTreeMap<(&str, &[String]), usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| ((f.root, f.module.as_slice()), i))
        .collect();
    let mut out: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        let children: BTreeSet<String> = files
            .iter()
            .filter(|g| g.root == f.root && g.module.len() == f.module.len() + 1)
            .filter(|g| g.module.starts_with(&f.module))
            .map(|g| g.module.last().unwrap().clone())
            .collect();
        for path in named_paths(f, &children) {
            let target = (0..=path.len())
                .rev()
                .find_map(|n| index.get(&(f.root, &path[..n])));
            if let Some(&j) = target.filter(|&&j| j != i) {
                out.entry(i).or_default().insert(j);
            }
        }
    }
    out
}

fn find_cycle(n: usize, edges: &BTreeMap<usize, BTreeSet<usize>>) -> Option<Vec<usize>> {
    // 0 = unseen, 1 = on the stack, 2 = done.
    fn visit(
        v: usize,
        edges: &BTreeMap<usize, BTreeSet<usize>>,
        state: &mut [u8],
        stack: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[v] = 1;
        stack.push(v);
        for &w in edges.get(&v).into_iter().flatten() {
            if state[w] == 1 {
                let from = stack.iter().position(|&x| x == w).unwrap();
                let mut cycle = stack[from..].to_vec();
                cycle.push(w);
                return Some(cycle);
            }
            if state[w] == 0 {
                if let Some(c) = visit(w, edges, state, stack) {
                    return Some(c);
                }
            }
        }
        stack.pop();
        state[v] = 2;
        None
    }
    let mut state = vec![0u8; n];
    (0..n).find_map(|v| {
        if state[v] == 0 {
            visit(v, edges, &mut state, &mut Vec::new())
        } else {
            None
        }
    })
}

fn name(f: &File) -> String {
    match f.module.is_empty() {
        true => format!("{} root", f.root),
        false => f.module.join("::"),
    }
}

#[test]
fn no_import_circle_between_files() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for krate in ["corpus", "graph", "index", "server"] {
        let files = load(&workspace.join(krate).join("src"));
        let e = edges(&files);
        let imports: usize = e.values().map(BTreeSet::len).sum();
        println!(
            "{krate}: {} files, {imports} imports between them",
            files.len()
        );
        if let Some(cycle) = find_cycle(files.len(), &e) {
            let names: Vec<String> = cycle.iter().map(|&i| name(&files[i])).collect();
            panic!("{krate}: import circle {}", names.join(" → "));
        }
    }
}

#[test]
fn the_checker_sees_a_circle() {
    let file = |module: &[&str], text: &str| File {
        root: "lib",
        module: module.iter().map(|s| s.to_string()).collect(),
        text: code(text),
    };
    let files = vec![
        file(&[], "pub mod a;\npub mod b;"),
        file(&["a"], "use crate::b::{x, y};"),
        file(&["b"], "fn f() { super::a::g() }"),
    ];
    assert!(find_cycle(files.len(), &edges(&files)).is_some());
    let files = vec![
        file(&[], "pub mod a;\npub mod b;"),
        file(&["a"], "use crate::b::x;"),
        file(&["b"], "// crate::a::g()\n#[cfg(test)]\nuse crate::a::g;"),
    ];
    assert!(find_cycle(files.len(), &edges(&files)).is_none());
    // `super::` inside an inline module names the file itself, not its parent.
    let files = vec![
        file(&[], "pub mod a;\nuse a::x;"),
        file(
            &["a"],
            "pub fn x() {}\nmod fast {\n    use super::x;\n}\nfn y() { super::z() }",
        ),
    ];
    let e = edges(&files);
    assert!(find_cycle(files.len(), &e).is_some());
    let files = vec![
        file(&[], "pub mod a;\nuse a::x;"),
        file(&["a"], "pub fn x() {}\nmod fast {\n    use super::x;\n}"),
    ];
    assert!(find_cycle(files.len(), &edges(&files)).is_none());
}
