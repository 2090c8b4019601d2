//! The page's state for steps 1–6: what the admin typed, the core's plan of it, and what the page
//! says about it (a refused certificate, the import, the Worker, a copy, a spoken line). Plain
//! data, no DOM: [`super::update`] changes it and [`super::view`] shows it.

use mimecast_sso_core::certificate::{SignatureCheck, Verdict, Verifier};
use mimecast_sso_core::metadata::FederationMetadata;
use mimecast_sso_core::plan::{Plan, PlanInput};
use mimecast_sso_core::{UnixTime, plan};
use serde::Serialize;

use crate::i18n::Lang;

/// What the admin typed: the work kept across reloads (see [`super::saved`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Inputs {
    pub region: String,
    pub account_code: String,
    pub tenant_id: String,
    pub description: String,
    /// The certificate as typed or read; kept across reloads only once the core has read it.
    pub certificate: String,
    /// The application ID, from an imported App Federation Metadata Url.
    pub app_id: String,
    /// A sign-on URL of Microsoft's 2016 tutorial, such as `https://webmail-fr.mimecast.com`.
    pub legacy_sign_on_url: String,
    /// How users start a sign-on (the core's `signOnMode`); empty is SP-initiated.
    pub sign_on_mode: String,
    /// The App Federation Metadata Url being typed (not kept).
    #[serde(skip)]
    pub metadata_url: String,
}

impl Inputs {
    /// The core's input: each field, or `None` when blank.
    pub fn plan_input(&self) -> PlanInput {
        let some = |text: &str| (!text.trim().is_empty()).then(|| text.to_owned());
        PlanInput {
            region: some(&self.region),
            account_code: some(&self.account_code),
            tenant_id: some(&self.tenant_id),
            description: some(&self.description),
            certificate: some(&self.certificate),
            app_id: some(&self.app_id),
            legacy_sign_on_url: some(&self.legacy_sign_on_url),
            sign_on_mode: some(&self.sign_on_mode),
            ..PlanInput::default()
        }
    }
}

/// A field of the form, by its `data-field` name (the core's field names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Region,
    AccountCode,
    TenantId,
    Description,
    Certificate,
    LegacySignOnUrl,
    SignOnMode,
    MetadataUrl,
}

impl Field {
    /// Every field, in the page's order.
    pub const ALL: [Field; 8] = [
        Field::Region,
        Field::AccountCode,
        Field::MetadataUrl,
        Field::TenantId,
        Field::SignOnMode,
        Field::LegacySignOnUrl,
        Field::Certificate,
        Field::Description,
    ];

    /// The `data-field` name, also the core's name of the field in findings.
    pub fn name(self) -> &'static str {
        match self {
            Field::Region => plan::field::REGION,
            Field::AccountCode => plan::field::ACCOUNT_CODE,
            Field::TenantId => plan::field::TENANT_ID,
            Field::Description => plan::field::DESCRIPTION,
            Field::Certificate => plan::field::CERTIFICATE,
            Field::LegacySignOnUrl => plan::field::LEGACY_SIGN_ON_URL,
            Field::SignOnMode => plan::field::SIGN_ON_MODE,
            Field::MetadataUrl => "metadataUrl",
        }
    }

    /// The field named `name`.
    pub fn named(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name() == name)
    }

    /// The field's text in `inputs`.
    pub fn of(self, inputs: &Inputs) -> &str {
        match self {
            Field::Region => &inputs.region,
            Field::AccountCode => &inputs.account_code,
            Field::TenantId => &inputs.tenant_id,
            Field::Description => &inputs.description,
            Field::Certificate => &inputs.certificate,
            Field::LegacySignOnUrl => &inputs.legacy_sign_on_url,
            Field::SignOnMode => &inputs.sign_on_mode,
            Field::MetadataUrl => &inputs.metadata_url,
        }
    }

    /// The field's text in `inputs`, to change.
    pub fn of_mut(self, inputs: &mut Inputs) -> &mut String {
        match self {
            Field::Region => &mut inputs.region,
            Field::AccountCode => &mut inputs.account_code,
            Field::TenantId => &mut inputs.tenant_id,
            Field::Description => &mut inputs.description,
            Field::Certificate => &mut inputs.certificate,
            Field::LegacySignOnUrl => &mut inputs.legacy_sign_on_url,
            Field::SignOnMode => &mut inputs.sign_on_mode,
            Field::MetadataUrl => &mut inputs.metadata_url,
        }
    }
}

pub(crate) use crate::app::Problem;
pub(crate) use crate::app::{Copied, Server};

/// Where an import of Entra's federation metadata stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Import {
    #[default]
    Idle,
    /// Waiting for the Worker.
    Loading,
    /// Imported; the plan is built from the metadata.
    Done,
    Failed(Problem),
}

/// A word in a spoken line: text as it is, or a key to translate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Word {
    Text(String),
    Key(&'static str),
}

/// A line for the live region (screen readers), with its placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spoken {
    pub seq: u32,
    pub key: &'static str,
    pub words: Vec<(&'static str, Word)>,
}

/// Everything steps 1–6 show.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub lang: Lang,
    pub inputs: Inputs,
    /// The region was filled in from the account code, not chosen.
    pub region_suggested: bool,
    pub plan: Plan,
    /// Why the last certificate input was refused, shown until new text replaces it.
    pub notice: Option<Problem>,
    pub server: Server,
    /// Federation metadata imported from Entra; the plan is built from it.
    pub metadata: Option<FederationMetadata>,
    pub import: Import,
    pub copied: Option<Copied>,
    pub spoken: Option<Spoken>,
    /// The self-signatures asked of the browser's WebCrypto, with its verdicts (`Pending` until
    /// it answers).
    pub signatures: Vec<(SignatureCheck, Verdict)>,
    /// The drop zone something is dragged over.
    pub dragging: Option<&'static str>,
    /// The Worker's API, ending in `/`.
    pub api_base: String,
    /// The page is the whole document (the hosted page), not embedded: it owns the title.
    pub owns_document: bool,
    /// Numbers feedback so a timer only clears its own.
    pub seq: u32,
}

impl State {
    /// The state of a page showing `inputs` in `lang` at `now`.
    pub fn new(
        lang: Lang,
        inputs: Inputs,
        api_base: String,
        owns_document: bool,
        now: UnixTime,
    ) -> Self {
        Self {
            lang,
            plan: plan::build_plan_checked(&inputs.plan_input(), None, now, &Known(&[])),
            inputs,
            region_suggested: false,
            notice: None,
            server: Server::Checking,
            metadata: None,
            import: Import::Idle,
            copied: None,
            spoken: None,
            signatures: Vec::new(),
            dragging: None,
            api_base,
            owns_document,
            seq: 0,
        }
    }

    /// The next feedback number.
    pub fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// Says `key` (with `words`) in the live region.
    pub fn say(&mut self, key: &'static str, words: Vec<(&'static str, Word)>) {
        let seq = self.next_seq();
        self.spoken = Some(Spoken { seq, key, words });
    }

    /// What a value without one says instead of what it waits for: Entra's Sign on URL stays empty
    /// when sign-on starts in Entra (the core's sign-on mode).
    pub fn instead(&self, key: &str) -> Option<&'static str> {
        (key == "entra.signOnUrl" && !self.plan.entra.sign_on_mode.uses_sign_on_url())
            .then_some("ui.entra.leave_empty")
    }

    /// The value a `data-value` / `data-copy` key shows, when the plan has it.
    pub fn value(&self, key: &str) -> Option<String> {
        let plan = &self.plan;
        let entra = &plan.entra;
        let profile = &plan.authentication_profile;
        let cert = plan.certificate.as_ref();
        match key {
            "entra.identifier" => entra.identifier.clone(),
            "entra.replyUrl" => entra.reply_url.clone(),
            "entra.signOnUrl" => entra.sign_on_url.clone(),
            "profile.description" => profile.description.clone(),
            "profile.provider" => Some(profile.provider.clone()),
            "profile.enforceSamlCheckboxOlder" => Some(profile.enforce_saml_checkbox_older.clone()),
            "profile.metadataUrl" => profile.metadata_url.clone(),
            "profile.issuerUrl" => profile.issuer_url.clone(),
            "profile.loginUrl" => profile.login_url.clone(),
            "profile.logoutUrl" => profile.logout_url.clone(),
            "profile.identityProviderCertificate" => profile.identity_provider_certificate.clone(),
            "cert.subject" => cert.map(|c| c.subject.clone()),
            "cert.thumbprint" => cert.map(|c| c.thumbprint_sha1.clone()),
            _ => None,
        }
    }
}

/// The page's verifier for the core: the browser's verdicts known so far; a signature not yet
/// verified is `Pending` (the core then says nothing of it until the verdict is in).
pub(crate) struct Known<'a>(pub &'a [(SignatureCheck, Verdict)]);

impl Verifier for Known<'_> {
    fn verify(&self, check: &SignatureCheck) -> Verdict {
        self.0
            .iter()
            .find(|(known, _)| known == check)
            .map_or(Verdict::Pending, |(_, verdict)| *verdict)
    }
}

/// The label of the value `key` for "… copied".
pub(crate) fn copy_label(key: &str) -> Word {
    match key {
        "entra.identifier" => Word::Key("ui.entra.identifier"),
        "entra.replyUrl" => Word::Key("ui.entra.reply_url"),
        "entra.signOnUrl" => Word::Key("ui.entra.sign_on_url"),
        "cert.subject" => Word::Key("ui.cert.subject"),
        "cert.thumbprint" => Word::Key("ui.cert.thumbprint"),
        "profile.description" => Word::Text("Description".to_owned()),
        "profile.provider" => Word::Text("Provider".to_owned()),
        "profile.metadataUrl" => Word::Text("Metadata URL".to_owned()),
        "profile.issuerUrl" => Word::Text("Issuer URL".to_owned()),
        "profile.loginUrl" => Word::Text("Login URL".to_owned()),
        "profile.logoutUrl" => Word::Text("Logout URL".to_owned()),
        "profile.identityProviderCertificate" => {
            Word::Text("Identity Provider Certificate (Metadata)".to_owned())
        }
        other => Word::Text(other.to_owned()),
    }
}
