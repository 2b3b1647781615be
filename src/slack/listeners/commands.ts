/**
 * `/integ …`, answered in the acknowledgement itself (ephemeral), so the reply needs no token and
 * no channel membership. Order: a question asked lately (RecentReplies) → help → deadline/digest
 * commands → the engine.
 * Slack gives up on an acknowledgement after 3 s: when the answer is not ready within ACK_WITHIN_MS
 * (a slow store), the command is acknowledged empty and the answer goes to its response URL.
 */
import type { App } from '@slack/bolt';
import type { Answer } from '../../answer/types.js';
import { answerFallbackText, answerToBlocks, type BlockOptions, type KnownBlock } from '../../render/blocks.js';
import { slackToPlain } from '../../render/escape.js';
import { noteAnswer } from '../../ops/requests.js';
import { ask, isHelp, recordGap, type Deps } from '../shared.js';
import { onCommand } from './route.js';

export const COMMAND = '/integ';
/** Past this, acknowledge now and send the answer through the response URL. */
export const ACK_WITHIN_MS = 2000;

export type EphemeralBody = { response_type: 'ephemeral'; blocks: KnownBlock[]; text: string };

/** The ephemeral reply carrying `answer`. */
export function ephemeral(answer: Answer, opts: BlockOptions): EphemeralBody {
  return { response_type: 'ephemeral', blocks: answerToBlocks(answer, opts), text: answerFallbackText(answer) };
}

/**
 * Commands not acknowledged yet. One watchdog checks them ten times a second (and stops when none
 * is left) instead of a timer per command: a command is acknowledged empty 2.0–2.1 s after it came.
 */
const unacked = new Set<{ since: number; ackEmpty: () => void }>();
let watchdog: NodeJS.Timeout | null = null;

function watch(entry: { since: number; ackEmpty: () => void }): () => void {
  unacked.add(entry);
  if (!watchdog) {
    watchdog = setInterval(() => {
      const now = performance.now();
      for (const e of unacked) {
        if (now - e.since < ACK_WITHIN_MS) continue;
        unacked.delete(e);
        e.ackEmpty();
      }
      if (!unacked.size && watchdog) {
        clearInterval(watchdog);
        watchdog = null;
      }
    }, 100);
    watchdog.unref();
  }
  return () => void unacked.delete(entry);
}

export function register(app: App, deps: Deps): void {
  onCommand(app, COMMAND, async ({ command, ack: ackNow, respond, context }) => {
    let acked = false;
    const unwatch = watch({
      since: performance.now(),
      ackEmpty: () => {
        if (acked) return;
        acked = true;
        ackNow().catch((e: unknown) => deps.logger.debug(`integ: could not acknowledge /integ early: ${String(e)}`));
      },
    });
    /** The reply: in the acknowledgement when still possible, else through the response URL. */
    const reply = async (body: Readonly<EphemeralBody>): Promise<void> => {
      unwatch();
      if (acked) {
        await respond({ ...body, replace_original: false });
        return;
      }
      acked = true;
      await ackNow(body);
    };
    try {
      await answerCommand(deps, command, reply, context);
    } finally {
      unwatch();
    }
  });
}

async function answerCommand(
  deps: Deps,
  command: { text?: string; channel_id: string; user_id: string; team_id?: string },
  reply: (body: Readonly<EphemeralBody>) => Promise<void>,
  context: unknown,
): Promise<void> {
  const text = slackToPlain(command.text ?? '').replace(/\s+/g, ' ').trim();

  if (!text || isHelp(text)) {
    const help = deps.engine.help();
    noteAnswer(context, help);
    await reply(ephemeral(help, { showQuestion: false }));
    return;
  }

  const now = deps.now();
  const handleCommand = deps.commands;
  if (handleCommand) {
    const result = await handleCommand(text, {
      channel: command.channel_id,
      user: command.user_id,
      teamId: command.team_id || null,
      store: deps.store,
      now,
      tz: deps.config.tz,
      kb: Array.isArray(deps.engine.kb?.facts) ? deps.engine.kb : null,
    });
    if (result) {
      noteAnswer(context, result);
      await reply(ephemeral(result, { showQuestion: false }));
      return;
    }
  }

  const answer = await ask(deps, text, { channel: command.channel_id, context, now });
  const clarify = answer.intent === 'clarify';
  const body = ephemeral(answer, { share: answer.answered && !clarify, feedback: !clarify });
  await reply(body);
  recordGap(deps, answer, context);
}
