/**
 * 👍/👎 through the real Bolt app (src/slack/listeners/feedback.ts), with signed block_actions and
 * view_submission payloads against the Slack stand-in: the vote recorded (origin slack), the buttons
 * replaced in place by "Thanks — noted", the optional "What was wrong?" modal on 👎 and its comment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine.js';
import { ACTION, answerToBlocks, feedbackValue, type KnownBlock } from '../../src/render/blocks.js';
import { FEEDBACK_COMMENT, FEEDBACK_MODAL, feedbackMetadata } from '../../src/render/feedback.js';
import { SORRY } from '../../src/slack/shared.js';
import { MemoryStore } from '../../src/store/memory.js';
import { MAX_FEEDBACK_COMMENT } from '../../src/store/types.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const AT = '2026-03-02T03:00:00.000Z';
const responses = () => h!.api.callsOf('response_url');
type Block = { type: string; block_id?: string; elements?: { action_id?: string; text: string | { text: string } }[] };
const buttonIds = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'actions' ? b.elements!.map((e) => e.action_id) : []));
const thanksOf = (blocks: Block[]) => blocks.filter((b) => b.block_id === 'integ_feedback_thanks').map((b) => (b.elements![0].text as string));

function click(actionId: string, value: string, over: Record<string, unknown> = {}) {
  return actionBody({
    type: 'block_actions',
    team: { id: 'T1', domain: 'test' },
    user: { id: 'U7', username: 'bob', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000500.000100', channel_id: 'C1', is_ephemeral: true },
    trigger_id: '1.2.trigger',
    channel: { id: 'C1', name: 'general' },
    response_url: h!.api.responseUrl('r1'),
    actions: [{ type: 'button', action_id: actionId, block_id: 'integ_answer_actions', text: { type: 'plain_text', text: 'x' }, value, action_ts: '1700000600.1' }],
    ...over,
  });
}

/** A posted answer (in a thread) as Slack sends it back with a click: its blocks and text. */
function posted(blocks: KnownBlock[]) {
  return {
    container: { type: 'message', message_ts: '1700000500.000200', channel_id: 'C1', is_ephemeral: false },
    message: { type: 'message', user: 'UBOT', ts: '1700000500.000200', thread_ts: '1700000100.000100', text: 'the answer', blocks },
  };
}

function submission(privateMetadata: string, comment: string | null, user = 'U7') {
  return actionBody({
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: user, username: 'bob', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: '1.2.submit',
    view: {
      id: 'V1',
      team_id: 'T1',
      type: 'modal',
      callback_id: FEEDBACK_MODAL,
      private_metadata: privateMetadata,
      hash: '1.abc',
      blocks: [],
      title: { type: 'plain_text', text: 'What was wrong?' },
      state: { values: { [FEEDBACK_COMMENT.block]: { [FEEDBACK_COMMENT.action]: { type: 'plain_text_input', value: comment } } } },
    },
    response_urls: [],
  });
}

describe('👍/👎', () => {
  it('replaces the buttons in place with "Thanks — noted", keeps the answer and its other buttons, and records the vote from Slack, when 👍 is clicked on a posted answer', async () => {
    h = await startHarness({ engine: loadEngine() as never });
    const answer = h.engine.ask('fdi 2025');
    const blocks = answerToBlocks(answer, { feedback: true, reask: true });
    await h.post(click(ACTION.feedbackUp, feedbackValue('fdi 2025', answer.intent, 'en'), posted(blocks)));
    await h.api.waitFor(() => responses().length === 1);
    const reply = responses()[0].args;
    expect(reply).toMatchObject({ replace_original: true, text: 'the answer' });
    expect(reply.response_type).toBeUndefined();
    expect(buttonIds(reply.blocks)).toEqual([ACTION.sources]);
    expect(thanksOf(reply.blocks)).toEqual([':white_check_mark: Thanks — noted']);
    // the answer itself is as it was
    expect(reply.blocks.slice(0, blocks.length - 1)).toEqual(JSON.parse(JSON.stringify(blocks.slice(0, -1))));
    expect(await h.store.listFeedback()).toEqual([{ at: AT, user: 'U7', question: 'fdi 2025', intent: answer.intent, helpful: true, origin: 'slack' }]);
    expect(h.api.callsOf('views.open')).toEqual([]);
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it('asks the question again and replaces the ephemeral answer with it, thanked, when 👍 is clicked on an ephemeral answer', async () => {
    h = await startHarness();
    await h.post(click(ACTION.feedbackUp, feedbackValue('FDI & trade?', 'fdi', 'en')));
    await h.api.waitFor(() => responses().length === 1);
    const reply = responses()[0].args;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(reply.text).toContain('Answer to: FDI &amp; trade?');
    expect(buttonIds(reply.blocks)).toEqual([ACTION.share, ACTION.sources]);
    expect(thanksOf(reply.blocks)).toEqual([':white_check_mark: Thanks — noted']);
    expect(h.engine.calls.map((c) => c.text)).toEqual(['FDI & trade?']);
    expect(await h.store.listFeedback()).toEqual([{ at: AT, user: 'U7', question: 'FDI & trade?', intent: 'fdi', helpful: true, origin: 'slack' }]);
  });

  it('records the vote, opens the optional "What was wrong?" modal, and thanks in place, when 👎 is clicked', async () => {
    h = await startHarness();
    await h.post(click(ACTION.feedbackDown, feedbackValue('Who chairs?', 'people', 'en'), posted(answerToBlocks(h.engine.ask('Who chairs?'), { feedback: true }))));
    await h.api.waitFor(() => responses().length === 1 && h!.api.callsOf('views.open').length === 1);
    const open = h.api.callsOf('views.open')[0].args;
    expect(open.trigger_id).toBe('1.2.trigger');
    const view = open.view;
    expect(view).toMatchObject({ type: 'modal', callback_id: FEEDBACK_MODAL, title: { text: 'What was wrong?' }, submit: { text: 'Send' }, close: { text: 'Skip' } });
    const input = view.blocks.find((b: { type: string }) => b.type === 'input');
    expect(input).toMatchObject({ block_id: FEEDBACK_COMMENT.block, optional: true, label: { text: 'What was wrong?' }, element: { type: 'plain_text_input', action_id: FEEDBACK_COMMENT.action, multiline: true, max_length: MAX_FEEDBACK_COMMENT } });
    expect(JSON.parse(view.private_metadata)).toEqual({ q: 'Who chairs?', i: 'people', l: 'en' });
    expect(JSON.stringify(view.blocks)).toContain(':question: Who chairs?');
    expect(buttonIds(responses()[0].args.blocks)).toEqual([]);
    expect(thanksOf(responses()[0].args.blocks)).toEqual([':white_check_mark: Thanks — noted']);
    expect(await h.store.listFeedback()).toEqual([{ at: AT, user: 'U7', question: 'Who chairs?', intent: 'people', helpful: false, origin: 'slack' }]);
  });

  it('records what was wrong with the 👎, for `kb gaps`, when the modal is sent with a comment', async () => {
    h = await startHarness();
    const res = await h.post(submission(feedbackMetadata({ q: 'Who chairs?', i: 'people', l: 'en' }), '  The chair changed in 2026.  '));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await h.store.listFeedback()).toEqual([{ at: AT, user: 'U7', question: 'Who chairs?', intent: 'people', helpful: false, comment: 'The chair changed in 2026.', origin: 'slack' }]);
  });

  it('records nothing more when the modal is sent empty, or with metadata that is not ours', async () => {
    h = await startHarness();
    for (const body of [submission(feedbackMetadata({ q: 'q', i: 'fdi', l: 'en' }), null), submission(feedbackMetadata({ q: 'q', i: 'fdi', l: 'en' }), '   '), submission('not json', 'a comment')]) {
      const res = await h.post(body);
      expect(res.status).toBe(200);
    }
    expect(await h.store.listFeedback()).toEqual([]);
  });

  it('says "Sorry…" in the modal, in its language, and logs, when the comment cannot be saved', async () => {
    const store = new MemoryStore();
    store.failWrites = new Error('disk full');
    h = await startHarness({ store });
    const res = await h.post(submission(feedbackMetadata({ q: 'Ai chủ trì?', i: 'people', l: 'vi' }), 'Sai người'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { [FEEDBACK_COMMENT.block]: 'Xin lỗi, đã có lỗi xảy ra khi trả lời. Vui lòng thử lại sau ít phút.' } });
    await expect.poll(() => h!.logs.some((l) => l.startsWith('ERROR') && l.includes('disk full'))).toBe(true);
  });

  it('writes the modal and the thanks in the clicker’s language, else in the answer’s', async () => {
    h = await startHarness();
    await h.store.setLanguage({ teamId: 'T1', kind: 'user', id: 'U8' }, 'vi', AT);
    await h.post(click(ACTION.feedbackDown, feedbackValue('FDI?', 'fdi', 'en'), { user: { id: 'U8', team_id: 'T1' } }));
    await h.api.waitFor(() => responses().length === 1 && h!.api.callsOf('views.open').length === 1);
    const view = h.api.callsOf('views.open')[0].args.view;
    expect(view).toMatchObject({ title: { text: 'Điều gì chưa ổn?' }, submit: { text: 'Gửi' }, close: { text: 'Bỏ qua' } });
    expect(JSON.parse(view.private_metadata).l).toBe('vi');
    expect(thanksOf(responses()[0].args.blocks)).toEqual([':white_check_mark: Cảm ơn — đã ghi nhận']);
  });

  it('shows the question in the modal as inert text, never a mention or a link', async () => {
    h = await startHarness();
    await h.post(click(ACTION.feedbackDown, feedbackValue('<!channel> <@U1> <https://evil.example|Payroll> & FDI?', 'fdi', 'en')));
    await h.api.waitFor(() => h!.api.callsOf('views.open').length === 1);
    const blocks = JSON.stringify(h.api.callsOf('views.open')[0].args.view.blocks);
    for (const bad of ['<!', '<@', '<https://evil']) expect(blocks).not.toContain(bad);
    expect(blocks).toContain('&lt;!channel&gt; &lt;@U1&gt; &lt;https://evil.example|Payroll&gt; &amp; FDI?');
  });

  it('still records the vote and thanks in place when the modal cannot be opened', async () => {
    h = await startHarness();
    h.api.fail('views.open', { error: 'expired_trigger_id' });
    await h.post(click(ACTION.feedbackDown, feedbackValue('Who chairs?', 'people', 'en')));
    await h.api.waitFor(() => responses().length === 1);
    expect(thanksOf(responses()[0].args.blocks)).toEqual([':white_check_mark: Thanks — noted']);
    expect(await h.store.listFeedback()).toMatchObject([{ question: 'Who chairs?', helpful: false, origin: 'slack' }]);
    expect(h.logs.some((l) => l.startsWith('WARN') && l.includes('could not open the feedback modal'))).toBe(true);
  });

  it('ignores a feedback click whose value is not one of ours', async () => {
    h = await startHarness();
    await h.post(click(ACTION.feedbackUp, 'not json'));
    await new Promise((r) => setTimeout(r, 150));
    expect(await h.store.listFeedback()).toEqual([]);
    expect(responses()).toEqual([]);
    expect(h.api.callsOf('views.open')).toEqual([]);
  });

  it('says "Sorry…" privately and logs when saving the vote fails', async () => {
    const store = new MemoryStore();
    store.failWrites = new Error('disk full');
    h = await startHarness({ store });
    await h.post(click(ACTION.feedbackUp, feedbackValue('q', 'fdi')));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: SORRY });
    await expect.poll(() => h!.logs.some((l) => l.startsWith('ERROR') && l.includes('action integ_feedback_up failed') && l.includes('disk full'))).toBe(true);
  });
});
