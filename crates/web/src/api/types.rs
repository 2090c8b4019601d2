//! The TypeScript shapes of the values the functions of [`super`] take and return, written into
//! `mimecast_sso_web.d.ts` by wasm-bindgen (the shapes of the core's serde JSON).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A Mimecast region code. */
export type RegionCode = "eu" | "de" | "us" | "usb" | "ca" | "za" | "au" | "jer" | "uspcom";
/** One Mimecast region, as `regions()` lists them. */
export interface RegionInfo {
  code: RegionCode;
  /** English name, e.g. "Europe (excluding Germany)". */
  name: string;
  /** Host of the SAML URLs, e.g. "eu-api.mimecast.com". */
  samlHost: string;
  /** Host of the Mimecast API, e.g. "je-api.mimecast.com" for "jer". */
  apiHost: string;
  /** Account code prefix that points to this region, e.g. "CUK"; null when none. */
  accountCodePrefix: string | null;
  /** The region's Administration Console login page. */
  adminConsoleUrl: string;
  /** Entra "Sign on URL" and "Reply URL": https://{samlHost}/login/saml. */
  signOnUrl: string;
}
/** What the admin knows; every field optional. */
export interface PlanInput {
  region?: string | null;
  accountCode?: string | null;
  tenantId?: string | null;
  appId?: string | null;
  /** PEM text or the base64 body of Entra's signing certificate. */
  certificate?: string | null;
  description?: string | null;
  legacySignOnUrl?: string | null;
  /** Entra's Federation Metadata XML: the Issuer, Login and Logout URLs and certificate then come from it. */
  federationMetadata?: string | null;
}
export type Severity = "error" | "warning" | "info";
/** What validation found; `code` is stable and translatable. */
export interface Finding {
  severity: Severity;
  code: string;
  field?: string;
  message: string;
}
export interface KeyInfo { algorithm: string; bits: number; curve?: string; }
export interface CertificateReport {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** RFC 3339, UTC. */
  notBefore: string;
  notAfter: string;
  daysRemaining: number;
  /** Where the certificate stands against notAfter, and how much that matters (Entra mails at 60, 30 and 7 days). */
  expiry: { band: "valid" | "within_60_days" | "within_30_days" | "within_7_days" | "expired"; severity: Severity | null };
  key: KeyInfo;
  signatureAlgorithm: string;
  /** SHA-1 in upper-case hex: the "Thumbprint" Entra shows. */
  thumbprintSha1: string;
  fingerprintSha256: string;
  selfIssued: boolean;
  selfSignatureValid: boolean | null;
  isEntraSigning: boolean;
  certificatesFound: number;
  selectedIndex: number;
  /** Mimecast's "Identity Provider Certificate (Metadata)": base64 body, no BEGIN/END lines. */
  mimecastBody: string;
  pem: string;
  findings: Finding[];
}
export interface EntraSettings {
  signOnUrl: string | null;
  identifier: string | null;
  replyUrl: string | null;
  legacySignOnUrl: string | null;
  federationMetadataUrl: string | null;
}
export interface AuthenticationProfile {
  description: string | null;
  enforceSamlAuthentication: boolean;
  provider: string;
  issuerUrl: string | null;
  loginUrl: string | null;
  logoutUrl: string | null;
  identityProviderCertificate: string | null;
  allowSingleSignOn: boolean;
  usePasswordProtectedContext: boolean;
  useIntegratedAuthenticationContext: boolean;
}
export interface ChecklistStep {
  id: string;
  console: "entra" | "mimecast";
  text: string;
  link: string | null;
  status: "done" | "todo" | "blocked";
  blockedBy: string[];
}
export interface Plan {
  planVersion: number;
  ready: boolean;
  region: RegionCode | null;
  regionName: string | null;
  suggestedRegion: RegionCode | null;
  accountCode: string | null;
  tenantId: string | null;
  appId: string | null;
  entra: EntraSettings;
  authenticationProfile: AuthenticationProfile;
  certificate: CertificateReport | null;
  findings: Finding[];
  checklist: ChecklistStep[];
  /** The federation metadata the plan was built from, when there was one. */
  federationMetadata?: FederationMetadata;
}
/** Where federation metadata came from: the app's URL (with appid), the tenant's, or unknown (a file). */
export type MetadataScope = "application" | "tenantWide" | "unknown";
/** Entra's Federation Metadata, read by `parseFederationMetadata` or `GET /api/v1/entra/metadata`. */
export interface FederationMetadata {
  /** EntityDescriptor@entityID: Mimecast's Issuer URL, https://sts.windows.net/{tenant-id}/. */
  entityId: string;
  tenantId: string;
  scope: MetadataScope;
  /** Mimecast's Login URL: the HTTP-Redirect SingleSignOnService, else the HTTP-POST one. */
  loginUrl: string;
  /** Mimecast's Logout URL: the SingleLogoutService, else the tenant's …/saml2 URL. */
  logoutUrl: string;
  redirectSsoUrl?: string;
  postSsoUrl?: string;
  /** Every distinct signing certificate, in document order (the WS-Fed copies removed). */
  certificates: CertificateReport[];
  /** The certificate to paste into Mimecast now: the only one valid now (absent when none is, or when several are: see choiceNeeded). */
  chosenIndex?: number;
  /** The valid certificate with the latest notAfter: during a rollover, the one to switch to when it is made Active in Entra. */
  newestIndex?: number;
  /** Certificates valid now. */
  validIndices: number[];
  /** Several certificates are valid now and the metadata does not say which one Entra shows as Active: the admin must choose. */
  choiceNeeded: boolean;
  /** Certificates expired or expiring within 60 days. */
  expiringIndices: number[];
  findings: Finding[];
  /** What to paste into Mimecast now, and when to switch, in English. */
  advice: string;
}
/** The tenant and application of an App Federation Metadata Url. */
export interface MetadataUrl { tenantId: string; appId: string | null; }
/** One certificate in the forms the consoles use. */
export interface NormalizedCertificate { der: Uint8Array; mimecastBody: string; pem: string; }
export interface Normalized { certificates: NormalizedCertificate[]; }
/** What every function throws: an Error with a stable code, e.g. `cert.private_key`. */
export interface HelperError extends Error { code: string; }
/** Options of `mount`. */
export interface MountOptions {
  /** "en", "fr" or "nl"; default: the browser's languages, then English. */
  lang?: string;
  /** Region code to preselect. */
  region?: string;
  /** Base URL of the Worker's API (ending in "/"); default "api/v1/" beside the page. */
  apiBase?: string;
  /** The helper owns the whole document: sets <html lang> and the title. Default false. */
  page?: boolean;
}
"#;
