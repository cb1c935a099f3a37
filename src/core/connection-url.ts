/** The TLS parameters of a connection URL, with libpq's names and values (pure: no files read). */

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
export const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
export type ChannelBinding = 'disable' | 'prefer' | 'require';
export const CHANNEL_BINDINGS: readonly ChannelBinding[] = ['disable', 'prefer', 'require'];

/** The files a URL names (sslrootcert, sslcert, sslkey), to check before any connection is opened. */
export function namedFiles(url: URL): Array<{ parameter: string; path: string }> {
  return ['sslrootcert', 'sslcert', 'sslkey']
    .map((parameter) => ({ parameter, path: url.searchParams.get(parameter) }))
    .filter(
      (f): f is { parameter: string; path: string } =>
        f.path !== null && !(f.parameter === 'sslrootcert' && f.path === 'system'),
    );
}

/**
 * A connection URL cut where libpq cuts it, nothing decoded. Cut by hand rather than by the WHATWG
 * parser, which ends the user name at "#" or "?" and the host at "/": a password written with
 * those unencoded would otherwise leave its tail in the host or the path, and so in messages.
 */
export interface UrlPieces {
  /** "postgresql://" as written; "" when the text has no "//" before the user and host */
  readonly prefix: string;
  /** "user:password" as written; null without an "@" */
  readonly userinfo: string | null;
  /** host, port, /database and ?query, as written */
  readonly rest: string;
}

export function splitUrl(url: string): UrlPieces {
  const prefix = /^[^@/]*\/\//.exec(url)?.[0] ?? '';
  const body = url.slice(prefix.length);
  const at = credentialsEnd(body);
  if (at < 0) return { prefix, userinfo: null, rest: body };
  return { prefix, userinfo: body.slice(0, at), rest: body.slice(at + 1) };
}

/**
 * The "@" that ends user:password, or -1. libpq takes the first "@" before any "/"; a password
 * with an unencoded "@" or "/" would move it and show the password's tail as the host, so: the
 * last "@" before the query when libpq finds one, else (a "/" came first) the last "@" followed by
 * a host, and by a /database when that "@" is past a "?".
 */
function credentialsEnd(body: string): number {
  const firstAt = body.indexOf('@');
  if (firstAt < 0) return -1;
  const firstSlash = body.indexOf('/');
  if (firstSlash < 0 || firstAt < firstSlash) {
    // "host?application_name=me@work": an "@" in the query, since a user name has no "?".
    const firstQuery = body.indexOf('?');
    if (firstQuery >= 0 && firstQuery < firstAt && !body.slice(0, firstQuery).includes(':')) return -1;
    const query = body.indexOf('?', firstAt);
    return body.lastIndexOf('@', query < 0 ? body.length : query - 1);
  }
  const firstQuery = body.indexOf('?');
  for (let at = body.lastIndexOf('@'); at >= 0; at = body.lastIndexOf('@', at - 1)) {
    const next = body.indexOf('?', at);
    const hostAndPath = body.slice(at + 1, next < 0 ? body.length : next);
    if (hostAndPath.includes('@')) continue;
    if (firstQuery < 0 || at < firstQuery || hostAndPath.includes('/')) return at;
  }
  return -1;
}

/** What libpq's percent-decoding cannot read, said about the part of the URL it is in, never with its value. */
export class ConnectionUrlProblem extends Error {
  override readonly name = 'ConnectionUrlProblem';
  constructor(
    /** e.g. "the password", "the password parameter" (never its value) */
    readonly part: string,
    /** what follows "<part> in <source>", e.g. "has a malformed percent-escape: …" */
    readonly issue: string,
  ) {
    super(`${part} ${issue}`);
  }
  /** One line naming where the URL came from (DATABASE_URL, --issoh-url). */
  in(source: string): string {
    return `${this.part} in ${source} ${this.issue}`;
  }
}

/** Characters that end the user name or password when written unencoded, with their escapes. */
const MUST_ENCODE: ReadonlyArray<readonly [string, string]> = [
  ['@', '%40'],
  ['/', '%2F'],
  ['#', '%23'],
  ['?', '%3F'],
];

/**
 * The user name or password of `url` written with a character that must be percent-encoded
 * (libpq stops at "@" and "/", the WHATWG parser also at "#" and "?", and "%" starts an escape);
 * null when none is.
 */
export function unencodedCredentials(url: string): ConnectionUrlProblem | null {
  const { userinfo } = splitUrl(url);
  if (userinfo === null) return null;
  const colon = userinfo.indexOf(':');
  const parts: Array<[string, string]> = [
    ['the user name', colon < 0 ? userinfo : userinfo.slice(0, colon)],
    ['the password', colon < 0 ? '' : userinfo.slice(colon + 1)],
  ];
  for (const [part, text] of parts) {
    const found = MUST_ENCODE.filter(([character]) => text.includes(character));
    // A "%" that starts no %XX escape is a literal one, which libpq refuses as malformed.
    if (/%(?![0-9a-f]{2})/i.test(text)) found.push(['%', '%25']);
    if (found.length > 0) {
      const writes = found.map(([character, encoded]) => `${character} as ${encoded}`).join(', ');
      return new ConnectionUrlProblem(part, `must be percent-encoded: write ${writes}`);
    }
  }
  return null;
}

/** What a connection opens with: libpq's reading of the URL, its query parameters over its parts. */
export interface ConnectionParameters {
  /** a host name, an address, or a Unix socket directory (host=/var/run/postgresql) */
  readonly host: string;
  readonly port: number;
  /** "" when the URL gives none (the driver's default then applies, as libpq's does) */
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** every query parameter, decoded as libpq does ("+" stays "+"; the last of a name wins) */
  readonly query: ReadonlyMap<string, string>;
}

/**
 * host, port, user, password and database as libpq reads them: the query parameters host, port,
 * user, password and dbname win over the URL's parts. Throws ConnectionUrlProblem for a malformed
 * percent-escape or port; assumes unencodedCredentials(url) found nothing.
 */
export function connectionParameters(url: string): ConnectionParameters {
  const { userinfo, rest } = splitUrl(url);
  const queryStart = rest.indexOf('?');
  const beforeQuery = queryStart < 0 ? rest : rest.slice(0, queryStart);
  const query = queryParameters(queryStart < 0 ? '' : rest.slice(queryStart + 1));
  const slash = beforeQuery.indexOf('/');
  const { host, port } = splitHostPort(slash < 0 ? beforeQuery : beforeQuery.slice(0, slash));
  const colon = userinfo?.indexOf(':') ?? -1;
  const user = userinfo === null ? '' : colon < 0 ? userinfo : userinfo.slice(0, colon);
  const password = userinfo === null || colon < 0 ? '' : userinfo.slice(colon + 1);
  const portText = query.get('port') ?? port;
  return {
    host: query.get('host') ?? percentDecode(host, 'the host'),
    port: portText === '' ? 5432 : portNumber(portText, query.has('port') ? 'the port parameter' : 'the port'),
    user: query.get('user') ?? percentDecode(user, 'the user name'),
    password: query.get('password') ?? percentDecode(password, 'the password'),
    database: query.get('dbname') ?? percentDecode(slash < 0 ? '' : beforeQuery.slice(slash + 1), 'the database name'),
    query,
  };
}

function queryParameters(query: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    if (equals < 0) {
      throw new ConnectionUrlProblem(
        'a query parameter',
        'has no "=": write each as name=value, and an & inside a value as %26',
      );
    }
    const name = percentDecode(pair.slice(0, equals), 'a query parameter name');
    parameters.set(name, percentDecode(pair.slice(equals + 1), `the ${name} parameter`));
  }
  return parameters;
}

/** "[::1]:5432" → ::1 and 5432; "host" → host and "". */
function splitHostPort(text: string): { host: string; port: string } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close > 0) {
      const after = text.slice(close + 1);
      return { host: text.slice(1, close), port: after.startsWith(':') ? after.slice(1) : after };
    }
  }
  const colon = text.lastIndexOf(':');
  return colon < 0 ? { host: text, port: '' } : { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

function portNumber(text: string, part: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new ConnectionUrlProblem(part, 'must be a number, e.g. 5432');
  return port;
}

/** libpq's %XX decoding (no "+" for space); a "%" that starts no escape, or bytes that are not UTF-8, are refused. */
function percentDecode(text: string, part: string): string {
  const problem = () =>
    new ConnectionUrlProblem(part, 'has a malformed percent-escape: write each % that is meant literally as %25');
  if (/%(?![0-9a-f]{2})/i.test(text)) throw problem();
  try {
    return decodeURIComponent(text);
  } catch {
    throw problem();
  }
}
