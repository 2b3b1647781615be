/**
 * The language integ answers in on Slack (src/slack/language.ts, src/slack/lang-command.ts),
 * through the real Bolt app with signed requests: the question's language by default, the user's
 * `/integ lang` choice, a channel's default, and the texts with no question (apology, App Home,
 * feedback thanks); Block Kit in Vietnamese within Slack's limits.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/index.js';
import type { Answer, Lang } from '../../src/answer/types.js';
import { loadEngine } from '../../src/engine.js';
import { ACTION, feedbackValue } from '../../src/render/blocks.js';
import type { CommandHandler } from '../../src/slack/app.js';
import { SORRY } from '../../src/slack/shared.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { LanguagePreferences, LanguageQuery } from '../../src/store/types.js';
import { expectWithinLimits } from '../hardening/util.js';
import { citation, makeAnswer } from '../helpers/answers.js';
import { fakeEngine } from '../helpers/fake-engine.js';
import { startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody, commandBody, eventBody } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

let engine: Engine;
beforeAll(() => {
  engine = loadEngine();
});

const VI_SORRY = 'Xin lỗi, đã có lỗi xảy ra khi trả lời. Vui lòng thử lại sau ít phút.';
const AT = '2026-03-01T00:00:00.000Z';

type Ack = { response_type: string; text: string; blocks: any[] };
const shown = (x: { blocks: unknown }) => JSON.stringify(x.blocks);
/** What an answer was read as (its headline), shown beside the question above the direct answer. */
const caption = (a: { blocks: any[] }) => a.blocks[0].elements[1].text as string;

async function command(text: string, fields: Record<string, string> = {}): Promise<Ack> {
  const res = await h!.post(commandBody({ text, ...fields }));
  expect(res.status).toBe(200);
  return (await res.json()) as Ack;
}

const posts = () => h!.api.callsOf('chat.postMessage').filter((c) => !c.failed);
const mention = (text: string, over: Record<string, unknown> = {}) => ({ type: 'app_mention', user: 'U1', text, ts: '1700000100.000100', channel: 'C1', event_ts: '1700000100.000100', ...over });
const dm = (text: string, over: Record<string, unknown> = {}) => ({ type: 'message', channel_type: 'im', user: 'U1', text, ts: '1700000200.000100', channel: 'D1', event_ts: '1700000200.000100', ...over });
const setUser = (id: string, lang: Lang | null) => h!.store.setLanguage({ teamId: 'T1', kind: 'user', id }, lang, AT);
const setChannel = (id: string, lang: Lang | null) => h!.store.setLanguage({ teamId: 'T1', kind: 'channel', id }, lang, AT);

/** A MemoryStore that counts getLanguages calls, and can fail them (and, as every MemoryStore, its writes: failWrites). */
class LanguageStore extends MemoryStore {
  reads = 0;
  failReads = false;
  override async getLanguages(q: LanguageQuery): Promise<LanguagePreferences> {
    this.reads++;
    if (this.failReads) throw new Error('store unavailable');
    return super.getLanguages(q);
  }
}

describe('answers in the question’s language', () => {
  it('answers a Vietnamese /integ question in Vietnamese, with Vietnamese labels and buttons', async () => {
    h = await startHarness({ engine: engine as never, handleCommand: undefined });
    const ack = await command('Vốn FDI năm 2025 là bao nhiêu?');
    const blocks = shown(ack);
    expect(caption(ack)).toBe('Đầu tư trực tiếp nước ngoài (FDI) — 2025');
    expect(ack.blocks[1].text.text).toMatch(/^\*Hơn 35 tỷ USD \(cả năm 2025\)\* — /);
    expect(blocks).toContain('cả năm 2025 · tính đến 14/01/2026');
    expect(blocks).toContain('"Chia sẻ vào kênh"');
    expect(blocks).toContain('"👍 Hữu ích"');
    expect(blocks).toContain('"👎 Chưa hữu ích"');
    expect(blocks).not.toContain('Helpful');
  });

  it('answers a Vietnamese mention in Vietnamese and an English one in English when nobody chose a language', async () => {
    h = await startHarness({ engine: engine as never });
    await h.post(eventBody(mention('<@UBOT> Vốn FDI năm 2025 là bao nhiêu?')));
    await h.api.waitFor(() => posts().length === 1);
    await h.post(eventBody(mention('<@UBOT> How much FDI did Vietnam attract in 2025?', { ts: '1700000300.000100' })));
    await h.api.waitFor(() => posts().length === 2);
    const [vi, en] = posts().map((p) => JSON.stringify(p.args.blocks));
    expect(vi).toContain('"Đầu tư trực tiếp nước ngoài (FDI) — 2025"');
    expect(vi).toContain('👍 Hữu ích');
    expect(en).toContain('"Foreign direct investment (FDI) — 2025"');
    expect(en).toContain('👍 Helpful');
  });

  it('does not tell the engine a language when neither the user nor the channel chose one', async () => {
    h = await startHarness();
    await command('FDI 2025');
    await h.post(eventBody(mention('<@UBOT> FDI 2024')));
    await h.api.waitFor(() => posts().length === 1);
    expect(h.engine.calls.map((c) => c.ctx?.lang)).toEqual([undefined, undefined]);
  });
});

describe('/integ lang', () => {
  it('answers an English question in Vietnamese after "/integ lang vi", and follows the question again after "/integ lang auto"', async () => {
    h = await startHarness({ engine: engine as never, handleCommand: undefined });
    const set = await command('lang vi');
    expect(set.response_type).toBe('ephemeral');
    expect(set.text).toContain('Từ giờ integ sẽ trả lời bạn bằng tiếng Việt');
    expect(await h.store.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: 'vi', channel: null });

    const vi = await command('How much FDI did Vietnam attract in 2025?');
    expect(caption(vi)).toBe('Đầu tư trực tiếp nước ngoài (FDI) — 2025');
    expect(shown(vi)).toContain('👍 Hữu ích');
    // in a mention and a DM too
    await h.post(eventBody(mention('<@UBOT> How much FDI did Vietnam attract in 2025?')));
    await h.post(eventBody(dm('How much FDI did Vietnam attract in 2025?')));
    await h.api.waitFor(() => posts().length === 2);
    for (const p of posts()) expect(JSON.stringify(p.args.blocks)).toContain('Đầu tư trực tiếp nước ngoài (FDI) — 2025');

    const auto = await command('lang auto');
    expect(auto.text).toContain('integ answers you in the language you ask in');
    expect(await h.store.getLanguages({ teamId: 'T1', user: 'U1' })).toEqual({ user: null, channel: null });
    const en = await command('How much FDI did Vietnam attract in 2025?');
    expect(caption(en)).toBe('Foreign direct investment (FDI) — 2025');
  });

  it('replies in English to "/integ lang en" and answers a Vietnamese question in English', async () => {
    h = await startHarness({ engine: engine as never, handleCommand: undefined });
    const set = await command('ngôn ngữ tiếng anh');
    expect(set.text).toBe('From now on integ answers you in English, whatever language you ask in.');
    const en = await command('Vốn FDI năm 2025 là bao nhiêu?');
    expect(caption(en)).toBe('Foreign direct investment (FDI) — 2025');
    expect(shown(en)).toContain('👍 Helpful');
  });

  it('takes the Vietnamese aliases for the user and for the channel', async () => {
    h = await startHarness();
    expect((await command('ngôn ngữ tiếng việt')).text).toContain('Từ giờ integ sẽ trả lời bạn bằng tiếng Việt');
    expect((await command('ngon ngu kenh tieng anh')).text).toContain('integ answers in English in this channel');
    expect(await h.store.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: 'vi', channel: 'en' });
  });

  it('sets the channel default for everyone without a choice of their own, the asker’s own choice still winning', async () => {
    h = await startHarness({ engine: engine as never, handleCommand: undefined });
    await setUser('U3', 'en');
    const set = await command('lang channel vi', { user_id: 'U1' });
    expect(set.text).toContain('Từ giờ integ sẽ trả lời bằng tiếng Việt trong kênh này');
    const q = 'How much FDI did Vietnam attract in 2025?';
    const headline = caption;
    expect(headline(await command(q, { user_id: 'U2' }))).toBe('Đầu tư trực tiếp nước ngoài (FDI) — 2025');
    expect(headline(await command(q, { user_id: 'U2', channel_id: 'C2' }))).toBe('Foreign direct investment (FDI) — 2025');
    expect(headline(await command(q, { user_id: 'U3' }))).toBe('Foreign direct investment (FDI) — 2025');
    // a mention in the channel too
    await h.post(eventBody(mention(`<@UBOT> ${q}`, { user: 'U2' })));
    await h.api.waitFor(() => posts().length === 1);
    expect(JSON.stringify(posts()[0].args.blocks)).toContain('Đầu tư trực tiếp nước ngoài (FDI) — 2025');

    // the asker who chose English is told their choice still applies to them
    const byU3 = await command('lang channel vi', { user_id: 'U3' });
    expect(shown(byU3)).toContain('Riêng bạn vẫn nhận câu trả lời bằng tiếng Anh');

    const cleared = await command('lang channel auto', { user_id: 'U2' });
    expect(cleared.text).toContain('This channel no longer has a default language');
    expect(headline(await command(q, { user_id: 'U2' }))).toBe('Foreign direct investment (FDI) — 2025');
  });

  it('posts the channel’s weekly digest in the channel’s new language when the channel has one', async () => {
    h = await startHarness();
    await h.store.putSubscription({ teamId: 'T1', channel: 'C1', weekday: 1, time: '09:00', tz: 'Asia/Ho_Chi_Minh', createdBy: 'U1', createdAt: AT, lang: 'en' });
    const set = await command('lang channel vi', { user_id: 'U1' });
    expect(shown(set)).toContain('Bản tin hạn chót hằng tuần của kênh này cũng sẽ được gửi bằng tiếng Việt.');
    expect((await h.store.getSubscription('C1'))?.lang).toBe('vi');
    // a channel without a digest is told nothing about one
    expect(shown(await command('lang channel vi', { user_id: 'U1', channel_id: 'C2' }))).not.toContain('Bản tin');
  });

  it('tells a user who goes back to auto that the channel’s default now applies to them there', async () => {
    h = await startHarness();
    await setChannel('C1', 'vi');
    await setUser('U1', 'en');
    const auto = await command('lang auto');
    expect(auto.text).toContain('Từ giờ integ sẽ trả lời bạn bằng ngôn ngữ bạn dùng để hỏi');
    expect(auto.text).toContain('Riêng trong kênh này, integ dùng ngôn ngữ mặc định của kênh: tiếng Việt.');
  });

  it('shows the current settings and how to change them when typed alone', async () => {
    h = await startHarness();
    const none = await command('lang');
    expect(shown(none)).toContain('Your language: automatic');
    expect(shown(none)).toContain('This channel has no default language.');
    expect(shown(none)).toContain('`/integ lang vi`');
    await setUser('U1', 'vi');
    await setChannel('C1', 'en');
    const both = await command('lang');
    expect(shown(both)).toContain('Ngôn ngữ của bạn: tiếng Việt (bạn đã chọn).');
    expect(shown(both)).toContain('Ngôn ngữ mặc định của kênh này: tiếng Anh.');
  });

  it('replies politely in both languages, listing the choices, and stores nothing when the language is unknown', async () => {
    h = await startHarness();
    const ack = await command('lang fr');
    expect(ack.response_type).toBe('ephemeral');
    const text = shown(ack);
    expect(text).toContain('integ answers in English or Vietnamese: “fr” is not one of them.');
    expect(text).toContain('integ trả lời bằng tiếng Việt hoặc tiếng Anh: không có lựa chọn “fr”.');
    for (const choice of ['`/integ lang vi`', '`/integ lang en`', '`/integ lang auto`', '`/integ lang channel vi`']) expect(text).toContain(choice);
    expect(await h.store.getLanguages({ teamId: 'T1', user: 'U1', channel: 'C1' })).toEqual({ user: null, channel: null });
    expect(h.engine.calls).toEqual([]);
  });

  it('shows what was typed as inert text when the unknown language is Slack markup', async () => {
    h = await startHarness();
    const ack = await command('lang <!channel> <@U2>');
    const text = shown(ack);
    expect(text).not.toContain('<!');
    expect(text).not.toContain('<@');
    expect(text).toContain('@channel @U2');
  });

  it('refuses a channel default in a direct message, where the user’s own choice applies', async () => {
    h = await startHarness();
    const ack = await command('lang channel vi', { channel_id: 'D1' });
    expect(ack.text).toContain('A direct message has no channel default');
    expect(await h.store.getLanguages({ teamId: 'T1', user: 'U1', channel: 'D1' })).toEqual({ user: null, channel: null });
  });

  it('ignores a DM channel’s stored default when answering in the DM', async () => {
    h = await startHarness();
    await setChannel('D1', 'vi');
    await h.post(eventBody(dm('FDI in 2023?')));
    await h.api.waitFor(() => posts().length === 1);
    expect(h.engine.calls[0].ctx?.lang).toBeUndefined();
    await setUser('U1', 'vi');
    await h.post(eventBody(dm('FDI in 2024?', { ts: '1700000201.000100' })));
    await h.api.waitFor(() => posts().length === 2);
    expect(h.engine.calls[1].ctx?.lang).toBe('vi');
  });

  it('says nothing was saved, in the language asked for, when the store refuses the change', async () => {
    const store = new MemoryStore();
    store.failWrites = new Error('store read-only');
    h = await startHarness({ store });
    const ack = await command('lang vi');
    expect(ack.text).toContain('Chưa lưu được lựa chọn ngôn ngữ');
    expect(ack.text).not.toContain('Từ giờ');
  });

  it('passes the chosen language to the deadline and digest commands', async () => {
    const seen: (Lang | null | undefined)[] = [];
    const handleCommand: CommandHandler = async (text, ctx) => {
      seen.push(ctx.lang);
      return text.startsWith('deadline') ? makeAnswer({ question: text, intent: 'deadlines', headline: 'ok', points: [], citations: [] }) : null;
    };
    h = await startHarness({ handleCommand });
    await command('deadlines');
    await setChannel('C1', 'vi');
    await command('deadlines');
    await setUser('U1', 'en');
    await command('deadlines');
    expect(seen).toEqual([null, 'vi', 'en']);
  });
});

describe('texts with no question', () => {
  it('gives the help in Vietnamese when asked for it in Vietnamese, or when the user chose Vietnamese', async () => {
    h = await startHarness({ engine: engine as never });
    const helpHeadline = (a: Ack) => a.blocks[0].text.text;
    expect(helpHeadline(await command('trợ giúp'))).toContain('Tôi trả lời các câu hỏi về hội nhập quốc tế của Việt Nam');
    expect(helpHeadline(await command(''))).toContain('I answer questions about Vietnam’s international integration');
    await setUser('U1', 'vi');
    expect(helpHeadline(await command(''))).toContain('Tôi trả lời các câu hỏi về hội nhập quốc tế của Việt Nam');
    expect(helpHeadline(await command('help'))).toContain('Tôi trả lời các câu hỏi về hội nhập quốc tế của Việt Nam');
  });

  it('apologises in Vietnamese to a user who chose Vietnamese, after a command and a mention', async () => {
    h = await startHarness();
    await setUser('U1', 'vi');
    const ack = await command('boom');
    expect(ack.text).toBe(VI_SORRY);
    await h.post(eventBody(mention('<@UBOT> boom')));
    await h.api.waitFor(() => posts().length === 1);
    expect(posts()[0].args).toMatchObject({ channel: 'C1', thread_ts: '1700000100.000100', text: VI_SORRY });
  });

  it('apologises in Vietnamese for a question written in Vietnamese, and in English otherwise, when nobody chose', async () => {
    h = await startHarness();
    expect((await command('boom: vốn FDI năm 2025?')).text).toBe(VI_SORRY);
    expect((await command('boom: FDI 2025?')).text).toBe(SORRY);
  });

  it('publishes the App Home in Vietnamese, with Vietnamese deadlines, for a user who chose Vietnamese', async () => {
    h = await startHarness({ engine: engine as never });
    await setUser('U1', 'vi');
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000000.1' }));
    await h.post(eventBody({ type: 'app_home_opened', user: 'U2', channel: 'D2', tab: 'home', event_ts: '1700000000.2' }));
    await h.api.waitFor(() => h!.api.callsOf('views.publish').length === 2);
    const view = (user: string) => h!.api.callsOf('views.publish').find((c) => c.args.user_id === user)!.args.view.blocks as any[];
    const vi = view('U1');
    expect(vi[0]).toMatchObject({ type: 'header', text: { text: 'integ — Hội nhập quốc tế của Việt Nam' } });
    expect(JSON.stringify(vi)).toContain('*Tôi trả lời các câu hỏi về hội nhập quốc tế của Việt Nam');
    expect(JSON.stringify(vi)).toContain('Hỏi bằng `/integ câu hỏi của bạn`');
    expect(JSON.stringify(vi)).toContain('Hạn chót sắp tới');
    expect(JSON.stringify(vi)).toMatch(/\[1\]>? [^"]+ · \d{2}\/\d{2}\/\d{4} · /);
    expect(JSON.stringify(vi)).not.toContain('Upcoming deadlines');
    expectWithinLimits(vi, 100);
    expect(view('U2')[0]).toMatchObject({ type: 'header', text: { text: 'integ — Vietnam’s international integration' } });
  });

  it('thanks for feedback, in place of the buttons, in the clicker’s language, else in the language of the answer clicked on', async () => {
    h = await startHarness();
    const click = (user: string, value: string, id: string) =>
      h!.post(
        actionBody({
          type: 'block_actions',
          team: { id: 'T1', domain: 'test' },
          user: { id: user, team_id: 'T1' },
          api_app_id: 'A1',
          container: { type: 'message', channel_id: 'C1', is_ephemeral: true },
          channel: { id: 'C1', name: 'general' },
          response_url: h!.api.responseUrl(id),
          actions: [{ type: 'button', action_id: ACTION.feedbackUp, block_id: 'b', value, action_ts: '1' }],
        }),
      );
    await setUser('U8', 'en');
    await click('U7', feedbackValue('Vốn FDI?', 'fdi', 'vi'), 'a');
    await click('U8', feedbackValue('Vốn FDI?', 'fdi', 'vi'), 'b');
    await click('U9', '{"q":"FDI?","i":"fdi"}', 'c');
    await h.api.waitFor(() => h!.api.callsOf('response_url').length === 3);
    const thanks = (id: string) => {
      const reply = h!.api.callsOf('response_url').find((c) => c.responseId === id)!.args;
      expect(reply.replace_original).toBe(true);
      return (reply.blocks as any[]).filter((b) => b.block_id === 'integ_feedback_thanks').map((b) => b.elements[0].text);
    };
    expect(thanks('a')).toEqual([':white_check_mark: Cảm ơn — đã ghi nhận']);
    expect(thanks('b')).toEqual([':white_check_mark: Thanks — noted']);
    expect(thanks('c')).toEqual([':white_check_mark: Thanks — noted']);
  });
});

describe('reading the preferences', () => {
  it('reads them once per request, whatever the request', async () => {
    const store = new LanguageStore();
    h = await startHarness({ store });
    await command('FDI 2025');
    expect(store.reads).toBe(1);
    await command('lang vi');
    expect(store.reads).toBe(2);
    await h.post(eventBody(mention('<@UBOT> FDI in 2024?')));
    await h.api.waitFor(() => posts().length === 1);
    expect(store.reads).toBe(3);
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000000.1' }));
    await h.api.waitFor(() => h!.api.callsOf('views.publish').length === 1);
    expect(store.reads).toBe(4);
  });

  it('answers in the question’s language and logs a warning when the store cannot read them', async () => {
    const store = new LanguageStore();
    store.failReads = true;
    h = await startHarness({ store });
    const ack = await command('FDI 2025');
    expect(ack.text).toContain('Answer to: FDI 2025');
    expect(h.engine.calls[0].ctx?.lang).toBeUndefined();
    expect(h.logs.some((l) => l.startsWith('WARN') && l.includes('could not read the language preferences'))).toBe(true);
    const show = await command('lang');
    expect(show.text).toContain("Couldn't read the language settings");
  });
});

describe('Block Kit in Vietnamese', () => {
  /** A long Vietnamese answer: many points, sources and notes, long texts with emoji (surrogate pairs). */
  function longVietnamese(question: string): Answer {
    const long = (s: string, n: number) => Array.from({ length: n }, (_, i) => `${s} ${i} 🇻🇳`).join(' ');
    return makeAnswer({
      lang: 'vi',
      question,
      headline: long('Vốn đầu tư trực tiếp nước ngoài đăng ký vào Việt Nam', 80),
      points: Array.from({ length: 80 }, (_, i) => ({ text: long(`Ý thứ ${i}: xuất khẩu hàng hóa tăng trưởng ổn định`, 60), cites: [i % 40 + 1] })),
      citations: Array.from({ length: 40 }, (_, i) => citation(i + 1, { title: long('Thủ tướng chủ trì hội nghị tổng kết hội nhập quốc tế', 20), publisher: 'Cổng Thông tin điện tử Chính phủ', quote: long('Nguyên văn', 50) })),
      notes: Array.from({ length: 10 }, (_, i) => long(`Lưu ý ${i}: số liệu chưa trọn năm`, 30)),
    });
  }

  it('stays within Slack’s limits for a long Vietnamese answer, in a /integ reply, a mention reply and the App Home', async () => {
    const base = fakeEngine();
    h = await startHarness({
      engine: { ...base, ask: (text: string) => longVietnamese(text), help: (lang: Lang = 'en') => ({ ...base.help(), lang }) } as never,
      homeDeadlines: async ({ lang }) => ({ ...longVietnamese('hạn chót'), intent: 'deadlines', lang }),
    });
    await setUser('U1', 'vi');
    const question = `Câu hỏi dài về hội nhập ${'ữ🇻🇳'.repeat(1500)}`;
    const ack = await command(question);
    expectWithinLimits(ack.blocks, 50);
    expect(shown(ack)).toContain('"👍 Hữu ích"');
    expect(shown(ack)).toContain('"Chia sẻ vào kênh"');
    expect(shown(ack)).toContain('"Xem đủ 80 ý"');

    await h.post(eventBody(mention(`<@UBOT> ${question}`)));
    await h.post(eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1700000000.1' }));
    await h.api.waitFor(() => posts().length === 1 && h!.api.callsOf('views.publish').length === 1);
    expectWithinLimits(posts()[0].args.blocks, 50);
    expect(posts()[0].args.text.length).toBeLessThanOrEqual(3000);
    const home = h.api.callsOf('views.publish')[0].args.view.blocks;
    expectWithinLimits(home, 100);
    expect(JSON.stringify(home)).toContain('Hạn chót sắp tới');
  });
});
