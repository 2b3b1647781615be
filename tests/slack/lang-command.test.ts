import { describe, expect, it } from 'vitest';
import { parseLangCommand } from '../../src/slack/lang-command.js';

describe('parseLangCommand', () => {
  it.each([
    ['lang vi', 'user', 'vi'],
    ['lang en', 'user', 'en'],
    ['lang auto', 'user', null],
    ['LANG VI.', 'user', 'vi'],
    ['lang: vi', 'user', 'vi'],
    ['lang vietnamese', 'user', 'vi'],
    ['lang tiếng Việt', 'user', 'vi'],
    ['language english', 'user', 'en'],
    ['ngôn ngữ tiếng việt', 'user', 'vi'],
    ['ngon ngu tieng anh', 'user', 'en'],
    ['ngôn ngữ tự động', 'user', null],
    ['lang channel vi', 'channel', 'vi'],
    ['lang vi channel', 'channel', 'vi'],
    ['lang this channel en', 'channel', 'en'],
    ['lang channel auto', 'channel', null],
    ['ngôn ngữ kênh này tiếng việt', 'channel', 'vi'],
    ['ngôn ngữ kênh tự động', 'channel', null],
  ])('reads %j as a choice for the %s when it names a language', (text, scope, lang) => {
    expect(parseLangCommand(text)).toMatchObject({ kind: 'set', scope, lang });
  });

  it('replies in Vietnamese to a command typed in Vietnamese when nothing else says which', () => {
    expect(parseLangCommand('ngôn ngữ tự động')).toMatchObject({ typedIn: 'vi' });
    expect(parseLangCommand('ngôn ngữ')).toEqual({ kind: 'show', typedIn: 'vi' });
    expect(parseLangCommand('lang auto')).toMatchObject({ typedIn: 'en' });
  });

  it.each(['lang', 'lang channel', 'language', 'ngôn ngữ', 'lang?'])('shows the setting when %j names no language', (text) => {
    expect(parseLangCommand(text)).toMatchObject({ kind: 'show' });
  });

  it('quotes back an unknown language as typed, cut to 40 characters, when it follows `lang`', () => {
    expect(parseLangCommand('lang fr')).toMatchObject({ kind: 'invalid', typed: 'fr' });
    expect(parseLangCommand('lang Tiếng Pháp')).toMatchObject({ kind: 'invalid', typed: 'Tiếng Pháp' });
    const long = parseLangCommand(`lang ${'x'.repeat(100)}`);
    expect(long).toMatchObject({ kind: 'invalid', typed: `${'x'.repeat(40)}…` });
  });

  it.each(['Lạng Sơn thu hút bao nhiêu FDI?', 'lang son FDI 2025', 'lăng Bác', 'language policy of ASEAN', 'ngôn ngữ chính thức của ASEAN?', 'languages', 'FDI lang vi', 'deadline add 2026-12-15 lang vi'])(
    'leaves %j to the engine when it is a question, not the command',
    (text) => {
      expect(parseLangCommand(text)).toBeNull();
    },
  );
});
