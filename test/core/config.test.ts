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
