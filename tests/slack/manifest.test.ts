import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';
import { EVENTS_PATH } from '../../src/slack/app.js';
import { COMMAND } from '../../src/slack/listeners/commands.js';
import { DEFAULT_BOT_SCOPES, botScopes, manifestBotScopes } from '../../src/slack/oauth.js';
import { HOME } from '../../src/render/home.js';
import { HISTORY_SCOPES } from '../../src/slack/scopes.js';

const text = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');

/**
 * The bot scopes each Web API method needs (https://api.slack.com/methods): `required` for integ's
 * use of it, `optional` for a use integ can do without (./scopes.ts). conversations.history and
 * .replies need the history scope of the conversation: im:history in a DM (always asked for: the
 * message.im event needs it too), channels:/groups:history in channels (optional). chat.postMessage
 * needs chat:write, and chat:write.public for the digests integ posts in public channels it was not
 * invited to. views.* and auth.test need no scope.
 */
const METHOD_SCOPES: Record<string, { required: string[]; optional?: string[] }> = {
  'auth.test': { required: [] },
  'chat.postMessage': { required: ['chat:write', 'chat:write.public'] },
  'chat.postEphemeral': { required: ['chat:write'] },
  'chat.update': { required: ['chat:write'] },
  'conversations.history': { required: ['im:history'], optional: ['channels:history', 'groups:history'] },
  'conversations.replies': { required: ['im:history'], optional: ['channels:history', 'groups:history'] },
  // App Home lists the user's channels (public and private) to show only their deadlines and digests
  'users.conversations': { required: ['channels:read', 'groups:read'] },
  'conversations.info': { required: ['channels:read', 'groups:read'] },
  'views.publish': { required: [] },
  'views.open': { required: [] },
  'views.update': { required: [] },
  'views.push': { required: [] },
};
/** The bot scope each event subscription needs. */
const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
  app_home_opened: [],
  app_uninstalled: [],
  tokens_revoked: [],
};

/** Every Web API method src/ calls through a client (`client.chat.postMessage(`, `apiCall('…')`). */
function webApiMethods(): string[] {
  const found = new Set<string>();
  const families = 'admin|api|apps|auth|bookmarks|bots|calls|chat|conversations|dialog|dnd|emoji|files|pins|reactions|reminders|search|stars|team|usergroups|users|views|workflows';
  const call = new RegExp(`\\.(${families})\\.([a-zA-Z]+(?:\\.[a-zA-Z]+)?)\\(`, 'g');
  for (const file of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(ROOT, 'src', file), 'utf8');
    for (const m of source.matchAll(call)) found.add(`${m[1]}.${m[2]}`);
    for (const m of source.matchAll(/\bapiCall\(\s*['"]([\w.]+)['"]/g)) found.add(m[1]);
  }
  return [...found].sort();
}
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

  it('asks for exactly the scopes the Web API methods, events and commands integ uses need, and none it does not use', () => {
    const methods = webApiMethods();
    expect(methods.length).toBeGreaterThan(0);
    // a method missing here is one whose scope nobody has checked: add it to METHOD_SCOPES
    expect(methods.filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
    const events = list('bot_events');
    expect(events.filter((e) => !(e in EVENT_SCOPES))).toEqual([]);
    const needed = new Set([...methods.flatMap((m) => METHOD_SCOPES[m].required), ...events.flatMap((e) => EVENT_SCOPES[e]), ...(text.includes('slash_commands:') ? ['commands'] : [])]);
    expect([...list('bot')].sort()).toEqual([...needed].sort());
    expect(list('bot')).not.toContain('im:read');
  });

  it('leaves the history scopes out, as optional lines to uncomment with what they are for', () => {
    const optional = new Set(webApiMethods().flatMap((m) => METHOD_SCOPES[m].optional ?? []));
    expect([...optional].sort()).toEqual([...HISTORY_SCOPES].sort());
    for (const scope of HISTORY_SCOPES) {
      expect(list('bot')).not.toContain(scope);
      expect(text).toMatch(new RegExp(`\\n\\s+# - ${scope} # .+\\n`));
    }
    const bot = text.slice(text.indexOf('    bot:'), text.indexOf('settings:'));
    expect(bot).toMatch(/# Optional \(README "Permissions"\)/);
    expect(bot).toContain('may be missing, never doubled');
  });

  it('says what uses each scope it asks for', () => {
    for (const line of text.slice(text.indexOf('    bot:'), text.indexOf('settings:')).split('\n').filter((l) => /^\s+- /.test(l))) expect(line).toMatch(/^\s+- \S+ # \S.{10,}/);
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
