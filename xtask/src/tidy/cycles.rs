//! The module graph of one crate, from the paths its code names, and the cycles among sibling
//! modules in it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::code_of;

pub(super) fn module_path(base: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(base).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    } else if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The cycles among sibling modules: an edge from each module to every module its code names
/// (`crate::…`, `super::…`, `self::…` paths, `use` groups included), lifted to the two siblings
/// under their closest common ancestor; a module's own ancestors and descendants do not count.
pub(super) fn cycles(sources: &BTreeMap<Vec<String>, String>) -> Vec<Vec<String>> {
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in sources {
        let code = code_of(text);
        for path in paths(&code, module) {
            let target = (0..=path.len())
                .rev()
                .map(|k| path[..k].to_vec())
                .find(|prefix| sources.contains_key(prefix))
                .unwrap_or_default();
            let related = target.starts_with(module) || module.starts_with(&target);
            if related {
                continue;
            }
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            edges
                .entry(module[..=common].to_vec())
                .or_default()
                .insert(target[..=common].to_vec());
        }
    }
    strongly_connected(&edges)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            let mut names: Vec<String> = component.iter().map(|m| m.join("::")).collect();
            names.sort();
            names
        })
        .collect()
}

/// Every module path the code names, resolved from `module`.
fn paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{' || c == ','))
        .collect();
    for word in words {
        let word = word.trim_matches(',');
        let Some((start, rest)) = ["crate::", "super::", "self::"]
            .iter()
            .find_map(|p| word.strip_prefix(p).map(|rest| (*p, rest)))
        else {
            continue;
        };
        let mut base: Vec<String> = match start {
            "crate::" => Vec::new(),
            "super::" => module[..module.len().saturating_sub(1)].to_vec(),
            _ => module.to_vec(),
        };
        let (head, group) = match rest.split_once('{') {
            Some((head, group)) => (head, Some(group)),
            None => (rest, None),
        };
        let mut segments: Vec<String> = Vec::new();
        for segment in head.split("::").filter(|s| !s.is_empty()) {
            if segment == "super" && segments.is_empty() {
                base.pop();
            } else {
                segments.push(segment.to_owned());
            }
        }
        let mut path = base;
        path.extend(segments);
        found.push(path.clone());
        for item in group.unwrap_or("").split(',') {
            let item: Vec<String> = item
                .trim()
                .split("::")
                .filter(|s| !s.is_empty() && *s != "self" && !s.contains('{'))
                .map(str::to_owned)
                .collect();
            let mut full = path.clone();
            full.extend(item);
            found.push(full);
        }
    }
    found
}

/// Tarjan's strongly connected components.
fn strongly_connected(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: HashMap<&'a [String], usize>,
        low: HashMap<&'a [String], usize>,
        stack: Vec<&'a [String]>,
        on_stack: BTreeSet<&'a [String]>,
        next: usize,
        components: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a [String]) {
        state.index.insert(node, state.next);
        state.low.insert(node, state.next);
        state.next += 1;
        state.stack.push(node);
        state.on_stack.insert(node);
        let targets = state.edges.get(node).into_iter().flatten();
        for target in targets {
            let target = target.as_slice();
            if !state.index.contains_key(target) {
                visit(state, target);
                let low = state.low[node].min(state.low[target]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(target) {
                let low = state.low[node].min(state.index[target]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                component.push(top.to_vec());
                if top == node {
                    break;
                }
            }
            state.components.push(component);
        }
    }
    let mut state = State {
        edges,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        components: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node.as_slice()) {
            visit(&mut state, node);
        }
    }
    state.components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(files: &[(&str, &str)]) -> BTreeMap<Vec<String>, String> {
        files
            .iter()
            .map(|(path, text)| {
                (
                    path.split("::")
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    (*text).to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn a_pair_of_siblings_that_import_each_other_is_a_cycle() {
        let found = cycles(&sources(&[
            ("", "mod a; mod b;"),
            ("a", "use super::b::thing;"),
            ("b", "use crate::a::{One, Two};"),
        ]));
        assert_eq!(found, [vec!["a".to_owned(), "b".to_owned()]]);
    }

    #[test]
    fn a_three_module_cycle_across_children_is_found_at_the_top() {
        let found = cycles(&sources(&[
            ("a", "use crate::b::x::Y;"),
            ("b", "pub mod x;"),
            ("b::x", "use crate::c::Z;"),
            ("c", "fn f() { crate::a::g(); }"),
        ]));
        assert_eq!(
            found,
            [vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]
        );
    }

    #[test]
    fn parents_and_children_and_comments_are_not_cycles() {
        let found = cycles(&sources(&[
            ("p", "mod c; pub use c::X;"),
            ("p::c", "use super::Parent; // crate::q::y"),
            ("q", "/// see [`crate::p::X`]\nfn f() {}"),
        ]));
        assert!(found.is_empty(), "{found:?}");
    }
}
