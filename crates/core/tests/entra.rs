//! Entra tenant and application IDs and the SAML URLs built from them, through the public API.

use mimecast_sso_core::entra::{AppId, EntraError, GuidProblem, TenantId};
use mimecast_sso_core::{Coded, all_codes};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

fn tenant() -> TenantId {
    TENANT.parse().expect("valid tenant")
}

#[test]
fn entra_values_for_a_tenant_are_known_answers() {
    let tenant = tenant();
    let app: AppId = APP.parse().unwrap();
    assert_eq!(
        tenant.issuer(),
        "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/"
    );
    assert_eq!(
        tenant.login_url(),
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2"
    );
    assert_eq!(
        tenant.logout_url(),
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2"
    );
    assert_eq!(
        tenant.federation_metadata_url(&app),
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/federationmetadata/2007-06/federationmetadata.xml?appid=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    );
}

#[test]
fn issuer_keeps_its_trailing_slash() {
    assert!(tenant().issuer().ends_with("db47/"));
}

#[test]
fn tenant_guid_forms_all_normalise_to_lowercase_hyphenated() {
    for text in [
        "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "72F988BF-86F1-41AF-91AB-2D7CD011DB47",
        "{72f988bf-86f1-41af-91ab-2d7cd011db47}",
        "{72F988BF-86f1-41af-91AB-2d7cd011db47}",
        "  72f988bf-86f1-41af-91ab-2d7cd011db47\r\n",
        "72f988bf86f141af91ab2d7cd011db47",
        " {72F988BF86F141AF91AB2D7CD011DB47} ",
    ] {
        let parsed: TenantId = text.parse().expect(text);
        assert_eq!(parsed.as_str(), TENANT, "{text:?}");
        assert_eq!(parsed.to_string(), TENANT);
    }
}

#[test]
fn app_id_parses_like_a_tenant_id() {
    let app: AppId = "{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}".parse().unwrap();
    assert_eq!(app.as_str(), APP);
    assert_eq!(" ".parse::<AppId>(), Err(EntraError::AppIdEmpty));
    let error = "contoso.com".parse::<AppId>().unwrap_err();
    assert_eq!(error.code(), "app_id.invalid");
    assert!(error.to_string().contains("Application ID"));
}

#[test]
fn a_domain_name_gets_its_own_error_saying_where_the_tenant_id_is() {
    for (text, domain) in [
        ("contoso.onmicrosoft.com", "contoso.onmicrosoft.com"),
        ("  Contoso.com ", "Contoso.com"),
        ("admin@contoso.onmicrosoft.com", "contoso.onmicrosoft.com"),
    ] {
        let error = text.parse::<TenantId>().unwrap_err();
        assert_eq!(
            error,
            EntraError::TenantDomainName {
                domain: domain.to_owned()
            }
        );
        assert_eq!(error.code(), "tenant.domain_name");
        let message = error.to_string();
        assert!(message.contains(domain), "{message}");
        assert!(message.contains("Overview > Tenant ID"), "{message}");
        assert!(
            message.contains("https://entra.microsoft.com/"),
            "{message}"
        );
    }
}

#[test]
fn empty_tenant_is_refused() {
    let error = "\t".parse::<TenantId>().unwrap_err();
    assert_eq!(error, EntraError::TenantEmpty);
    assert_eq!(error.code(), "tenant.empty");
    assert!(error.to_string().contains("Tenant ID"));
}

#[test]
fn bad_guids_say_what_is_wrong() {
    let cases = [
        (
            "72f988bf-86f1-41af-91ab-2d7cd011db4g",
            GuidProblem::BadCharacter {
                character: 'g',
                position: 36,
            },
        ),
        (
            "{72f988bf-86f1-41af-91ab-2d7cd011dbxx}",
            GuidProblem::BadCharacter {
                character: 'x',
                position: 36,
            },
        ),
        (
            "72f988bf-86f1-41af-91ab-2d7cd011db4",
            GuidProblem::WrongLength { digits: 31 },
        ),
        (
            "72f988bf-86f1-41af-91ab-2d7cd011db47aa",
            GuidProblem::WrongLength { digits: 34 },
        ),
        (
            "72f988bf86f1-41af-91ab-2d7cd011db47",
            GuidProblem::MisplacedHyphens,
        ),
        (
            "72f988b-f86f1-41af-91ab-2d7cd011db47",
            GuidProblem::MisplacedHyphens,
        ),
        (
            "{72f988bf-86f1-41af-91ab-2d7cd011db47",
            GuidProblem::UnbalancedBraces,
        ),
        ("}", GuidProblem::UnbalancedBraces),
        ("{}", GuidProblem::WrongLength { digits: 0 }),
        (
            "my tenant",
            GuidProblem::BadCharacter {
                character: 'm',
                position: 1,
            },
        ),
    ];
    for (text, problem) in cases {
        let error = text.parse::<TenantId>().unwrap_err();
        assert_eq!(
            error,
            EntraError::TenantInvalid {
                problem: problem.clone()
            },
            "{text}"
        );
        assert_eq!(error.code(), "tenant.invalid");
        assert!(error.to_string().contains(&problem.to_string()));
    }
}

#[test]
fn ids_serialise_as_their_normal_form_and_deserialise_leniently() {
    assert_eq!(
        serde_json::to_string(&tenant()).unwrap(),
        format!("\"{TENANT}\"")
    );
    let back: TenantId =
        serde_json::from_str("\"{72F988BF-86F1-41AF-91AB-2D7CD011DB47}\"").unwrap();
    assert_eq!(back, tenant());
    assert!(serde_json::from_str::<TenantId>("\"contoso.com\"").is_err());
}

#[test]
fn every_error_code_is_in_the_crate_list() {
    let codes: Vec<&str> = all_codes().collect();
    let problem = GuidProblem::MisplacedHyphens;
    for error in [
        EntraError::TenantEmpty,
        EntraError::TenantDomainName {
            domain: String::new(),
        },
        EntraError::TenantInvalid {
            problem: problem.clone(),
        },
        EntraError::AppIdEmpty,
        EntraError::AppIdInvalid { problem },
    ] {
        assert!(codes.contains(&error.code()), "{}", error.code());
    }
}
