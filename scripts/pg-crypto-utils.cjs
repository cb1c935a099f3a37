// Replaces node-postgres's lib/crypto/utils.js in the bundle: the same functions on Node's own
// crypto rather than WebCrypto (scripts/startup-fast-path.mjs says why). Same arguments, same
// results: digests and keys as bytes, the MD5 hash as hex; PBKDF2 still off the main thread.
const nodeCrypto = require('node:crypto');

module.exports = {
  postgresMd5PasswordHash,
  randomBytes,
  deriveKey,
  sha256,
  hashByName,
  hmacSha256,
  md5,
};

function randomBytes(length) {
  return nodeCrypto.randomBytes(length);
}

async function md5(string) {
  return nodeCrypto.createHash('md5').update(string, 'utf-8').digest('hex');
}

// See AuthenticationMD5Password at https://www.postgresql.org/docs/current/static/protocol-flow.html
async function postgresMd5PasswordHash(user, password, salt) {
  const inner = await md5(password + user);
  const outer = await md5(Buffer.concat([Buffer.from(inner), salt]));
  return `md5${outer}`;
}

async function sha256(text) {
  return nodeCrypto.createHash('sha256').update(text).digest();
}

/** `hashName` as WebCrypto names it (SHA-256, SHA-384, …): Node's hashes take the same names (and SHA-224's, which Node's WebCrypto refuses). */
async function hashByName(hashName, text) {
  return nodeCrypto.createHash(hashName).update(text).digest();
}

async function hmacSha256(keyBuffer, msg) {
  return nodeCrypto.createHmac('sha256', Buffer.from(keyBuffer)).update(msg, 'utf8').digest();
}

/**
 * PBKDF2-HMAC-SHA-256, 32 bytes, in libuv's thread pool as WebCrypto ran it. A key already derived
 * from the same password, salt and iteration count is given again (RFC 5802 section 5.1: a client
 * MAY cache SaltedPassword, the server advertising the same salt): a role reached in many databases
 * of one server, or Neon branches of one project, costs one derivation, about 2 ms of CPU, not one
 * per connection (verify --all opens a hundred: test/bench/verify-all.ts).
 */
const derivedKeys = new Map();
const DERIVED_KEYS_KEPT = 64;

function deriveKey(password, salt, iterations) {
  const id = `${iterations}:${Buffer.from(salt).toString('base64')}:${password}`;
  let key = derivedKeys.get(id);
  if (!key) {
    if (derivedKeys.size >= DERIVED_KEYS_KEPT) derivedKeys.clear();
    key = new Promise((resolve, reject) => {
      nodeCrypto.pbkdf2(password, salt, iterations, 32, 'sha256', (error, derived) =>
        error ? reject(error) : resolve(derived),
      );
    });
    derivedKeys.set(id, key);
    // A derivation that failed is not kept: the next connection tries again.
    key.catch(() => derivedKeys.delete(id));
  }
  return key;
}
