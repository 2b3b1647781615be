/** `npm start`: the Slack app when Slack tokens are set, otherwise the local shell. */
export async function run(args: string[]): Promise<number> {
  const hasSlack = !!process.env.SLACK_BOT_TOKEN && (!!process.env.SLACK_SIGNING_SECRET || !!process.env.SLACK_APP_TOKEN);
  if (hasSlack) return (await import('./serve.js')).run(args);
  return (await import('./shell.js')).run(args);
}
