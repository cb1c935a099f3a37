import { describe, expect, it } from 'vitest';
import { keyPresses } from './keyPresses.js';

describe('keyPresses: one read from the terminal as the presses it holds', () => {
  it('splits a letter followed by Enter, as a slow link delivers them', () => {
    expect(keyPresses('j\r', {})).toEqual([
      ['j', {}],
      ['', { return: true }],
    ]);
  });

  it('gives Tab, Backspace, Delete and Ctrl+letters as Ink gives them alone', () => {
    expect(keyPresses('\t\b\u007f\u0003G', {})).toEqual([
      ['', { tab: true }],
      ['', { backspace: true }],
      ['', { delete: true }],
      ['c', { ctrl: true }],
      ['G', { shift: true }],
    ]);
  });

  it('keeps a single press, and a read with an escape sequence in it, as Ink parsed them', () => {
    expect(keyPresses('j', {})).toEqual([['j', {}]]);
    expect(keyPresses('', { return: true })).toEqual([['', { return: true }]]);
    expect(keyPresses('a\u001b[A', {})).toEqual([['a\u001b[A', {}]]);
    expect(keyPresses('c', { ctrl: true })).toEqual([['c', { ctrl: true }]]);
  });

  it('splits by character, not by UTF-16 unit', () => {
    expect(keyPresses('é😀', {})).toEqual([
      ['é', {}],
      ['😀', {}],
    ]);
  });
});
