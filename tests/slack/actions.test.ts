import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, feedbackValue } from '../../src/render/blocks.js';
import { SORRY } from '../../src/slack/shared.js';
import { MemoryStore } from '../../src/store/memory.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody } from '../helpers/sign.js';

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

  it('records helpful feedback and thanks the clicker privately when 👍 is clicked', async () => {
    h = await startHarness();
    await h.post(actionBody(buttonPayload(ACTION.feedbackUp, feedbackValue('FDI & trade?', 'fdi'))));
    await h.api.waitFor(() => responses().length === 1);
    expect(await h.store.listFeedback()).toEqual([{ at: '2026-03-02T03:00:00.000Z', user: 'U7', question: 'FDI & trade?', intent: 'fdi', helpful: true }]);
    expect(responses()[0].args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });

  it('records unhelpful feedback when 👎 is clicked', async () => {
    h = await startHarness();
    await h.post(actionBody(buttonPayload(ACTION.feedbackDown, feedbackValue('Who chairs?', 'people'))));
    await h.api.waitFor(() => responses().length === 1);
    expect(await h.store.listFeedback()).toMatchObject([{ question: 'Who chairs?', intent: 'people', helpful: false }]);
  });

  it('ignores a feedback click whose value is not one of ours', async () => {
    h = await startHarness();
    await h.post(actionBody(buttonPayload(ACTION.feedbackUp, 'not json')));
    await new Promise((r) => setTimeout(r, 150));
    expect(await h.store.listFeedback()).toEqual([]);
    expect(responses()).toEqual([]);
  });

  it('says "Sorry…" privately and logs when saving feedback fails', async () => {
    const store = new MemoryStore();
    store.failWrites = new Error('disk full');
    h = await startHarness({ store });
    await h.post(actionBody(buttonPayload(ACTION.feedbackUp, feedbackValue('q', 'fdi'))));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args).toMatchObject({ response_type: 'ephemeral', text: SORRY });
    await expect.poll(() => h!.logs.some((l) => l.startsWith('ERROR') && l.includes('action integ_feedback_up failed') && l.includes('disk full'))).toBe(true);
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
