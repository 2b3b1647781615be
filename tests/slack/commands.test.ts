import { INTENTS } from '../../intents/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { createEngine } from '../../src/answer/index.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { ACTION } from '../../src/render/blocks.js';
import type { CommandHandler } from '../../src/slack/app.js';
import { SORRY } from '../../src/slack/shared.js';
import { makeAnswer } from '../helpers/answers.js';
import { BOT_TOKEN, SIGNING_SECRET, startHarness, type Harness } from '../helpers/slack-app.js';
import { commandBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

type Ack = { response_type: string; text: string; blocks: { type: string; elements?: { action_id?: string; value?: string }[] }[] };
const shown = (ack: Ack) => JSON.stringify(ack.blocks);
const actionIds = (ack: Ack) => ack.blocks.flatMap((b) => b.elements ?? []).map((e) => e.action_id).filter(Boolean);

async function command(text: string): Promise<{ status: number; ack: Ack }> {
  const res = await h!.post(commandBody({ text }));
  return { status: res.status, ack: res.status === 200 ? ((await res.json()) as Ack) : (null as unknown as Ack) };
}

describe('/integ', () => {
  it('answers in the acknowledgement, ephemerally, with share and feedback buttons when asked a question', async () => {
    h = await startHarness();
    await h.store.addDeadline({ channel: 'C1', title: 'Team report', due: '2026-03-10', createdBy: 'U1', createdAt: '2026-03-01T00:00:00Z' });
    const { status, ack } = await command('FDI in 2025?');
    expect(status).toBe(200);
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Answer to: FDI in 2025?');
    expect(shown(ack)).toContain('*Answer to: FDI in 2025? (years 2025)*');
    expect(actionIds(ack)).toEqual([ACTION.share, ACTION.sources, ACTION.feedbackUp, ACTION.feedbackDown]);
    const call = (h.engine as { calls: { text: string; ctx: any }[] }).calls[0];
    expect(call.text).toBe('FDI in 2025?');
    // general deadline questions list the channel's own deadlines
    expect(JSON.stringify(call.ctx.listDeadlines('upcoming deadlines'))).toContain('Team report');
    expect(call.ctx.now.toISOString()).toBe('2026-03-02T03:00:00.000Z');
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it.each(['', 'help', '  HELP '])('returns the help answer when the text is %j', async (text) => {
    h = await startHarness();
    const { ack } = await command(text);
    expect(ack.response_type).toBe('ephemeral');
    expect(shown(ack)).toContain('I answer questions about Vietnam’s international integration.');
    expect(h.engine.calls).toEqual([]);
  });

  it('escapes mentions, links and & from the question when it echoes it', async () => {
    h = await startHarness();
    const { ack } = await command('<!channel> <!here|here> <@U2> <#C1|general> <https://evil.example|Payroll> <!date^0^{date}|x> &amp; FDI?');
    const blocks = shown(ack);
    for (const bad of ['<!', '<@', '<#', '<https://evil']) expect(blocks).not.toContain(bad);
    expect(h.engine.calls[0].text).toBe('@channel @here @U2 #general Payroll x & FDI?');
    expect(blocks).toContain('@channel @here @U2 #general Payroll x &amp; FDI?');
  });

  it('routes deadline and digest commands to handleCommand first when it recognises them', async () => {
    const seen: Parameters<CommandHandler>[] = [];
    const handleCommand: CommandHandler = async (text, ctx) => {
      seen.push([text, ctx]);
      return text.startsWith('deadline') ? makeAnswer({ question: text, intent: 'deadline-add', headline: 'Added d1: Team report, due 10 Mar 2026', citations: [], points: [] }) : null;
    };
    h = await startHarness({ handleCommand, env: { INTEG_TZ: 'Europe/Paris' } });
    const { ack } = await command('deadline add 2026-03-10 Team report');
    expect(shown(ack)).toContain('Added d1: Team report, due 10 Mar 2026');
    expect(h.engine.calls).toEqual([]);
    expect(seen[0][0]).toBe('deadline add 2026-03-10 Team report');
    expect(seen[0][1]).toMatchObject({ channel: 'C1', user: 'U1', teamId: 'T1', tz: 'Europe/Paris', store: h.store });
    expect(seen[0][1].now.toISOString()).toBe('2026-03-02T03:00:00.000Z');

    const { ack: second } = await command('FDI 2025');
    expect(seen.map((s) => s[0])).toEqual(['deadline add 2026-03-10 Team report', 'FDI 2025']);
    expect(h.engine.calls.map((c) => c.text)).toEqual(['FDI 2025']);
    expect(shown(second)).toContain('Answer to: FDI 2025');
  });

  it('records the question for curators when it cannot answer it, and offers examples as buttons without a share button', async () => {
    h = await startHarness();
    const { ack } = await command('unknown  Thing?');
    expect(shown(ack)).toContain('Try asking');
    expect(actionIds(ack)).toEqual(['integ_ask_0', ACTION.feedbackUp, ACTION.feedbackDown]);
    await expect.poll(() => h!.store.listUnanswered()).toMatchObject([{ question: 'unknown Thing?', normalised: 'unknown thing', at: '2026-03-02T03:00:00.000Z' }]);
  });

  it('offers "Did you mean…" buttons and no feedback when the question is ambiguous', async () => {
    h = await startHarness();
    const { ack } = await command('clarify fdi');
    expect(actionIds(ack)).toEqual(['integ_ask_0', 'integ_ask_1']);
    expect(await h.store.listUnanswered()).toEqual([]);
  });

  it('replies "Sorry…" in the acknowledgement and logs one error without secrets when the engine fails', async () => {
    h = await startHarness();
    const { status, ack } = await command('boom');
    expect(status).toBe(200);
    expect(ack.text).toBe(SORRY);
    expect(ack.response_type).toBe('ephemeral');
    const errors = h.logs.filter((l) => l.startsWith('ERROR'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('command /integ failed: engine exploded');
    for (const line of h.logs) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).not.toContain(SIGNING_SECRET);
      expect(line).not.toContain('legacy-verification-token');
    }
  });
});

describe('/integ with the real deadline commands', () => {
  it('adds a team deadline through src/digest/commands.ts when no handler is injected', async () => {
    h = await startHarness({ handleCommand: undefined });
    const { ack } = await command('deadline add 2026-12-15 Submit the report');
    expect(ack.response_type).toBe('ephemeral');
    expect(await h.store.listDeadlines('C1')).toMatchObject([{ title: 'Submit the report', due: '2026-12-15', createdBy: 'U1' }]);
    expect(h.engine.calls).toEqual([]);
    const { ack: list } = await command('deadlines');
    expect(shown(list)).toContain('Submit the report');
  });

  it('refuses, politely, a deadline title of invisible characters, and stores nothing', async () => {
    h = await startHarness({ handleCommand: undefined });
    const { status, ack } = await command('deadline add 2026-12-15 \u200B\u2060 \u202E');
    expect(status).toBe(200);
    expect(ack.response_type).toBe('ephemeral');
    expect(shown(ack)).toContain('The title has no character that can be seen');
    expect(await h.store.listDeadlines('C1')).toEqual([]);
  });

  it('stores a deadline title without its bidi override', async () => {
    h = await startHarness({ handleCommand: undefined });
    await command('deadline add 2026-12-15 Invoice \u202Efdp.exe');
    expect((await h.store.listDeadlines('C1')).map((d) => d.title)).toEqual(['Invoice fdp.exe']);
  });
});

describe('/integ asked the same question again', () => {
  const kb = loadKnowledge();
  /** The real engine and deadline commands, and a clock the test moves. */
  async function realHarness(now: { value: Date }) {
    const harness = await startHarness({ engine: createEngine(kb, { intents: INTENTS }) as never, handleCommand: undefined, now: () => now.value });
    return { harness };
  }

  it('records an unanswered question for curators each time it is asked', async () => {
    const { harness } = await realHarness({ value: new Date('2026-03-02T03:00:00Z') });
    h = harness;
    await command('zebra migration patterns?');
    await command('zebra migration patterns?');
    await expect.poll(async () => (await h!.store.listUnanswered()).map((u) => u.question)).toEqual(['zebra migration patterns?', 'zebra migration patterns?']);
  });

  it('works the answer out again when the channel adds a deadline the answer lists', async () => {
    const { harness } = await realHarness({ value: new Date('2026-03-02T03:00:00Z') });
    h = harness;
    const before = await command('upcoming deadlines');
    expect(shown(before.ack)).not.toContain('Team report');
    await command('deadline add 2026-03-20 Team report');
    const after = await command('upcoming deadlines');
    expect(shown(after.ack)).toContain('Team report');
  });

  it('works the answer out again on another day', async () => {
    const now = { value: new Date('2026-03-02T03:00:00Z') };
    const { harness } = await realHarness(now);
    h = harness;
    const first = await command('exports last year');
    expect(shown(first.ack)).toContain('2025');
    now.value = new Date('2027-03-02T03:00:00Z');
    const later = await command('exports last year');
    expect(shown(later.ack)).not.toEqual(shown(first.ack));
    expect(shown(later.ack)).toContain('2026');
  });
});
