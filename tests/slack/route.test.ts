import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { onAction, onCommand, onEvent } from '../../src/slack/listeners/route.js';

function newApp() {
  const app = new App({ token: 'xoxb-test', botId: 'B1', botUserId: 'U1', signingSecret: 'secret', tokenVerificationEnabled: false, convoStore: false });
  const errors: unknown[] = [];
  app.error(async (e) => void errors.push(e));
  return { app, errors };
}

const internals = (app: App) => app as unknown as { listeners: unknown[]; middleware: unknown[] };

function lifecycleEvent(type: string) {
  return {
    body: { type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `Ev_${type}`, event_time: 1, event: { type, tokens: { bot: ['B1'] } } },
    ack: async () => undefined,
  };
}

function command(name: string, acks: unknown[]) {
  return {
    body: { command: name, text: 'hi', team_id: 'T1', channel_id: 'C1', user_id: 'U2', trigger_id: '1.2.3', response_url: 'https://hooks.slack.invalid/x' },
    ack: async (r?: unknown) => void acks.push(r ?? null),
  };
}

function click(actionId: string, acks: unknown[]) {
  return {
    body: { type: 'block_actions', team: { id: 'T1' }, user: { id: 'U2' }, trigger_id: '1.2.4', actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: 'v' }] },
    ack: async (r?: unknown) => void acks.push(r ?? null),
  };
}

describe('route', () => {
  it('dispatches commands, events and buttons from one global middleware and registers no Bolt listener', async () => {
    const { app } = newApp();
    const before = internals(app).middleware.length;
    const calls: string[] = [];
    onCommand(app, '/integ', async ({ command, ack }) => {
      calls.push(`command ${command.text}`);
      await ack();
    });
    onEvent(app, 'app_uninstalled', async () => void calls.push('uninstalled'));
    onAction(app, /^integ_/, async ({ action, ack }) => {
      calls.push(`action ${(action as { action_id: string }).action_id}`);
      await ack();
    });
    expect(internals(app).listeners).toHaveLength(0);
    expect(internals(app).middleware).toHaveLength(before + 1);

    const acks: unknown[] = [];
    await app.processEvent(command('/integ', acks) as never);
    await app.processEvent(lifecycleEvent('app_uninstalled') as never);
    await app.processEvent(click('integ_share', acks) as never);
    expect(calls).toEqual(['command hi', 'uninstalled', 'action integ_share']);
    expect(acks).toHaveLength(2);
  });

  it('calls every handler of the event type, even when one fails, passing the failure to app.error', async () => {
    const { app, errors } = newApp();
    const calls: string[] = [];
    onEvent(app, 'tokens_revoked', async () => {
      calls.push('first');
      throw new Error('boom');
    });
    onEvent(app, 'tokens_revoked', async () => void calls.push('second'));
    onEvent(app, 'app_uninstalled', async () => void calls.push('uninstalled'));

    await app.processEvent(lifecycleEvent('tokens_revoked') as never);
    expect(calls).toEqual(['first', 'second']);
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as { original?: Error }).original ?? errors[0])).toContain('boom');

    await app.processEvent(lifecycleEvent('app_uninstalled') as never);
    expect(calls).toEqual(['first', 'second', 'uninstalled']);
    await app.processEvent(lifecycleEvent('channel_created') as never); // no handler: nothing runs
    expect(calls).toHaveLength(3);
  });

  it('passes a request integ has no handler for on to Bolt listeners when the command, event or button is not routed', async () => {
    const { app } = newApp();
    const calls: string[] = [];
    onCommand(app, '/integ', async () => void calls.push('integ'));
    onEvent(app, 'app_mention', async () => void calls.push('mention'));
    onAction(app, /^integ_/, async () => void calls.push('integ button'));
    app.command('/other', async ({ ack }) => {
      calls.push('other command');
      await ack();
    });
    app.event('channel_created', async () => void calls.push('other event'));
    app.action('not_integ', async ({ ack }) => {
      calls.push('other button');
      await ack();
    });

    const acks: unknown[] = [];
    await app.processEvent(command('/other', acks) as never);
    await app.processEvent(lifecycleEvent('channel_created') as never);
    await app.processEvent(click('not_integ', acks) as never);
    expect(calls).toEqual(['other command', 'other event', 'other button']);
    expect(() => onCommand(app, '/integ', async () => undefined)).toThrow(/already has a handler/);
  });
});
