#!/usr/bin/env bash
# Regenerates the extra certificates of tests/bench/cert-peers.mjs with the openssl CLI: SAML
# signing certificates shaped like those identity providers issue (subjects, key sizes, digests and
# lifetimes as their consoles create them), beside the core's fixtures (crates/core/tests/data/).
# Only the certificates are kept; the keys are thrown away.
#
# Not run by the bench: the certificates are committed, so every run times the same ones. Run it
# from anywhere; it writes beside itself.
set -euo pipefail

cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name, key spec, digest, days, subject[, extra openssl req arguments]
selfsigned() {
  local name=$1 newkey=$2 digest=$3 days=$4 subject=$5
  shift 5
  openssl req -x509 -newkey "$newkey" -nodes -keyout "$work/$name.key" \
    -"$digest" -days "$days" -subj "$subject" "$@" -out "$name.pem" 2>/dev/null
}

# Okta: one per app, ten years, the org's subdomain as CN.
selfsigned okta rsa:2048 sha256 3650 \
  "/C=US/ST=California/L=San Francisco/O=Okta/OU=SSOProvider/CN=contoso/emailAddress=info@okta.com"
# AD FS token-signing certificate: self-signed, one year.
selfsigned adfs rsa:2048 sha256 365 "/CN=ADFS Signing - adfs.contoso.com"
# Google Workspace: five years.
selfsigned google rsa:2048 sha256 1825 \
  "/C=US/ST=California/L=Mountain View/O=Google Inc./OU=Google For Work/CN=Google"
# Keycloak: the realm's name as CN, ten years.
selfsigned keycloak rsa:2048 sha256 3650 "/CN=contoso"
# Auth0: the tenant's domain as CN.
selfsigned auth0 rsa:2048 sha256 3650 "/CN=contoso.eu.auth0.com"
# PingFederate.
selfsigned pingfederate rsa:2048 sha256 1095 "/C=US/O=Contoso/OU=IT/CN=PingFederate SAML Signing"
# OneLogin: older apps still carry a SHA-1 signed certificate.
selfsigned onelogin rsa:2048 sha1 3650 \
  "/C=US/ST=Pennsylvania/L=Philadelphia/O=OneLogin/OU=OneLogin IdP/CN=OneLogin Account 123456"
# Shibboleth IdP: RSA 3072, twenty years, the host name as CN and subjectAltName.
selfsigned shibboleth rsa:3072 sha256 7300 "/CN=idp.contoso.ac.uk" \
  -addext "subjectAltName=DNS:idp.contoso.ac.uk,URI:https://idp.contoso.ac.uk/idp/shibboleth"
