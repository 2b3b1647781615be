/**
 * The load benchmark's pieces (bench/load.ts, bench/http.ts), without timing anything: the check of
 * the acknowledgement bodies, the mix of unseen questions and worst inputs, and the open-loop
 * generator's accounting (every scheduled request sent once, each answer counted by status).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandMix, sampledAck } from '../../bench/http.js';
import { openLoadAgent, runOpenLoad } from '../../bench/load.js';
import { worstInputs } from '../../bench/worst.js';
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

describe('commandMix', () => {
  it('puts a worst input in place of every 20th command (5%), in turn, and never repeats a question', () => {
    const mix = commandMix(400, 0.05, 1);
    const worst = worstInputs().map((w) => w.text);
    expect(mix.texts).toHaveLength(400);
    expect(mix.worst.filter(Boolean)).toHaveLength(20);
    mix.worst.forEach((w, i) => expect(w).toBe(i % 20 === 19));
    expect(mix.texts.filter((_, i) => mix.worst[i])).toEqual(Array.from({ length: 20 }, (_, k) => worst[k % worst.length]));
    const questions = mix.texts.filter((_, i) => !mix.worst[i]);
    expect(new Set(questions).size).toBe(380);
    expect(mix.distinctQuestions).toBe(380);
  });

  it('is the same for the same seed, and takes any generator of unseen questions (strings or { text })', () => {
    expect(commandMix(100, 0.05, 3).texts).toEqual(commandMix(100, 0.05, 3).texts);
    const generated = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ({ text: `question ${seed}.${i}`, kind: 'topic' }));
    const mix = commandMix(40, 0.05, 7, generated);
    expect(mix.texts.slice(0, 3)).toEqual(['question 7.0', 'question 7.1', 'question 7.2']);
    expect(mix.texts[19]).toBe(worstInputs()[0].text);
    expect(() => commandMix(40, 0, 1, () => ['same', 'same'])).toThrow(/distinct questions/);
  });
});

describe('runOpenLoad', () => {
  let server: Server;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    // answers by the body: "ok" → 200 with an ack, "bad" → 200 with the apology, "fail" → 500
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        seen.push(body);
        if (body.startsWith('fail')) {
          res.writeHead(500).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: body.startsWith('bad') ? SORRY : 'answer' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends every scheduled request once and counts each answer: acknowledged, a wrong body or another status as errors', async () => {
    seen.length = 0;
    const kind = (i: number) => (i % 10 === 3 ? 'fail' : i % 10 === 7 ? 'bad' : 'ok');
    const r = await runOpenLoad({
      port,
      path: '/slack/events',
      rate: 400,
      durationMs: 100,
      prepare: (i) => ({ body: `${kind(i)} ${i}`, headers: { 'content-type': 'text/plain' } }),
      check: sampledAck(),
      ackWithinMs: 60_000,
    });
    expect(r.scheduled).toBe(40);
    expect(seen.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `${kind(i)} ${i}`).sort());
    expect(r.statuses).toEqual({ '200': 36, '500': 4 });
    expect(r.acked).toBe(32);
    expect(r.late).toBe(0);
    expect(r.errors).toBe(8);
    expect(r.latencies).toHaveLength(32);
    expect(r.sendLag).toHaveLength(40);
    expect([...r.byRequest].filter(Number.isFinite)).toHaveLength(32);
    expect(Number.isNaN(r.byRequest[3])).toBe(true);
  });

  it('keeps an agent it was given, with its connections, for the next run (the warm-up’s for the measured one)', async () => {
    const agent = openLoadAgent(4);
    try {
      const opts = { port, path: '/', rate: 200, durationMs: 50, prepare: (i: number) => ({ body: `ok ${i}`, headers: {} }), check: sampledAck(), ackWithinMs: 60_000, agent };
      expect((await runOpenLoad(opts)).acked).toBe(10);
      expect(Object.values(agent.freeSockets).flat().length).toBeGreaterThan(0);
      expect((await runOpenLoad(opts)).acked).toBe(10);
    } finally {
      agent.destroy();
    }
  });

  it('counts a transport error (nothing listening) as an error, never as an acknowledgement', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await runOpenLoad({ port: deadPort, path: '/', rate: 200, durationMs: 50, prepare: () => ({ body: 'ok', headers: {} }), ackWithinMs: 3000 });
    expect(r.scheduled).toBe(10);
    expect(r.acked).toBe(0);
    expect(r.errors).toBe(10);
    expect(r.statuses).toEqual({ ERR: 10 });
  });
});
