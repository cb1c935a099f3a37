/** What an export directory holds (rows of dropped, rebuilt or archived tables), and its progress. */
export const EXPORT_FORMAT = 'mantis-export/3 (COPY text, typed columns)';
/** Before column types were recorded: such an export is proven by the server's fingerprint of what landed. */
export const EXPORT_FORMAT_FINGERPRINTED = 'mantis-export/2 (COPY text)';

export interface ExportedTable {
  /** schema-qualified, e.g. public.sync_progress */
  readonly table: string;
  /** file name inside the export directory */
  readonly file: string;
  /** the columns of each line, in order */
  readonly columns: readonly string[];
  /** their types as the server printed them (format_type): a restore loads only into the same types */
  readonly columnTypes?: readonly string[];
  readonly rows: number;
  /** of the file's bytes */
  readonly sha256: string;
  /** mantis-export/2 only: the server's fingerprint of the content (sql/execute/content_hash), proven again after a restore */
  readonly contentHash?: string;
  /** a partitioned table's partitions, each with its bounds as the server prints them */
  readonly partitions: ReadonlyArray<{ readonly name: string; readonly bound: string }>;
  /** a partition maintain archive detached from this table (the tool's own): restore makes it again, shaped as it */
  readonly archiveOf?: string;
}

export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT | typeof EXPORT_FORMAT_FINGERPRINTED;
  readonly directory: string;
  readonly tables: readonly ExportedTable[];
  /** a rollback's export: 0024's tables that did not exist when it was made (restore re-creates them empty) */
  readonly absent?: readonly string[];
  /** of the whole export, the set of tables included (db/export exportFingerprint): written when it is sealed */
  readonly fingerprint?: string;
}

export interface ExportProgress {
  readonly table: string;
  readonly rows: number;
  readonly totalRows: number;
}
