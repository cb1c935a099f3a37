import { describe, expect, it } from 'vitest';
import { describeUrl, isPooledHost, redactSecretsInText, redactUrl } from '../../src/core/redact.js';

describe('redaction', () => {
  it('hides the password of a URL and password parameters', () => {
    const url =
      'postgresql://neondb_owner:npg_S3cr3t@ep-cool-1.eu-central-1.aws.neon.tech/neondb?sslmode=require&password=other';
    const shown = redactUrl(url);
    expect(shown).not.toContain('npg_S3cr3t');
    expect(shown).not.toContain('other');
    expect(shown).toContain('neondb_owner:***@ep-cool-1.eu-central-1.aws.neon.tech/neondb');
  });

  it('hides passwords inside free text', () => {
    expect(redactSecretsInText('cannot reach postgres://u:hunter2@h/db (password=hunter2)')).toBe(
      'cannot reach postgres://u:***@h/db (password=***)',
    );
  });

  it('tells a Neon pooler host from a direct one', () => {
    expect(isPooledHost('ep-cool-1-pooler.eu-central-1.aws.neon.tech')).toBe(true);
    expect(isPooledHost('ep-cool-1.eu-central-1.aws.neon.tech')).toBe(false);
    expect(describeUrl('postgresql://u:p@h:6543/my%20db').database).toBe('my db');
  });
});

describe('redaction of what is not a URL', () => {
  it('still hides user:secret@', () => {
    expect(redactUrl('postgres//ops:hunter2@db.example.com/x')).toBe('postgres//ops:***@db.example.com/x');
  });
});
