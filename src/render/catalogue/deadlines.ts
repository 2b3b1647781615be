/**
 * What integ says about a team's deadlines where people act on them, in English and Vietnamese:
 * the urgency marks of a list item, its owner and who added it, the Done/Remove menu and its
 * confirmation, the result of a click, the "Add deadline" button and modal, and the modal's
 * validation errors. (The list's own sentences, and the deadline and digest commands, are in
 * ./digest.ts; its 'deadlines.item' uses the marks and people entries here.)
 *
 * Entries that name a person or a title take them ready to show in the medium they go to: in Slack,
 * a user is a mention `<@U…>` or escaped text and a title is escaped (src/render/deadlines.ts does
 * that); in plain text (the shell, the CLI) the user id and the title as typed. Dates are ISO.
 */
import type { DueIn } from './digest.js';
import type { Entries } from './types.js';

/** 'overdue': a team deadline past due and not done; 'soon': due within a week. */
export type DeadlineMark = 'overdue' | 'soon';

/** Why a title typed in the Add-deadline form cannot be used (the same rules as `deadline add`). */
export type TitleIssue = { kind: 'missing' } | { kind: 'invisible' } | { kind: 'marks'; marks: number } | { kind: 'long'; count: number; max: number };

/** Why a date chosen in the Add-deadline form cannot be used (dates YYYY-MM-DD). */
export type DateIssue = { kind: 'missing' } | { kind: 'out-of-range'; min: number; max: number } | { kind: 'past'; today: string };

type None = Record<string, never>;

export interface DeadlineMessages {
  /** "🔴 overdue by 3 days", "⚠️ due in 3 days", "⚠️ due today". */
  'deadlines.mark': { mark: DeadlineMark; dueIn: DueIn };
  /** "owner <@U1>". */
  'deadlines.owner': { user: string };
  /** "added by <@U2> on 2 Mar 2026" (`on`: YYYY-MM-DD). */
  'deadlines.addedBy': { user: string; on: string };
  // the overflow menu of a team deadline
  'deadlines.menuDone': None;
  'deadlines.menuRemove': None;
  'deadlines.confirmTitle': None;
  /** The confirmation's text: one dialog for the whole menu (Block Kit has one per element). */
  'deadlines.confirmText': { title: string | null };
  'deadlines.confirmYes': None;
  'deadlines.confirmNo': None;
  // the result of a click, shown in place of the deadline (`due`: YYYY-MM-DD)
  'deadlines.markedDone': { user: string; title: string; due: string };
  'deadlines.removedBy': { user: string; title: string; due: string };
  'deadlines.wasDone': { title: string; on: string };
  'deadlines.gone': None;
  // "Add deadline": the button, the modal, its errors and the post saying a deadline was added
  'deadlines.addButton': None;
  'deadlines.modalTitle': None;
  'deadlines.modalSubmit': None;
  'deadlines.modalClose': None;
  'deadlines.fieldDate': None;
  'deadlines.fieldTitle': None;
  'deadlines.fieldTitleHint': None;
  'deadlines.fieldOwner': None;
  'deadlines.fieldChannel': None;
  'deadlines.errDate': { issue: DateIssue };
  'deadlines.errTitle': { issue: TitleIssue };
  'deadlines.errOwner': None;
  'deadlines.errChannel': None;
  /** "<@U1> added a deadline:" (the deadline follows). */
  'deadlines.addedPost': { user: string };
}

const OVERDUE = '🔴';
const SOON = '⚠️';

// ---------------------------------------------------------------- English

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

function markEn(mark: DeadlineMark, w: DueIn, date: (iso: string) => string): string {
  const n = w.daysLeft;
  if (mark === 'overdue') return `${OVERDUE} overdue by ${days(-n)}`;
  if (w.precision !== 'day') {
    const period = w.precision === 'month' ? 'the month' : 'the year';
    return n === 0 ? `${SOON} last day of ${period} is today` : `${SOON} ${days(n)} left (to ${date(w.lastDay)})`;
  }
  if (n === 0) return `${SOON} due today`;
  if (n === 1) return `${SOON} due tomorrow`;
  return `${SOON} due in ${days(n)}`;
}

function dateIssueEn(i: DateIssue, date: (iso: string) => string): string {
  switch (i.kind) {
    case 'missing':
      return 'Choose the date it is due.';
    case 'out-of-range':
      return `Choose a date from the year ${i.min} to ${i.max}.`;
    case 'past':
      return `That date has passed (today is ${date(i.today)}): choose today or a later date.`;
  }
}

function titleIssueEn(i: TitleIssue): string {
  switch (i.kind) {
    case 'missing':
      return 'Write what is due.';
    case 'invisible':
      return 'The title has no character that can be seen (only spaces or invisible formatting characters).';
    case 'marks':
      return `The title has a character with ${i.marks} marks stacked on it; write it with ordinary letters.`;
    case 'long':
      return `The title is ${i.count} characters; keep it to ${i.max} or fewer.`;
  }
}

export const deadlinesEn: Entries<DeadlineMessages> = {
  'deadlines.mark': (p, f) => markEn(p.mark, p.dueIn, f.date),
  'deadlines.owner': (p) => `owner ${p.user}`,
  'deadlines.addedBy': (p, f) => `added by ${p.user} on ${f.date(p.on)}`,
  'deadlines.menuDone': () => 'Mark done',
  'deadlines.menuRemove': () => 'Remove',
  'deadlines.confirmTitle': () => 'Change this deadline?',
  'deadlines.confirmText': (p) => `${p.title ? `“${p.title}”` : 'This deadline'} will be marked done or removed, as you chose, for everyone in the channel.`,
  'deadlines.confirmYes': () => 'Yes',
  'deadlines.confirmNo': () => 'Cancel',
  'deadlines.markedDone': (p, f) => `✅ ${p.user} marked this done: ${p.title} (${f.date(p.due)})`,
  'deadlines.removedBy': (p, f) => `🗑️ ${p.user} removed this deadline: ${p.title} (${f.date(p.due)})`,
  'deadlines.wasDone': (p, f) => `✅ Already marked done on ${f.date(p.on)}: ${p.title}`,
  'deadlines.gone': () => 'This deadline is no longer in the list: it was removed already, or it belongs to another channel.',
  'deadlines.addButton': () => 'Add deadline',
  'deadlines.modalTitle': () => 'Add a deadline',
  'deadlines.modalSubmit': () => 'Add',
  'deadlines.modalClose': () => 'Cancel',
  'deadlines.fieldDate': () => 'Due date',
  'deadlines.fieldTitle': () => 'What is due',
  'deadlines.fieldTitleHint': () => 'e.g. Submit the quarterly report',
  'deadlines.fieldOwner': () => 'Owner',
  'deadlines.fieldChannel': () => 'Channel',
  'deadlines.errDate': (p, f) => dateIssueEn(p.issue, f.date),
  'deadlines.errTitle': (p) => titleIssueEn(p.issue),
  'deadlines.errOwner': () => 'Choose a person in this workspace as the owner, or leave it empty.',
  'deadlines.errChannel': () => 'Choose the channel the deadline belongs to.',
  'deadlines.addedPost': (p) => `${p.user} added a deadline:`,
};

// ---------------------------------------------------------------- Vietnamese

function markVi(mark: DeadlineMark, w: DueIn, date: (iso: string) => string): string {
  const n = w.daysLeft;
  if (mark === 'overdue') return `${OVERDUE} quá hạn ${-n} ngày`;
  if (w.precision !== 'day') {
    const period = w.precision === 'month' ? 'tháng' : 'năm';
    return n === 0 ? `${SOON} hôm nay là ngày cuối cùng của ${period}` : `${SOON} còn ${n} ngày (đến ${date(w.lastDay)})`;
  }
  if (n === 0) return `${SOON} đến hạn hôm nay`;
  if (n === 1) return `${SOON} đến hạn ngày mai`;
  return `${SOON} còn ${n} ngày`;
}

function dateIssueVi(i: DateIssue, date: (iso: string) => string): string {
  switch (i.kind) {
    case 'missing':
      return 'Vui lòng chọn ngày đến hạn.';
    case 'out-of-range':
      return `Vui lòng chọn một ngày trong khoảng từ năm ${i.min} đến năm ${i.max}.`;
    case 'past':
      return `Ngày này đã qua (hôm nay là ${date(i.today)}): vui lòng chọn hôm nay hoặc một ngày sau đó.`;
  }
}

function titleIssueVi(i: TitleIssue): string {
  switch (i.kind) {
    case 'missing':
      return 'Vui lòng nhập tên công việc.';
    case 'invisible':
      return 'Tên công việc không có ký tự nào hiển thị được (chỉ có khoảng trắng hoặc ký tự định dạng ẩn).';
    case 'marks':
      return `Tên công việc có một ký tự bị chồng ${i.marks} dấu; vui lòng nhập bằng chữ thông thường.`;
    case 'long':
      return `Tên công việc dài ${i.count} ký tự; vui lòng rút gọn còn tối đa ${i.max} ký tự.`;
  }
}

export const deadlinesVi: Entries<DeadlineMessages> = {
  'deadlines.mark': (p, f) => markVi(p.mark, p.dueIn, f.date),
  'deadlines.owner': (p) => `người phụ trách ${p.user}`,
  'deadlines.addedBy': (p, f) => `do ${p.user} thêm ngày ${f.date(p.on)}`,
  'deadlines.menuDone': () => 'Đánh dấu hoàn thành',
  'deadlines.menuRemove': () => 'Xóa',
  'deadlines.confirmTitle': () => 'Thay đổi hạn chót này?',
  'deadlines.confirmText': (p) => `${p.title ? `“${p.title}”` : 'Hạn chót này'} sẽ được đánh dấu hoàn thành hoặc bị xóa, theo lựa chọn của bạn, cho mọi người trong kênh.`,
  'deadlines.confirmYes': () => 'Đồng ý',
  'deadlines.confirmNo': () => 'Hủy',
  'deadlines.markedDone': (p, f) => `✅ ${p.user} đã đánh dấu hoàn thành: ${p.title} (${f.date(p.due)})`,
  'deadlines.removedBy': (p, f) => `🗑️ ${p.user} đã xóa hạn chót: ${p.title} (${f.date(p.due)})`,
  'deadlines.wasDone': (p, f) => `✅ Đã được đánh dấu hoàn thành từ ngày ${f.date(p.on)}: ${p.title}`,
  'deadlines.gone': () => 'Hạn chót này không còn trong danh sách: đã bị xóa trước đó, hoặc thuộc một kênh khác.',
  'deadlines.addButton': () => 'Thêm hạn chót',
  'deadlines.modalTitle': () => 'Thêm hạn chót',
  'deadlines.modalSubmit': () => 'Thêm',
  'deadlines.modalClose': () => 'Hủy',
  'deadlines.fieldDate': () => 'Ngày đến hạn',
  'deadlines.fieldTitle': () => 'Công việc',
  'deadlines.fieldTitleHint': () => 'Ví dụ: Nộp báo cáo quý',
  'deadlines.fieldOwner': () => 'Người phụ trách',
  'deadlines.fieldChannel': () => 'Kênh',
  'deadlines.errDate': (p, f) => dateIssueVi(p.issue, f.date),
  'deadlines.errTitle': (p) => titleIssueVi(p.issue),
  'deadlines.errOwner': () => 'Vui lòng chọn một người trong workspace này làm người phụ trách, hoặc để trống.',
  'deadlines.errChannel': () => 'Vui lòng chọn kênh của hạn chót.',
  'deadlines.addedPost': (p) => `${p.user} đã thêm hạn chót:`,
};
