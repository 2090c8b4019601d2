//! The work in progress kept in `localStorage`, so it survives a reload: region, account code,
//! tenant ID, description, application ID, legacy sign-on URL, language, and the certificate only
//! once the core has read it as a certificate (its public PEM). Never a private key, never a
//! password. Pure: the update writes it with a store effect, the mount reads it.

use serde::Serialize;

use super::state::{Field, Inputs, State};
use crate::app::json::Json;
use crate::i18n::Lang;

/// The `localStorage` key (the loader reads its `lang` too; the signon module its plan input).
pub(crate) const KEY: &str = crate::app::WORK_KEY;

/// What is kept.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Saved {
    #[serde(flatten)]
    pub inputs: Inputs,
    pub lang: Option<String>,
}

impl Saved {
    /// What [`Saved::of`] wrote, read back (by the browser's JSON parser); `None` for anything
    /// else (another shape, a field of another type), which is then ignored.
    pub fn read(json: &Json) -> Option<Saved> {
        let Json::Object(_) = json else {
            return None;
        };
        let text = |key: &str| match json.get(key) {
            None | Some(Json::Null) => Some(String::new()),
            Some(Json::String(text)) => Some(text.clone()),
            Some(_) => None,
        };
        let mut inputs = Inputs::default();
        for field in Field::ALL {
            if field != Field::MetadataUrl {
                *field.of_mut(&mut inputs) = text(field.name())?;
            }
        }
        inputs.app_id = text("appId")?;
        let lang = text("lang")?;
        Some(Saved {
            inputs,
            lang: (!lang.is_empty()).then_some(lang),
        })
    }

    /// The language kept, if it is one of the page's.
    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::from_tag)
    }

    /// The JSON text kept for `state`: the certificate only when the plan has read one, as its PEM.
    pub fn of(state: &State) -> String {
        let mut inputs = state.inputs.clone();
        inputs.certificate = state
            .plan
            .certificate
            .as_ref()
            .map(|report| report.pem.clone())
            .unwrap_or_default();
        let saved = Saved {
            inputs,
            lang: Some(state.lang.tag().to_owned()),
        };
        // Strings and options only: serialising cannot fail.
        serde_json::to_string_pretty(&saved).unwrap_or_default()
    }
}
