/**
 * One Bolt listener for every Events API type integ handles. Bolt runs the matchers of every
 * registered listener on every request (a slash command passes through each event listener's
 * `onlyEvents`), so each listener costs every request: measured ~7 µs of CPU a listener a request.
 * The listener files still add their handlers by event type (`onEvent(app, 'app_mention', …)`);
 * the first one registers the single Bolt listener, which calls the handlers of the event's type.
 * As with separate Bolt listeners, every handler of a type runs even when another fails, and a
 * failure gets the apology (`politely`) and reaches app.error().
 */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { politely } from './polite.js';

export type EventHandler<T extends string> = (args: SlackEventMiddlewareArgs<T> & AllMiddlewareArgs) => Promise<void>;

const routes = new WeakMap<App, Map<string, EventHandler<string>[]>>();

/** Adds a handler for one event type (`message` for direct messages). */
export function onEvent<T extends string>(app: App, type: T, handler: EventHandler<T>): void {
  let byType = routes.get(app);
  if (!byType) {
    const table = new Map<string, EventHandler<string>[]>();
    byType = table;
    routes.set(app, table);
    app.event(
      /^[a-z_.]+$/,
      politely<SlackEventMiddlewareArgs<string> & AllMiddlewareArgs>(async (args) => {
        const handlers = table.get(args.event.type);
        if (!handlers) return;
        const results = await Promise.allSettled(handlers.map((h) => h(args as never)));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      }),
    );
  }
  const list = byType.get(type) ?? [];
  list.push(handler as unknown as EventHandler<string>);
  byType.set(type, list);
}
