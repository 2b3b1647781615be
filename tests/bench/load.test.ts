import { describe, expect, it } from 'vitest';
import { sampledAck } from '../../bench/http.js';
import { SORRY } from '../../src/slack/shared.js';

const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('sampledAck', () => {
  it('accepts an answer and refuses the apology, a non-JSON body and a body without text, on the full and the cheap check', () => {
    const check = sampledAck();
    // call 0 (and every 16th) parses fully; the others check the bytes
    const verdicts = (body: Buffer) => {
      const out = new Set<boolean>();
      for (let i = 0; i < 16; i++) out.add(check(body));
      return [...out];
    };
    expect(verdicts(bytes({ response_type: 'ephemeral', text: 'FDI 2025: Trị giá 21,5 tỷ USD', blocks: [] }))).toEqual([true]);
    expect(verdicts(bytes({ response_type: 'ephemeral', text: SORRY }))).toEqual([false]);
    expect(verdicts(Buffer.from('ok'))).toEqual([false]);
    expect(verdicts(bytes({ response_type: 'ephemeral', blocks: [] }))).toEqual([false]);
  });
});
