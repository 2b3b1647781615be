import { afterEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine.js';
import type { Answer } from '../../src/answer/types.js';
import { ACTION, answerFallbackText, parseReaskValue, reaskValue } from '../../src/render/blocks.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody, commandBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

function buttonPayload(actionId: string, value: string, over: Record<string, unknown> = {}) {
  return {
    type: 'block_actions',
    team: { id: 'T1', domain: 'test' },
    user: { id: 'U7', username: 'bob', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000500.000100', channel_id: 'C1', is_ephemeral: true },
    trigger_id: '1.2.3',
    channel: { id: 'C1', name: 'general' },
    response_url: h!.api.responseUrl('r1'),
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: '1700000600.1' }],
    ...over,
  };
}

const responses = () => h!.api.callsOf('response_url');
const answerTextOf = (a: Answer) => answerFallbackText(a);

/** Every text object's text in blocks (what Slack shows). */
function textObjects(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(textObjects);
  if (!v || typeof v !== 'object') return [];
  const o = v as Record<string, unknown>;
  const own = (o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string' ? [o.text] : [];
  return [...own, ...Object.values(o).flatMap(textObjects)];
}

describe('buttons', () => {
  it('posts the re-asked answer in the channel and removes the ephemeral one when "Share in channel" is clicked', async () => {
    h = await startHarness();
    const res = await h.post(actionBody(buttonPayload(ACTION.share, 'FDI in 2025?')));
    expect(res.status).toBe(200);
    await h.api.waitFor(() => responses().length === 2);
    const [share, remove] = responses();
    expect(share.responseId).toBe('r1');
    expect(share.args).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(share.args.text).toContain('Answer to: FDI in 2025?');
    const blocks = JSON.stringify(share.args.blocks);
    expect(blocks).toContain('Shared by <@U7>');
    expect(blocks).not.toContain(ACTION.share);
    expect(blocks).toContain(ACTION.feedbackUp);
    expect(remove.args).toEqual({ delete_original: true });
    expect(h.engine.calls.map((c) => c.text)).toEqual(['FDI in 2025?']);
    expect(typeof h.engine.calls[0].ctx?.listDeadlines).toBe('function');
  });

  it('replaces the ephemeral clarification with the answer when a "Did you mean…" button is clicked', async () => {
    h = await startHarness();
    await h.post(actionBody(buttonPayload('integ_ask_1', 'exports in 2025')));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(responses()[0].args.text).toContain('Answer to: exports in 2025');
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it('answers in the thread when a "Did you mean…" button is clicked on a threaded answer to a mention', async () => {
    h = await startHarness();
    const payload = buttonPayload('integ_ask_0', 'registered FDI in 2025', {
      container: { type: 'message', message_ts: '1700000500.000200', channel_id: 'C1', is_ephemeral: false },
      message: { type: 'message', user: 'UBOT', ts: '1700000500.000200', thread_ts: '1700000100.000100', text: 'Did you mean…' },
    });
    await h.post(actionBody(payload));
    await h.api.waitFor(() => h!.api.callsOf('chat.postMessage').length === 1);
    const [call] = h.api.callsOf('chat.postMessage');
    expect(call.args).toMatchObject({ channel: 'C1', thread_ts: '1700000100.000100' });
    expect(call.args.text).toContain('Answer to: registered FDI in 2025');
    await expect.poll(() => h!.store.getThreadSlots('C1:1700000100.000100')).toMatchObject({ years: [2025] });
    expect(responses()).toEqual([]);
  });
});

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { action_id?: string; value?: string; text: { text: string } }[] };
const buttonsOf = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'actions' ? b.elements ?? [] : []));
const bullets = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'section' ? b.text!.text.split('\n') : [])).filter((l) => l.startsWith('• '));

describe('answer buttons with the real engine', () => {
  const engine = loadEngine();
  const LIST = 'What tasks did the PM set for international integration in 2026?';

  async function ask(text: string): Promise<{ blocks: Block[] }> {
    const res = await h!.post(commandBody({ text }));
    expect(res.status).toBe(200);
    return (await res.json()) as { blocks: Block[] };
  }

  it('shows the sources with their verbatim passages privately, asking the question again, when "Show sources" is clicked', async () => {
    h = await startHarness({ engine: engine as never });
    const ack = await ask('fdi 2025');
    const sources = buttonsOf(ack.blocks).find((b) => b.action_id === ACTION.sources)!;
    expect(parseReaskValue(sources.value)).toEqual({ q: 'fdi 2025', l: 'en' });
    expect(JSON.stringify(ack.blocks)).not.toContain('“'.concat(engine.ask('fdi 2025').citations[0].quote.slice(0, 30)));
    await h.post(actionBody(buttonPayload(ACTION.sources, sources.value!)));
    await h.api.waitFor(() => responses().length === 1);
    const reply = responses()[0].args;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const answer = engine.ask('fdi 2025');
    for (const c of answer.citations) {
      expect(JSON.stringify(reply.blocks)).toContain(c.quote.replace(/\s+/g, ' ').trim().slice(0, 40).replace(/&/g, '&amp;'));
      if (c.url) expect(JSON.stringify(reply.blocks)).toContain(`<${c.url}|${c.title}>`);
    }
  });

  it('replaces an ephemeral answer with every point when "Show all N points" is clicked', async () => {
    h = await startHarness({ engine: engine as never });
    const answer = engine.ask(LIST);
    const ack = await ask(LIST);
    const more = buttonsOf(ack.blocks).find((b) => b.action_id === ACTION.allPoints)!;
    expect(more.text.text).toBe(`Show all ${answer.points.length} points`);
    expect(bullets(ack.blocks).length).toBeLessThan(answer.points.length - 1);
    await h.post(actionBody(buttonPayload(ACTION.allPoints, more.value!)));
    await h.api.waitFor(() => responses().length === 1);
    const reply = responses()[0].args;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(bullets(reply.blocks)).toHaveLength(answer.points.length - 1);
    expect(buttonsOf(reply.blocks).map((b) => b.action_id)).toEqual([ACTION.share, ACTION.sources, ACTION.feedbackUp, ACTION.feedbackDown]);
  });

  it('answers privately with every point, the posted answer left as it is, when "Show all N points" is clicked on an answer in a channel', async () => {
    h = await startHarness({ engine: engine as never });
    const answer = engine.ask(LIST);
    const payload = buttonPayload(ACTION.allPoints, reaskValue(LIST, 'en'), {
      container: { type: 'message', message_ts: '1700000500.000200', channel_id: 'C1', is_ephemeral: false },
      message: { type: 'message', user: 'UBOT', ts: '1700000500.000200', text: 'answer', blocks: [] },
    });
    await h.post(actionBody(payload));
    await h.api.waitFor(() => responses().length === 1);
    const reply = responses()[0].args;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(bullets(reply.blocks)).toHaveLength(answer.points.length - 1);
    expect(buttonsOf(reply.blocks).map((b) => b.action_id)).toEqual([ACTION.sources]);
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it('answers the example question when one of the buttons of a decline is clicked', async () => {
    h = await startHarness({ engine: engine as never });
    const ack = await ask('zzzz qqqq');
    const [first] = buttonsOf(ack.blocks).filter((b) => /^integ_ask_\d+$/.test(b.action_id!));
    expect(first.value).toBe(engine.ask('zzzz qqqq').suggestions[0].question);
    await h.post(actionBody(buttonPayload(first.action_id!, first.value!)));
    await h.api.waitFor(() => responses().length === 1);
    const reply = responses()[0].args;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(reply.text).toBe(answerTextOf(engine.ask(first.value!)));
  });
});

describe('answer buttons', () => {
  it('asks again with the thread’s slots a follow-up was asked with when "Show sources" is clicked', async () => {
    h = await startHarness();
    const slots = { years: [2024], period: null, places: ['Nghe An'], docs: [] };
    await h.post(actionBody(buttonPayload(ACTION.sources, reaskValue('and exports?', 'en', slots))));
    await h.api.waitFor(() => responses().length === 1);
    expect(h.engine.calls.map((c) => [c.text, c.ctx?.threadSlots])).toEqual([['and exports?', slots]]);
  });

  it('ignores "Show sources" and "Show all" clicks whose value is not one of ours, and slots that are not slots', async () => {
    h = await startHarness();
    for (const action of [ACTION.sources, ACTION.allPoints]) await h.post(actionBody(buttonPayload(action, 'not json')));
    await h.post(actionBody(buttonPayload(ACTION.sources, JSON.stringify({ q: 'FDI?', s: { years: 'all' } }))));
    await h.api.waitFor(() => responses().length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(responses()).toHaveLength(1);
    expect(h.engine.calls.map((c) => [c.text, c.ctx?.threadSlots])).toEqual([['FDI?', null]]);
  });

  it('shows a question from a button value as inert text, never a mention or a link', async () => {
    h = await startHarness();
    const hostile = '<!channel> <@U1> <https://evil.example|Payroll> & FDI?';
    for (const action of [ACTION.sources, ACTION.allPoints]) await h.post(actionBody(buttonPayload(action, reaskValue(hostile, 'en'))));
    await h.api.waitFor(() => responses().length === 2);
    for (const r of responses()) {
      // (button values are data sent back to integ, never shown: only text objects are)
      const shown = JSON.stringify(textObjects(r.args.blocks));
      for (const bad of ['<!', '<@', '<https://evil']) expect(shown).not.toContain(bad);
      expect(shown).toContain('&lt;!channel&gt; &lt;@U1&gt; &lt;https://evil.example|Payroll&gt; &amp; FDI?');
    }
  });
});
