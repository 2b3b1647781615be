import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inert, inertLines } from '../../src/render/terminal.js';

/** What a terminal obeys: C0 (newline included), DEL, C1, line/paragraph separators, bidi embeddings, overrides, isolates. */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('inert', () => {
  it('shows ESC, BEL, CSI, DEL and bidi controls as visible escapes', () => {
    expect(inert('\x1b]0;pwned\x07\x1b[2J')).toBe('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(inert('a\u009b31mb\x7fc\x00')).toBe('a\\x9b31mb\\x7fc\\x00');
    expect(inert('report \u202Efdp.exe\u2066x\u2069')).toBe('report \\u202efdp.exe\\u2066x\\u2069');
    expect(inert('one\ntwo\r\tthree\u2028')).toBe('one\\x0atwo\\x0d\\x09three\\u2028');
  });

  it('leaves printable text of every script, emoji and joiners as it is', () => {
    const text = 'Việt Nam FDI 2025 · 👩‍💻 ✓ 日本 العربية \\x1b (typed)';
    expect(inert(text)).toBe(text);
  });

  it('never lets a control character through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(inert(s)).not.toMatch(RAW_CONTROL);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the line breaks between lines and escapes those inside one', () => {
    expect(inertLines(['a\nb', 'c\x1b'])).toBe('a\\x0ab\nc\\x1b');
  });
});
