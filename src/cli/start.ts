/** `npm start`: the Slack app when Slack tokens (or OAuth install settings) are set, otherwise the local shell. */
import { command, parseCommand } from './args.js';

export const USAGE = `usage: integ start [--no-digests]

Runs \`integ serve\` when Slack tokens are set (SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or
SLACK_APP_TOKEN, or SLACK_CLIENT_ID with SLACK_SIGNING_SECRET), otherwise the local shell
(\`integ shell\`). See \`integ serve --help\` for the environment.
  --no-digests   serve: do not post the weekly deadline digests from this process
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(command({ name: 'start', usage: USAGE, options: { 'no-digests': { type: 'boolean' } } }), args);
  if (typeof parsed === 'number') return parsed;
  const e = process.env;
  const oneWorkspace = !!e.SLACK_BOT_TOKEN && (!!e.SLACK_SIGNING_SECRET || !!e.SLACK_APP_TOKEN);
  const oauth = !!e.SLACK_CLIENT_ID && !!e.SLACK_SIGNING_SECRET;
  const hasSlack = oneWorkspace || oauth;
  if (hasSlack) return (await import('./serve.js')).run(args);
  return (await import('./shell.js')).run([]);
}
