/** `npm start`: the Slack app when Slack tokens (or OAuth install settings) are set, otherwise the local shell. */
export async function run(args: string[]): Promise<number> {
  const e = process.env;
  const oneWorkspace = !!e.SLACK_BOT_TOKEN && (!!e.SLACK_SIGNING_SECRET || !!e.SLACK_APP_TOKEN);
  const oauth = !!e.SLACK_CLIENT_ID && !!e.SLACK_SIGNING_SECRET;
  const hasSlack = oneWorkspace || oauth;
  if (hasSlack) return (await import('./serve.js')).run(args);
  return (await import('./shell.js')).run(args);
}
