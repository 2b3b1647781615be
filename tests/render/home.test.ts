import { sayDeadline } from '../../src/render/deadlines.js';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/answer/types.js';
import { askModal, askSentModal, deadlineMenu, HOME, homeBlocks, subscribeModal, subscribedModal, type HomeChannels, type HomeDeadline } from '../../src/render/home.js';
import { expectWithinLimits, strings } from '../hardening/util.js';
import { makeAnswer, point } from '../helpers/answers.js';

function help(lang: Lang = 'en') {
  return makeAnswer({
    lang,
    intent: 'help',
    question: 'help',
    headline: lang === 'vi' ? 'Tôi trả lời câu hỏi về hội nhập' : 'I answer questions about integration',
    points: [point('FDI, trade, agreements', [])],
    citations: [],
    notes: [],
    suggestions: [
      { label: 'FDI', question: 'How much FDI in 2025?' },
      { label: 'Trade', question: 'Exports in 2025?' },
    ],
  });
}

const deadline = (over: Partial<HomeDeadline> = {}): HomeDeadline => ({ id: 'd1', channel: 'C1', title: 'Report to the ministry', due: '2026-03-10', daysLeft: 8, owner: null, createdBy: 'U1', ...over });

/** Every block of a type. */
const ofType = (blocks: any[], type: string) => blocks.filter((b) => b.type === type);
const shown = (blocks: unknown) => strings(blocks).join('\n');

describe('homeBlocks', () => {
  it('offers Ask, Add deadline and Subscribe a channel… with their fixed action ids when the Home tab is built', () => {
    const blocks = homeBlocks({ help: help(), channels: { deadlines: [], digests: [] } }) as any[];
    expect(blocks[0]).toMatchObject({ type: 'header' });
    const [buttons] = ofType(blocks, 'actions');
    expect(buttons.elements.map((e: any) => [e.action_id, e.text.text])).toEqual([
      [HOME.askOpen, 'Ask'],
      [HOME.deadlineAdd, 'Add deadline'],
      [HOME.subscribeOpen, 'Subscribe a channel…'],
    ]);
    expect(buttons.elements[0].style).toBe('primary');
    // "Add deadline" from Home names no channel: no value at all (the modal asks for the channel)
    expect(buttons.elements[1]).not.toHaveProperty('value');
  });

  it('leaves out "Subscribe a channel…" when the digest commands are off', () => {
    const blocks = homeBlocks({ help: help(), subscribe: false }) as any[];
    expect(ofType(blocks, 'actions')[0].elements.map((e: any) => e.action_id)).toEqual([HOME.askOpen, HOME.deadlineAdd]);
  });

  it('shows the example questions as buttons that carry the question when the help has suggestions', () => {
    const blocks = homeBlocks({ help: help() }) as any[];
    const examples = ofType(blocks, 'actions').find((b) => b.block_id === 'integ_home_examples');
    expect(examples.elements.map((e: any) => [e.action_id, e.value])).toEqual([
      ['integ_home_example_0', 'How much FDI in 2025?'],
      ['integ_home_example_1', 'Exports in 2025?'],
    ]);
    // not the answers' "Did you mean" ids, which answer through a response URL a Home view lacks
    for (const e of examples.elements) expect(e.action_id).not.toMatch(/^integ_ask_\d+$/);
  });

  it('lists each channel’s deadlines, soonest first, with the Done/Remove menu and owner and creator as mentions', () => {
    const channels: HomeChannels = {
      deadlines: [
        deadline({ id: 'd2', channel: 'C2', title: 'Later one', due: '2026-05-01', daysLeft: 60 }),
        deadline({ id: 'd1', channel: 'C1', owner: 'U2', createdBy: 'U1' }),
        deadline({ id: 'd3', channel: 'C1', title: 'Same person', due: '2026-03-20', daysLeft: 18, owner: 'U1', createdBy: 'U1' }),
      ],
      digests: [],
    };
    const blocks = homeBlocks({ help: help(), channels }) as any[];
    const sections = ofType(blocks, 'section').map((b) => b.text.text);
    const c1 = sections.indexOf('*<#C1>*');
    const c2 = sections.indexOf('*<#C2>*');
    expect(c1).toBeGreaterThan(-1);
    expect(c2).toBeGreaterThan(c1);
    expect(sections[c1 + 1]).toBe('*Report to the ministry* · 10 Mar 2026 · in 8 days · owner <@U2> · added by <@U1>');
    // the creator is not repeated when they own it
    expect(sections[c1 + 2]).toBe('*Same person* · 20 Mar 2026 · in 18 days · owner <@U1>');
    const menus = blocks.filter((b) => b.accessory).map((b) => b.accessory);
    expect(menus.map((m) => m.options.map((o: any) => o.value))).toEqual([
      ['done:d1', 'remove:d1'],
      ['done:d3', 'remove:d3'],
      ['done:d2', 'remove:d2'],
    ]);
    for (const m of menus) {
      expect(m).toMatchObject({ type: 'overflow', action_id: 'integ_deadline_menu' });
      expect(m.confirm).toMatchObject({ title: { type: 'plain_text' }, confirm: { text: 'Yes' }, deny: { text: 'Cancel' } });
    }
  });

  it('marks overdue deadlines and those due within 7 days, and not the later ones', () => {
    const line = (daysLeft: number) => {
      const blocks = homeBlocks({ help: help(), channels: { deadlines: [deadline({ daysLeft })], digests: [] } }) as any[];
      return blocks.find((b) => b.accessory).text.text as string;
    };
    expect(line(-2)).toContain(':warning: *overdue* by 2 days');
    expect(line(0)).toContain(':alarm_clock: *due today*');
    expect(line(1)).toContain(':alarm_clock: *due tomorrow*');
    expect(line(7)).toContain(':alarm_clock: *in 7 days*');
    expect(line(8)).toContain('in 8 days');
    expect(line(8)).not.toContain(':alarm_clock:');
  });

  it('shows the channels that get the digest with their day, time, zone and language', () => {
    const channels: HomeChannels = {
      deadlines: [],
      digests: [
        { channel: 'C2', weekday: 5, time: '16:30', tz: 'Europe/Berlin', lang: 'vi', reminders: true },
        { channel: 'C1', weekday: 1, time: '09:00', tz: 'Asia/Ho_Chi_Minh', lang: null },
      ],
    };
    const text = shown(homeBlocks({ help: help(), channels }));
    expect(text).toContain('Weekly digests');
    expect(text).toContain(
      "• <#C1>: every Monday at 09:00 (Asia/Ho_Chi_Minh) · in the channel's language\n• <#C2>: every Friday at 16:30 (Europe/Berlin) · in Vietnamese · reminders on the day",
    );
  });

  it('says so, and how to add one, when the user’s channels have no deadline and no digest', () => {
    const text = shown(homeBlocks({ help: help(), channels: { deadlines: [], digests: [] } }));
    expect(text).toContain('No open deadlines in your channels. *Add deadline* adds one.');
    expect(text).toContain('None of your channels gets the weekly deadline digest.');
  });

  it('says why, and shows no channel, when the user’s channels cannot be told', () => {
    const text = shown(homeBlocks({ help: help(), channels: { deadlines: [deadline()], digests: [], unknown: 'scope' } }));
    expect(text).toContain('channels:read and groups:read');
    expect(text).not.toContain('<#C1>');
    expect(text).not.toContain('Weekly digests');
  });

  it('escapes deadline titles and builds no mention from an id that is not one', () => {
    const channels: HomeChannels = {
      deadlines: [deadline({ title: '<!channel> & <https://evil.example|pay>', owner: 'not-an-id', createdBy: '<!here>' }), deadline({ id: 'd9', channel: '<!here>' })],
      digests: [{ channel: 'not a channel', weekday: 1, time: '09:00', tz: 'UTC', lang: null }],
    };
    const blocks = homeBlocks({ help: help(), channels });
    const text = shown(blocks);
    expect(text).toContain('*&lt;!channel&gt; &amp; &lt;https://evil.example|pay&gt;*');
    const sequences = text.match(/<[^<>]*>/g) ?? [];
    expect(sequences).toEqual(['<#C1>']);
  });

  it('stays within 100 blocks, says what is not shown, and keeps the knowledge base’s deadlines last, when there is a lot', () => {
    const many: HomeDeadline[] = [];
    for (let c = 0; c < 20; c++) for (let i = 0; i < 20; i++) many.push(deadline({ id: `d${c * 20 + i}`, channel: `C${c + 10}`, title: `${'😀'.repeat(200)} ${i}`, due: `2026-04-${String(10 + c).padStart(2, '0')}`, daysLeft: 30 + c }));
    const digests = Array.from({ length: 60 }, (_, i) => ({ channel: `C${i + 100}`, weekday: 1 + (i % 7), time: '09:00', tz: 'Asia/Ho_Chi_Minh', lang: null }));
    const kb = makeAnswer({ intent: 'deadlines', points: Array.from({ length: 150 }, (_, i) => point(`Source deadline ${i}`)) });
    const blocks = homeBlocks({ help: help(), deadlines: kb, channels: { deadlines: many, digests } }) as any[];
    expectWithinLimits(blocks, 100);
    const text = shown(blocks);
    expect(text).toContain('15 more deadlines: type `/integ deadlines` in <#C10>.');
    expect(text).toContain('14 more channels have deadlines.');
    expect(ofType(blocks, 'section').filter((b) => b.accessory)).toHaveLength(6 * 5);
    expect(text).toContain('<#C159>');
    expect(text).toContain('Upcoming deadlines');
    expect(text).toContain('Source deadline 0');
  });

  it('writes the Home tab in Vietnamese, with Vietnamese dates and weekdays, when the help answer is Vietnamese', () => {
    const channels: HomeChannels = {
      deadlines: [deadline({ daysLeft: -1, owner: 'U2' })],
      digests: [{ channel: 'C1', weekday: 5, time: '16:30', tz: 'Asia/Ho_Chi_Minh', lang: 'vi' }],
    };
    const blocks = homeBlocks({ help: help('vi'), channels }) as any[];
    const text = shown(blocks);
    expect(ofType(blocks, 'actions')[0].elements.map((e: any) => e.text.text)).toEqual(['Đặt câu hỏi', 'Thêm hạn chót', 'Đăng ký bản tin cho kênh…']);
    expect(text).toContain('*Report to the ministry* · 10/03/2026 · :warning: *quá hạn* 1 ngày · phụ trách: <@U2> · do <@U1> thêm');
    expect(text).toContain('Hạn chót trong các kênh của bạn');
    expect(text).toContain('• <#C1>: thứ Sáu hằng tuần lúc 16:30 (Asia/Ho_Chi_Minh) · bằng tiếng Việt');
    expect(blocks.find((b) => b.accessory).accessory.options.map((o: any) => o.text.text)).toEqual([sayDeadline('vi', 'deadlines.menuDone'), sayDeadline('vi', 'deadlines.menuRemove')]);
    expect(text).not.toContain('Weekly digests');
  });
});

describe('deadlineMenu', () => {
  it('asks to confirm with the deadline’s title, cut to fit, when its menu is built', () => {
    const menu = deadlineMenu('en', { id: 'd12', title: `Long ${'x'.repeat(400)}` }) as any;
    expect(menu.confirm.text.text.length).toBeLessThanOrEqual(300);
    expect(menu.confirm.text.text).toMatch(/“Long x+…”/);
    expect(menu.options).toHaveLength(2);
  });
});

describe('the modals', () => {
  for (const lang of ['en', 'vi'] as const) {
    it(`keeps titles and buttons within 24 characters when the modals are written in ${lang}`, () => {
      const reply = makeAnswer({ lang, intent: 'digest', headline: 'Weekly deadline digest on' });
      for (const view of [askModal(lang), askSentModal(lang), subscribeModal(lang, { tz: 'Asia/Ho_Chi_Minh' }), subscribedModal(lang, reply)] as any[]) {
        for (const part of [view.title, view.submit, view.close].filter(Boolean)) expect(part.text.length).toBeLessThanOrEqual(24);
        expect(view.blocks.length).toBeLessThanOrEqual(100);
      }
    });
  }

  it('asks one question of at most 500 characters when the Ask modal is built', () => {
    const view = askModal('en') as any;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'integ_ask_modal', submit: { text: 'Ask' } });
    expect(view.blocks).toEqual([
      expect.objectContaining({ type: 'input', block_id: HOME.askBlock, element: expect.objectContaining({ type: 'plain_text_input', action_id: HOME.askInput, max_length: 500 }) }),
    ]);
    expect(shown(view.blocks)).toContain('Only you see the answer');
  });

  it('asks for a channel (no DMs), a weekday and a time, preset to Monday 09:00, when the digest modal is built', () => {
    const view = subscribeModal('en', { tz: 'Asia/Ho_Chi_Minh' }) as any;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'integ_subscribe_modal' });
    const input = (id: string) => view.blocks.find((b: any) => b.block_id === id).element;
    expect(input(HOME.subscribeChannelBlock)).toMatchObject({ type: 'conversations_select', action_id: 'channel', filter: { include: ['public', 'private'] } });
    expect(input(HOME.subscribeChannelBlock)).not.toHaveProperty('initial_conversation');
    const weekday = input(HOME.subscribeWeekdayBlock);
    expect(weekday.options.map((o: any) => [o.value, o.text.text])).toEqual([
      ['1', 'Monday'],
      ['2', 'Tuesday'],
      ['3', 'Wednesday'],
      ['4', 'Thursday'],
      ['5', 'Friday'],
      ['6', 'Saturday'],
      ['7', 'Sunday'],
    ]);
    expect(weekday.initial_option.value).toBe('1');
    expect(input(HOME.subscribeTimeBlock)).toMatchObject({ type: 'timepicker', action_id: 'time', initial_time: '09:00' });
    expect(shown(view.blocks)).toContain('Times are in Asia/Ho_Chi_Minh');
  });

  it('presets the channel, weekday and time when they are given, and ignores ones that are not valid', () => {
    const view = subscribeModal('vi', { tz: 'UTC', channel: 'C5', weekday: 6, time: '07:15' }) as any;
    const input = (id: string) => view.blocks.find((b: any) => b.block_id === id).element;
    expect(input(HOME.subscribeChannelBlock).initial_conversation).toBe('C5');
    expect(input(HOME.subscribeWeekdayBlock).initial_option).toMatchObject({ value: '6', text: { text: 'Thứ Bảy' } });
    expect(input(HOME.subscribeTimeBlock).initial_time).toBe('07:15');
    const bad = subscribeModal('en', { tz: 'UTC', channel: 'D1', weekday: 9, time: '25:00' }) as any;
    const badInput = (id: string) => bad.blocks.find((b: any) => b.block_id === id).element;
    expect(badInput(HOME.subscribeChannelBlock)).not.toHaveProperty('initial_conversation');
    expect(badInput(HOME.subscribeWeekdayBlock).initial_option.value).toBe('1');
    expect(badInput(HOME.subscribeTimeBlock).initial_time).toBe('09:00');
  });
});
