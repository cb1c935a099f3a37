/** Pure helpers for numbers next to nouns in text output. */

/** "1 row", "7 rows", "1 entry" / "2 entries": the number with its noun in the form the number takes. */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;

/**
 * 12345 → "12,345": an integer with its thousands grouped, as en-US writes it, without ICU (whose
 * number formats cost 10-30 ms to load on first use; verify's checks should not wait for them).
 */
export const groupDigits = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** An environment (mantis-sync-tui.json) as both faces name it: one marked production upper-cased, so it is not missed. */
export interface NamedEnvironment {
  readonly name: string;
  readonly production: boolean;
}

export const environmentName = (environment: NamedEnvironment): string =>
  environment.production ? environment.name.toUpperCase() : environment.name;

/**
 * What typing the database name agrees to, in both faces: "Type mantis_issoh to roll back
 * PRODUCTION" in a named environment (`action` reads on into its name: "roll back", "apply
 * rebuild-x in"); without one the question above says what it is for: "Type mantis_issoh".
 */
export const typeNameTo = (database: string, action: string, environment: NamedEnvironment | undefined): string =>
  environment ? `Type ${database} to ${action} ${environmentName(environment)}` : `Type ${database}`;
