import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { onEvent } from '../../src/slack/listeners/route.js';

function lifecycleEvent(type: string) {
  return {
    body: { type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `Ev_${type}`, event_time: 1, event: { type, tokens: { bot: ['B1'] } } },
    ack: async () => undefined,
  };
}

describe('onEvent', () => {
  it('registers one Bolt listener and calls every handler of the event type, even when one fails, passing the failure to app.error', async () => {
    const app = new App({ token: 'xoxb-test', botId: 'B1', botUserId: 'U1', signingSecret: 'secret', tokenVerificationEnabled: false, convoStore: false });
    const errors: unknown[] = [];
    app.error(async (e) => void errors.push(e));
    const calls: string[] = [];
    onEvent(app, 'tokens_revoked', async () => {
      calls.push('first');
      throw new Error('boom');
    });
    onEvent(app, 'tokens_revoked', async () => void calls.push('second'));
    onEvent(app, 'app_uninstalled', async () => void calls.push('uninstalled'));
    expect((app as unknown as { listeners: unknown[] }).listeners).toHaveLength(1);

    await app.processEvent(lifecycleEvent('tokens_revoked') as never);
    expect(calls).toEqual(['first', 'second']);
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as { original?: Error }).original ?? errors[0])).toContain('boom');

    await app.processEvent(lifecycleEvent('app_uninstalled') as never);
    expect(calls).toEqual(['first', 'second', 'uninstalled']);
    await app.processEvent(lifecycleEvent('channel_created') as never); // no handler: nothing runs
    expect(calls).toHaveLength(3);
  });
});
