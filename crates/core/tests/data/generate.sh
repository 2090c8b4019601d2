#!/usr/bin/env bash
# Regenerates the certificate fixtures of crates/core/tests/certificate_*.rs with the openssl CLI
# (written against OpenSSL 3.0) and writes expected.json: the values openssl itself reports for
# each certificate, which the tests compare with what the core computes.
#
# Not run by the tests: the fixtures are committed. Run it from anywhere; it writes beside itself.
# Dates come from the clock when run; the tests choose `now` relative to each fixture's validity, so
# the fixtures never go stale.
set -euo pipefail

cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Self-signed certificates: name, key spec, digest, days, subject.
selfsigned() {
  local name=$1 newkey=$2 digest=$3 days=$4 subject=$5
  openssl req -x509 -newkey "$newkey" -nodes -keyout "$work/$name.key" \
    -"$digest" -days "$days" -subj "$subject" -out "$name.pem" 2>/dev/null
  openssl x509 -in "$name.pem" -outform DER -out "$name.der"
}

selfsigned rsa1024 rsa:1024 sha256 365 "/CN=Test RSA 1024"
selfsigned rsa2048 rsa:2048 sha256 365 "/CN=Test RSA 2048"
selfsigned rsa4096 rsa:4096 sha256 365 "/CN=Test RSA 4096"
selfsigned ec_p256 ec:<(openssl ecparam -name prime256v1) sha256 365 "/CN=Test EC P-256"
selfsigned sha1 rsa:2048 sha1 365 "/CN=Test SHA-1"
# As Entra creates them: self-signed, RSA 2048, SHA-256, three years.
selfsigned entra rsa:2048 sha256 1095 "/CN=Microsoft Azure Federated SSO Certificate"

# A small CA and a certificate it signs (not self-signed), with a serial whose top bit is set.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -sha256 -days 3650 \
  -subj "/C=GB/O=Contoso/CN=Contoso Test CA" -out ca.pem 2>/dev/null
openssl x509 -in ca.pem -outform DER -out ca.der
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/leaf.key" \
  -subj "/C=GB/O=Contoso, Ltd/CN=Contoso SAML Signing" -out "$work/leaf.csr" 2>/dev/null
openssl x509 -req -in "$work/leaf.csr" -CA ca.pem -CAkey "$work/ca.key" \
  -set_serial 0x8F00AB12CD34EF56 -days 730 -sha256 -out leaf.pem 2>/dev/null
openssl x509 -in leaf.pem -outform DER -out leaf.der

# PKCS#7 bundles (leaf then CA), DER and PEM.
openssl crl2pkcs7 -nocrl -certfile leaf.pem -certfile ca.pem -outform DER -out bundle.p7b
openssl crl2pkcs7 -nocrl -certfile leaf.pem -certfile ca.pem -out bundle_p7b.pem
# A PKCS#7 with no certificate at all.
openssl crl2pkcs7 -nocrl -outform DER -out empty.p7b 2>/dev/null || \
  openssl crl2pkcs7 -nocrl -in /dev/null -outform DER -out empty.p7b

# OpenSSL's TRUSTED CERTIFICATE form: the certificate followed by its trust settings.
openssl x509 -in entra.pem -addtrust serverAuth -trustout -out entra_trusted.pem

# Two certificates in one PEM: a test one first, then the Entra one.
cat rsa2048.pem entra.pem > two_certs.pem

# The Entra certificate as pasted from XML on Windows: BOM, leading spaces, CRLF, &#13; entities,
# 76-column lines.
{
  printf '\xef\xbb\xbf  -----BEGIN CERTIFICATE-----&#13;\r\n'
  openssl x509 -in entra.pem -outform DER | base64 -w 76 | sed 's/$/\&#13;\r/'
  printf -- '-----END CERTIFICATE-----&#xD;\r\n  '
} > entra_crlf_bom_entities.txt
# The body alone, one line, as Mimecast shows it.
openssl x509 -in entra.pem -outform DER | base64 -w 0 > entra_body.txt

# Refused inputs: private keys (PKCS#1, PKCS#8, SEC1, encrypted), a CSR, public keys, garbage.
openssl genrsa -traditional -out key_pkcs1.pem 1024 2>/dev/null
openssl rsa -in key_pkcs1.pem -traditional -outform DER -out key_pkcs1.der 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in key_pkcs1.pem -out key_pkcs8.pem
openssl pkcs8 -topk8 -nocrypt -in key_pkcs1.pem -outform DER -out key_pkcs8.der
openssl pkcs8 -topk8 -v2 aes-128-cbc -passout pass:fixture -in key_pkcs1.pem -out key_encrypted.pem
openssl ecparam -name prime256v1 -genkey -noout -out key_ec.pem
openssl ec -in key_ec.pem -outform DER -out key_ec.der 2>/dev/null
openssl req -new -key key_pkcs1.pem -subj "/CN=Contoso CSR" -out csr.pem
openssl req -in csr.pem -outform DER -out csr.der
openssl rsa -in key_pkcs1.pem -pubout -out pubkey.pem 2>/dev/null
openssl rsa -in key_pkcs1.pem -pubout -outform DER -out pubkey.der 2>/dev/null
openssl rsa -in key_pkcs1.pem -RSAPublicKey_out -out pubkey_pkcs1.pem 2>/dev/null
# A PKCS#12 (.pfx) file, which holds the private key beside its certificate, as DER and as base64.
openssl req -x509 -key key_pkcs1.pem -sha256 -days 365 -subj "/CN=Test PFX" -out "$work/pfx.pem"
openssl pkcs12 -export -in "$work/pfx.pem" -inkey key_pkcs1.pem -passout pass:fixture -out bundle.pfx
base64 -w 64 bundle.pfx > bundle_pfx.txt
head -c 600 /dev/urandom > garbage.bin
printf 'Hello, this is not a certificate.\nJust some text someone pasted.\n' > garbage.txt

# What openssl reports, for the tests to compare against.
# JSON string escaping: RFC 4514 names escape commas with a backslash.
field() { openssl x509 -in "$1.pem" -noout "${@:2}" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
rfc3339() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
{
  echo '{'
  first=1
  for name in rsa1024 rsa2048 rsa4096 ec_p256 sha1 entra ca leaf; do
    [ $first = 1 ] || echo ','
    first=0
    text=$(openssl x509 -in "$name.pem" -noout -text)
    cat <<JSON
  "$name": {
    "subject": "$(field "$name" -subject -nameopt RFC2253 | sed 's/^subject=//')",
    "issuer": "$(field "$name" -issuer -nameopt RFC2253 | sed 's/^issuer=//')",
    "serial": "$(field "$name" -serial | sed 's/^serial=//')",
    "notBefore": "$(rfc3339 "$(field "$name" -startdate | sed 's/^notBefore=//')")",
    "notAfter": "$(rfc3339 "$(field "$name" -enddate | sed 's/^notAfter=//')")",
    "sha1": "$(field "$name" -fingerprint -sha1 | sed 's/^.*=//; s/://g')",
    "sha256": "$(field "$name" -fingerprint -sha256 | sed 's/^.*=//; s/://g')",
    "bits": $(grep -m1 -o 'Public-Key: ([0-9]* bit)' <<<"$text" | grep -o '[0-9]*'),
    "signatureAlgorithm": "$(grep -m1 -o 'Signature Algorithm: .*' <<<"$text" | sed 's/^Signature Algorithm: //')"
  }
JSON
  done
  echo '}'
} > expected.json
