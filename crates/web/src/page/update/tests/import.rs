//! Metadata import: files read by the core, a rollover's choice, a URL fetched through the Worker.

use super::*;

#[test]
fn metadata_files_are_read_by_the_core_and_refused_by_size_first() {
    let mut state = page();
    let effects = send(
        &mut state,
        Msg::FileChosen {
            slot: "metadata",
            size: 2.0 * 1024.0 * 1024.0,
        },
    );
    assert!(effects.is_empty(), "nothing is read");
    assert!(matches!(&state.import, Import::Failed(p) if p.code == MetadataCode::TooLarge.code()));
    let document = metadata::document(&[&metadata::entra_body()]);
    import_file(&mut state, document.into_bytes());
    assert_eq!(state.import, Import::Done);
    assert_eq!(state.inputs.tenant_id, TENANT);
    assert!(state.inputs.certificate.contains("BEGIN CERTIFICATE"));
    assert_eq!(
        state.value("profile.loginUrl").as_deref(),
        Some(&*format!(
            "https://login.microsoftonline.com/{TENANT}/saml2"
        ))
    );
    import_file(&mut state, b"<not metadata".to_vec());
    assert!(matches!(&state.import, Import::Failed(p) if p.code.starts_with("metadata.")));
}

#[test]
fn during_a_rollover_the_admin_chooses_the_active_certificate() {
    let mut state = page();
    let document = metadata::document(&[&metadata::entra_body(), &metadata::rsa2048_body()]);
    import_file(&mut state, document.into_bytes());
    let imported = state.metadata.clone().expect("imported");
    assert!(
        imported.choice_needed,
        "two valid certificates: Entra's metadata does not say which is Active"
    );
    assert_eq!(state.inputs.certificate, "");
    send(&mut state, Msg::UseCertificate(1));
    assert_eq!(state.inputs.certificate, imported.certificates[1].pem);
    let spoken = state.spoken.clone().expect("said");
    assert_eq!(spoken.key, "ui.import.cert.used");
    assert_eq!(
        spoken.words,
        vec![(
            "thumbprint",
            Word::Text(imported.certificates[1].thumbprint_sha1.clone())
        )]
    );
    send(&mut state, Msg::UseCertificate(9));
    assert_eq!(
        state.inputs.certificate, imported.certificates[1].pem,
        "no such certificate: nothing changes"
    );
}

#[test]
fn importing_by_url_goes_through_the_worker_and_explains_each_failure() {
    let mut state = page();
    typed(
        &mut state,
        Field::MetadataUrl,
        "https://example.com/metadata.xml",
    );
    assert!(send(&mut state, Msg::ImportUrl).is_empty());
    assert!(
        matches!(&state.import, Import::Failed(p) if p.code == MetadataCode::UrlInvalid.code())
    );
    let url = format!(
        "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid={APP}"
    );
    typed(&mut state, Field::MetadataUrl, &url);
    state.server = Server::Unavailable;
    send(&mut state, Msg::ImportUrl);
    assert!(matches!(&state.import, Import::Failed(p) if p.code == "ui.import.needs_worker"));
    state.server = Server::Available;
    let effects = send(&mut state, Msg::ImportUrl);
    assert_eq!(state.import, Import::Loading);
    let document = metadata::document(&[&metadata::entra_body()]);
    let answer = mimecast_sso_core::metadata::parse(
        document.as_bytes(),
        NOW,
        mimecast_sso_core::metadata::Scope::Application,
    )
    .expect("metadata");
    let body = serde_json::to_value(&answer).expect("json");
    let (request, _) = fetch_as(&mut state, effects, reply(200, Some(body)));
    assert_eq!(
        request,
        Request::get(format!(
            "/api/v1/entra/metadata?tenant={TENANT}&appid={APP}"
        ))
    );
    assert_eq!(state.import, Import::Done);
    assert_eq!(state.inputs.app_id, APP);
    assert_eq!(state.inputs.tenant_id, TENANT);
    let effects = send(&mut state, Msg::ImportUrl);
    let refused =
        mimecast_sso_core::api_error::ApiError::new(MetadataCode::UrlInvalid, "Not Entra.");
    let body = serde_json::json!({ "error": refused });
    fetch_as(&mut state, effects, reply(400, Some(body)));
    assert!(
        matches!(&state.import, Import::Failed(p) if p.code == MetadataCode::UrlInvalid.code() && p.message == "Not Entra.")
    );
    let effects = send(&mut state, Msg::ImportUrl);
    fetch_as(&mut state, effects, JsonReply::default());
    assert!(matches!(&state.import, Import::Failed(p) if p.code == "ui.import.unreachable"));
}
