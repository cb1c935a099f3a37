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
