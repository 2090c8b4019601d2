//! Native tests of the translation tables in `www/i18n/`: every table holds every key the page
//! uses and every code the core can emit, so no French or Dutch page falls back to English.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::mimecast_api::InboundType;
use mimecast_sso_core::plan::{PlanInput, SignOnMode, build_plan};
use mimecast_sso_core::region::Region;
use mimecast_sso_web::i18n::Lang;

type Table = BTreeMap<String, String>;

fn table(lang: Lang) -> Table {
    let path = format!(
        "{}/../../www/{}",
        env!("CARGO_MANIFEST_DIR"),
        lang.table_path()
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| {
        panic!(
            "www/i18n/{}.json is not a flat JSON object: {error}",
            lang.tag()
        )
    })
}

/// Every `"ui.…"` string literal in the crate's sources: the UI keys the page looks up.
fn ui_keys_in_sources() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut keys = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(
                std::fs::read_dir(&path)
                    .expect("src is readable")
                    .map(|e| e.expect("a directory entry").path()),
            );
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file is readable");
        for (index, _) in text.match_indices("\"ui.") {
            let rest = &text[index + 1..];
            let end = rest.find('"').expect("a closed string literal");
            let key = &rest[..end];
            if key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
                && !key.ends_with('.')
            {
                keys.push(key.to_owned());
            }
        }
    }
    assert!(
        keys.len() > 40,
        "found only {} UI keys in the sources",
        keys.len()
    );
    keys
}

/// Keys made at run time: statuses, consoles, severities, fields, regions, checklist steps.
fn derived_keys() -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for status in ["done", "todo", "blocked"] {
        keys.push(format!("ui.status.{status}"));
    }
    for console in ["entra", "mimecast"] {
        keys.push(format!("ui.console.{console}"));
        keys.push(format!("ui.open.{console}"));
    }
    for severity in ["error", "warning", "info"] {
        keys.push(format!("ui.severity.{severity}"));
    }
    for field in [
        "region",
        "accountCode",
        "tenantId",
        "appId",
        "certificate",
        "description",
        "legacySignOnUrl",
        "signOnMode",
    ] {
        keys.push(format!("ui.field.{field}"));
    }
    keys.extend(
        Region::ALL
            .iter()
            .map(|r| format!("region_name.{}", r.code())),
    );
    for kind in InboundType::ALL {
        keys.push(format!("ui.users.inbound.{}", kind.code()));
        keys.push(format!("ui.users.inbound.{}_hint", kind.code()));
    }
    for status in ["registered", "pending", "expired", "missing"] {
        keys.push(format!("ui.users.needed.{status}"));
    }
    for mode in SignOnMode::ALL {
        let input = PlanInput {
            sign_on_mode: Some(mode.name().to_owned()),
            ..PlanInput::default()
        };
        let plan = build_plan(&input, UnixTime::from_secs(1_800_000_000));
        assert!(!plan.checklist.is_empty());
        keys.extend(
            plan.checklist
                .iter()
                .map(|step| format!("step.{}", step.id)),
        );
    }
    keys.sort();
    keys.dedup();
    keys
}

fn missing(table: &Table, keys: impl IntoIterator<Item = String>) -> Vec<String> {
    keys.into_iter()
        .filter(|key| table.get(key).is_none_or(|text| text.trim().is_empty()))
        .collect()
}

#[test]
fn every_core_code_has_a_translation_in_every_language() {
    for lang in Lang::ALL {
        let gaps = missing(
            &table(lang),
            mimecast_sso_core::all_codes().map(str::to_owned),
        );
        assert!(
            gaps.is_empty(),
            "{}.json lacks core codes: {gaps:?}",
            lang.tag()
        );
    }
}

#[test]
fn every_ui_key_has_a_translation_in_every_language() {
    let mut keys = ui_keys_in_sources();
    keys.extend(derived_keys());
    for lang in Lang::ALL {
        let gaps = missing(&table(lang), keys.clone());
        assert!(
            gaps.is_empty(),
            "{}.json lacks UI keys: {gaps:?}",
            lang.tag()
        );
    }
}

#[test]
fn the_three_tables_have_the_same_keys_and_placeholders() {
    let english = table(Lang::En);
    for lang in [Lang::Fr, Lang::Nl] {
        let other = table(lang);
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            extra.is_empty(),
            "{}.json has keys English lacks: {extra:?}",
            lang.tag()
        );
        for (key, text) in &english {
            let Some(translated) = other.get(key) else {
                panic!("{}.json lacks {key}", lang.tag());
            };
            for placeholder in text
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}'))
                .map(|(name, _)| name)
            {
                assert!(
                    translated.contains(&format!("{{{placeholder}}}")),
                    "{}.json {key} lacks {{{placeholder}}}",
                    lang.tag()
                );
            }
        }
    }
}

#[test]
fn french_and_dutch_tables_are_translated_not_copied() {
    let english = table(Lang::En);
    for lang in [Lang::Fr, Lang::Nl] {
        let other = table(lang);
        let same = english
            .iter()
            .filter(|(k, v)| other.get(*k) == Some(*v) && v.len() > 12)
            .count();
        assert!(
            same * 20 < english.len(),
            "{}.json repeats {same} English texts",
            lang.tag()
        );
    }
}
