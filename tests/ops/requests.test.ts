import { afterEach, describe, expect, it, vi } from 'vitest';
import { noteAnswer, SLOW_MS, trackRequests } from '../../src/ops/requests.js';

type Line = { level: string; msg: string; fields: Record<string, unknown> };

function recorder(level = 'debug') {
  const lines: Line[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, fields: fields ?? {} });
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), setLevel: () => undefined, getLevel: () => level, setName: () => undefined };
  return { logger: logger as never, lines };
}

const command = (trigger: string) => ({ body: { command: '/integ', trigger_id: trigger }, ack: async () => undefined });

afterEach(() => {
  vi.useRealTimers();
});

describe('trackRequests', () => {
  it('writes the line of an answered request at debug, and of an unanswered, failed or slow one at info, when requests are handled', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { logger, lines } = recorder();
    const track = trackRequests(
      async (event: { body: unknown; ack: () => Promise<void>; customProperties?: Record<string, unknown> }) => {
        const context = event.customProperties; // Bolt copies these into its context
        const id = (event.body as { trigger_id: string }).trigger_id;
        if (id === 'boom') throw new Error('boom');
        noteAnswer(context, { intent: id === 'gap' ? 'none' : 'fdi', answered: id !== 'gap' });
        if (id === 'slow') vi.advanceTimersByTime(SLOW_MS);
        await event.ack();
      },
      { logger, metrics: null },
    );
    await track(command('fast'));
    await track(command('gap'));
    await track(command('slow'));
    await expect(track(command('boom'))).rejects.toThrow('boom');
    const levelOf = Object.fromEntries(lines.filter((l) => l.msg === 'integ: request handled').map((l) => [l.fields.req_id, l.level]));
    expect(levelOf).toEqual({ fast: 'debug', gap: 'info', slow: 'info', boom: 'info' });
    const slow = lines.find((l) => l.fields.req_id === 'slow')!;
    expect(slow.fields).toMatchObject({ kind: 'command', intent: 'fdi', answered: true, failed: false });
    expect(slow.fields.duration_ms).toBeGreaterThanOrEqual(SLOW_MS);
    expect(lines.find((l) => l.fields.req_id === 'boom')!.fields).toMatchObject({ failed: true });
  });

  it('writes no line for an answered request, and one for an unanswered one, when the logger is at info level', async () => {
    const { logger, lines } = recorder('info');
    const track = trackRequests(
      async (event: { body: unknown; ack: () => Promise<void>; customProperties?: Record<string, unknown> }) => {
        const id = (event.body as { trigger_id: string }).trigger_id;
        noteAnswer(event.customProperties, { intent: 'fdi', answered: id !== 'gap' });
        await event.ack();
      },
      { logger, metrics: null },
    );
    await track(command('fast'));
    await track(command('gap'));
    expect(lines.map((l) => [l.level, l.fields.req_id])).toEqual([['info', 'gap']]);
  });

  it('holds each request in inFlight while it is handled, and lets go of it when it is done', async () => {
    const inFlight = new Set<Promise<void>>();
    let release!: () => void;
    const track = trackRequests(
      async (event: { ack: () => Promise<void> }) => {
        await new Promise<void>((r) => (release = r));
        await event.ack();
      },
      { logger: recorder().logger, metrics: null, inFlight },
    );
    const handling = track(command('slow'));
    expect([...inFlight]).toEqual([handling]);
    release();
    await handling;
    expect(inFlight.size).toBe(0);
  });
});
