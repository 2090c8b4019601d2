// Regenerates the Cloudflare Access fixtures of crates/core/tests/access.rs (run from this folder:
// `node generate.mjs`): one RSA key in jwks.json and tokens valid from 1900000000 to 1900003600.
import { generateKeyPairSync, createSign, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
const b64 = (b) => Buffer.from(b).toString('base64url');
const mk = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const good = mk(), other = mk();
const jwk = good.publicKey.export({ format: 'jwk' });
const jwks = { keys: [{ ...jwk, kid: 'key-1', alg: 'RS256', use: 'sig' }] };
writeFileSync('jwks.json', JSON.stringify(jwks, null, 1) + '\n');
const base = { aud: ['aud-tag-123'], iss: 'https://team.cloudflareaccess.com', email: 'admin@example.com', iat: 1900000000, nbf: 1900000000, exp: 1900003600 };
function sign(claims, { key = good.privateKey, kid = 'key-1', alg = 'RS256' } = {}) {
  const h = b64(JSON.stringify({ alg, kid, typ: 'JWT' }));
  const p = b64(JSON.stringify(claims));
  let s;
  if (alg === 'HS256') s = createHmac('sha256', 'secret').update(`${h}.${p}`).digest();
  else s = createSign('RSA-SHA256').update(`${h}.${p}`).sign(key);
  return `${h}.${p}.${b64(s)}`;
}
const t = {
  valid: sign(base),
  valid_single_aud: sign({ ...base, aud: 'aud-tag-123' }),
  wrong_aud: sign({ ...base, aud: ['other-app'] }),
  wrong_iss: sign({ ...base, iss: 'https://evil.cloudflareaccess.com' }),
  other_key: sign(base, { key: other.privateKey }),
  unknown_kid: sign(base, { kid: 'key-9' }),
  hs256: sign(base, { alg: 'HS256' }),
};
for (const [k, v] of Object.entries(t)) writeFileSync(`${k}.jwt`, v + '\n');
