/** A migration set (`--migrations DIR`) as the tool reads, applies and remembers it. */
import type { SourceLocation } from './finding.js';
import type { SnapshotScope } from './scope.js';

/** One statement of a migration file, as PostgreSQL's parser split it. */
export interface MigrationStatement {
  readonly text: string;
  /** 1-based line of its first token in the file */
  readonly line: number;
}

export interface MigrationFile {
  /** its name in DIR */
  readonly name: string;
  /** null when the parser refused the file: it is sent whole, and the server says where and why */
  readonly statements: readonly MigrationStatement[] | null;
  readonly text: string;
}

/** A file that does not apply: rolled back, the intended state is built without it. */
export interface UnappliedFile {
  readonly file: string;
  readonly line: number;
  /** the server's SQLSTATE, e.g. 42601 syntax error */
  readonly sqlstate: string;
  readonly message: string;
}

export interface MigrationSet {
  readonly directory: string;
  /** every .sql file, in the order applied */
  readonly files: readonly string[];
  readonly unapplied: readonly UnappliedFile[];
  /** sha256 of the files' names and contents (and the catalog query): the cache key */
  readonly digest: string;
  /** the object (as findings name it: "public.t", "public.t.col", "public.f") → the statement that created it */
  readonly origins: Readonly<Record<string, SourceLocation>>;
  /** the tables (and views) the files create, "schema.name", in the order created: what the checks judge */
  readonly relations: readonly string[];
  /** the catalog query's scope, read from what the files create: the live databases are read with it */
  readonly scope: SnapshotScope;
}
