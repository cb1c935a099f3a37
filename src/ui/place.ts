/**
 * Where the app is: the environment it works on (--env, or the one switched to) and whether it may
 * write. The header names it; a typed confirmation names it too (placeContext.ts), so no screen
 * passes it along.
 */
import { environmentName, type NamedEnvironment } from '../core/words.js';

export interface Place {
  readonly environment?: NamedEnvironment | undefined;
  readonly readOnly: boolean;
}

/** "PRODUCTION · READ-ONLY", "staging", or '' when there is nothing to say. */
export function placeLabel(place: Place | undefined): string {
  const name = place?.environment ? environmentName(place.environment) : '';
  return [name, place?.readOnly ? 'READ-ONLY' : ''].filter(Boolean).join(' · ');
}
