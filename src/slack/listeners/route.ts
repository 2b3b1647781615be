/**
 * How integ's listeners reach Bolt: one global middleware that dispatches every command, event
 * and button integ handles to its handlers, instead of a Bolt listener each.
 *
 * Bolt runs every registered listener on every request: for each one an async wrapper, a copy of
 * its middleware list and a copy of all listener arguments per matcher, even when the request is
 * of another kind (a slash command passes through each event listener's `onlyEvents`). Measured
 * with `npm run bench`, each listener cost every request ~7–10 µs of CPU, and a Bolt app with one
 * `app.command` listener spends three middleware calls on a command; the dispatcher spends one.
 *
 * The listener files still register their handlers by kind (`onCommand(app, '/integ', …)`,
 * `onEvent(app, 'app_mention', …)`, `onAction(app, /^integ_/, …)`), and the semantics are Bolt's:
 * it runs after Bolt's built-in global middleware (ignoreSelf), a command is matched by name, an
 * event by type (every handler of a type runs even when another fails), a button by action id
 * (block_actions only); a failure gets the apology (`politely`) and reaches app.error(). A request
 * integ has no handler for goes on to any Bolt listeners (`next()`).
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { politely } from './polite.js';

export type CommandHandler = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;
export type EventHandler<T extends string> = (args: SlackEventMiddlewareArgs<T> & AllMiddlewareArgs) => Promise<void>;
export type ActionHandler = (args: SlackActionMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;

interface Routes {
  commands: Map<string, CommandHandler>;
  events: Map<string, EventHandler<string>[]>;
  actions: { actionId: RegExp; handler: ActionHandler }[];
}

const routing = new WeakMap<App, Routes>();

/** The app's routing table; the first call installs the dispatcher. */
function routesOf(app: App): Routes {
  let routes = routing.get(app);
  if (routes) return routes;
  const table: Routes = { commands: new Map(), events: new Map(), actions: [] };
  routes = table;
  routing.set(app, table);
  app.use(politely((args: AnyMiddlewareArgs & AllMiddlewareArgs) => dispatch(table, args)));
  return table;
}

/** Runs the handlers of the request, or passes it on (`next()`) when integ has none. */
function dispatch(table: Routes, args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const a = args as Partial<{ command: { command?: unknown }; event: { type?: unknown }; action: { action_id?: unknown } }> & { body: { type?: unknown } };
  if (a.command) {
    const handler = typeof a.command.command === 'string' ? table.commands.get(a.command.command) : undefined;
    return handler ? handler(args as never) : args.next();
  }
  if (a.event) {
    const handlers = typeof a.event.type === 'string' ? table.events.get(a.event.type) : undefined;
    return handlers ? runAll(handlers, args) : args.next();
  }
  if (a.action && a.body.type === 'block_actions' && typeof a.action.action_id === 'string') {
    const id = a.action.action_id;
    const route = table.actions.find((r) => r.actionId.test(id));
    return route ? route.handler(args as never) : args.next();
  }
  return args.next();
}

/** Every handler of an event type, even when one fails; the first failure is thrown. */
async function runAll(handlers: EventHandler<string>[], args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const results = await Promise.allSettled(handlers.map((h) => h(args as never)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Adds the handler of a slash command (one per command). */
export function onCommand(app: App, command: string, handler: CommandHandler): void {
  const { commands } = routesOf(app);
  if (commands.has(command)) throw new Error(`integ: ${command} already has a handler`);
  commands.set(command, handler);
}

/** Adds a handler for one event type (`message` for direct messages). */
export function onEvent<T extends string>(app: App, type: T, handler: EventHandler<T>): void {
  const { events } = routesOf(app);
  const list = events.get(type) ?? [];
  list.push(handler as unknown as EventHandler<string>);
  events.set(type, list);
}

/** Adds the handler of the buttons (block_actions) whose action id matches (the first match handles a click). */
export function onAction(app: App, actionId: RegExp, handler: ActionHandler): void {
  routesOf(app).actions.push({ actionId: new RegExp(actionId.source, actionId.flags.replace(/[gy]/g, '')), handler });
}
