/** Kept in step with package.json by test/core/version.test.ts. */
export const VERSION = '0.1.0';
/** What the top-level --help opens with: package.json's description. */
export const DESCRIPTION =
  'Terminal UI to make two Neon PostgreSQL databases ready for migration 0024, prove it, watch syncs and undo it safely';
