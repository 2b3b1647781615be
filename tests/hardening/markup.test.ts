/**
 * Markup injection, on the exact payloads integ sends or acknowledges: whatever a user types
 * (mentions, broadcasts, user groups, channel links, disguised links, date tokens, `&`, and the
 * same typed literally, which Slack sends entity-escaped) is shown as inert text in answers
 * (question echo), deadline titles (add and list), the posted weekly digest and the App Home.
 * No `<!`, `<@`, `<#` or `<http` from user text reaches Slack; no call sets link_names or
 * parse: full; long content is cut within Slack's limits without splitting a surrogate pair.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deadlinesAnswer } from '../../src/digest/deadlines.js';
import { ACTION } from '../../src/render/blocks.js';
import type { TeamDeadline } from '../../src/store/types.js';
import { makeAnswer } from '../helpers/answers.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody, commandBody, eventBody } from '../helpers/sign.js';
import { dayFromNow, dueSubscription, startServe, type Serve } from './serve-harness.js';
import { expectInert as inert, expectNoParsing, expectWithinLimits, hasLoneSurrogate } from './util.js';
import { verbatim } from '../../src/answer/messages.js';

/** The fake engine cites https://example.gov.vn/news/<n>: integ's own links, allowed. */
const expectInert = (payload: unknown, opts: { sharedBy?: string; users?: string[] } = {}) => inert(payload, { sourceUrls: /^https:\/\/example\.gov\.vn\/news\/\d+$/, ...opts });

let h: Harness | null = null;
let serve: Serve | null = null;
afterEach(async () => {
  if (h) expectNoParsing(h.api.calls);
  if (serve) expectNoParsing(serve.api.calls);
  await h?.stop();
  await serve?.stop();
  h = null;
  serve = null;
});

/** [what arrives from Slack, how integ must show it (mrkdwn)]. */
const CASES: [string, string][] = [
  ['<!channel>', '@channel'],
  ['<!here>', '@here'],
  ['<!everyone>', '@everyone'],
  ['<!subteam^S1>', '@group'],
  ['<@U1>', '@U1'],
  ['<#C1>', '#C1'],
  ['<https://evil.example|Payroll>', 'Payroll'],
  ['<!date^0^{date}|x>', 'x'],
  ['&', '&amp;'],
  // typed literally: Slack sends them entity-escaped; shown as typed, still inert
  ['&lt;!channel&gt;', '&lt;!channel&gt;'],
  ['&lt;!subteam^S1&gt;', '&lt;!subteam^S1&gt;'],
  ['&lt;@U1&gt;', '&lt;@U1&gt;'],
  ['&lt;#C1&gt;', '&lt;#C1&gt;'],
  ['&lt;https://evil.example|Payroll&gt;', '&lt;https://evil.example|Payroll&gt;'],
  ['&lt;!date^0^{date}|x&gt;', '&lt;!date^0^{date}|x&gt;'],
  ['Tom &amp; Jerry', 'Tom &amp; Jerry'],
];
/** Raw strings as a title stored by any path (import, older version): shown escaped. */
const RAW_TITLES: [string, string][] = [
  ['<!channel>', '&lt;!channel&gt;'],
  ['<!here>', '&lt;!here&gt;'],
  ['<!everyone>', '&lt;!everyone&gt;'],
  ['<!subteam^S1>', '&lt;!subteam^S1&gt;'],
  ['<@U1>', '&lt;@U1&gt;'],
  ['<#C1>', '&lt;#C1&gt;'],
  ['<https://evil.example|Payroll>', '&lt;https://evil.example|Payroll&gt;'],
  ['<!date^0^{date}|x>', '&lt;!date^0^{date}|x&gt;'],
  ['R&D', 'R&amp;D'],
];

type Block = { type: string; text?: { text: string }; elements?: { text?: string | { text: string }; value?: string }[] };
const texts = (blocks: Block[]) => blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : undefined))]).filter((t): t is string => !!t);

async function slash(text: string) {
  const res = await h!.post(commandBody({ text }));
  expect(res.status).toBe(200);
  return (await res.json()) as { response_type: string; text: string; blocks: Block[] };
}

describe('answers echo the question inertly', () => {
  it.each(CASES)('shows %j as %j in a /integ answer', async (input, shown) => {
    h = await startHarness();
    const ack = await slash(`FDI ${input} 2025`);
    expectInert(ack);
    const t = texts(ack.blocks);
    expect(t[0]).toBe(`:question: FDI ${shown} 2025`);
    expect(t[1]).toBe(`*Answer to: FDI ${shown} 2025 (years 2025)*`);
    expect(ack.text.split('\n')[0]).toBe(`Answer to: FDI ${shown} 2025 (years 2025)`);
  });

  it.each(CASES)('shows %j as %j in the threaded answer to a mention and to a DM', async (input, shown) => {
    h = await startHarness();
    await h.post(eventBody({ type: 'app_mention', user: 'U1', text: `<@UBOT> FDI ${input} 2025`, ts: '1700000100.000100', channel: 'C1' }));
    await h.post(eventBody({ type: 'message', channel_type: 'im', user: 'U1', text: `FDI ${input} 2025`, ts: '1700000200.000100', channel: 'D1' }));
    await h.api.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length === 2);
    for (const call of h.api.callsOf('chat.postMessage')) {
      expectInert(call.args);
      expect(texts(call.args.blocks)[0]).toBe(`:question: FDI ${shown} 2025`);
      expect(call.args.text.split('\n')[0]).toBe(`Answer to: FDI ${shown} 2025 (years 2025)`);
    }
  });

  it('keeps a shared answer inert, with only integ\'s own "Shared by" mention', async () => {
    h = await startHarness();
    for (const [input] of CASES) {
      await h.post(
        actionBody({
          type: 'block_actions',
          team: { id: 'T1' },
          user: { id: 'U7' },
          api_app_id: 'A1',
          container: { type: 'message', channel_id: 'C1', is_ephemeral: true },
          channel: { id: 'C1' },
          response_url: h.api.responseUrl('share'),
          actions: [{ type: 'button', action_id: ACTION.share, value: `FDI ${input}`, action_ts: '1' }],
        }),
      );
    }
    await h.api.waitFor((calls) => calls.filter((c) => c.method === 'response_url' && c.args.response_type === 'in_channel').length === CASES.length);
    for (const call of h.api.callsOf('response_url')) expectInert(call.args, { sharedBy: 'U7' });
  });
});

describe('deadline titles', () => {
  it.each(CASES)('adds %j and lists it as %j, inert in both replies', async (input, shown) => {
    h = await startHarness({ handleCommand: undefined });
    const added = await slash(`deadline add 2026-12-15 ${input} report`);
    // who added it is shown as a mention: U1, the id Slack sent the command with
    expectInert(added, { users: ['U1'] });
    expect(texts(added.blocks)[0]).toBe(`*Added d1: ${shown} report — 15 Dec 2026 (in 288 days).*`);
    expect(added.text).toBe(`Added d1: ${shown} report — 15 Dec 2026 (in 288 days).\n• ${shown} report — 15 Dec 2026 · in 288 days`);
    const list = await slash('deadlines');
    expectInert(list, { users: ['U1'] });
    expect(texts(list.blocks)).toContain(`• Later: ${shown} report — 15 Dec 2026 · in 288 days\nadded by <@U1> on 2 Mar 2026`);
    expect(h.engine.calls).toEqual([]);
  });
});

describe('the weekly digest, as integ serve posts it', () => {
  it('shows every hostile title escaped, within limits, and sets no parsing option', async () => {
    const titles = RAW_TITLES.map(([i]) => i);
    serve = await startServe({
      seed: async (s) => {
        await s.putSubscription(dueSubscription('C1'));
        for (const [i, t] of titles.entries()) await s.addDeadline({ channel: 'C1', title: `${t} memo`, due: dayFromNow(3 + (i % 20)), createdBy: 'U1', createdAt: new Date().toISOString() });
      },
    });
    await serve.api.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 10_000);
    const [post] = serve.api.callsOf('chat.postMessage');
    expect(post.args.channel).toBe('C1');
    expectInert(post.args, { users: ['U1'] });
    expectWithinLimits(post.args.blocks, 50);
    const all = JSON.stringify(post.args.blocks);
    for (const [, shown] of RAW_TITLES) expect(all).toContain(`${JSON.stringify(`${shown} memo`).slice(1, -1)}`);
    expect(post.args.text).toMatch(/^Weekly deadline digest/);
  });

  it('stays within 50 blocks and 3000 characters a section with 300 long emoji titles', async () => {
    serve = await startServe({
      seed: async (s) => {
        await s.putSubscription(dueSubscription('C1'));
        for (let i = 0; i < 300; i++) await s.addDeadline({ channel: 'C1', title: `${'🇻🇳'.repeat(36)} <!here> ${i}`, due: dayFromNow(1 + (i % 28)), createdBy: 'U1', createdAt: new Date().toISOString() });
      },
    });
    await serve.api.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 10_000);
    const [post] = serve.api.callsOf('chat.postMessage');
    expectInert(post.args, { users: ['U1'] });
    expectWithinLimits(post.args.blocks, 50);
    expect(post.args.text.length).toBeLessThanOrEqual(3000);
    expect(hasLoneSurrogate(post.args.text)).toBe(false);
  });
});

describe('App Home', () => {
  it('publishes hostile help text and deadline titles inertly, within 100 blocks', async () => {
    const engine = fakeEngine();
    const help = engine.help();
    engine.help = () => ({
      ...help,
      headline: verbatim(`Ask me <!channel> & more`),
      points: RAW_TITLES.map(([t]) => ({ text: verbatim(`Point ${t}`), cites: [] })),
      suggestions: RAW_TITLES.map(([t]) => ({ label: verbatim(t), question: `What about ${t}?` })),
    });
    const teamDeadlines: TeamDeadline[] = Array.from({ length: 400 }, (_, i) => ({
      id: `d${i + 1}`,
      channel: 'C1',
      title: `${RAW_TITLES[i % RAW_TITLES.length][0]} ${'😀'.repeat(i % 90)}`,
      due: '2026-03-20',
      createdBy: 'U1',
      createdAt: '2026-03-01T00:00:00Z',
      done: false,
      doneAt: null,
    }));
    h = await startHarness({ engine, homeDeadlines: async ({ now }) => deadlinesAnswer(now, { teamDeadlines, tz: 'UTC' }) });
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000000.1' }));
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'views.publish'));
    const [call] = h.api.callsOf('views.publish');
    expectInert(call.args, { users: ['U1'] });
    expectWithinLimits(call.args.view.blocks, 100);
    const all = JSON.stringify(call.args.view.blocks);
    expect(all).toContain('Ask me &lt;!channel&gt; &amp; more');
    for (const [, shown] of RAW_TITLES) expect(all).toContain(`What about ${shown}?`);
  });
});

describe('long content', () => {
  const long = '😀'.repeat(10_000); // 20 000 UTF-16 code units
  it('cuts a 20 000-character emoji question within limits, without splitting a pair, in a /integ answer', async () => {
    h = await startHarness();
    const ack = await slash(`FDI ${long} <!channel>`);
    expectInert(ack);
    expectWithinLimits(ack.blocks, 50);
    expect(ack.text.length).toBeLessThanOrEqual(3000);
    expect(hasLoneSurrogate(ack.text)).toBe(false);
  });

  it('cuts a 20 000-character mention and a very long answer within limits in the posted reply', async () => {
    const engine = fakeEngine();
    const ask = engine.ask.bind(engine);
    engine.ask = (text, ctx) => ({ ...ask(text, ctx), points: Array.from({ length: 200 }, (_, i) => ({ text: verbatim(`${'😀'.repeat(1600)} <!here> ${i}`), cites: [1] })) });
    h = await startHarness({ engine });
    await h.post(eventBody({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${long}`, ts: '1700000100.000100', channel: 'C1' }));
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const [call] = h.api.callsOf('chat.postMessage');
    expect(call.failed).toBe(false);
    expectInert(call.args);
    expectWithinLimits(call.args.blocks, 50);
    expect(call.args.text.length).toBeLessThanOrEqual(3000);
  });

  it('refuses a deadline title over 150 characters and stores nothing', async () => {
    h = await startHarness({ handleCommand: undefined });
    const ack = await slash(`deadline add 2026-12-15 ${'😀'.repeat(151)}`);
    expect(ack.text).toMatch(/The title is 151 characters; keep it to 150/);
    expect(await h.store.listDeadlines()).toEqual([]);
  });
});

describe('hand-built answers', () => {
  it('never lets an engine answer carry markup either', async () => {
    const engine = fakeEngine();
    engine.ask = (text) => makeAnswer({ question: text, headline: '<!channel> headline', points: [{ text: '<@U1> point & more', cites: [1] }], notes: ['<#C1> note'] });
    h = await startHarness({ engine });
    const ack = await slash('anything');
    expectInert(ack);
    expect(JSON.stringify(ack)).toContain('&lt;!channel&gt; headline');
  });
});
