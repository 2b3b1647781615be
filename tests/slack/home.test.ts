/**
 * App Home through the real Bolt app: the Home tab (app_home_opened), its buttons (block_actions
 * from a Home view: no channel, no response URL), and its modals (view_submission), against the
 * Slack stand-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/digest/commands.js';
import { HOME } from '../../src/render/home.js';
import { MemoryStore } from '../../src/store/memory.js';
import { expectWithinLimits, strings } from '../hardening/util.js';
import { slowStore } from '../hardening/slow-store.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody, eventBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

let n = 0;
const trigger = () => `9.8.${++n}`;

const openHome = (user = 'U1') => h!.post(eventBody({ type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: `1700000000.${++n}` }));

/** A button clicked on the Home tab: from a view, with no channel and no response URL. */
function homeClick(actionId: string, value: string | undefined, user = 'U1') {
  return actionBody({
    type: 'block_actions',
    team: { id: 'T1', domain: 'test' },
    user: { id: user, username: 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'VHOME' },
    trigger_id: trigger(),
    view: { id: 'VHOME', type: 'home', callback_id: '', private_metadata: '', state: { values: {} }, hash: 'h' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', text: { type: 'plain_text', text: 'x' }, ...(value !== undefined ? { value } : {}), action_ts: '1700000600.1' }],
  });
}

/** A modal submitted. */
function submit(callbackId: string, values: Record<string, Record<string, unknown>>, user = 'U1') {
  return actionBody({
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: user, username: 'alice', name: 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: trigger(),
    view: { id: 'VMODAL', type: 'modal', callback_id: callbackId, private_metadata: '', state: { values }, hash: 'h', team_id: 'T1', app_id: 'A1', bot_id: 'BBOT' },
    response_urls: [],
  });
}

const question = (text: string) => ({ [HOME.askBlock]: { [HOME.askInput]: { type: 'plain_text_input', value: text } } });
const digestForm = (f: { channel?: string | null; weekday?: string | null; time?: string | null }) => ({
  [HOME.subscribeChannelBlock]: { [HOME.subscribeChannel]: { type: 'conversations_select', selected_conversation: f.channel ?? null } },
  [HOME.subscribeWeekdayBlock]: { [HOME.subscribeWeekday]: { type: 'static_select', selected_option: f.weekday ? { value: f.weekday, text: { type: 'plain_text', text: 'x' } } : null } },
  [HOME.subscribeTimeBlock]: { [HOME.subscribeTime]: { type: 'timepicker', selected_time: f.time ?? null } },
});

/** The acknowledgement's body (a view_submission's response_action), or null when it was empty. */
async function ackOf(res: Response): Promise<any> {
  expect(res.status).toBe(200);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

const published = () => h!.api.callsOf('views.publish');
const homeView = (i = 0) => published()[i].args.view.blocks as any[];
const dms = (user = 'U1') => h!.api.callsOf('chat.postMessage').filter((c) => c.args.channel === user);

async function seed(store: MemoryStore) {
  const base = { teamId: 'T1', createdBy: 'U9', createdAt: '2026-03-01T00:00:00Z' };
  await store.addDeadline({ ...base, channel: 'C1', title: 'Report <!channel> to the ministry', due: '2026-03-05', owner: 'U2' });
  await store.addDeadline({ ...base, channel: 'C1', title: 'Overdue one', due: '2026-02-27' });
  await store.addDeadline({ ...base, channel: 'C2', title: 'Secret of a channel U1 is not in', due: '2026-03-04' });
  await store.addDeadline({ ...base, channel: 'G3', title: 'Private plan', due: '2026-04-30' });
  const done = await store.addDeadline({ ...base, channel: 'C1', title: 'Finished', due: '2026-03-06' });
  await store.markDeadlineDone(done.id, '2026-03-01T00:00:00Z');
  await store.addDeadline({ ...base, teamId: 'T2', channel: 'C1', title: 'Another workspace', due: '2026-03-06' });
  await store.putSubscription({ teamId: 'T1', channel: 'C1', weekday: 5, time: '16:30', tz: 'Asia/Ho_Chi_Minh', createdBy: 'U9', createdAt: '2026-03-01T00:00:00Z', lang: 'vi' });
  await store.putSubscription({ teamId: 'T1', channel: 'C2', weekday: 1, time: '09:00', tz: 'Asia/Ho_Chi_Minh', createdBy: 'U9', createdAt: '2026-03-01T00:00:00Z' });
}

describe('the Home tab', () => {
  it('shows the open deadlines and the digests of the channels the user is in, with actions, when the Home tab opens', async () => {
    const store = new MemoryStore();
    await seed(store);
    h = await startHarness({ store, handleCommand });
    h.api.memberOf('U1', ['C1', 'G3', 'C7']);
    await openHome();
    await h.api.waitFor(() => published().length === 1);
    expect(h.api.callsOf('users.conversations')[0].args).toMatchObject({ user: 'U1', types: 'public_channel,private_channel', exclude_archived: 'true' });
    const blocks = homeView();
    expectWithinLimits(blocks, 100);
    const text = strings(blocks).join('\n');
    expect(blocks[2].elements.map((e: any) => e.action_id)).toEqual([HOME.askOpen, HOME.deadlineAdd, HOME.subscribeOpen]);
    expect(text).toContain('*Overdue one* · 27 Feb 2026 · :warning: *overdue* by 3 days · added by <@U9>');
    expect(text).toContain('*Report &lt;!channel&gt; to the ministry* · 5 Mar 2026 · :alarm_clock: *in 3 days* · owner <@U2> · added by <@U9>');
    expect(text).toContain('*Private plan* · 30 Apr 2026 · in 59 days');
    expect(text).toContain('• <#C1>: every Friday at 16:30 (Asia/Ho_Chi_Minh) · in Vietnamese');
    // not the user's channels, nor another workspace's, nor a finished deadline
    expect(text).not.toContain('<#C2>');
    expect(text).not.toContain('Secret');
    expect(text).not.toContain('Another workspace');
    expect(text).not.toContain('Finished');
    const menus = blocks.filter((b) => b.accessory?.action_id === 'integ_deadline_menu').map((b) => b.accessory.options.map((o: any) => o.value));
    expect(menus).toEqual([
      ['done:d2', 'remove:d2'],
      ['done:d1', 'remove:d1'],
      ['done:d4', 'remove:d4'],
    ]);
  });

  it('asks Slack nothing about the user’s channels when no channel has a deadline or a digest', async () => {
    h = await startHarness();
    await openHome();
    await h.api.waitFor(() => published().length === 1);
    expect(h.api.callsOf('users.conversations')).toEqual([]);
    expect(strings(homeView()).join('\n')).toContain('No open deadlines in your channels.');
  });

  it('reads every page of the user’s channels when they are in many', async () => {
    const store = new MemoryStore();
    await store.addDeadline({ teamId: 'T1', channel: 'C450', title: 'Far down the list', due: '2026-03-20', createdBy: 'U9', createdAt: '2026-03-01T00:00:00Z' });
    h = await startHarness({ store });
    h.api.memberOf('U1', Array.from({ length: 500 }, (_, i) => `C${i}`));
    await openHome();
    await h.api.waitFor(() => published().length === 1);
    expect(h.api.callsOf('users.conversations').map((c) => c.args.cursor ?? null)).toEqual([null, '200', '400']);
    expect(strings(homeView()).join('\n')).toContain('*Far down the list*');
  });

  it('shows no channel’s deadlines, says why and logs one warning when integ lacks channels:read and groups:read', async () => {
    const store = new MemoryStore();
    await seed(store);
    h = await startHarness({ store });
    h.api.fail('users.conversations', { error: 'missing_scope', times: 2 });
    await openHome();
    await h.api.waitFor(() => published().length === 1);
    await openHome();
    await h.api.waitFor(() => published().length === 2);
    const text = strings(homeView(1)).join('\n');
    expect(text).toContain('it needs the channels:read and groups:read permissions');
    expect(text).not.toContain('<#C1>');
    expect(homeView(1)[2].elements.map((e: any) => e.action_id)).toEqual([HOME.askOpen, HOME.deadlineAdd]);
    expect(h.logs.filter((l) => l.startsWith('WARN') && l.includes('channels:read and groups:read scopes are missing'))).toHaveLength(1);
  });

  it('says the channels could not be loaded, and still publishes the tab, when Slack fails to list them', async () => {
    const store = new MemoryStore();
    await seed(store);
    h = await startHarness({ store });
    h.api.fail('users.conversations', { error: 'internal_error' });
    await openHome();
    await h.api.waitFor(() => published().length === 1);
    expect(strings(homeView()).join('\n')).toContain("Couldn't load your channels' deadlines and digests right now.");
    expect(h.logs.some((l) => l.startsWith('WARN') && l.includes('could not read the channels of U1') && l.includes('internal_error'))).toBe(true);
  });

  it('publishes the Home tab in Vietnamese for a user who chose Vietnamese', async () => {
    const store = new MemoryStore();
    await seed(store);
    await store.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'vi', '2026-03-01T00:00:00Z');
    h = await startHarness({ store, handleCommand });
    h.api.memberOf('U1', ['C1']);
    await openHome();
    await h.api.waitFor(() => published().length === 1);
    const text = strings(homeView()).join('\n');
    expect(text).toContain('Đặt câu hỏi');
    expect(text).toContain('*Overdue one* · 27/02/2026 · :warning: *quá hạn* 3 ngày');
    expect(text).toContain('• <#C1>: thứ Sáu hằng tuần lúc 16:30 (Asia/Ho_Chi_Minh) · bằng tiếng Việt');
  });
});

describe('Ask from the Home tab', () => {
  it('opens the Ask modal when Ask is clicked on the Home tab', async () => {
    h = await startHarness();
    const body = homeClick(HOME.askOpen, 'home');
    const res = await h.post(body);
    expect(await ackOf(res)).toBeNull();
    await h.api.waitFor(() => h!.api.callsOf('views.open').length === 1);
    const [open] = h.api.callsOf('views.open');
    expect(open.args.trigger_id).toBe(JSON.parse(new URLSearchParams(body).get('payload')!).trigger_id);
    expect(open.args.view).toMatchObject({ type: 'modal', callback_id: 'integ_ask_modal', title: { text: 'Ask integ' } });
  });

  it('says where the answer went and answers in the user’s DM when the Ask modal is submitted', async () => {
    h = await startHarness();
    const ack = await ackOf(await h.post(submit(HOME.askModal, question('  FDI   in 2025? '))));
    expect(ack).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
    expect(strings(ack.view.blocks).join('\n')).toContain('Your answer is in your messages with integ');
    await h.api.waitFor(() => dms().length === 1);
    expect(h.engine.calls.map((c) => c.text)).toEqual(['FDI in 2025?']);
    const [dm] = dms();
    expect(dm.args.text).toContain('Answer to: FDI in 2025?');
    expect(JSON.stringify(dm.args.blocks)).toContain('integ_feedback_up');
    // a follow-up typed in that DM continues from this answer
    await expect.poll(() => h!.store.getThreadSlots('DU1:im')).toMatchObject({ years: [2025] });
  });

  it('asks for a question, beside the field, when the Ask modal is submitted with only spaces', async () => {
    h = await startHarness();
    const ack = await ackOf(await h.post(submit(HOME.askModal, question('   '))));
    expect(ack).toEqual({ response_action: 'errors', errors: { [HOME.askBlock]: 'Type a question first.' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.api.callsOf('chat.postMessage')).toEqual([]);
    expect(h.engine.calls).toEqual([]);
  });

  it('says so in the modal and logs when answering the Ask modal’s question fails', async () => {
    h = await startHarness();
    const ack = await ackOf(await h.post(submit(HOME.askModal, question('boom'))));
    expect(ack.response_action).toBe('update');
    await h.api.waitFor(() => h!.api.callsOf('views.update').length === 1);
    const [update] = h.api.callsOf('views.update');
    expect(update.args.view_id).toBe('VMODAL');
    expect(strings(update.args.view.blocks).join('\n')).toContain('Sorry, something went wrong while answering.');
    await expect.poll(() => h!.logs.some((l) => l.startsWith('ERROR') && l.includes('engine exploded'))).toBe(true);
  });

  it('confirms in Vietnamese when the question is written in Vietnamese', async () => {
    h = await startHarness();
    const ack = await ackOf(await h.post(submit(HOME.askModal, question('Vốn FDI năm 2025?'))));
    expect(strings(ack.view.blocks).join('\n')).toContain('Câu trả lời đã được gửi vào tin nhắn giữa bạn và integ');
  });

  it('answers an example question in the user’s DM when it is clicked on the Home tab', async () => {
    h = await startHarness();
    await h.post(homeClick('integ_home_example_0', 'How much FDI in 2025?'));
    await h.api.waitFor(() => dms().length === 1);
    expect(dms()[0].args.text).toContain('Answer to: How much FDI in 2025?');
    expect(h.api.callsOf('response_url')).toEqual([]);
  });
});

describe('the weekly digest from the Home tab', () => {
  it('opens the digest modal, in the workspace’s time zone, when "Subscribe a channel…" is clicked', async () => {
    h = await startHarness({ handleCommand });
    await h.post(homeClick(HOME.subscribeOpen, 'home'));
    await h.api.waitFor(() => h!.api.callsOf('views.open').length === 1);
    const view = h.api.callsOf('views.open')[0].args.view;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'integ_subscribe_modal' });
    expect(strings(view.blocks).join('\n')).toContain('Times are in Asia/Ho_Chi_Minh');
  });

  it('turns the channel’s digest on as `/integ digest on` does, shows the reply and refreshes Home when the modal is submitted', async () => {
    h = await startHarness({ handleCommand });
    h.api.memberOf('U1', ['C1']);
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'C1', weekday: '5', time: '16:30' }))));
    expect(ack).toMatchObject({ response_action: 'update', view: { type: 'modal', title: { text: 'Weekly digest' } } });
    expect(strings(ack.view.blocks).join('\n')).toContain('Weekly deadline digest on: every Friday at 16:30 (Asia/Ho_Chi_Minh). Next: Fri 6 Mar 2026, 16:30.');
    expect(await h.store.getSubscription('C1')).toMatchObject({ teamId: 'T1', channel: 'C1', weekday: 5, time: '16:30', tz: 'Asia/Ho_Chi_Minh', createdBy: 'U1', lang: 'en' });
    await h.api.waitFor(() => published().length === 1);
    expect(published()[0].args.user_id).toBe('U1');
    expect(strings(homeView()).join('\n')).toContain('• <#C1>: every Friday at 16:30 (Asia/Ho_Chi_Minh) · in English');
  });

  it('changes the day and time and keeps the zone and language when the modal is submitted for a channel that gets the digest', async () => {
    const store = new MemoryStore();
    await store.putSubscription({ teamId: 'T1', channel: 'C1', weekday: 1, time: '09:00', tz: 'Europe/Berlin', createdBy: 'U9', createdAt: '2026-03-01T00:00:00Z', lang: 'vi' });
    h = await startHarness({ store, handleCommand });
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'C1', weekday: '3', time: '07:45' }))));
    expect(ack.response_action).toBe('update');
    expect(await h.store.getSubscription('C1')).toMatchObject({ weekday: 3, time: '07:45', tz: 'Europe/Berlin', lang: 'vi' });
    // the reply is in the digest's language, as `/integ digest on …` typed in the channel says it
    expect(strings(ack.view.blocks).join('\n')).toContain('thứ Tư hằng tuần lúc 07:45 (Europe/Berlin)');
  });

  it('shows each problem beside its field, and saves nothing, when the digest modal is submitted incomplete', async () => {
    h = await startHarness({ handleCommand });
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: null, weekday: '9', time: '25:00' }))));
    expect(ack).toEqual({
      response_action: 'errors',
      errors: {
        [HOME.subscribeChannelBlock]: 'Pick the channel that should get the digest.',
        [HOME.subscribeWeekdayBlock]: 'Pick the day of the week.',
        [HOME.subscribeTimeBlock]: 'Pick the time of day.',
      },
    });
    expect(await h.store.listSubscriptions()).toEqual([]);
  });

  it('asks to invite integ first, and saves nothing, when the chosen private channel does not have integ in it', async () => {
    h = await startHarness({ handleCommand });
    h.api.channelInfo('G9', { is_private: true, is_member: false });
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'G9', weekday: '1', time: '09:00' }))));
    expect(ack.errors[HOME.subscribeChannelBlock]).toContain('/invite @integ');
    h.api.fail('conversations.info', { error: 'channel_not_found' });
    const again = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'G8', weekday: '1', time: '09:00' }))));
    expect(again.errors[HOME.subscribeChannelBlock]).toContain('/invite @integ');
    expect(await h.store.listSubscriptions()).toEqual([]);
  });

  it('turns the digest on anyway when Slack cannot tell whether integ is in the channel', async () => {
    h = await startHarness({ handleCommand });
    h.api.fail('conversations.info', { error: 'missing_scope' });
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'G7', weekday: '2', time: '10:00' }))));
    expect(ack.response_action).toBe('update');
    expect(await h.store.getSubscription('G7')).toMatchObject({ weekday: 2, time: '10:00' });
  });

  it('says, beside the channel, that nothing was saved when the store refuses the digest', async () => {
    const store = new MemoryStore();
    h = await startHarness({ store, handleCommand });
    store.failWrites = new Error('disk full');
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'C1', weekday: '1', time: '09:00' }))));
    expect(ack.response_action).toBe('errors');
    expect(ack.errors[HOME.subscribeChannelBlock]).toContain("Couldn't save");
    expect(published()).toEqual([]);
  });

  it('apologises beside the channel, and logs, when the store cannot be read', async () => {
    const store = new MemoryStore();
    store.getSubscription = async () => {
      throw new Error('database unreachable');
    };
    h = await startHarness({ store, handleCommand });
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'C1', weekday: '1', time: '09:00' }))));
    expect(ack).toEqual({ response_action: 'errors', errors: { [HOME.subscribeChannelBlock]: 'Sorry, something went wrong while answering. Please try again in a moment.' } });
    await expect.poll(() => h!.logs.some((l) => l.startsWith('ERROR') && l.includes('database unreachable'))).toBe(true);
  });

  it('writes the digest modal’s problems in Vietnamese for a user who chose Vietnamese', async () => {
    const store = new MemoryStore();
    await store.setLanguage({ teamId: 'T1', kind: 'user', id: 'U1' }, 'vi', '2026-03-01T00:00:00Z');
    h = await startHarness({ store, handleCommand });
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'D1', weekday: '1', time: '09:00' }))));
    expect(ack.errors).toEqual({ [HOME.subscribeChannelBlock]: 'Vui lòng chọn một kênh: tin nhắn trực tiếp không nhận được bản tin.' });
  });

  it('closes the modal and sends the outcome to the DM when the store is too slow to answer within the acknowledgement', async () => {
    const store = slowStore(0);
    h = await startHarness({ store, handleCommand });
    store.delayMs = 900;
    const ack = await ackOf(await h.post(submit(HOME.subscribeModal, digestForm({ channel: 'C1', weekday: '4', time: '08:00' }))));
    expect(ack).toBeNull();
    await h.api.waitFor(() => dms().length === 1, 10_000);
    expect(dms()[0].args.text).toContain('Weekly deadline digest on: every Thursday at 08:00');
    store.delayMs = 0;
    expect(await store.getSubscription('C1')).toMatchObject({ weekday: 4, time: '08:00' });
  }, 20_000);
});
