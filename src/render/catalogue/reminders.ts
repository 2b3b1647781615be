/**
 * Due-day reminders, in English and Vietnamese: the replies to `digest reminders on|off` and the
 * reminder integ posts in a channel on the day one of its deadlines is due.
 *
 * The replies' parameters are data, escaped by the renderer with the rest of the reply. The posted
 * reminder's `title` and `owner` are different: src/render/reminders.ts passes them in as mrkdwn it
 * has already escaped (the title in bold, the owner as a `<@U…>` mention), so these entries put them
 * in as they are and add no markup of their own.
 */
import type { Entries } from './types.js';

type None = Record<string, never>;

export interface ReminderMessages {
  // -------------------------------------------------------------- `digest reminders …` replies
  /** Turned on (already: they were on): posted at `time` (HH:MM) in `tz` on the day a deadline is due. */
  'reminders.on': { time: string; tz: string; already: boolean };
  /** Turned off (already: they were off, or the channel has no digest). */
  'reminders.off': { already: boolean };
  /** `digest reminders on` in a channel without a weekly digest. */
  'reminders.needsDigest': None;
  /** The state, as a line of `digest` (status) and the reply to a bare `digest reminders`. */
  'reminders.state': { on: boolean; time: string; tz: string };
  /** `digest reminders <something else>`. */
  'reminders.badArg': { typed: string };

  // -------------------------------------------------------------- the reminder posted in the channel
  /** The first line; `title` is mrkdwn (escaped, bold). */
  'reminders.dueToday': { title: string };
  /** `owner` is a `<@U…>` mention. */
  'reminders.owner': { owner: string };
  /** How to close it: the menu beside it, or the command with its id. */
  'reminders.doneHint': { id: string };
  // the ⋯ menu on the reminder (plain text; `title` as typed, escaped by the renderer). Slack asks
  // one confirmation for the whole menu, whichever option is chosen.
}

const FORM = '`digest reminders on` or `digest reminders off`';

export const remindersEn: Entries<ReminderMessages> = {
  'reminders.on': (p) =>
    `${p.already ? 'Due-day reminders were already on' : 'Due-day reminders on'}: on the day a deadline of this channel is due, integ posts a reminder here at ${p.time} (${p.tz}). Type \`digest reminders off\` to stop them.`,
  'reminders.off': (p) =>
    p.already ? 'Due-day reminders were already off in this channel.' : 'Due-day reminders off for this channel; the weekly digest stays on.',
  'reminders.needsDigest': () =>
    'Due-day reminders come with the weekly deadline digest, which is off in this channel: turn it on first with `digest on`, then type `digest reminders on`.',
  'reminders.state': (p) =>
    p.on
      ? `Due-day reminders: on, at ${p.time} (${p.tz}) on the day each deadline is due.`
      : 'Due-day reminders: off. Type `digest reminders on` to get one here on the day each deadline is due.',
  'reminders.badArg': (p) => `I don't understand "${p.typed}" after \`digest reminders\`: type ${FORM}.`,

  'reminders.dueToday': (p) => `⏰ Due today: ${p.title}`,
  'reminders.owner': (p) => `Owner: ${p.owner}`,
  'reminders.doneHint': (p) => `Done? Choose it in the ⋯ menu, or type \`/integ deadline done ${p.id}\`.`,
};

const FORM_VI = '`digest reminders on` (bật) hoặc `digest reminders off` (tắt)';

export const remindersVi: Entries<ReminderMessages> = {
  'reminders.on': (p) =>
    `${p.already ? 'Nhắc hạn trong ngày đã được bật từ trước' : 'Đã bật nhắc hạn trong ngày'}: vào ngày một hạn chót của kênh này đến hạn, integ sẽ đăng lời nhắc ở đây lúc ${p.time} (${p.tz}). Gõ \`digest reminders off\` để tắt.`,
  'reminders.off': (p) =>
    p.already ? 'Nhắc hạn trong ngày ở kênh này đã tắt từ trước.' : 'Đã tắt nhắc hạn trong ngày ở kênh này; bản tin hằng tuần vẫn bật.',
  'reminders.needsDigest': () =>
    'Nhắc hạn trong ngày đi kèm bản tin hạn chót hằng tuần, mà bản tin đang tắt ở kênh này: vui lòng bật bản tin trước bằng `digest on`, rồi gõ `digest reminders on`.',
  'reminders.state': (p) =>
    p.on
      ? `Nhắc hạn trong ngày: đang bật, lúc ${p.time} (${p.tz}) vào ngày đến hạn của mỗi hạn chót.`
      : 'Nhắc hạn trong ngày: đang tắt. Gõ `digest reminders on` để nhận lời nhắc ở đây vào ngày đến hạn của mỗi hạn chót.',
  'reminders.badArg': (p) => `Tôi chưa hiểu “${p.typed}” sau \`digest reminders\`: vui lòng gõ ${FORM_VI}.`,

  'reminders.dueToday': (p) => `⏰ Đến hạn hôm nay: ${p.title}`,
  'reminders.owner': (p) => `Người phụ trách: ${p.owner}`,
  'reminders.doneHint': (p) => `Đã xong? Chọn trong menu ⋯, hoặc gõ \`/integ deadline done ${p.id}\`.`,
};
