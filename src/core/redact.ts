/** Passwords never leave the process: every URL shown, logged or exported goes through here. */

const SECRET_PARAMS = new Set(['password', 'sslpassword', 'sslkey', 'passfile']);

/** postgres://user:secret@host/db?password=x → postgres://user:***@host/db?password=*** */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAMS.has(key.toLowerCase())) parsed.searchParams.set(key, '***');
    }
    return parsed.toString().replace('%2A%2A%2A', '***').replaceAll('=%2A%2A%2A', '=***');
  } catch {
    // Not a URL we can parse: hide anything shaped like user:secret@ regardless of the scheme.
    return redactSecretsInText(url.replace(/:[^:@/\s]*@/g, ':***@'));
  }
}

/** Best effort for free text (error messages): hides anything that looks like user:password@ or password=. */
export function redactSecretsInText(text: string): string {
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:/?#@\s]*):[^@\s]*@/gi, '$1:***@')
    .replace(/\b(password|sslpassword)=[^&\s)]*/gi, '$1=***');
}

/** host/database for display, e.g. "ep-cool-123.eu-central-1.aws.neon.tech/mantis_issoh". */
export function describeUrl(url: string): { host: string; port: string; database: string; user: string } {
  try {
    const parsed = new URL(url);
    return {
      host: parsed.hostname,
      port: parsed.port || '5432',
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '',
      user: decodeURIComponent(parsed.username),
    };
  } catch {
    return { host: '?', port: '?', database: '?', user: '?' };
  }
}

/** Neon's PgBouncer endpoints carry "-pooler" in the first label of the host name. */
export function isPooledHost(host: string): boolean {
  return /-pooler(\.|$)/i.test(host);
}
