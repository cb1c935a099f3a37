/**
 * Copy to the clipboard of the terminal the person sits at, not of the machine the tool runs
 * on: OSC 52 travels inside the terminal stream, so it works over SSH (xterm, iTerm2, kitty,
 * WezTerm, Windows Terminal, tmux with set-clipboard on).
 */

/** ESC ] 52 ; c ; <base64> BEL */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
