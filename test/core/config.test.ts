import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/core/config.js';

describe('loadConfig', () => {
  it('takes flags over env, and ENTERPRISE_DATABASE_URL over DATABASE_URL', () => {
    const env = {
      ENTERPRISE_DATABASE_URL: 'postgresql://a@h1/db1',
      DATABASE_URL: 'postgresql://b@h2/db2',
      NEON_SPP_DATABASE_URL: 'postgresql://c@h3/db3',
    };
    expect(loadConfig({ env }).issoh?.source).toBe('ENTERPRISE_DATABASE_URL');
    expect(loadConfig({ env, issohUrl: 'postgresql://d@h4/db4' }).issoh?.source).toBe('--issoh-url');
    expect(loadConfig({ env }).spp?.host).toBe('h3');
  });

  it('knows a Neon pooler endpoint and redacts the URL it shows', () => {
    const config = loadConfig({
      env: { DATABASE_URL: 'postgresql://u:s3cret@ep-x-pooler.eu-central-1.aws.neon.tech/neondb?sslmode=require' },
    });
    expect(config.issoh?.pooled).toBe(true);
    expect(config.issoh?.redactedUrl).not.toContain('s3cret');
    expect(config.missing.map((m) => m.label)).toEqual(['SPP']);
  });

  it('rejects what cannot work, naming the fix', () => {
    expect(() => loadConfig({ env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { DATABASE_URL: 'mysql://u@h/db' } })).toThrow(/must start with postgresql:\/\//);
    expect(() => loadConfig({ env: { DATABASE_URL: 'postgresql://u@h' } })).toThrow(/names no database/);
    expect(() => loadConfig({ env: { DATABASE_URL: 'postgresql://u@h/db?sslmode=requried' } })).toThrow(
      /sslmode=requried: use one of/,
    );
    expect(() => loadConfig({ env: { DATABASE_URL: 'postgresql://u@h/db' }, connectTimeout: 0 })).toThrow(
      /--connect-timeout must be a positive/,
    );
  });
});

describe('loadConfig on a password that is not percent-encoded', () => {
  const message = (url: string) => {
    try {
      loadConfig({ env: { DATABASE_URL: url } });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${url}`);
  };

  it('names each character that must be encoded, and its escape, never the password', () => {
    expect(message('postgresql://u:Head1#Tail2@h/db')).toBe(
      'the password in DATABASE_URL must be percent-encoded: write # as %23',
    );
    expect(message('postgresql://u:Head1/Tail2@Tail3@h/db')).toBe(
      'the password in DATABASE_URL must be percent-encoded: write @ as %40, / as %2F',
    );
    expect(message('postgresql://u:12#34@h/db')).toBe(
      'the password in DATABASE_URL must be percent-encoded: write # as %23',
    );
    expect(message('postgresql://u:Head1%zzTail2@h/db')).toBe(
      'the password in DATABASE_URL must be percent-encoded: write % as %25',
    );
    expect(message('postgresql://user@server:pw@h/db')).toBe(
      'the user name in DATABASE_URL must be percent-encoded: write @ as %40',
    );
  });

  it('refuses a malformed escape anywhere as a usage error, naming the part', () => {
    expect(message('postgresql://u:Head1%ffTail2@h/db')).toBe(
      'the password in DATABASE_URL has a malformed percent-escape: write each % that is meant literally as %25',
    );
    expect(message('postgresql://u@h/db?password=Head1%zzTail2')).toBe(
      'the password parameter in DATABASE_URL has a malformed percent-escape: write each % that is meant literally as %25',
    );
    expect(message('postgresql://u@h/d%zzb')).toMatch(/^the database name in DATABASE_URL has a malformed/);
    expect(message('postgresql://u@h:port/db')).toBe('the port in DATABASE_URL must be a number, e.g. 5432');
  });

  it('takes libpq’s query parameters: host, port, user, password and dbname over the URL’s parts', () => {
    const config = loadConfig({
      env: { DATABASE_URL: 'postgresql:///?host=h1&port=6432&dbname=app%2Fone&user=u&password=Head1' },
    });
    expect(config.issoh).toMatchObject({ host: 'h1', database: 'app/one' });
    expect(config.issoh?.redactedUrl).toBe('postgresql:///?host=h1&port=6432&dbname=app%2Fone&user=u&password=***');
    expect(loadConfig({ env: { DATABASE_URL: 'postgresql://u@h/db?host=ep-x-pooler.neon.tech' } }).issoh?.pooled).toBe(
      true,
    );
  });
});
