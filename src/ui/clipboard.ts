/**
 * Copy to the clipboard of the terminal the person sits at, not of the machine the tool runs
 * on: OSC 52 travels inside the terminal stream, so it works over SSH (xterm, iTerm2, kitty,
 * WezTerm, Windows Terminal, tmux with set-clipboard on).
 */
import { execFileSync } from 'node:child_process';

/** ESC ] 52 ; c ; <base64> BEL */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/**
 * Why a copy may not reach the clipboard, when that can be told: inside tmux, OSC 52 goes on to
 * the outer terminal only with tmux's set-clipboard on (or external); with it off tmux keeps it.
 * Asked of the tmux the app runs in (its TMUX variable names the server); null when nothing says
 * the copy is lost.
 */
export function clipboardCaveat(env: Readonly<Record<string, string | undefined>>): string | null {
  if (!env.TMUX) return null;
  let setting: string;
  try {
    setting = execFileSync('tmux', ['show-options', '-gv', 'set-clipboard'], {
      encoding: 'utf8',
      timeout: 1_000,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: env as NodeJS.ProcessEnv,
    }).trim();
  } catch {
    return null;
  }
  return setting === 'off' ? 'tmux has set-clipboard off (tmux set -g set-clipboard on lets it through)' : null;
}

/** What `y` says: copied, or (first, so a narrow line keeps it) that it may not have arrived, and why. */
export function copiedMessage(
  what: string,
  env: Readonly<Record<string, string | undefined>>,
): { readonly text: string; readonly tone: 'success' | 'error' } {
  const caveat = clipboardCaveat(env);
  return caveat
    ? { text: `the copy may not reach the clipboard: ${caveat}; sent ${what} (OSC 52)`, tone: 'error' }
    : { text: `copied ${what} to the clipboard (OSC 52)`, tone: 'success' };
}
