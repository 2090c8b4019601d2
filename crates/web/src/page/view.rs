//! The page's skeleton: headings, inputs with their labels and hints, and the empty containers the
//! outputs are rendered into. Built once per language; inputs keep their values across rebuilds.

use mimecast_sso_core::plan::DEFAULT_DESCRIPTION;
use mimecast_sso_core::region::Region;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::{Page, Refs, Shared, actions, certificate_input, import, refresh, users};
use crate::dom::{Builder, DomResult, attrs, cast, clear, on};
use crate::i18n::{Lang, core_text, t};

/// Builds (or rebuilds, after a language switch) the whole helper into the page's host element.
pub(super) fn build(shared: &Shared) -> DomResult {
    let mut page = shared.borrow_mut();
    let b = page.b.clone();
    let lang = page.lang;
    let id = |name: &str| format!("{}{name}", page.prefix);
    clear(&page.host);
    let root = b.child(&page.host, "div", "mss")?;
    attrs(&root, &[("lang", lang.tag())])?;

    // Header: title, language, actions.
    let top = b.child(&root, "header", "mss-top")?;
    let brand = b.child(&top, "div", "mss-brand")?;
    b.child_text(&brand, "p", "mss-product", &t(lang, "ui.product"))?;
    b.child_text(&brand, "h1", "mss-title", &t(lang, "ui.title"))?;
    b.child_text(&brand, "p", "mss-lead", &t(lang, "ui.lead"))?;
    let tools = b.child(&top, "div", "mss-tools")?;
    let lang_select = language_select(&b, &tools, &id("lang"), lang)?;
    let download = b.child_text(&tools, "button", "mss-button", &t(lang, "ui.download"))?;
    let print = b.child_text(&tools, "button", "mss-button", &t(lang, "ui.print"))?;
    let reset = b.child_text(
        &tools,
        "button",
        "mss-button mss-quiet",
        &t(lang, "ui.clear"),
    )?;
    for button in [&download, &print, &reset] {
        attrs(button, &[("type", "button")])?;
    }
    attrs(&download, &[("data-action", "download")])?;
    attrs(&print, &[("data-action", "print")])?;
    attrs(&reset, &[("data-action", "clear")])?;
    b.child_text(&root, "p", "mss-privacy", &t(lang, "ui.privacy"))?;
    let summary = b.child(&root, "p", "mss-summary")?;
    attrs(&summary, &[("role", "status")])?;

    // 1. Mimecast account.
    let s1 = section(
        &b,
        &root,
        &id("s1"),
        "1",
        &t(lang, "ui.s1.title"),
        &t(lang, "ui.s1.intro"),
    )?;
    let grid = b.child(&s1, "div", "mss-grid")?;
    let region: HtmlSelectElement = cast(b.el("select", "mss-input")?, "select")?;
    region_options(&b, &region, lang)?;
    let region_note = field(
        &b,
        &grid,
        &id("region"),
        &t(lang, "ui.region"),
        &t(lang, "ui.region.hint"),
        &region,
    )?;
    let account = text_input(&b, &id("account"), "CUK1A234")?;
    attrs(
        &account,
        &[("autocapitalize", "characters"), ("spellcheck", "false")],
    )?;
    let account_note = field(
        &b,
        &grid,
        &id("account"),
        &t(lang, "ui.account"),
        &t(lang, "ui.account.hint"),
        &account,
    )?;

    // 2. Entra tenant.
    let s2 = section(
        &b,
        &root,
        &id("s2"),
        "2",
        &t(lang, "ui.s2.title"),
        &t(lang, "ui.s2.intro"),
    )?;
    let imports = import::build(shared, &b, &s2, &id("metadata"), lang)?;
    let tenant = text_input(&b, &id("tenant"), "00000000-0000-0000-0000-000000000000")?;
    attrs(&tenant, &[("spellcheck", "false")])?;
    let tenant_note = field(
        &b,
        &s2,
        &id("tenant"),
        &t(lang, "ui.tenant"),
        &t(lang, "ui.tenant.hint"),
        &tenant,
    )?;

    // 3. Entra values.
    let s3 = section(
        &b,
        &root,
        &id("s3"),
        "3",
        &t(lang, "ui.s3.title"),
        &t(lang, "ui.s3.intro"),
    )?;
    let entra = b.child(&s3, "dl", "mss-values")?;

    // 4. Certificate.
    let s4 = section(
        &b,
        &root,
        &id("s4"),
        "4",
        &t(lang, "ui.s4.title"),
        &t(lang, "ui.s4.intro"),
    )?;
    let cert = certificate_input::build(shared, &b, &s4, &id("cert"), lang)?;

    // 5. Mimecast Authentication Profile.
    let s5 = section(
        &b,
        &root,
        &id("s5"),
        "5",
        &t(lang, "ui.s5.title"),
        &t(lang, "ui.s5.intro"),
    )?;
    let description = text_input(&b, &id("description"), DEFAULT_DESCRIPTION)?;
    let description_note = field(
        &b,
        &s5,
        &id("description"),
        &t(lang, "ui.description"),
        &t(lang, "ui.description.hint"),
        &description,
    )?;
    let profile = b.child(&s5, "dl", "mss-values")?;

    // 6. Checklist, and what needs the server.
    let s6 = section(
        &b,
        &root,
        &id("s6"),
        "6",
        &t(lang, "ui.s6.title"),
        &t(lang, "ui.s6.intro"),
    )?;
    let checklist = b.child(&s6, "ol", "mss-checklist")?;
    let server = b.child(&s6, "div", "mss-server")?;
    attrs(&server, &[("data-server", "checking")])?;

    // 7. Mimecast users: domains, one user, a CSV import.
    let s7 = section(
        &b,
        &root,
        &id("s7"),
        "7",
        &t(lang, "ui.users.title"),
        &t(lang, "ui.users.intro"),
    )?;

    let live = b.child(&root, "div", "mss-visually-hidden")?;
    attrs(&live, &[("aria-live", "polite"), ("data-live", "")])?;

    // Values as typed so far.
    region.set_value(&page.inputs.region);
    account.set_value(&page.inputs.account_code);
    tenant.set_value(&page.inputs.tenant_id);
    description.set_value(&page.inputs.description);
    cert.textarea.set_value(&page.inputs.certificate);

    listen_text(shared, &account, |page, value| {
        page.inputs.account_code = value
    });
    listen_text(shared, &tenant, |page, value| page.inputs.tenant_id = value);
    listen_text(shared, &description, |page, value| {
        page.inputs.description = value
    });
    let target = shared.clone();
    let select = region.clone();
    on(&region, "change", move |_| {
        let mut page = target.borrow_mut();
        page.inputs.region = select.value();
        page.region_suggested = false;
        let _ = refresh(&mut page);
    });
    let target = shared.clone();
    let chosen = lang_select.clone();
    on(&lang_select, "change", move |_| {
        let (target, tag) = (target.clone(), chosen.value());
        wasm_bindgen_futures::spawn_local(async move { switch_language(&target, &tag).await });
    });
    actions::wire_buttons(shared, &download, &print, &reset);

    page.refs = Some(Refs {
        root,
        region,
        account,
        tenant,
        description,
        certificate: cert.textarea,
        region_note,
        account_note,
        tenant_note,
        description_note,
        summary,
        entra,
        cert_notice: cert.notice,
        cert_details: cert.details,
        cert_findings: cert.findings,
        profile,
        checklist,
        server,
        live,
        import: imports,
    });
    if page.owns_document {
        own_document(&page)?;
    }
    users::build(&page, &s7)?;
    Ok(())
}

/// Rebuilds the page in another language, keeping every input, and keeps focus on the menu.
async fn switch_language(shared: &Shared, tag: &str) {
    let Some(lang) = Lang::from_tag(tag) else {
        return;
    };
    let base = shared.borrow().asset_base.clone();
    if crate::i18n::load(lang, &base).await.is_err() {
        return;
    }
    shared.borrow_mut().lang = lang;
    if build(shared).is_err() {
        return;
    }
    let mut page = shared.borrow_mut();
    let _ = refresh(&mut page);
    actions::render_server(&page);
    if let Some(refs) = &page.refs
        && let Ok(Some(menu)) = refs.root.query_selector("[data-action=language]")
        && let Ok(menu) = menu.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = menu.focus();
    }
}

/// Sets `<html lang>`, the title, and the document's own `[data-i18n]` texts (the hosted page).
fn own_document(page: &Page) -> DomResult {
    let doc = &page.b.doc;
    if let Some(html) = doc.document_element() {
        html.set_attribute("lang", page.lang.tag())?;
    }
    doc.set_title(&t(page.lang, "ui.document_title"));
    let list = doc.query_selector_all("[data-i18n]")?;
    for index in 0..list.length() {
        if let Some(element) = list.item(index).and_then(|n| n.dyn_into::<Element>().ok())
            && let Some(key) = element.get_attribute("data-i18n")
        {
            element.set_text_content(Some(&t(page.lang, &key)));
        }
    }
    Ok(())
}

/// A numbered step: `<section>` with its heading and introduction.
fn section(
    b: &Builder,
    root: &Element,
    id: &str,
    number: &str,
    title: &str,
    intro: &str,
) -> DomResult<Element> {
    let section = b.child(root, "section", "mss-card")?;
    let heading_id = format!("{id}-title");
    attrs(&section, &[("aria-labelledby", &heading_id), ("id", id)])?;
    let heading = b.child(&section, "h2", "mss-heading")?;
    attrs(&heading, &[("id", &heading_id)])?;
    let badge = b.child_text(&heading, "span", "mss-number", number)?;
    attrs(&badge, &[("aria-hidden", "true")])?;
    b.child_text(&heading, "span", "", title)?;
    b.child_text(&section, "p", "mss-intro", intro)?;
    Ok(section)
}

/// A labelled control with its hint and a note for findings, appended to `parent`; gives the note.
pub(super) fn field(
    b: &Builder,
    parent: &Element,
    id: &str,
    label: &str,
    hint: &str,
    control: &Element,
) -> DomResult<Element> {
    let wrapper = b.child(parent, "div", "mss-field")?;
    let label_el = b.child_text(&wrapper, "label", "mss-label", label)?;
    attrs(&label_el, &[("for", id)])?;
    let hint_id = format!("{id}-hint");
    let note_id = format!("{id}-note");
    attrs(
        control,
        &[
            ("id", id),
            ("aria-describedby", &format!("{hint_id} {note_id}")),
        ],
    )?;
    wrapper.append_child(control)?;
    let hint_el = b.child_text(&wrapper, "p", "mss-hint", hint)?;
    attrs(&hint_el, &[("id", &hint_id)])?;
    let note = b.child(&wrapper, "div", "mss-note")?;
    attrs(&note, &[("id", &note_id), ("aria-live", "polite")])?;
    Ok(note)
}

fn text_input(b: &Builder, name: &str, placeholder: &str) -> DomResult<HtmlInputElement> {
    let input: HtmlInputElement = cast(b.el("input", "mss-input")?, "input")?;
    attrs(
        &input,
        &[
            ("type", "text"),
            ("name", name),
            ("autocomplete", "off"),
            ("placeholder", placeholder),
        ],
    )?;
    Ok(input)
}

fn region_options(b: &Builder, select: &HtmlSelectElement, lang: Lang) -> DomResult {
    let none = b.text("option", "", &t(lang, "ui.region.choose"))?;
    attrs(&none, &[("value", "")])?;
    select.append_child(&none)?;
    for region in Region::ALL {
        let name = core_text(
            lang,
            &format!("region_name.{}", region.code()),
            region.name(),
        );
        let option = b.text("option", "", &format!("{name} ({})", region.code()))?;
        attrs(&option, &[("value", region.code())])?;
        select.append_child(&option)?;
    }
    Ok(())
}

fn language_select(
    b: &Builder,
    parent: &Element,
    id: &str,
    lang: Lang,
) -> DomResult<HtmlSelectElement> {
    let wrapper = b.child(parent, "div", "mss-lang")?;
    let label = b.child_text(&wrapper, "label", "", &t(lang, "ui.language"))?;
    attrs(&label, &[("for", id)])?;
    let select: HtmlSelectElement = cast(b.el("select", "mss-input")?, "select")?;
    attrs(&select, &[("id", id), ("data-action", "language")])?;
    for option_lang in Lang::ALL {
        let option = b.text("option", "", option_lang.native_name())?;
        attrs(
            &option,
            &[("value", option_lang.tag()), ("lang", option_lang.tag())],
        )?;
        select.append_child(&option)?;
    }
    select.set_value(lang.tag());
    wrapper.append_child(&select)?;
    Ok(select)
}

/// Keeps `set` up to date with an input's value as the admin types.
fn listen_text(shared: &Shared, input: &HtmlInputElement, set: fn(&mut Page, String)) {
    let target = shared.clone();
    let element = input.clone();
    on(input, "input", move |_| {
        let mut page = target.borrow_mut();
        set(&mut page, element.value());
        let _ = refresh(&mut page);
    });
}

/// The certificate field's elements the page updates.
pub(super) struct CertificateParts {
    pub textarea: HtmlTextAreaElement,
    pub notice: Element,
    pub details: Element,
    pub findings: Element,
}
