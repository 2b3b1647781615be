/**
 * `/integ …`, answered in the acknowledgement itself (ephemeral), so the reply needs no token and
 * no channel membership. Order: the language (read once: ../language.ts) → `lang …`
 * (../lang-command.ts) → help → deadline/digest commands → the engine.
 * Slack gives up on an acknowledgement after 3 s: when the answer is not ready within ACK_WITHIN_MS
 * (a slow store), the command is acknowledged empty and the answer goes to its response URL.
 */
import type { App, Context } from '@slack/bolt';
import type { Answer } from '../../answer/types.js';
import { answerFallbackText, answerToBlocks, type BlockOptions, type KnownBlock } from '../../render/blocks.js';
import { isDeadlineList, withAddDeadline } from '../../render/deadlines.js';
import { slackToPlain } from '../../render/escape.js';
import { contextRequestId, noteAnswer } from '../../ops/requests.js';
import { ask, helpLang, isHelp, recordGap, type Deps } from '../shared.js';
import { resolveLanguage, vietnameseHint } from '../language.js';
import { parseLangCommand, runLangCommand } from '../lang-command.js';
import { describeError } from '../log.js';
import { markAcknowledged } from './polite.js';

export const COMMAND = '/integ';
/** Past this, acknowledge now and send the answer through the response URL. */
export const ACK_WITHIN_MS = 2000;

export type EphemeralBody = { response_type: 'ephemeral'; blocks: KnownBlock[]; text: string };

/** The ephemeral reply carrying `answer`. */
export function ephemeral(answer: Answer, opts: BlockOptions): EphemeralBody {
  return { response_type: 'ephemeral', blocks: answerToBlocks(answer, opts), text: answerFallbackText(answer) };
}

export function register(app: App, deps: Deps): void {
  app.command(COMMAND, async ({ command, ack, respond, context }) => {
    let acked = false;
    const acknowledge = (body?: Readonly<EphemeralBody>): Promise<void> => {
      acked = true;
      markAcknowledged(context);
      return ack(body);
    };
    // Slack gives up on an acknowledgement after 3 s: past ACK_WITHIN_MS it is sent empty, and the
    // answer goes to the response URL
    const late = setTimeout(() => {
      acknowledge().catch((e: unknown) => deps.logger.debug(`integ: could not acknowledge /integ early: ${describeError(e)}`));
    }, ACK_WITHIN_MS);
    /** The reply: in the acknowledgement when still possible, else through the response URL. */
    const reply = async (body: Readonly<EphemeralBody>): Promise<void> => {
      clearTimeout(late);
      if (acked) await respond({ ...body, replace_original: false });
      else await acknowledge(body);
    };
    try {
      await answerCommand(deps, command, reply, context);
    } finally {
      clearTimeout(late);
    }
  });
}

async function answerCommand(
  deps: Deps,
  command: { text?: string; channel_id: string; user_id: string; team_id?: string },
  reply: (body: Readonly<EphemeralBody>) => Promise<void>,
  context: Context,
): Promise<void> {
  const text = slackToPlain(command.text ?? '').replace(/\s+/g, ' ').trim();
  const asker = { teamId: command.team_id || null, user: command.user_id, channel: command.channel_id };
  const language = await resolveLanguage(deps, asker, { context, hint: vietnameseHint(text), requestId: contextRequestId(context) });

  const langCommand = parseLangCommand(text);
  if (langCommand) {
    const outcome = await runLangCommand(langCommand, asker, language, deps);
    noteAnswer(context, { intent: 'lang', answered: outcome.answered });
    await reply(outcome.body);
    return;
  }

  if (!text || isHelp(text)) {
    const help = deps.engine.help(helpLang(language, text));
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
      lang: language.chosen,
    });
    if (result) {
      noteAnswer(context, result);
      const body = ephemeral(result, { showQuestion: false });
      // a deadline list or reply: "Add deadline" under it, for this channel
      await reply(isDeadlineList(result) ? { ...body, blocks: withAddDeadline(body.blocks, command.channel_id, result.lang) } : body);
      return;
    }
  }

  const answer = await ask(deps, text, { channel: command.channel_id, lang: language.chosen, context, now });
  const clarify = answer.intent === 'clarify';
  const body = ephemeral(answer, { share: answer.answered && !clarify, feedback: !clarify, reask: true });
  await reply(body);
  recordGap(deps, answer, context);
}
