/** Passwords never leave the process: every URL shown, logged or exported goes through here. */

import { connectionParameters, splitUrl } from './connection-url.js';

const SECRET_PARAMS = ['password', 'sslpassword', 'sslkey', 'passfile'];
/**
 * A secret query parameter's value, and any "&" pieces after it without "=" (an unencoded "&" in
 * the password would otherwise show its tail).
 */
const SECRET_PARAM_VALUE = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&]*(?:&[^&=]*(?=&|$))*`, 'gi');

/**
 * postgres://user:secret@host/db?password=x → postgres://user:***@host/db?password=***
 * Cut as libpq cuts it (core/connection-url splitUrl), so a password with an unencoded @ / # ?
 * is hidden whole; the rest is shown as written.
 */
export function redactUrl(url: string): string {
  const { prefix, userinfo, rest } = splitUrl(url);
  const credentials = userinfo === null ? '' : `${hidePassword(userinfo)}@`;
  return `${prefix}${credentials}${rest.replace(SECRET_PARAM_VALUE, '$1***')}`;
}

/** "user:secret" → "user:***"; a user name alone is no secret. */
function hidePassword(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon < 0 ? userinfo : `${userinfo.slice(0, colon)}:***`;
}

/** Anything shaped like a URL in free text: a "scheme://" or a "user:secret@" word. */
const URL_SHAPED = /\S*:\/\/\S*|\S*:\S*@\S*/g;

/** Best effort for free text (error messages): every URL-shaped word redacted as redactUrl does, and password=. */
export function redactSecretsInText(text: string): string {
  return text.replace(URL_SHAPED, (word) => redactUrl(word)).replace(/\b(password|sslpassword)=[^&\s)]+/gi, '$1=***');
}

/** host/database for display, e.g. "ep-cool-123.eu-central-1.aws.neon.tech/mantis_issoh"; "?" where the URL cannot be read. */
export function describeUrl(url: string): { host: string; port: string; database: string; user: string } {
  try {
    const { host, port, database, user } = connectionParameters(url);
    return { host, port: String(port), database, user };
  } catch {
    return { host: '?', port: '?', database: '?', user: '?' };
  }
}

/** Neon's PgBouncer endpoints carry "-pooler" in the first label of the host name. */
export function isPooledHost(host: string): boolean {
  return /-pooler(\.|$)/i.test(host);
}
