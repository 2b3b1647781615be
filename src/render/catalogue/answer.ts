/** What the answer layer says (src/answer/messages.ts), in English and Vietnamese. */
import type { AnswerMessages, FactTime, FigureStep, SourcesSpan, TimeAsked } from '../../answer/messages.js';
import type { Named } from '../../answer/types.js';
import type { Formatter } from '../format.js';
import type { Entries } from './types.js';

// ---------------------------------------------------------------- English

function timeAskedEn(t: TimeAsked, f: Formatter): string {
  if (t.periods.length) return t.periods.map((p) => f.time(p)).join(', ');
  if (t.years.length) return t.years.join(', ');
  return t.asOf ? `as of ${f.date(t.asOf)}` : '';
}

/** When a fact holds, in English ("Jan–Jul 2025", "due Dec 2025", "as of 14 Jan 2026"). */
export function factTimeEn(t: FactTime, f: Formatter): string {
  if (t.kind === 'period') return f.time(t.time);
  return t.kind === 'due' ? `due ${f.date(t.date)}` : `as of ${f.date(t.date)}`;
}

const stepsEn = (steps: FigureStep[], f: Formatter, sep: string) => steps.map((s) => `${f.figure(s.figure)} (${factTimeEn(s.time, f)}) [${s.cite}]`).join(sep);

function sourcesEn(s: SourcesSpan, f: Formatter): string {
  const span = s.from && s.to ? ` (${f.date(s.from)}${s.to !== s.from ? ` – ${f.date(s.to)}` : ''})` : '';
  return `${s.count} ${s.count === 1 ? 'article' : 'articles'} on Vietnam’s international integration${span}`;
}

/** A topic inside a sentence: the user's words as typed, an intent's title in lower case ("foreign direct investment (FDI)"). */
function topicEn(n: Named | null, f: Formatter): string | null {
  if (!n) return null;
  if (n.kind === 'words') return n.text;
  const s = f.named(n);
  return /^\p{Lu}\p{Ll}/u.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

export const answerEn: Entries<AnswerMessages> = {
  'answer.title': (p, f) => {
    const time = p.time ? timeAskedEn(p.time, f) : '';
    return `${p.title.en}${time ? ` — ${time}` : ''}`;
  },
  'answer.fact': (p, f) => {
    const ctx: string[] = [];
    if (p.period) ctx.push(f.time(p.period) + (p.partial ? ', partial year' : ''));
    if (p.due) ctx.push(`due ${f.date(p.due)}`);
    if (p.place) ctx.push(f.named(p.place));
    ctx.push(`as of ${f.date(p.asOf)}`);
    return `${p.statement.en} (${ctx.join(' · ')})`;
  },
  'answer.sentence': (p, f) => `“${p.quote}”${p.asOf ? ` (as of ${f.date(p.asOf)})` : ''}`,
  'answer.timeline': (p, f) => `${p.flows ? 'By period' : 'Over time'}: ${stepsEn(p.steps, f, ' → ')}.`,
  'answer.differ': (p, f) => `Sources differ: ${stepsEn(p.steps, f, ' vs ')}.`,
  'answer.claims': (p) => `Sources describe it differently: ${p.claims.map((c) => `“${c.text}” [${c.cite}]`).join(' vs ')}.`,
  'answer.partial': () => 'Figures for part of a year are partial-period totals, not full-year ones.',
  'answer.quoted': () => 'Quoted from the source articles.',
  'answer.readAs': (p) => `Read ${p.fixes.map((x) => `“${x.from}” as “${x.to}”`).join(', ')}.`,
  'answer.nothingOn': (p, f) => {
    const what = p.what.map((n) => f.named(n)).join(' or ');
    const topic = topicEn(p.topic, f);
    return topic ? `I have nothing on ${topic} for ${what} in my sources.` : `I have nothing on ${what} in my sources.`;
  },
  'answer.sources': (p, f) => `I answer from ${sourcesEn(p, f)}.`,
  'answer.noNational': (p, f) => `I have no national figures on ${topicEn(p.topic, f) ?? 'that'} in my sources.`,
  'answer.onlyFor': (p, f) => {
    const places = p.places.map((n) => f.named(n));
    return `My sources have them only for ${places.join(', ')}: ask about ${places[0]} to see them.`;
  },
  'answer.noFigures': (p, f) => `I have no ${topicEn(p.topic, f) ?? ''} figures for ${timeAskedEn(p.time, f)} in my sources.`.replace('no  figures', 'no figures'),
  'answer.covers': (p, f) => `What my sources do cover: ${p.times.map((t) => factTimeEn(t, f)).join('; ')}.`,
  'answer.cannot': () => 'I can’t answer that from my sources.',
  'answer.didYouMean': () => 'I’m not sure what you meant. Did you mean…',
  'help.headline': () => 'I answer questions about Vietnam’s international integration from my source articles, with citations.',
  'help.intent': (p) => `${p.description.en} — e.g. “${p.example}”`,
  'help.deadlines': () => 'Deadlines: “/integ deadlines”, add your own with “/integ deadline add 2026-12-15 Submit the report”, then “/integ deadline done d1”.',
  'help.digest': () => 'Weekly digest of deadlines for this channel: “/integ digest on monday 09:00”, “/integ digest preview”, “/integ digest off”.',
  'help.how': (p, f) =>
    `Ask in English or Vietnamese, with or without diacritics: I answer in the language you ask in (“/integ lang vi”, “/integ lang en” or “/integ lang auto” sets it). I answer from ${sourcesEn(p, f)}. Mention @integ in a channel or send it a direct message.`,
};

// ---------------------------------------------------------------- Vietnamese

/** A time asked, inside a sentence ("cho năm 2019", "cho 7 tháng đầu năm 2025") or a title ("— 2025"). */
function timeAskedVi(t: TimeAsked, f: Formatter, inSentence: boolean): string {
  if (t.periods.length) return t.periods.map((p) => f.time(p)).join(', ');
  if (t.years.length) return `${inSentence ? 'năm ' : ''}${t.years.join(', ')}`;
  return t.asOf ? `tính đến ${f.date(t.asOf)}` : '';
}

/** When a fact holds, in Vietnamese. */
export function factTimeVi(t: FactTime, f: Formatter): string {
  if (t.kind === 'period') return f.time(t.time);
  return t.kind === 'due' ? `hạn ${f.date(t.date)}` : `tính đến ${f.date(t.date)}`;
}

const stepsVi = (steps: FigureStep[], f: Formatter, sep: string) => steps.map((s) => `${f.figure(s.figure)} (${factTimeVi(s.time, f)}) [${s.cite}]`).join(sep);

function sourcesVi(s: SourcesSpan, f: Formatter): string {
  const span = s.from && s.to ? ` (${f.date(s.from)}${s.to !== s.from ? ` – ${f.date(s.to)}` : ''})` : '';
  return `${s.count} bài viết về hội nhập quốc tế của Việt Nam${span}`;
}

function topicVi(n: Named | null, f: Formatter): string | null {
  if (!n) return null;
  if (n.kind === 'words') return `“${n.text}”`;
  const s = f.named(n);
  return /^\p{Lu}\p{Ll}/u.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

export const answerVi: Entries<AnswerMessages> = {
  'answer.title': (p, f) => {
    const time = p.time ? timeAskedVi(p.time, f, false) : '';
    return `${p.title.vi}${time ? ` — ${time}` : ''}`;
  },
  'answer.fact': (p, f) => {
    const ctx: string[] = [];
    if (p.period) ctx.push(f.time(p.period) + (p.partial ? ', số liệu chưa trọn năm' : ''));
    if (p.due) ctx.push(`hạn ${f.date(p.due)}`);
    if (p.place) ctx.push(f.named(p.place));
    ctx.push(`tính đến ${f.date(p.asOf)}`);
    return `${p.statement.vi} (${ctx.join(' · ')})`;
  },
  'answer.sentence': (p, f) => `Nguyên văn nguồn (tiếng Anh): “${p.quote}”${p.asOf ? ` (ngày ${f.date(p.asOf)})` : ''}`,
  'answer.timeline': (p, f) => `${p.flows ? 'Theo từng giai đoạn' : 'Theo thời gian'}: ${stepsVi(p.steps, f, ' → ')}.`,
  'answer.differ': (p, f) => `Các nguồn đưa ra số liệu khác nhau: ${stepsVi(p.steps, f, ' so với ')}.`,
  'answer.claims': (p) => `Các nguồn mô tả khác nhau (nguyên văn tiếng Anh): ${p.claims.map((c) => `“${c.text}” [${c.cite}]`).join(' so với ')}.`,
  'answer.partial': () => 'Số liệu của một phần năm là số lũy kế của giai đoạn đó, không phải số liệu cả năm.',
  'answer.quoted': () => 'Trích nguyên văn từ các bài viết nguồn (tiếng Anh).',
  'answer.readAs': (p) => `Đã hiểu ${p.fixes.map((x) => `“${x.from}” là “${x.to}”`).join(', ')}.`,
  'answer.nothingOn': (p, f) => {
    const what = f.list(p.what.map((n) => f.named(n)), 'or');
    const topic = topicVi(p.topic, f);
    return topic ? `Các nguồn của tôi không có thông tin về ${topic} đối với ${what}.` : `Các nguồn của tôi không có thông tin về ${what}.`;
  },
  'answer.sources': (p, f) => `Tôi trả lời dựa trên ${sourcesVi(p, f)}.`,
  'answer.noNational': (p, f) => `Các nguồn của tôi không có số liệu cấp quốc gia về ${topicVi(p.topic, f) ?? 'nội dung này'}.`,
  'answer.onlyFor': (p, f) => {
    const places = p.places.map((n) => f.named(n));
    return `Các nguồn chỉ có số liệu này cho ${f.list(places)}: hãy hỏi về ${places[0]} để xem.`;
  },
  'answer.noFigures': (p, f) => {
    const topic = topicVi(p.topic, f);
    return `Các nguồn của tôi không có số liệu${topic ? ` về ${topic}` : ''} cho ${timeAskedVi(p.time, f, true)}.`;
  },
  'answer.covers': (p, f) => `Các nguồn có số liệu cho: ${p.times.map((t) => factTimeVi(t, f)).join('; ')}.`,
  'answer.cannot': () => 'Tôi không thể trả lời câu hỏi này từ các nguồn của mình.',
  'answer.didYouMean': () => 'Tôi chưa chắc bạn muốn hỏi gì. Có phải ý bạn là…',
  'help.headline': () => 'Tôi trả lời các câu hỏi về hội nhập quốc tế của Việt Nam dựa trên các bài viết nguồn, kèm trích dẫn.',
  'help.intent': (p) => `${p.description.vi} — ví dụ: “${p.example}”`,
  'help.deadlines': () => 'Hạn chót: “/integ deadlines”; thêm hạn chót của nhóm bằng “/integ deadline add 15/12/2026 Nộp báo cáo”, rồi “/integ deadline done d1”.',
  'help.digest': () => 'Bản tin hạn chót hằng tuần cho kênh này: “/integ digest on thứ hai 09:00”, “/integ digest preview”, “/integ digest off”.',
  'help.how': (p, f) =>
    `Hỏi bằng tiếng Việt hoặc tiếng Anh, có dấu hoặc không dấu: tôi trả lời bằng ngôn ngữ của câu hỏi (“/integ lang vi”, “/integ lang en” hoặc “/integ lang auto” để chọn). Tôi trả lời dựa trên ${sourcesVi(p, f)}. Nhắc @integ trong kênh hoặc nhắn tin trực tiếp cho integ.`,
};
