import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { EVENTS_PATH } from '../../src/slack/app.js';
import { COMMAND } from '../../src/slack/listeners/commands.js';
import { DEFAULT_BOT_SCOPES, botScopes, manifestBotScopes } from '../../src/slack/oauth.js';
import { HOME } from '../../src/render/home.js';

const text = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');
/** The list items under `key:` (YAML block list, comments stripped). */
function list(key: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === `${key}:`);
  expect(at, `${key} not found`).toBeGreaterThanOrEqual(0);
  const indent = lines[at].search(/\S/);
  const items: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.trim() || l.trim().startsWith('#')) continue;
    if (l.search(/\S/) <= indent && !l.trim().startsWith('-')) break;
    const m = /^\s*-\s*([^#\s]+)/.exec(l);
    if (!m) break;
    items.push(m[1]);
  }
  return items;
}

describe('manifest.yml', () => {
  it('subscribes to exactly the bot events the app listens to', () => {
    expect(list('bot_events').sort()).toEqual(['app_home_opened', 'app_mention', 'app_uninstalled', 'message.im', 'tokens_revoked']);
  });

  it('asks only for the scopes integ uses', () => {
    expect(list('bot').sort()).toEqual(['app_mentions:read', 'channels:history', 'channels:read', 'chat:write', 'chat:write.public', 'commands', 'groups:history', 'groups:read', 'im:history', 'im:read']);
  });

  it('gives OAuth installs its bot scopes (the built-in fallback is the same list)', () => {
    expect(manifestBotScopes(text)).toEqual(list('bot'));
    expect(botScopes()).toEqual(list('bot'));
    expect([...DEFAULT_BOT_SCOPES].sort()).toEqual([...list('bot')].sort());
    expect(botScopes('/nonexistent/manifest.yml')).toEqual(DEFAULT_BOT_SCOPES);
  });

  it('says where the OAuth redirect goes', () => {
    expect(text).toContain('https://<host>/slack/oauth_redirect');
    expect(text).toContain('https://<host>/slack/install');
  });

  it('declares the slash command, the Home and Messages tabs, interactivity and Socket Mode', () => {
    expect(text).toContain(`- command: ${COMMAND}\n`);
    expect(text).toMatch(/usage_hint: ".+"/);
    expect(text).toMatch(/\n {2}name: integ\n/);
    expect(text).toMatch(/home_tab_enabled: true\n\s+messages_tab_enabled: true/);
    expect(text).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(text).toMatch(/\n {2}socket_mode_enabled: true\n/);
    expect(text).not.toMatch(/\t/);
  });

  it('declares the message shortcut the app listens to', () => {
    const block = /\n {2}shortcuts:\n((?: {4}.*\n)+)/.exec(text)?.[1] ?? '';
    expect(block).toMatch(/- name: Ask integ about this\n/);
    expect(block).toMatch(/\n {6}type: message\n/);
    expect(block).toContain(`callback_id: ${HOME.askAboutMessage}\n`);
    expect(block).toMatch(/\n {6}description: .{1,150}\n/);
  });

  it('says which URL to set for HTTP mode', () => {
    expect(text).toContain(`https://<host>${EVENTS_PATH}`);
  });
});
