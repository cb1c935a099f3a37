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

describe('redaction of a password written unencoded', () => {
  // Each password's pieces are unique words, so a leaked tail is found wherever it lands.
  it.each([
    ['/ and @', 'postgresql://ops:Head1/Tail2@Tail3@db.example.com:5432/app?sslmode=require'],
    ['#', 'postgresql://ops:Head1#Tail2@db.example.com/app'],
    ['?', 'postgresql://ops:Head1?Tail2@db.example.com/app'],
    ['? before @', 'postgresql://ops:Head1?Tail2@Tail3@db.example.com/app?application_name=me@work'],
    ['/ with an @ in the query', 'postgresql://ops:Head1/Tail2@db.example.com/app?application_name=me@work'],
    ['spaces', 'postgresql://ops:Head1 Tail2@db.example.com/app'],
    ['an & in password=', 'postgresql://ops@db.example.com/app?password=Head1&Tail2&sslmode=require'],
  ])('%s: hidden whole, the host and database shown', (_, url) => {
    const shown = redactUrl(url);
    expect(shown).not.toMatch(/Head1|Tail2|Tail3/);
    expect(shown).toContain('db.example.com');
    expect(shown).toContain('/app');
  });

  it('keeps what is not a password as written', () => {
    expect(redactUrl('postgresql://ops:Head1/Tail2@db.example.com/app?application_name=me@work')).toBe(
      'postgresql://ops:***@db.example.com/app?application_name=me@work',
    );
    expect(redactUrl('postgresql://db.example.com/app?application_name=me@work')).toBe(
      'postgresql://db.example.com/app?application_name=me@work',
    );
    expect(redactUrl('postgresql://db.example.com?application_name=me@work')).toBe(
      'postgresql://db.example.com?application_name=me@work',
    );
    expect(redactUrl('postgresql://ops@db.example.com/app?password=Head1&Tail2&sslmode=require')).toBe(
      'postgresql://ops@db.example.com/app?password=***&sslmode=require',
    );
  });

  it('finds every URL-shaped word in free text, with or without a scheme', () => {
    expect(
      redactSecretsInText('unexpected argument postgresql://ops:Head1/Tail2@Tail3@h/db and ops:Head1@h2/db2'),
    ).toBe('unexpected argument postgresql://ops:***@h/db and ops:***@h2/db2');
    expect(redactSecretsInText('(mysql://u:Head1#Tail2@h/db)')).toBe('(mysql://u:***@h/db)');
  });
});

describe('describeUrl', () => {
  it('reads the query parameters libpq reads over the parts of the URL', () => {
    expect(describeUrl('postgresql://u@ignored:1/ignored?host=/var/run/postgresql&dbname=app&port=6432')).toEqual({
      host: '/var/run/postgresql',
      port: '6432',
      database: 'app',
      user: 'u',
    });
    expect(describeUrl('postgresql://u:p%zz@h/db').host).toBe('?');
  });
});
