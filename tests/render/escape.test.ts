import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, escapeText, link, safeUrl, slackToPlain, truncate, truncateMrkdwn, unescapeSlack } from '../../src/render/escape.js';
import { HOSTILE } from '../helpers/answers.js';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('escapeMrkdwn', () => {
  it('escapes &, < and > and leaves everything else as typed', () => {
    expect(escapeMrkdwn('a & b < c > d *bold* _it_ @here `x`')).toBe('a &amp; b &lt; c &gt; d *bold* _it_ @here `x`');
  });

  it.each(HOSTILE)('makes %s inert when a user types it', (s) => {
    const out = escapeMrkdwn(s);
    expect(out).not.toMatch(/[<>]/);
    expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  });

  it('leaves no control character in any string and round-trips with unescapeSlack', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeMrkdwn(s);
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        expect(unescapeSlack(out)).toBe(s);
      }),
    );
  });
});

describe('truncate', () => {
  it('returns the text unchanged when it fits', () => {
    expect(truncate('short', 10)).toBe('short');
  });

  it('cuts to the limit and adds "…" when the text is too long', () => {
    const out = truncate('x'.repeat(100), 10);
    expect(out).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
  });

  it('does not split a surrogate pair when the cut falls inside one', () => {
    const out = truncate('😀'.repeat(10), 6); // 20 code units; a naive cut at 5 would split the third emoji
    expect(out).toBe('😀😀…');
    expect(out).not.toMatch(loneSurrogate);
  });

  it('never exceeds the limit nor leaves a lone surrogate for any text and limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 0, max: 220 }), (s, max) => {
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (!loneSurrogate.test(s)) expect(out).not.toMatch(loneSurrogate);
        if (s.length <= max) expect(out).toBe(s);
      }),
    );
  });

  it('does not cut inside an entity or a link when truncating mrkdwn', () => {
    expect(truncateMrkdwn('aaaa&amp;bbbb', 7)).toBe('aaaa…');
    expect(truncateMrkdwn('see <https://example.org/x|a title> here', 20)).toBe('see…');
  });

  it('keeps escaped text free of half entities for any text and limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.integer({ min: 1, max: 120 }), (s, max) => {
        const out = escapeText(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
    );
  });
});

describe('safeUrl and link', () => {
  it('accepts http(s) URLs and escapes & inside them', () => {
    expect(safeUrl('https://example.org/a?b=1&c=2')).toBe('https://example.org/a?b=1&amp;c=2');
    expect(safeUrl('http://example.org/')).toBe('http://example.org/');
  });

  it.each(['javascript:alert(1)', 'ftp://example.org/x', 'https://evil.example|Payroll', 'https://a.example/<x>', 'https://a.example/a b', 'not a url', '', null])(
    'refuses %s as a link target',
    (url) => {
      expect(safeUrl(url)).toBeNull();
    },
  );

  it('renders the escaped label without a link when the URL is missing or unsafe', () => {
    expect(link(null, 'A & B <x>')).toBe('A &amp; B &lt;x&gt;');
    expect(link('https://evil.example|x', 'T')).toBe('T');
    expect(link('https://example.org/', '<!here> & co')).toBe('<https://example.org/|&lt;!here&gt; &amp; co>');
  });
});

describe('slackToPlain', () => {
  it('returns text without markup, entities or lone surrogates unchanged, as the full conversion would', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (t) => {
        const plain = t.replace(/[<&\uD800-\uDFFF]/g, '');
        expect(slackToPlain(plain)).toBe(plain);
        // and the conversion of what has them is unchanged by the fast path (entities still decoded)
        expect(slackToPlain(`${plain}&amp;`)).toBe(`${plain}&`);
      }),
    );
  });

  it('turns Slack formatting into readable text when a message arrives', () => {
    expect(slackToPlain('<@U123> FDI &amp; trade in <#C1|general>?')).toBe('@U123 FDI & trade in #general?');
    expect(slackToPlain('see <https://evil.example|Payroll> <!here> <!date^0^{date}|today> <!subteam^S1|@team> &lt;b&gt;')).toBe(
      'see Payroll @here today @team <b>',
    );
  });
});
