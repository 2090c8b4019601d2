// Distinctive secret values for the proxy tests, and the check that none of them ever leaves the
// Worker: not in a response body, not in a log line.
import assert from 'node:assert/strict';

/** Credentials the simulator is configured with (`POST /__sim/config`) and the Worker receives. */
export const E2E_CONFIG = {
  clientId: 'e2e-client-id-4d1c',
  clientSecret: 'e2e-client-secret-9f2b7a61',
  appId: 'e2e-app-id-77aa',
  appKey: 'e2e-app-key-0c5e93d8',
  accessKey: 'e2e-access-key-3b8f1d20',
  secretKey: Buffer.from('e2e-secret-key-bytes-6a4c0e9b7d21').toString('base64'),
  tokenTtlSecs: 1800,
};

export const PROXY_TOKEN = 'e2e-proxy-token-5e8d2c71a9';
export const USER_PASSWORD = 'E2e-User-Passw0rd-8c3f';

/** The Worker's secrets for API 2.0 (`version` 2) or API 1.0 (`version` 1). */
export function workerSecrets(version = 2, config = E2E_CONFIG) {
  const common = { PROXY_TOKEN };
  return version === 2
    ? { ...common, MIMECAST_CLIENT_ID: config.clientId, MIMECAST_CLIENT_SECRET: config.clientSecret }
    : {
      ...common,
      MIMECAST_APP_ID: config.appId,
      MIMECAST_APP_KEY: config.appKey,
      MIMECAST_ACCESS_KEY: config.accessKey,
      MIMECAST_SECRET_KEY: config.secretKey,
    };
}

/** Every value that must never be seen outside. */
export const SECRET_VALUES = [
  E2E_CONFIG.clientSecret, E2E_CONFIG.appKey, E2E_CONFIG.accessKey, E2E_CONFIG.secretKey,
  PROXY_TOKEN, USER_PASSWORD,
];

/** Keeps every response body a test saw, to check them all at the end. */
export function bodyRecorder() {
  const bodies = [];
  return {
    bodies,
    async read(response) {
      const text = await response.text();
      bodies.push(text);
      return text ? JSON.parse(text) : null;
    },
  };
}

/** Fails if a secret value, an issued token or an Authorization value appears in `texts`. */
export function assertNoSecrets(texts, where) {
  const all = texts.join('\n');
  for (const secret of SECRET_VALUES) {
    assert.ok(!all.includes(secret), `${where} contains the secret ${secret.slice(0, 8)}…`);
  }
  assert.doesNotMatch(all, /sim-token-\d+/, `${where} contains an API 2.0 token`);
  assert.doesNotMatch(all, /\bMC [^\s:]+:[A-Za-z0-9+/=]{20,}/, `${where} contains an API 1.0 Authorization value`);
  assert.doesNotMatch(all, /Bearer [A-Za-z0-9-]{8,}/, `${where} contains a bearer value`);
}
