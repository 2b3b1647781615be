/**
 * Installing integ into many Slack workspaces (OAuth v2), in HTTP mode with SLACK_CLIENT_ID,
 * SLACK_CLIENT_SECRET and SLACK_STATE_SECRET and no SLACK_BOT_TOKEN:
 *
 * - Bolt's InstallProvider serves GET /slack/install (an "Add to Slack" page, with the OAuth state
 *   in a cookie) and GET /slack/oauth_redirect (checks the state, exchanges the code with
 *   oauth.v2.access and stores the installation). The state is signed with SLACK_STATE_SECRET and
 *   carries no server-side session, so the redirect may reach any replica.
 * - Installations live in integ's Store (the same database as everything else), through
 *   `installationStore(store)`; Bolt's authorize reads the workspace's bot token from it on each
 *   request, so every replica answers every workspace with that workspace's token.
 * - The bot scopes asked for are those of manifest.yml (oauth_config.scopes.bot): uncommenting the
 *   optional history scopes there asks installs for them too.
 * - app_uninstalled and tokens_revoked (bot tokens) forget the workspace: Store.deleteWorkspaceData.
 * - Digests (outside any request) post with `teamClients(store).clientFor(teamId)`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { webApi, type App, type Installation, type InstallationQuery, type InstallationStore, type Logger } from '@slack/bolt';
import type { OAuthSettings } from '../config.js';
import { ROOT } from '../paths.js';
import type { Store } from '../store/types.js';
import type { Lang } from '../answer/types.js';
import { slackText } from './language.js';
import { describeError } from './log.js';
import type { OAuthReceiverOptions } from './receiver.js';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/**
 * manifest.yml's bot scopes, used when the file cannot be read (tests/slack/manifest.test.ts keeps them
 * equal): the least that works, without the optional history scopes (./scopes.ts).
 */
export const DEFAULT_BOT_SCOPES = ['commands', 'app_mentions:read', 'chat:write', 'chat:write.public', 'im:history', 'channels:read', 'groups:read'];

/** The items of oauth_config.scopes.bot in a manifest (YAML block list; comments ignored). */
export function manifestBotScopes(text: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l, i) => l.trim() === 'bot:' && lines.slice(0, i).some((p) => p.trim() === 'scopes:'));
  if (at < 0) return [];
  const indent = lines[at].search(/\S/);
  const scopes: string[] = [];
  for (const l of lines.slice(at + 1)) {
    const t = l.trim();
    if (!t || t.startsWith('#')) continue;
    const m = /^-\s*([^#\s]+)/.exec(t);
    if (!m || l.search(/\S/) < indent) break;
    scopes.push(m[1]);
  }
  return scopes;
}

/** The bot scopes to request: manifest.yml's, else DEFAULT_BOT_SCOPES. */
export function botScopes(manifestFile = join(ROOT, 'manifest.yml')): string[] {
  try {
    const scopes = manifestBotScopes(readFileSync(manifestFile, 'utf8'));
    if (scopes.length) return scopes;
  } catch {
    /* fall through */
  }
  return DEFAULT_BOT_SCOPES;
}

const queryOf = (q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }) => ({
  teamId: q.teamId ?? null,
  enterpriseId: q.enterpriseId ?? null,
  isEnterpriseInstall: q.isEnterpriseInstall === true,
});

const describeQuery = (q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }) =>
  q.isEnterpriseInstall && q.enterpriseId ? `org ${q.enterpriseId}` : `workspace ${q.teamId ?? '(unknown)'}`;

/** Bolt's InstallationStore over integ's Store. */
export function installationStore(store: Store): InstallationStore {
  return {
    async storeInstallation(installation: Installation): Promise<void> {
      const org = installation.isEnterpriseInstall === true;
      await store.storeInstallation({
        teamId: org ? null : (installation.team?.id ?? null),
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: org,
        botToken: installation.bot?.token ?? null,
        installedAt: new Date().toISOString(),
        data: installation,
      });
    },
    async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
      const found = await store.fetchInstallation(queryOf(query));
      if (!found) throw new Error(`integ: integ is not installed in ${describeQuery(query)}`);
      return found.data as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
      await store.deleteInstallation(queryOf(query));
    },
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An install page, in English and Vietnamese one under the other: whoever installs has chosen no
 * language with integ yet. `part(lang)`: the page's text in a language, escaped here (it names the
 * workspace, which its admins named), with an optional link.
 */
function page(title: (lang: Lang) => string, part: (lang: Lang) => { text: string; link?: { href: string; label: string }; after?: string }): string {
  const section = (lang: Lang) => {
    const p = part(lang);
    const link = p.link ? ` <a href="${escapeHtml(p.link.href)}">${escapeHtml(p.link.label)}</a>` : '';
    const after = p.after ? ` ${escapeHtml(p.after)}` : '';
    return `<section lang="${lang}"><h2>${escapeHtml(title(lang))}</h2><p>${escapeHtml(p.text)}${link}${after}</p></section>`;
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`${title('en')} · ${title('vi')}`)}</title></head><body style="font-family:sans-serif;text-align:center;padding:2em">${section('en')}<hr>${section('vi')}</body></html>`;
}

/**
 * The HTTP receiver's options for OAuth installs (./receiver.ts; the App then authorizes through
 * them). clientOptions: the installer's Web API client (oauth.v2.access), which posts nothing.
 */
export function oauthReceiverOptions(settings: OAuthSettings, store: Store, logger: Logger, clientOptions?: webApi.WebClientOptions): OAuthReceiverOptions {
  return {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    stateSecret: settings.stateSecret,
    scopes: botScopes(),
    installationStore: installationStore(store),
    installerOptions: {
      ...(clientOptions ? { clientOptions } : {}),
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      stateVerification: true,
      directInstall: false,
      callbackOptions: {
        success: (installation: Installation, _opts: unknown, _req: IncomingMessage, res: ServerResponse) => {
          const team = installation.team?.id ?? installation.enterprise?.id ?? '(unknown)';
          logger.info(`integ: installed in workspace ${team}`);
          const name = installation.team?.name ?? installation.enterprise?.name ?? null;
          const open = installation.team?.id && installation.appId ? `slack://app?team=${installation.team.id}&id=${installation.appId}` : 'slack://open';
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            page(
              (lang) => slackText(lang, 'slack.installed.title'),
              (lang) => ({
                text: slackText(lang, 'slack.installed.body', { workspace: name }),
                link: { href: open, label: slackText(lang, 'slack.installed.open') },
                after: slackText(lang, 'slack.installed.next'),
              }),
            ),
          );
        },
        failure: (error: Error & { code?: string }, _opts: unknown, _req: IncomingMessage, res: ServerResponse) => {
          const code = error.code ?? 'unknown';
          logger.warn(`integ: an installation failed (${code}): ${describeError(error)}`);
          const userError = /State|MissingCode|Authorization/i.test(code);
          res.writeHead(userError ? 400 : 500, { 'content-type': 'text/html; charset=utf-8' });
          res.end(page((lang) => slackText(lang, 'slack.installFailed.title'), (lang) => ({ text: slackText(lang, 'slack.installFailed.body', { path: INSTALL_PATH, reason: code }) })));
        },
      },
    },
  };
}

/**
 * app_uninstalled, and tokens_revoked of bot tokens: forget the workspace (installation,
 * subscriptions, its channels' deadlines, ledger and threads). Bolt skips authorize for these two
 * events, so they arrive even though the token no longer works. Idempotent (Slack may retry).
 */
export function registerUninstall(app: App, deps: { store: Store; logger: Logger }): void {
  const forget = async (teamId: string, why: string) => {
    if (!teamId) return;
    const removed = await deps.store.deleteWorkspaceData(teamId);
    deps.logger.info(`integ: ${why} in workspace ${teamId}: removed its data`, removed);
  };
  app.event('app_uninstalled', async ({ body }) => forget(body.team_id, 'uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    const bots = event.tokens?.bot;
    if (Array.isArray(bots) && bots.length > 0) await forget(body.team_id, 'bot token revoked');
  });
}

/** Web API clients per workspace, with the bot token of its installation (for digests). */
export function teamClients(store: Store, options: webApi.WebClientOptions): { clientFor(teamId: string | null): Promise<webApi.WebClient> } {
  const clients = new Map<string, webApi.WebClient>();
  return {
    async clientFor(teamId) {
      const found = teamId ? await store.fetchInstallation({ teamId, enterpriseId: null, isEnterpriseInstall: false }) : null;
      if (!found?.botToken) throw new NotInstalledError(teamId);
      let client = clients.get(found.botToken);
      if (!client) {
        if (clients.size >= 1000) clients.delete(clients.keys().next().value!);
        client = new webApi.WebClient(found.botToken, { ...options, teamId: teamId! });
        clients.set(found.botToken, client);
      }
      return client;
    },
  };
}

/**
 * No installation (with a bot token) for the workspace: shaped like a Slack platform error
 * ("not_installed") so the digest runner gives up for the week instead of retrying every minute.
 */
export class NotInstalledError extends Error {
  readonly code = 'slack_webapi_platform_error';
  readonly data: { ok: false; error: string };
  constructor(teamId: string | null) {
    super(teamId ? `integ is not installed in workspace ${teamId}` : 'the subscription has no workspace (subscribed before OAuth installs?)');
    this.name = 'NotInstalledError';
    this.data = { ok: false, error: 'not_installed' };
  }
}
