/**
 * The local shell (src/cli/shell.ts) driven as users pipe into it: one line a question or command,
 * each reply followed by a blank line. Its language: `--lang` at start, `lang vi|en|auto` for the
 * rest of the session.
 */
import { describe, expect, it } from 'vitest';
import { langCommand } from '../../src/cli/shell.js';
import { cli } from '../../src/render/catalogue/cli.js';
import { integ } from '../helpers/cli.js';

/** `integ shell <args>` with these lines on stdin: its replies, one a line typed. */
async function shell(lines: string[], args: string[] = []): Promise<string[]> {
  const r = await integ(['shell', ...args], { input: lines.join('\n') + '\n' });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const replies = r.stdout.split('\n\n');
  expect(replies.pop()).toBe('');
  expect(replies).toHaveLength(lines.length);
  return replies;
}

const inVietnamese = (reply: string) => /^Nguồn:$/m.test(reply) && !/^Sources:$/m.test(reply);
const inEnglish = (reply: string) => /^Sources:$/m.test(reply) && !/^Nguồn:$/m.test(reply);

describe('integ shell', () => {
  it("answers in the language `lang` chooses for the rest of the session, confirming in that language, and in each question's again after `lang auto`", async () => {
    const replies = await shell(['fdi 2025', 'lang vi', 'fdi 2025', 'fdi 2025', 'lang en', 'vốn FDI năm 2025', 'lang auto', 'vốn FDI năm 2025', 'fdi 2025']);
    expect(inEnglish(replies[0])).toBe(true);
    expect(replies[1]).toBe(cli('vi', 'cli.langSet', { lang: 'vi' }));
    expect(replies[1]).toMatch(/^Từ giờ tôi trả lời bằng tiếng Việt/);
    expect(inVietnamese(replies[2])).toBe(true);
    expect(inVietnamese(replies[3])).toBe(true);
    expect(replies[4]).toBe(cli('en', 'cli.langSet', { lang: 'en' }));
    expect(replies[4]).toMatch(/^From now on I answer in English/);
    expect(inEnglish(replies[5])).toBe(true);
    // auto: in the language of the last answer (English), then each question's own
    expect(replies[6]).toBe(cli('en', 'cli.langAuto'));
    expect(inVietnamese(replies[7])).toBe(true);
    expect(inEnglish(replies[8])).toBe(true);
  });

  it('answers in the language --lang chooses from the start, and takes `/integ lang` as Slack does', async () => {
    const replies = await shell(['fdi 2025', '/integ lang auto', 'fdi 2025'], ['--lang', 'vi']);
    expect(inVietnamese(replies[0])).toBe(true);
    // the confirmation of auto follows the last answer (Vietnamese)
    expect(replies[1]).toBe(cli('vi', 'cli.langAuto'));
    expect(inEnglish(replies[2])).toBe(true);
  });

  it('shows the language with `lang`, and answers a value it does not take politely, keeping the choice', async () => {
    const replies = await shell(['lang', 'lang vi', 'lang fr', '/integ lang tiếng\u001b[2J việt', 'fdi 2025', 'lang']);
    // nothing chosen or asked yet: both languages
    expect(replies[0]).toBe(`${cli('vi', 'cli.langShow', { lang: null })}\n${cli('en', 'cli.langShow', { lang: null })}`);
    expect(replies[2]).toBe(cli('vi', 'cli.langInvalid', { typed: 'fr' }));
    expect(replies[3]).toBe(cli('vi', 'cli.langInvalid', { typed: 'tiếng\\x1b[2J việt' }));
    expect(inVietnamese(replies[4])).toBe(true);
    expect(replies[5]).toBe(cli('vi', 'cli.langShow', { lang: 'vi' }));
  });

  it('exits 2 with its usage when --lang is not vi, en or auto', async () => {
    const r = await integ(['shell', '--lang', 'fr'], { input: 'fdi 2025\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('integ shell: --lang must be vi, en or auto');
    expect(r.stderr).toContain('usage: integ shell [--lang vi|en|auto]');
  });
});

describe('langCommand', () => {
  it('reads `lang`, `lang vi|en|auto` in any case and `/integ lang …` as the language command', () => {
    expect(langCommand('lang')).toEqual({ kind: 'show' });
    expect(langCommand('  LANG  Vi ')).toEqual({ kind: 'set', lang: 'vi' });
    expect(langCommand('lang en')).toEqual({ kind: 'set', lang: 'en' });
    expect(langCommand('lang auto')).toEqual({ kind: 'set', lang: null });
    expect(langCommand('/integ lang vi')).toEqual({ kind: 'set', lang: 'vi' });
    expect(langCommand('/integ lang')).toEqual({ kind: 'show' });
    expect(langCommand('/integ lang tiếng việt')).toEqual({ kind: 'invalid', typed: 'tiếng việt' });
    expect(langCommand('lang fr')).toEqual({ kind: 'invalid', typed: 'fr' });
    expect(langCommand('lang zh-cn')).toEqual({ kind: 'invalid', typed: 'zh-cn' });
  });

  it('leaves a question that starts with the word "lang" to be answered', () => {
    for (const q of ['lang son', 'lang son exports 2025', 'language of the agreement', 'fdi 2025', '/integ language']) expect(langCommand(q)).toBeNull();
  });
});
