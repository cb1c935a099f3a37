/** The place (place.ts) the frame is drawn for, to the components that name it; outside the app (a screen drawn alone) nowhere in particular. */
import { createContext } from 'react';
import type { Place } from './place.js';

export const PlaceContext = createContext<Place | undefined>(undefined);
