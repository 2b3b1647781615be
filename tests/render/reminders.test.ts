import { describe, expect, it } from 'vitest';
import { DEADLINE_ACTION, sayDeadline } from '../../src/render/deadlines.js';
import { mention, reminderBlocks, reminderFallbackText, type ReminderView } from '../../src/render/reminders.js';

const view = (over: Partial<ReminderView> = {}): ReminderView => ({ id: 'd3', title: 'Submit the report', due: '2026-12-15', owner: 'U07ABC', lang: 'en', ...over });

/** Every text a block carries, as sent. */
const texts = (blocks: unknown): string[] => {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (k === 'text' && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(blocks);
  return out;
};

describe('reminderBlocks', () => {
  it('shows the title in bold, the owner as a mention, the date, how to close it, and the deadline menu', () => {
    const blocks = reminderBlocks(view());
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: '⏰ Due today: *Submit the report*' } });
    expect(blocks[1]).toMatchObject({
      type: 'context',
      elements: [{ type: 'mrkdwn', verbatim: true, text: 'Owner: <@U07ABC> · 15 Dec 2026 · Done? Choose it in the ⋯ menu, or type `/integ deadline done d3`.' }],
    });
    const menu = (blocks[0] as { accessory: { type: string; action_id: string; options: { value: string }[]; confirm: object } }).accessory;
    expect(menu).toMatchObject({ type: 'overflow', action_id: DEADLINE_ACTION.menu, confirm: { title: { text: expect.any(String) } } });
    expect(menu.options.map((o) => o.value)).toEqual(['done:d3', 'remove:d3']);
  });

  it('writes it in Vietnamese, with the date as Vietnam writes it, when the channel is Vietnamese', () => {
    const blocks = reminderBlocks(view({ lang: 'vi', title: 'Nộp báo cáo' }));
    expect(texts(blocks)).toEqual(
      expect.arrayContaining([
        '⏰ Đến hạn hôm nay: *Nộp báo cáo*',
        'Người phụ trách: <@U07ABC> · 15/12/2026 · Đã xong? Chọn trong menu ⋯, hoặc gõ `/integ deadline done d3`.',
        sayDeadline('vi', 'deadlines.menuDone'),
        sayDeadline('vi', 'deadlines.menuRemove'),
      ]),
    );
    expect(reminderFallbackText(view({ lang: 'vi', title: 'Nộp báo cáo' }))).toBe('⏰ Đến hạn hôm nay: Nộp báo cáo');
  });

  it('escapes a title that tries to ping the channel, mention someone or post a link', () => {
    const title = '<!channel> <@U999> <https://evil.example|click> & more';
    const all = [...texts(reminderBlocks(view({ title }))), reminderFallbackText(view({ title }))];
    for (const t of all) {
      expect(t).not.toMatch(/<!|<@U999>|<https?:/);
    }
    expect(all[0]).toBe('⏰ Due today: *&lt;!channel&gt; &lt;@U999&gt; &lt;https://evil.example|click&gt; &amp; more*');
    // the confirmation quotes the title as plain text, escaped too
    expect(all.some((t) => t.startsWith('“&lt;!channel&gt;'))).toBe(true);
  });

  it('leaves out an owner that is not a Slack user id, rather than writing it into a mention', () => {
    for (const owner of ['!channel', 'U1>|<!here', 'here', 'u07abc', '', null]) {
      const context = texts(reminderBlocks(view({ owner }))[1])[0];
      expect({ owner, context }).toEqual({ owner, context: '15 Dec 2026 · Done? Choose it in the ⋯ menu, or type `/integ deadline done d3`.' });
    }
    expect(mention('W0ENTERPRISE')).toBe('<@W0ENTERPRISE>');
    expect(mention('B123')).toBeNull();
  });

  it("keeps within Slack's limits when the title is very long", () => {
    const blocks = reminderBlocks(view({ title: 'x'.repeat(5000) }));
    for (const t of texts(blocks)) expect(t.length).toBeLessThanOrEqual(3000);
    const confirm = (blocks[0] as { accessory: { confirm: { text: { text: string } } } }).accessory.confirm.text.text;
    expect(confirm.length).toBeLessThanOrEqual(300);
    expect(reminderFallbackText(view({ title: 'y'.repeat(5000) })).length).toBeLessThanOrEqual(3000);
  });
});
