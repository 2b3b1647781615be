import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine.js';
import { ephemeral } from '../../src/slack/listeners/commands.js';
import { serialisedBytes, serialisedOnce, writeSerialisedBodies } from '../../src/slack/serialised.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { commandBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

/** A ServerResponse stand-in recording what Bolt's buildContentResponse writes. */
function recorder() {
  const out: { status?: number; headers?: Record<string, string>; body?: unknown } = {};
  const res = {
    writeHead(status: number, headers?: Record<string, string>) {
      out.status = status;
      out.headers = headers;
      return res;
    },
    end(body?: unknown) {
      out.body = body;
    },
  };
  return { res: res as unknown as ServerResponse, out };
}

describe('serialised acknowledgements', () => {
  it('serialises to the same JSON as the plain object and hides its bytes from enumeration when a body is serialised once', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const plain = JSON.stringify(value);
        const body = serialisedOnce(structuredClone(value));
        expect(JSON.stringify(body)).toBe(plain);
        expect(serialisedBytes(body)?.toString('utf8')).toBe(plain);
        expect(Object.keys(body)).toEqual(Object.keys(value));
        expect(Object.isFrozen(body)).toBe(true);
      }),
    );
    expect(serialisedBytes({ text: 'plain' })).toBeNull();
  });

  it('writes the serialised bytes as JSON when Bolt acknowledges a serialised body, and leaves other bodies to Bolt', () => {
    writeSerialisedBodies();
    writeSerialisedBodies(); // idempotent
    const bolt = createRequire(import.meta.url)('@slack/bolt/dist/receivers/HTTPModuleFunctions.js') as { buildContentResponse: (res: ServerResponse, body: unknown) => void };
    const body = serialisedOnce({ response_type: 'ephemeral', text: 'Trị giá xuất khẩu' });
    const a = recorder();
    bolt.buildContentResponse(a.res, body);
    expect(a.out.status).toBe(200);
    expect(a.out.headers).toEqual({ 'content-type': 'application/json' });
    expect(Buffer.isBuffer(a.out.body) && JSON.parse((a.out.body as Buffer).toString('utf8'))).toEqual({ response_type: 'ephemeral', text: 'Trị giá xuất khẩu' });
    const b = recorder();
    bolt.buildContentResponse(b.res, { text: 'plain' });
    expect(b.out.body).toBe('{"text":"plain"}');
    const c = recorder();
    bolt.buildContentResponse(c.res, undefined);
    expect([c.out.status, c.out.body]).toEqual([200, undefined]);
  });

  it('builds the reply to a cached answer once, per set of options, when the same question is asked again', () => {
    const engine = loadEngine();
    const answer = engine.ask('fdi 2025', { now: new Date('2026-03-02T03:00:00Z'), tz: 'Asia/Ho_Chi_Minh' });
    expect(Object.isFrozen(answer)).toBe(true);
    const first = ephemeral(answer, { share: true, feedback: true });
    expect(ephemeral(answer, { share: true, feedback: true })).toBe(first);
    expect(ephemeral(answer, { feedback: true })).not.toBe(first);
    expect(serialisedBytes(first)?.toString('utf8')).toBe(JSON.stringify(first));
  });

  it('acknowledges a repeated /integ question with the same JSON, typed application/json, through the real Bolt app', async () => {
    h = await startHarness({ engine: loadEngine() as never });
    const replies = [];
    for (let i = 0; i < 2; i++) {
      const res = await h.post(commandBody({ text: 'FDI in 2025?' }));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      replies.push(await res.text());
    }
    expect(replies[1]).toBe(replies[0]);
    const ack = JSON.parse(replies[0]!) as { response_type: string; text: string; blocks: unknown[] };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.blocks.length).toBeGreaterThan(2);
    expect(ack.text).toMatch(/\S/);
  });
});
