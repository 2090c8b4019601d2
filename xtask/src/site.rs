//! The static site in `www/`, from its sources in `www/src/` and the three built modules: the
//! helper's markup with its English texts filled in, every file the page loads copied under a
//! content-hashed name into `www/pkg/` (so the Worker can let browsers keep them for a year), the
//! hosted page `www/index.html` that preloads them, and `www/embed.js` for embedding.
//!
//! A file is named `<stem>.<16 hex digits of its SHA-256>.<ext>`, the convention the core's
//! static-file rules recognise as content-hashed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::Result;

/// The languages of `www/i18n/`.
const LANGS: [&str; 3] = ["en", "fr", "nl"];

/// Where the helper's markup goes in `index.html`, and the later steps' markup (each its own
/// module's) in the helper's: `www/src/<name>.html` before `<!-- <name>:end -->`.
const HELPER_MARK: &str = "<!-- helper -->";
const STEP_MARKUP: [&str; 3] = ["users", "signon", "watch"];

/// Writes the site into `www/` from `www/src/`, with the built modules of `modules` (the
/// `target/web/<name>/` directories of [`crate::build::web`]).
pub fn write(root: &Path, modules: &Path) -> Result {
    let www = root.join("www");
    let pkg = www.join("pkg");
    fs::create_dir_all(&pkg).map_err(|e| format!("cannot create {}: {e}", pkg.display()))?;
    remove_hashed(&pkg)?;
    let en: BTreeMap<String, String> = serde_json::from_str(&read(&www.join("i18n/en.json"))?)
        .map_err(|e| format!("www/i18n/en.json: {e}"))?;
    let mut files = Files {
        www: &www,
        names: BTreeMap::new(),
    };
    for (name, module) in [("page", "page"), ("users", "users"), ("signon", "signon")] {
        let dir = modules.join(module);
        files.add(
            &format!("{name}.js"),
            name,
            "js",
            read(&dir.join(format!("{module}.js")))?.as_bytes(),
        )?;
        let wasm = fs::read(dir.join(format!("{module}_bg.wasm")))
            .map_err(|e| format!("cannot read the {module} module: {e}"))?;
        files.add(&format!("{name}.wasm"), name, "wasm", &wasm)?;
    }
    for lang in LANGS {
        let table = read(&www.join(format!("i18n/{lang}.json")))?;
        let served = if lang == "en" {
            english_served(&en)?
        } else {
            table
        };
        files.add(
            &format!("i18n/{lang}.json"),
            lang,
            "json",
            served.as_bytes(),
        )?;
    }
    for css in ["style", "helper"] {
        files.add(
            &format!("{css}.css"),
            css,
            "css",
            read(&www.join(format!("{css}.css")))?.as_bytes(),
        )?;
    }
    let src = www.join("src");
    let mut helper = read(&src.join("helper.html"))?;
    for step in STEP_MARKUP {
        let mark = format!("<!-- {step}:end -->");
        if !helper.contains(&mark) {
            return Err(format!("www/src/helper.html has no {mark}"));
        }
        let markup = read(&src.join(format!("{step}.html")))?;
        helper = helper.replace(&mark, &format!("{markup}{mark}"));
    }
    let helper = fill_texts(&strip_comments(&helper), &en)?;
    files.add("helper.html", "helper", "html", helper.as_bytes())?;
    let boot = read(&src.join("boot.js"))?;
    let manifest = serde_json::to_string(&files.names).map_err(|e| e.to_string())?;
    let boot = boot.replace("{{files}}", &manifest);
    files.add(
        "loader.js",
        "loader",
        "js",
        format!("{boot}{}", read(&src.join("loader.js"))?).as_bytes(),
    )?;
    write_file(
        &www.join("embed.js"),
        format!("{boot}{}", read(&src.join("embed.js"))?).as_bytes(),
    )?;
    let index = read(&src.join("index.html"))?.replace(HELPER_MARK, "<!--helper-->");
    let mut index = fill_texts(&strip_comments(&index), &en)?.replace("<!--helper-->", &helper);
    for (name, path) in &files.names {
        index = index.replace(&format!("{{{{{name}}}}}"), path);
    }
    if let Some(start) = index.find("{{") {
        let rest = &index[start..];
        return Err(format!(
            "www/src/index.html names a file the build does not make: {}",
            &rest[..rest.find("}}").map_or(rest.len(), |end| end + 2)]
        ));
    }
    write_file(&www.join("index.html"), index.as_bytes())
}

/// The files written so far: their names in the sources (`page.wasm`) and their hashed paths.
struct Files<'a> {
    www: &'a Path,
    names: BTreeMap<String, String>,
}

impl Files<'_> {
    /// Writes `bytes` as `pkg/<stem>.<hash>.<ext>`, known as `name`.
    fn add(&mut self, name: &str, stem: &str, ext: &str, bytes: &[u8]) -> Result {
        let path = format!("pkg/{stem}.{}.{ext}", hash(bytes));
        write_file(&self.www.join(&path), bytes)?;
        self.names.insert(name.to_owned(), path);
        Ok(())
    }
}

/// `html` without its comments, except the `<!--helper-->` mark (the sources explain themselves
/// in comments; the browser need not download them).
fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let comment = &rest[start..];
        let end = comment.find("-->").map_or(comment.len(), |end| end + 3);
        if &comment[..end] == "<!--helper-->" {
            out.push_str("<!--helper-->");
        }
        rest = comment[end..].strip_prefix('\n').unwrap_or(&comment[end..]);
    }
    out.push_str(rest);
    out
}

/// The English table as the page fetches it: without the core's codes and checklist steps,
/// whose English text the module already holds (the core's messages, which name the values
/// involved), so each text ships once. `www/i18n/en.json` keeps them for translators.
fn english_served(en: &BTreeMap<String, String>) -> Result<String> {
    let codes: std::collections::BTreeSet<&str> = mimecast_sso_core::all_codes().collect();
    let served: BTreeMap<&String, &String> = en
        .iter()
        .filter(|(key, _)| !codes.contains(key.as_str()) && !key.starts_with("step."))
        .collect();
    serde_json::to_string(&served).map_err(|e| e.to_string())
}

/// The first 16 hex digits of `bytes`' SHA-256.
fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Whether `name` is `<stem>.<16 hex>.<ext>`.
fn is_hashed(name: &str) -> bool {
    let mut parts = name.rsplitn(3, '.');
    let (_ext, digest) = (parts.next(), parts.next());
    parts.next().is_some()
        && digest.is_some_and(|d| d.len() == 16 && d.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Removes the hashed files of an earlier build, so `www/pkg/` holds only the current ones.
fn remove_hashed(pkg: &Path) -> Result {
    let entries = fs::read_dir(pkg).map_err(|e| format!("cannot list {}: {e}", pkg.display()))?;
    for entry in entries.flatten() {
        if entry.file_name().to_str().is_some_and(is_hashed) {
            fs::remove_file(entry.path())
                .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Fills every `data-i18n="key"` element of `html` with the key's English text (escaped), plus its
/// `data-i18n-after`, and sets each `data-i18n-attr` attribute. Elements must be empty in the
/// source: the table is the one place of the texts.
pub fn fill_texts(html: &str, table: &BTreeMap<String, String>) -> Result<String> {
    let text_of = |key: &str| {
        table
            .get(key)
            .map(|text| escape(text))
            .ok_or_else(|| format!("www/src: data-i18n key `{key}` is not in www/i18n/en.json"))
    };
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(tag_start) = rest.find('<') {
        out.push_str(&rest[..tag_start]);
        let tail = &rest[tag_start..];
        let Some(tag_end) = tail.find('>') else {
            out.push_str(tail);
            return Ok(out);
        };
        let tag = &tail[..=tag_end];
        rest = &tail[tag_end + 1..];
        let attrs = attributes(tag);
        let mut tag = tag.to_owned();
        if let Some(pairs) = attrs.get("data-i18n-attr") {
            let mut extra = String::new();
            for pair in pairs.split_whitespace() {
                let (name, key) = pair
                    .split_once(':')
                    .ok_or_else(|| format!("www/src: data-i18n-attr `{pair}` is not name:key"))?;
                extra.push_str(&format!(" {name}=\"{}\"", text_of(key)?));
            }
            let close = if tag.ends_with("/>") {
                tag.len() - 2
            } else {
                tag.len() - 1
            };
            tag.insert_str(close, &extra);
        }
        out.push_str(&tag);
        if let Some(key) = attrs.get("data-i18n") {
            if !rest.starts_with("</") {
                return Err(format!(
                    "www/src: the element of data-i18n `{key}` is not empty"
                ));
            }
            out.push_str(&text_of(key)?);
            out.push_str(&escape(
                attrs.get("data-i18n-after").map_or("", String::as_str),
            ));
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The `name="value"` attributes of a start tag (values as written; the sources hold no entity
/// in the attributes read here).
fn attributes(tag: &str) -> BTreeMap<&str, String> {
    let mut found = BTreeMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        found.insert(name, rest[value_start..value_start + len].to_owned());
        rest = &rest[value_start + len + 1..];
    }
    found
}

/// `text` escaped for HTML text and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write_file(path: &PathBuf, bytes: &[u8]) -> Result {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_filled_escaped_and_attributes_added() {
        let table = BTreeMap::from([
            ("a".to_owned(), "Fish & <chips>".to_owned()),
            ("b".to_owned(), "Checks".to_owned()),
        ]);
        let html = r#"<p data-i18n="a"></p><option data-i18n="a" data-i18n-after=" (eu)"></option><ul data-i18n-attr="aria-label:b"></ul>"#;
        assert_eq!(
            fill_texts(html, &table).unwrap(),
            r#"<p data-i18n="a">Fish &amp; &lt;chips&gt;</p><option data-i18n="a" data-i18n-after=" (eu)">Fish &amp; &lt;chips&gt; (eu)</option><ul data-i18n-attr="aria-label:b" aria-label="Checks"></ul>"#
        );
        assert!(fill_texts(r#"<p data-i18n="missing"></p>"#, &table).is_err());
        assert!(fill_texts(r#"<p data-i18n="a">typed</p>"#, &table).is_err());
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("page.0123456789abcdef.wasm"));
        assert!(!is_hashed("mimecast_sso_web_bg.wasm"));
        assert!(!is_hashed("0123456789abcdef.wasm"));
        assert_eq!(hash(b"").len(), 16);
    }
}
