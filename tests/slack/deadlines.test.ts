/**
 * Team deadlines acted on in Slack, through the real Bolt app with signed requests against the
 * local Slack stand-in: the Done/Remove menu (block_actions with an overflow's selected option;
 * Slack asks for the confirmation on the client, so a request means it was confirmed), "Add
 * deadline" (the modal: views.open) and its submission (view_submission).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { digestAnswer } from '../../src/digest/runner.js';
import { answerToBlocks } from '../../src/render/blocks.js';
import { ADD_FIELD, DEADLINE_ACTION, DEADLINE_ADD_MODAL, withAddDeadline } from '../../src/render/deadlines.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { TeamDeadline } from '../../src/store/types.js';
import { expectInert, expectWithinLimits } from '../hardening/util.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody, commandBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

// the harness's clock: Monday 2 Mar 2026, 10:00 in Ho Chi Minh City (INTEG_TZ's default)
const NOW = '2026-03-02T03:00:00.000Z';

const responses = () => h!.api.callsOf('response_url');
type Block = { type: string; block_id?: string; text?: { text: string }; accessory?: { action_id: string; options: { value: string }[] }; elements?: any[] };
const menuSections = (blocks: Block[]) => blocks.filter((b) => b.type === 'section' && b.accessory?.action_id === DEADLINE_ACTION.menu);
const texts = (blocks: Block[]) => blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: { text?: unknown }) => (typeof e.text === 'string' ? e.text : undefined))]).filter((t): t is string => !!t);

async function seed(store: MemoryStore | Harness['store'], over: Partial<TeamDeadline> & Pick<TeamDeadline, 'title' | 'due'>): Promise<TeamDeadline> {
  return store.addDeadline({ teamId: 'T1', channel: 'C1', createdBy: 'U1', createdAt: '2026-02-20T03:00:00.000Z', ...over });
}

/** A click on "Mark done" / "Remove" in a deadline's menu (Slack sends it once the confirmation is accepted). */
function menuClick(value: string, over: Record<string, unknown> = {}) {
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
    actions: [
      {
        type: 'overflow',
        action_id: DEADLINE_ACTION.menu,
        block_id: 'b1',
        selected_option: { text: { type: 'plain_text', text: value.startsWith('done') ? 'Mark done' : 'Remove' }, value },
        action_ts: '1700000600.1',
      },
    ],
    ...over,
  };
}

function addClick(value: string, over: Record<string, unknown> = {}) {
  return {
    type: 'block_actions',
    team: { id: 'T1', domain: 'test' },
    user: { id: 'U7', username: 'bob', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000500.000100', channel_id: 'C1', is_ephemeral: true },
    trigger_id: '1.2.9',
    channel: { id: 'C1', name: 'general' },
    response_url: h!.api.responseUrl('r2'),
    actions: [{ type: 'button', action_id: DEADLINE_ACTION.add, block_id: 'b2', text: { type: 'plain_text', text: 'Add deadline' }, value, action_ts: '1700000600.2' }],
    ...over,
  };
}

interface Form {
  date?: string | null;
  title?: string | null;
  owner?: string | null;
  channel?: string | null;
  metadata?: Record<string, unknown>;
}

/** The Add-deadline modal submitted with these values. */
function submission(form: Form) {
  const values: Record<string, Record<string, Record<string, unknown>>> = {
    [ADD_FIELD.date]: { [ADD_FIELD.date]: { type: 'datepicker', selected_date: form.date ?? null } },
    [ADD_FIELD.title]: { [ADD_FIELD.title]: { type: 'plain_text_input', value: form.title ?? null } },
    [ADD_FIELD.owner]: { [ADD_FIELD.owner]: { type: 'users_select', selected_user: form.owner ?? null } },
  };
  if (form.channel !== undefined) values[ADD_FIELD.channel] = { [ADD_FIELD.channel]: { type: 'conversations_select', selected_conversation: form.channel } };
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: 'U7', username: 'bob', name: 'bob', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: '1.2.10',
    view: {
      id: 'V9',
      team_id: 'T1',
      type: 'modal',
      callback_id: DEADLINE_ADD_MODAL,
      private_metadata: JSON.stringify(form.metadata ?? { channel: 'C1', teamId: 'T1', lang: 'en' }),
      state: { values },
      hash: '1.abc',
      title: { type: 'plain_text', text: 'Add a deadline' },
      blocks: [],
      close: null,
      submit: null,
      root_view_id: 'V9',
      previous_view_id: null,
      app_id: 'A1',
      bot_id: 'BBOT',
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
  };
}

async function slash(text: string) {
  const res = await h!.post(commandBody({ text }));
  expect(res.status).toBe(200);
  return (await res.json()) as { response_type: string; text: string; blocks: Block[] };
}

describe('deadline lists in Slack', () => {
  it('shows each team deadline with a Done/Remove menu, owner and creator as mentions, urgency marks and "Add deadline", but no id', async () => {
    h = await startHarness({ handleCommand: undefined });
    await seed(h.store, { title: 'Submit the report', due: '2026-03-04', owner: 'U0OWNER01' });
    await seed(h.store, { title: 'Send the minutes', due: '2026-02-25', createdBy: 'W0ADDER02' });
    await seed(h.store, { title: 'Theirs', due: '2026-03-05', channel: 'C2' });
    const list = await slash('deadlines');
    expectInert(list, { users: ['U0OWNER01', 'U1', 'W0ADDER02'] });
    expectWithinLimits(list.blocks, 50);
    expect(texts(list.blocks)[0]).toBe('*Deadlines in the next 30 days: 1 (1 overdue).*');
    const menus = menuSections(list.blocks);
    expect(menus.map((s) => s.text!.text)).toEqual([
      '• Send the minutes — 25 Feb 2026 · 🔴 overdue by 5 days\nadded by <@W0ADDER02> on 20 Feb 2026',
      '• Submit the report — 4 Mar 2026 · ⚠️ due in 2 days\nowner <@U0OWNER01> · added by <@U1> on 20 Feb 2026',
    ]);
    expect(menus.map((s) => s.accessory!.options.map((o) => o.value))).toEqual([
      ['done:d2', 'remove:d2'],
      ['done:d1', 'remove:d1'],
    ]);
    expect(list.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: DEADLINE_ACTION.add, value: 'C1', text: { text: 'Add deadline' } }] });
    expect(JSON.stringify(list)).not.toMatch(/\bid d\d|\(d\d\)|Theirs/);
  });

  it('shows a deadline added with an owner mention as a mention, with its menu, under "Added"', async () => {
    h = await startHarness({ handleCommand: undefined });
    const added = await slash('deadline add 2026-03-20 Draft the memo <@U0OWNER01>');
    expect(texts(added.blocks)[0]).toBe('*Added d1: Draft the memo — 20 Mar 2026 (in 18 days).*');
    expect(menuSections(added.blocks).map((s) => s.text!.text)).toEqual(['• Draft the memo — 20 Mar 2026 · in 18 days\nowner <@U0OWNER01> · added by <@U1> on 2 Mar 2026']);
    expect(await h.store.listDeadlines('C1')).toMatchObject([{ id: 'd1', title: 'Draft the memo', owner: 'U0OWNER01' }]);
    expectInert(added, { users: ['U0OWNER01', 'U1'] });
  });
});

describe('the Done/Remove menu', () => {
  it('marks the deadline done and replaces the ephemeral list with the outcome above the list as it is now', async () => {
    h = await startHarness();
    await seed(h.store, { title: 'Submit <!here> report', due: '2026-03-04' });
    await seed(h.store, { title: 'Another', due: '2026-03-10' });
    const res = await h.post(actionBody(menuClick('done:d1')));
    expect(res.status).toBe(200);
    await h.api.waitFor(() => responses().length === 1);
    const [reply] = responses();
    expect(reply.args).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(reply.args.blocks[0].text.text).toBe('✅ <@U7> marked this done: Submit &lt;!here&gt; report (4 Mar 2026)');
    expect(menuSections(reply.args.blocks).map((s) => s.accessory!.options[0].value)).toEqual(['done:d2']);
    expect(reply.args.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: DEADLINE_ACTION.add, value: 'C1' }] });
    expect(await h.store.listDeadlines('C1')).toMatchObject([{ id: 'd1', done: true, doneAt: NOW }, { id: 'd2', done: false }]);
    expectInert(reply.args, { users: ['U1', 'U7'] });
    expectWithinLimits(reply.args.blocks, 50);
  });

  it("removes the deadline from a digest in the channel, replacing only its section of the message Slack sent back", async () => {
    h = await startHarness();
    const one = await seed(h.store, { title: 'First', due: '2026-03-04' });
    await seed(h.store, { title: 'Second', due: '2026-03-06' });
    const digest = digestAnswer(new Date(NOW), null, await h.store.listDeadlines('C1'), 'Asia/Ho_Chi_Minh', 'en');
    const blocks = JSON.parse(JSON.stringify(withAddDeadline(answerToBlocks(digest, { showQuestion: false }), 'C1', 'en'))).map((b: Block, i: number) => ({ ...b, block_id: b.block_id ?? `blk${i}` }));
    await h.post(
      actionBody(
        menuClick(`remove:${one.id}`, {
          container: { type: 'message', message_ts: '1700000500.000200', channel_id: 'C1', is_ephemeral: false },
          message: { type: 'message', user: 'UBOT', ts: '1700000500.000200', text: 'Weekly deadline digest', blocks },
        }),
      ),
    );
    await h.api.waitFor(() => responses().length === 1);
    const [reply] = responses();
    expect(reply.args).toMatchObject({ replace_original: true, text: 'Weekly deadline digest' });
    expect(reply.args.blocks).toHaveLength(blocks.length);
    const changed = reply.args.blocks.filter((b: Block, i: number) => JSON.stringify(b) !== JSON.stringify(blocks[i]));
    expect(changed).toEqual([{ type: 'section', block_id: expect.stringMatching(/^blk/), text: { type: 'mrkdwn', text: '🗑️ <@U7> removed this deadline: First (4 Mar 2026)', verbatim: true } }]);
    expect((await h.store.listDeadlines('C1')).map((d) => d.title)).toEqual(['Second']);
  });

  it("writes the outcome in the clicker's chosen language", async () => {
    h = await startHarness();
    await h.store.setLanguage({ teamId: 'T1', kind: 'user', id: 'U7' }, 'vi', NOW);
    await seed(h.store, { title: 'Nộp báo cáo', due: '2026-03-04' });
    await h.post(actionBody(menuClick('done:d1')));
    await h.api.waitFor(() => responses().length === 1);
    const [reply] = responses();
    expect(reply.args.blocks[0].text.text).toBe('✅ <@U7> đã đánh dấu hoàn thành: Nộp báo cáo (04/03/2026)');
    expect(reply.args.blocks.at(-1).elements[0].text.text).toBe('Thêm hạn chót');
  });

  it('says politely that the deadline is gone, changing nothing, when it was removed already', async () => {
    h = await startHarness();
    await seed(h.store, { title: 'Kept', due: '2026-03-04' });
    const before = await h.store.listDeadlines();
    await h.post(actionBody(menuClick('remove:d9')));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args.blocks[0].text.text).toBe('This deadline is no longer in the list: it was removed already, or it belongs to another channel.');
    expect(await h.store.listDeadlines()).toEqual(before);
  });

  it("changes nothing when the menu names another channel's deadline", async () => {
    h = await startHarness();
    await seed(h.store, { title: 'Theirs', due: '2026-03-04', channel: 'C2' });
    const before = await h.store.listDeadlines();
    await h.post(actionBody(menuClick('done:d1')));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args.blocks[0].text.text).toMatch(/^This deadline is no longer in the list/);
    expect(await h.store.listDeadlines()).toEqual(before);
  });

  it('says when it was marked done already, without marking it again', async () => {
    h = await startHarness();
    await seed(h.store, { title: 'Old news', due: '2026-03-04' });
    await h.store.markDeadlineDone('d1', '2026-02-28T03:00:00.000Z');
    await h.post(actionBody(menuClick('done:d1')));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args.blocks[0].text.text).toBe('✅ Already marked done on 28 Feb 2026: Old news');
    expect(await h.store.listDeadlines()).toMatchObject([{ done: true, doneAt: '2026-02-28T03:00:00.000Z' }]);
  });

  it('says privately that nothing was saved, leaving the message as it is, when the store fails', async () => {
    const store = new MemoryStore();
    await seed(store, { title: 'Stuck', due: '2026-03-04' });
    store.failWrites = new Error('disk full');
    h = await startHarness({ store });
    await h.post(actionBody(menuClick('done:d1')));
    await h.api.waitFor(() => responses().length === 1);
    expect(responses()[0].args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(responses()[0].args.text).toMatch(/^Couldn't save d1 as done: the data store is not accepting changes/);
    store.failWrites = null;
    expect(await store.listDeadlines()).toMatchObject([{ done: false }]);
  });

  it('updates App Home in place when the menu is used there, for a deadline of the clicker\'s workspace', async () => {
    h = await startHarness();
    await seed(h.store, { title: 'From home', due: '2026-03-04' });
    const view = {
      id: 'VHOME1',
      type: 'home',
      team_id: 'T1',
      hash: 'h1',
      callback_id: '',
      private_metadata: '',
      blocks: [
        { type: 'header', block_id: 'hd', text: { type: 'plain_text', text: 'integ' } },
        { type: 'section', block_id: 's1', text: { type: 'mrkdwn', text: '• From home' }, accessory: { type: 'overflow', action_id: DEADLINE_ACTION.menu, options: [{ text: { type: 'plain_text', text: 'Mark done' }, value: 'done:d1' }, { text: { type: 'plain_text', text: 'Remove' }, value: 'remove:d1' }] } },
      ],
    };
    const payload = menuClick('done:d1', { container: { type: 'view', view_id: 'VHOME1' }, view });
    delete (payload as Record<string, unknown>).channel;
    await h.post(actionBody(payload));
    await h.api.waitFor(() => h!.api.callsOf('views.update').length === 1);
    const [update] = h.api.callsOf('views.update');
    expect(update.args.view_id).toBe('VHOME1');
    expect(update.args.view.type).toBe('home');
    expect(update.args.view.blocks).toEqual([view.blocks[0], { type: 'section', block_id: 's1', text: { type: 'mrkdwn', text: '✅ <@U7> marked this done: From home (4 Mar 2026)', verbatim: true } }]);
    expect(await h.store.listDeadlines()).toMatchObject([{ done: true }]);
  });

  it("does not change another workspace's deadline from App Home", async () => {
    h = await startHarness();
    await seed(h.store, { title: 'Elsewhere', due: '2026-03-04', teamId: 'T2' });
    const payload = menuClick('remove:d1', { container: { type: 'view', view_id: 'VHOME1' }, view: { id: 'VHOME1', type: 'home', blocks: [] } });
    delete (payload as Record<string, unknown>).channel;
    await h.post(actionBody(payload));
    await h.api.waitFor(() => h!.api.callsOf('views.update').length === 1);
    expect(h.api.callsOf('views.update')[0].args.view.blocks.at(-1).elements[0].text).toMatch(/^This deadline is no longer in the list/);
    expect(await h.store.listDeadlines()).toHaveLength(1);
  });
});

describe('"Add deadline"', () => {
  it('opens the modal for the channel the button names', async () => {
    h = await startHarness();
    await h.post(actionBody(addClick('C1')));
    await h.api.waitFor(() => h!.api.callsOf('views.open').length === 1);
    const [open] = h.api.callsOf('views.open');
    expect(open.args.trigger_id).toBe('1.2.9');
    expect(open.args.view).toMatchObject({ type: 'modal', callback_id: DEADLINE_ADD_MODAL, title: { text: 'Add a deadline' } });
    expect(JSON.parse(open.args.view.private_metadata)).toEqual({ channel: 'C1', teamId: 'T1', lang: 'en' });
    expect(open.args.view.blocks.map((b: { block_id: string }) => b.block_id)).toEqual([ADD_FIELD.date, ADD_FIELD.title, ADD_FIELD.owner]);
  });

  it('asks for the channel in the modal when the button names none, in the clicker\'s language', async () => {
    h = await startHarness();
    await h.store.setLanguage({ teamId: 'T1', kind: 'user', id: 'U7' }, 'vi', NOW);
    await h.post(actionBody(addClick('', { container: { type: 'view', view_id: 'VHOME1' }, view: { id: 'VHOME1', type: 'home', blocks: [] }, channel: undefined })));
    await h.api.waitFor(() => h!.api.callsOf('views.open').length === 1);
    const view = h.api.callsOf('views.open')[0].args.view;
    expect(view.title.text).toBe('Thêm hạn chót');
    expect(view.blocks.at(-1)).toMatchObject({ block_id: ADD_FIELD.channel, element: { type: 'conversations_select', default_to_current_conversation: true } });
  });

  it('adds the deadline with its owner, closes the modal and announces it in the channel, escaped, with its menu', async () => {
    h = await startHarness();
    const res = await h.post(actionBody(submission({ date: '2026-03-05', title: '  Pay <!channel> & co  ', owner: 'U0OWNER01' })));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await h.store.listDeadlines('C1')).toEqual([
      { id: 'd1', teamId: 'T1', channel: 'C1', title: 'Pay <!channel> & co', due: '2026-03-05', createdBy: 'U7', createdAt: NOW, owner: 'U0OWNER01', done: false, doneAt: null },
    ]);
    await h.api.waitFor(() => h!.api.callsOf('chat.postMessage').length === 1);
    const [post] = h.api.callsOf('chat.postMessage');
    expect(post.args.channel).toBe('C1');
    expect(post.args.blocks[0].text.text).toBe('<@U7> added a deadline:\nPay &lt;!channel&gt; &amp; co — 5 Mar 2026 · ⚠️ due in 3 days\nowner <@U0OWNER01> · added by <@U7> on 2 Mar 2026');
    expect(post.args.blocks[0].accessory.options.map((o: { value: string }) => o.value)).toEqual(['done:d1', 'remove:d1']);
    expectInert(post.args, { users: ['U7', 'U0OWNER01'] });
  });

  it('adds the deadline to the channel chosen in the modal when the button named none', async () => {
    h = await startHarness();
    const res = await h.post(actionBody(submission({ date: '2026-04-01', title: 'Plan', channel: 'G0PRIVATE', metadata: { channel: '', lang: 'en' } })));
    expect(await res.text()).toBe('');
    expect(await h.store.listDeadlines()).toMatchObject([{ channel: 'G0PRIVATE', title: 'Plan', due: '2026-04-01', teamId: 'T1' }]);
  });

  it('keeps the modal open with an error under each wrong field, saving nothing', async () => {
    h = await startHarness();
    const res = await h.post(actionBody(submission({ date: '2026-03-01', title: ' \u200b ', channel: null, metadata: { channel: '', lang: 'en' } })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        [ADD_FIELD.date]: 'That date has passed (today is 2 Mar 2026): choose today or a later date.',
        [ADD_FIELD.title]: 'The title has no character that can be seen (only spaces or invisible formatting characters).',
        [ADD_FIELD.channel]: 'Choose the channel the deadline belongs to.',
      },
    });
    expect(await h.store.listDeadlines()).toEqual([]);
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it('says in Vietnamese that a date is missing and a title too long, by the same rules as "deadline add"', async () => {
    h = await startHarness();
    const res = await h.post(actionBody(submission({ date: null, title: 'x'.repeat(151), metadata: { channel: 'C1', lang: 'vi' } })));
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        [ADD_FIELD.date]: 'Vui lòng chọn ngày đến hạn.',
        [ADD_FIELD.title]: 'Tên công việc dài 151 ký tự; vui lòng rút gọn còn tối đa 150 ký tự.',
      },
    });
    expect(await h.store.listDeadlines()).toEqual([]);
  });

  it("judges the past by the workspace time zone's day: today there is fine, its yesterday is not", async () => {
    // 1 Mar 2026 20:00 UTC is already 2 Mar, 03:00 in Ho Chi Minh City (INTEG_TZ)
    h = await startHarness({ now: () => new Date('2026-03-01T20:00:00Z') });
    const late = await h.post(actionBody(submission({ date: '2026-03-01', title: 'Yesterday there' })));
    expect((await late.json()).errors).toEqual({ [ADD_FIELD.date]: 'That date has passed (today is 2 Mar 2026): choose today or a later date.' });
    const today = await h.post(actionBody(submission({ date: '2026-03-02', title: 'Today there' })));
    expect(await today.text()).toBe('');
    expect(await h.store.listDeadlines()).toMatchObject([{ due: '2026-03-02', title: 'Today there' }]);
  });

  it('shows the store failure in the modal and saves nothing', async () => {
    const store = new MemoryStore();
    store.failWrites = new Error('disk full');
    h = await startHarness({ store });
    const res = await h.post(actionBody(submission({ date: '2026-03-05', title: 'Report' })));
    const body = await res.json();
    expect(body.response_action).toBe('errors');
    expect(body.errors[ADD_FIELD.title]).toMatch(/^Couldn't save the deadline: the data store is not accepting changes/);
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
  });

  it('tells the person who added it directly when integ may not post in the channel', async () => {
    h = await startHarness();
    h.api.fail('chat.postMessage', { error: 'not_in_channel', match: (a) => a.channel === 'C1' });
    await h.post(actionBody(submission({ date: '2026-03-05', title: 'Report' })));
    await h.api.waitFor(() => h!.api.callsOf('chat.postMessage').length === 2);
    const [inChannel, direct] = h.api.callsOf('chat.postMessage');
    expect(inChannel).toMatchObject({ failed: true, args: { channel: 'C1' } });
    expect(direct).toMatchObject({ failed: false, args: { channel: 'U7' } });
    expect(direct.args.blocks[0].text.text).toMatch(/^<@U7> added a deadline:\nReport — 5 Mar 2026/);
    expect(await h.store.listDeadlines()).toHaveLength(1);
  });
});
