//! Native tests of the page's markup (`www/src/*.html`) against the core and the tables: the
//! markup is on screen before the module, so what it shows by itself must be what the module
//! would show: every region in the core's order, the core's fixed profile values, and a text in
//! every language for every `data-i18n` key.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::plan::{
    DEFAULT_DESCRIPTION, ENFORCE_SAML_END_USER_APPLICATIONS, PlanInput, SignOnMode, build_plan,
};
use mimecast_sso_core::region::Region;
use mimecast_sso_web::i18n::Lang;

fn source(name: &str) -> String {
    let path = format!("{}/../../www/src/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Every value of attribute `name` in `html`, in order.
fn values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The text of the element whose start tag holds `marker`.
fn text_after<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} is in the markup"));
    let rest = &html[at..];
    let start = rest.find('>').expect("a start tag") + 1;
    let end = rest[start..].find('<').expect("an end tag");
    &rest[start..start + end]
}

#[test]
fn the_region_menu_lists_every_region_of_the_core_in_its_order() {
    let html = source("helper.html");
    let menu = &html[html.find("data-field=\"region\"").expect("the region menu")..];
    let menu = &menu[..menu.find("</select>").expect("its end")];
    let codes: Vec<&str> = values(menu, "value")
        .into_iter()
        .filter(|code| !code.is_empty())
        .collect();
    let core: Vec<&str> = Region::ALL.iter().map(|region| region.code()).collect();
    assert_eq!(codes, core);
    for region in Region::ALL {
        let code = region.code();
        assert!(menu.contains(&format!(
            "value=\"{code}\" data-i18n=\"region_name.{code}\" data-i18n-after=\" ({code})\""
        )));
    }
}

#[test]
fn the_profile_shows_the_cores_fixed_values_before_the_module() {
    let html = source("helper.html");
    let plan = build_plan(&PlanInput::default(), UnixTime::from_secs(1_800_000_000));
    let profile = &plan.authentication_profile;
    assert_eq!(
        text_after(&html, "data-value=\"profile.provider\""),
        profile.provider
    );
    assert_eq!(
        text_after(&html, "data-value=\"profile.description\""),
        DEFAULT_DESCRIPTION
    );
    assert_eq!(
        text_after(&html, "data-value=\"profile.enforceSamlCheckboxOlder\""),
        profile.enforce_saml_checkbox_older
    );
    // The console's names, today's and the older one beside it.
    for label in [
        profile.enforce_saml_checkbox.as_str(),
        profile.provider_older.as_str(),
        ENFORCE_SAML_END_USER_APPLICATIONS,
        ">Metadata URL<",
    ] {
        assert!(html.contains(label), "{label}");
    }
    let metadata = html
        .find("data-row=\"profile.metadataUrl\"")
        .expect("Metadata URL");
    let issuer = html
        .find("data-row=\"profile.issuerUrl\"")
        .expect("Issuer URL");
    assert!(
        metadata < issuer,
        "Metadata URL and Import come before the manual fields"
    );
    // One option per sign-on mode of the core, in its order; SP-initiated, the default, is the
    // empty value (the core reads an empty mode as `sp`), so a kept choice is not overridden by
    // the menu's first option when the module binds to the form.
    let menu = &html[html
        .find("data-field=\"signOnMode\"")
        .expect("the mode menu")..];
    let menu = &menu[..menu.find("</select>").expect("its end")];
    let modes: Vec<&str> = SignOnMode::ALL
        .iter()
        .map(|mode| match mode {
            SignOnMode::Sp => "",
            other => other.name(),
        })
        .collect();
    assert_eq!(values(menu, "value"), modes);
    assert_eq!("".parse::<SignOnMode>(), Ok(SignOnMode::Sp));
    assert_eq!(profile.description.as_deref(), Some(DEFAULT_DESCRIPTION));
    for (key, on) in [
        (
            "enforceSamlAuthentication",
            profile.enforce_saml_authentication,
        ),
        ("allowSingleSignOn", profile.allow_single_sign_on),
        (
            "usePasswordProtectedContext",
            profile.use_password_protected_context,
        ),
        (
            "useIntegratedAuthenticationContext",
            profile.use_integrated_authentication_context,
        ),
        (
            "enforceSamlForEndUserApplications",
            profile.enforce_saml_for_end_user_applications,
        ),
    ] {
        let marker = format!(
            "data-value=\"profile.{key}\" data-check=\"{}\"",
            if on { "on" } else { "off" }
        );
        assert!(html.contains(&marker), "{marker}");
    }
}

#[test]
fn every_text_of_the_markup_is_in_every_table() {
    let mut keys: Vec<String> = Vec::new();
    for name in ["helper.html", "users.html", "index.html"] {
        let html = source(name);
        keys.extend(values(&html, "data-i18n").into_iter().map(str::to_owned));
        keys.extend(values(&html, "data-wait").into_iter().map(str::to_owned));
        for pairs in values(&html, "data-i18n-attr") {
            keys.extend(
                pairs
                    .split_whitespace()
                    .filter_map(|pair| pair.split_once(':'))
                    .map(|(_, key)| key.to_owned()),
            );
        }
    }
    assert!(keys.len() > 60, "found only {} keys", keys.len());
    for lang in Lang::ALL {
        let path = format!(
            "{}/../../www/{}",
            env!("CARGO_MANIFEST_DIR"),
            lang.table_path()
        );
        let table: BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("the table"))
                .expect("a flat object");
        let missing: Vec<&String> = keys
            .iter()
            .filter(|key| !table.contains_key(*key))
            .collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.tag());
    }
}
