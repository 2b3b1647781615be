import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { deadlinesAnswer, listDeadlines, teamDeadlinePoint } from '../../src/digest/deadlines.js';
import { digestAnswer } from '../../src/digest/runner.js';
import { answerFallbackText, answerToBlocks, homeBlocks, type KnownBlock } from '../../src/render/blocks.js';
import {
  ADD_ACTIONS_BLOCK,
  ADD_FIELD,
  DEADLINE_ACTION,
  DEADLINE_ADD_MODAL,
  addDeadlineButton,
  addDeadlineModal,
  addModalErrors,
  deadlineAccessory,
  deadlineAddedMessage,
  deadlineOutcomeLine,
  isDeadlineList,
  parseAddModalMetadata,
  parseDeadlineOption,
  replaceDeadline,
  withAddDeadline,
} from '../../src/render/deadlines.js';
import type { TeamDeadline } from '../../src/store/types.js';
import { kb, team } from '../digest/fixtures.js';
import { expectWithinLimits } from '../hardening/util.js';
import { makeAnswer } from '../helpers/answers.js';

const HCM = 'Asia/Ho_Chi_Minh';

type Section = { type: 'section'; block_id?: string; text: { text: string; verbatim?: boolean }; accessory?: any };
const sections = (blocks: KnownBlock[]) => blocks.filter((b): b is KnownBlock & Section => b.type === 'section') as unknown as Section[];
const menus = (blocks: KnownBlock[]) => sections(blocks).filter((s) => s.accessory?.action_id === DEADLINE_ACTION.menu);
/** Every `<…>` Slack would parse in the blocks' texts. */
const controls = (blocks: unknown) => JSON.stringify(blocks).match(/<[^<>"]*>/g) ?? [];

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-10-03T03:00:00Z')); // 3 Oct 2025 in Ho Chi Minh City
});
afterEach(() => {
  vi.useRealTimers();
});

const list = (teamDeadlines: TeamDeadline[], over: { lang?: 'en' | 'vi'; withKb?: boolean } = {}): Answer =>
  deadlinesAnswer(new Date(), { kb: over.withKb === false ? null : kb, tz: HCM, teamDeadlines, lang: over.lang ?? 'en' });

describe('deadlineAccessory', () => {
  it('offers Mark done and Remove for the deadline, behind a confirmation naming it, when given its id and title', () => {
    const o = deadlineAccessory('d3', 'en', 'Submit the report');
    expect(o).toMatchObject({
      type: 'overflow',
      action_id: 'integ_deadline_menu',
      options: [
        { text: { type: 'plain_text', text: 'Mark done' }, value: 'done:d3' },
        { text: { type: 'plain_text', text: 'Remove' }, value: 'remove:d3' },
      ],
      confirm: { title: { text: 'Change this deadline?' }, confirm: { text: 'Yes' }, deny: { text: 'Cancel' } },
    });
    expect(o.confirm!.text.text).toBe('“Submit the report” will be marked done or removed, as you chose, for everyone in the channel.');
  });

  it('writes the menu and its confirmation in Vietnamese when the language is Vietnamese', () => {
    const o = deadlineAccessory('d3', 'vi', 'Nộp báo cáo');
    expect(o.options.map((x) => x.text.text)).toEqual(['Đánh dấu hoàn thành', 'Xóa']);
    expect(o.confirm!.title!.text).toBe('Thay đổi hạn chót này?');
    expect(o.confirm!.text.text).toContain('“Nộp báo cáo” sẽ được đánh dấu hoàn thành hoặc bị xóa');
  });

  it('keeps the confirmation within Slack limits and escaped when the title is long and hostile', () => {
    const o = deadlineAccessory('d3', 'en', `<!channel> ${'😀'.repeat(400)}`);
    expect(o.confirm!.text.text.length).toBeLessThanOrEqual(300);
    expect(o.confirm!.text.text).toContain('&lt;!channel&gt;');
    expect(o.confirm!.text.text).toMatch(/for everyone in the channel\.$/);
  });

  it('reads back its own option values and nothing else', () => {
    expect(parseDeadlineOption('done:d3')).toEqual({ verb: 'done', id: 'd3' });
    expect(parseDeadlineOption('remove:d12')).toEqual({ verb: 'remove', id: 'd12' });
    for (const bad of ['done:', 'done:x3', 'delete:d3', 'done:d3 ', '', null, 42, { verb: 'done' }]) expect(parseDeadlineOption(bad)).toBeNull();
  });
});

describe('a deadline list in Slack', () => {
  const teamDeadlines = [
    team({ id: 'd4', due: '2025-10-06', title: 'Submit comments', owner: 'U0OWNER01' }),
    team({ id: 'd5', due: '2025-09-30', title: 'Overdue memo', createdBy: 'W0ADDER02' }),
    team({ id: 'd6', due: '2025-12-01', title: 'Far <!here> memo', createdBy: 'alice <!channel>' }),
  ];

  it('gives each team deadline its own section with the Done/Remove menu, and source deadlines none', () => {
    const blocks = answerToBlocks(list(teamDeadlines), { showQuestion: false });
    const withMenu = menus(blocks);
    expect(withMenu.map((s) => s.accessory.options.map((o: { value: string }) => o.value))).toEqual([
      ['done:d5', 'remove:d5'],
      ['done:d4', 'remove:d4'],
      ['done:d6', 'remove:d6'],
    ]);
    expect(sections(blocks).filter((s) => /day-precision|Cybercrime|APEC/.test(s.text.text)).every((s) => !s.accessory)).toBe(true);
    expectWithinLimits(blocks, 50);
  });

  it('shows owners and creators as mentions, never an id to type, and a creator that is not a user id as escaped text', () => {
    const blocks = answerToBlocks(list(teamDeadlines), { showQuestion: false });
    const [overdue, soon, later] = menus(blocks).map((s) => s.text.text);
    expect(soon).toBe('• Submit comments — 6 Oct 2025 · ⚠️ due in 3 days\nowner <@U0OWNER01> · added by <@U123> on 20 Sep 2025');
    expect(overdue).toBe('• Overdue memo — 30 Sep 2025 · 🔴 overdue by 3 days\nadded by <@W0ADDER02> on 20 Sep 2025');
    expect(later).toBe('• Later: Far &lt;!here&gt; memo — 1 Dec 2025 · in 59 days\nadded by alice &lt;!channel&gt; on 20 Sep 2025');
    const all = JSON.stringify(blocks);
    expect(all).not.toMatch(/\bid d\d|\(d\d+\)|mã d\d/);
    expect(controls(blocks).filter((c) => !/^<https:\/\//.test(c)).sort()).toEqual(['<@U0OWNER01>', '<@U123>', '<@W0ADDER02>']);
    for (const s of sections(blocks)) expect(s.text.verbatim).toBe(true);
  });

  it('marks overdue and due-within-7-days deadlines in Vietnamese, with the window in the heading', () => {
    const blocks = answerToBlocks(list(teamDeadlines, { lang: 'vi' }), { showQuestion: false });
    expect(sections(blocks)[0].text.text).toBe('*Hạn chót trong 30 ngày tới: 3 (1 quá hạn).*');
    const [overdue, soon] = menus(blocks).map((s) => s.text.text);
    expect(overdue).toBe('• Overdue memo — 30/09/2025 · 🔴 quá hạn 3 ngày\ndo <@W0ADDER02> thêm ngày 20/09/2025');
    expect(soon).toBe('• Submit comments — 06/10/2025 · ⚠️ còn 3 ngày\nngười phụ trách <@U0OWNER01> · do <@U123> thêm ngày 20/09/2025');
    expect(menus(blocks)[0].accessory.options[0].text.text).toBe('Đánh dấu hoàn thành');
  });

  it('names the 30-day window in the heading of the list and of the digest', () => {
    expect(sections(answerToBlocks(list(teamDeadlines), {}))[0].text.text).toBe('*Deadlines in the next 30 days: 3 (1 overdue).*');
    const digest = digestAnswer(new Date(), kb, teamDeadlines, HCM, 'en');
    expect(sections(answerToBlocks(digest, { showQuestion: false }))[0].text.text).toBe('*Weekly deadline digest — deadlines in the next 30 days: 3 (1 overdue).*');
    expect(menus(answerToBlocks(digest, { showQuestion: false }))).toHaveLength(3);
  });

  it('keeps a menu on every team deadline when a list is too long for a block each, within 50 blocks', () => {
    const many = Array.from({ length: 60 }, (_, i) => team({ id: `d${i + 1}`, due: '2025-10-20', title: `Item ${String(i + 1).padStart(2, '0')}` }));
    const blocks = answerToBlocks(list(many), { showQuestion: false });
    expectWithinLimits(blocks, 50);
    const withMenu = menus(blocks);
    expect(withMenu.length).toBeGreaterThan(40);
    for (const [i, s] of withMenu.entries()) expect(s.text.text.split('\n')[0]).toBe(`• Item ${String(i + 1).padStart(2, '0')} — 20 Oct 2025 · in 17 days`);
    expect(blocks.at(-1)).toMatchObject({ type: 'context', elements: [{ text: expect.stringMatching(/^… \d+ more/) }] });
  });

  it('shows the team deadlines of App Home with their menus, within 100 blocks', () => {
    const help = makeAnswer({ question: 'help', headline: 'integ answers', intent: 'help' });
    const blocks = homeBlocks({ help, deadlines: list(teamDeadlines) });
    expect(menus(blocks)).toHaveLength(3);
    expectWithinLimits(blocks, 100);
  });

  it('writes a team deadline in the fallback text without its people or id', () => {
    const text = answerFallbackText(list([teamDeadlines[0]], { withKb: false }));
    expect(text).toContain('• Submit comments — 6 Oct 2025 · ⚠️ due in 3 days');
    expect(text).not.toMatch(/U0OWNER01|U123|\(d4\)/);
  });
});

describe('"Add deadline"', () => {
  it('puts the button under a list, for the channel, within 50 blocks', () => {
    const blocks = withAddDeadline(answerToBlocks(list([]), {}), 'C123', 'en');
    expect(blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: ADD_ACTIONS_BLOCK,
      elements: [{ type: 'button', action_id: 'integ_deadline_add', text: { type: 'plain_text', text: 'Add deadline', emoji: true }, value: 'C123' }],
    });
    const full = withAddDeadline(Array.from({ length: 50 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `${i}` } }) as KnownBlock), 'C1', 'vi');
    expect(full).toHaveLength(50);
    expect(full.at(-1)!.type).toBe('actions');
    expect(JSON.stringify(full.at(-2))).toContain('…');
  });

  it('gives the button no channel when the one given is not a conversation id', () => {
    expect(addDeadlineButton(null, 'en').value).toBe('');
    expect(addDeadlineButton('<!here>', 'en').value).toBe('');
    expect(addDeadlineButton('G0PRIVATE', 'vi')).toMatchObject({ value: 'G0PRIVATE', text: { text: 'Thêm hạn chót' } });
  });

  it('counts deadline lists and deadline command replies as lists, and answers and digest settings not', () => {
    expect(isDeadlineList(list([]))).toBe(true);
    expect(isDeadlineList(digestAnswer(new Date(), kb, [], HCM))).toBe(true);
    expect(isDeadlineList(makeAnswer({ intent: 'fdi' }))).toBe(false);
    expect(isDeadlineList({ ...makeAnswer({ intent: 'digest' }), headline: { kind: 'msg', key: 'digest.turnedOff', params: {} } })).toBe(false);
  });

  it('opens a modal with a date picker (no date chosen), a title of at most 150 characters and an optional owner when the channel is known', () => {
    const view = addDeadlineModal({ lang: 'en', channel: 'C123', teamId: 'T1', maxTitle: 150 });
    expect(view).toMatchObject({ type: 'modal', callback_id: DEADLINE_ADD_MODAL, title: { text: 'Add a deadline' }, submit: { text: 'Add' }, close: { text: 'Cancel' } });
    expect(JSON.parse(view.private_metadata!)).toEqual({ channel: 'C123', teamId: 'T1', lang: 'en' });
    const blocks = view.blocks as any[];
    expect(blocks.map((b) => [b.block_id, b.element.type, b.optional ?? false])).toEqual([
      [ADD_FIELD.date, 'datepicker', false],
      [ADD_FIELD.title, 'plain_text_input', false],
      [ADD_FIELD.owner, 'users_select', true],
    ]);
    expect(blocks[0].element.initial_date).toBeUndefined();
    expect(blocks[1].element.max_length).toBe(150);
  });

  it('asks for the channel, defaulting to the current conversation, when none is known, in Vietnamese', () => {
    const view = addDeadlineModal({ lang: 'vi', channel: '', maxTitle: 150 });
    const blocks = view.blocks as any[];
    expect(blocks.at(-1)).toMatchObject({ block_id: ADD_FIELD.channel, label: { text: 'Kênh' }, element: { type: 'conversations_select', default_to_current_conversation: true } });
    expect(blocks.map((b) => b.label.text)).toEqual(['Ngày đến hạn', 'Công việc', 'Người phụ trách', 'Kênh']);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(JSON.parse(view.private_metadata!)).toEqual({ channel: '', lang: 'vi' });
  });

  it('reads back only well-formed metadata', () => {
    expect(parseAddModalMetadata('{"channel":"C1","teamId":"T1","lang":"vi"}')).toEqual({ channel: 'C1', teamId: 'T1', lang: 'vi' });
    expect(parseAddModalMetadata('{"channel":"<!here>","lang":"fr"}')).toEqual({ channel: '' });
    for (const bad of ['', 'not json', 'null', '[1]', undefined]) expect(parseAddModalMetadata(bad).channel).toBe('');
  });

  it('says what is wrong under each field, in English and Vietnamese', () => {
    const issues = { date: { kind: 'past', today: '2025-10-03' }, title: { kind: 'long', count: 151, max: 150 }, owner: true, channel: true } as const;
    expect(addModalErrors(issues, 'en')).toEqual({
      [ADD_FIELD.date]: 'That date has passed (today is 3 Oct 2025): choose today or a later date.',
      [ADD_FIELD.title]: 'The title is 151 characters; keep it to 150 or fewer.',
      [ADD_FIELD.owner]: 'Choose a person in this workspace as the owner, or leave it empty.',
      [ADD_FIELD.channel]: 'Choose the channel the deadline belongs to.',
    });
    expect(addModalErrors(issues, 'vi')![ADD_FIELD.date]).toBe('Ngày này đã qua (hôm nay là 03/10/2025): vui lòng chọn hôm nay hoặc một ngày sau đó.');
    expect(addModalErrors({ date: { kind: 'missing' }, title: { kind: 'missing' } }, 'vi')).toEqual({
      [ADD_FIELD.date]: 'Vui lòng chọn ngày đến hạn.',
      [ADD_FIELD.title]: 'Vui lòng nhập tên công việc.',
    });
    expect(addModalErrors({ unsaved: true }, 'en')![ADD_FIELD.title]).toMatch(/^Couldn't save the deadline/);
    expect(addModalErrors({}, 'en')).toBeNull();
  });

  it('announces an added deadline with who added it, its owner and its menu, escaped', () => {
    const [item] = listDeadlines(new Date(), { teamDeadlines: [team({ id: 'd9', due: '2025-10-05', title: 'Pay <!everyone> & co', owner: 'U0OWNER01', createdBy: 'U0ADDER01' })], tz: HCM });
    const { blocks, text } = deadlineAddedMessage(teamDeadlinePoint(item as Extract<typeof item, { kind: 'team' }>, HCM), 'U0ADDER01', 'en');
    expect(blocks).toHaveLength(1);
    const s = blocks[0] as unknown as Section;
    expect(s.text.text).toBe('<@U0ADDER01> added a deadline:\nPay &lt;!everyone&gt; &amp; co — 5 Oct 2025 · ⚠️ due in 2 days\nowner <@U0OWNER01> · added by <@U0ADDER01> on 20 Sep 2025');
    expect(s.accessory.options.map((o: { value: string }) => o.value)).toEqual(['done:d9', 'remove:d9']);
    expect(text).toBe('<@U0ADDER01> added a deadline: Pay &lt;!everyone&gt; &amp; co — 5 Oct 2025 · ⚠️ due in 2 days');
  });
});

describe('after a click', () => {
  it('says who marked it done or removed it, escaped, in the clicker\'s language', () => {
    expect(deadlineOutcomeLine({ kind: 'done', user: 'U7', title: 'A <!here> memo', due: '2025-10-06' }, 'en')).toBe('✅ <@U7> marked this done: A &lt;!here&gt; memo (6 Oct 2025)');
    expect(deadlineOutcomeLine({ kind: 'removed', user: 'U7', title: 'Memo', due: '2025-10-06' }, 'vi')).toBe('🗑️ <@U7> đã xóa hạn chót: Memo (06/10/2025)');
    expect(deadlineOutcomeLine({ kind: 'was-done', title: 'Memo', on: '2025-10-02' }, 'en')).toBe('✅ Already marked done on 2 Oct 2025: Memo');
    expect(deadlineOutcomeLine({ kind: 'gone' }, 'vi')).toBe('Hạn chót này không còn trong danh sách: đã bị xóa trước đó, hoặc thuộc một kênh khác.');
    expect(deadlineOutcomeLine({ kind: 'done', user: 'not a user', title: 'x', due: '2025-10-06' }, 'en')).toBe('✅ not a user marked this done: x (6 Oct 2025)');
  });

  it('replaces only the clicked deadline\'s section, keeping its block id and the other blocks, when the message is sent back', () => {
    const blocks = withAddDeadline(answerToBlocks(list([team({ id: 'd1', due: '2025-10-06', title: 'One' }), team({ id: 'd2', due: '2025-10-07', title: 'Two' })]), {}), 'C1', 'en');
    const sent = JSON.parse(JSON.stringify(blocks)).map((b: Record<string, unknown>, i: number) => ({ ...b, block_id: b.block_id ?? `b${i}` }));
    const out = replaceDeadline(sent, 'd1', '✅ done');
    expect(out).toHaveLength(sent.length);
    const changed = out.findIndex((b, i) => JSON.stringify(b) !== JSON.stringify(sent[i]));
    expect(out[changed]).toEqual({ type: 'section', block_id: sent[changed].block_id, text: { type: 'mrkdwn', text: '✅ done', verbatim: true } });
    expect(out.filter((b, i) => JSON.stringify(b) !== JSON.stringify(sent[i]))).toHaveLength(1);
    expect(menus(out).map((s) => s.accessory.options[0].value)).toEqual(['done:d2']);
  });

  it('adds the outcome at the end, within the block limit, when the deadline is not in the blocks', () => {
    const sent = Array.from({ length: 50 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `${i}` } }));
    const out = replaceDeadline(sent, 'd1', 'gone');
    expect(out).toHaveLength(50);
    expect(out.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'gone', verbatim: true }] });
  });
});
