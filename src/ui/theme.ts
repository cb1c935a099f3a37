/**
 * The theme the components draw with (a React context), and what it means (symbols.ts: colour
 * or not, Unicode or ASCII symbols, the status glyphs and tones).
 */
import { createContext, useContext } from 'react';
import type { Theme } from './symbols.js';

export * from './symbols.js';

export const ThemeContext = createContext<Theme>({ color: true, unicode: true });

export const useTheme = (): Theme => useContext(ThemeContext);
