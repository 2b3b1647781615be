/**
 * `/integ …`, answered in the acknowledgement itself (ephemeral), so the reply needs no token and
 * no channel membership. Order: help → deadline/digest commands → the engine.
 */
import type { App } from '@slack/bolt';
import type { Answer } from '../../answer/types.js';
import { answerFallbackText, answerToBlocks, type BlockOptions } from '../../render/blocks.js';
import { slackToPlain } from '../../render/escape.js';
import { ask, isHelp, recordGap, type Deps } from '../shared.js';

export const COMMAND = '/integ';

export function ephemeral(answer: Answer, opts: BlockOptions) {
  return { response_type: 'ephemeral' as const, blocks: answerToBlocks(answer, opts), text: answerFallbackText(answer) };
}

export function register(app: App, deps: Deps): void {
  app.command(COMMAND, async ({ command, ack }) => {
    const text = slackToPlain(command.text ?? '').replace(/\s+/g, ' ').trim();

    if (!text || isHelp(text)) {
      await ack(ephemeral(deps.engine.help(), { showQuestion: false }));
      return;
    }

    const handleCommand = await deps.commands();
    if (handleCommand) {
      const result = await handleCommand(text, {
        channel: command.channel_id,
        user: command.user_id,
        teamId: command.team_id || null,
        store: deps.store,
        now: deps.now(),
        tz: deps.config.tz,
        kb: Array.isArray(deps.engine.kb?.facts) ? deps.engine.kb : null,
      });
      if (result) {
        await ack(ephemeral(result, { showQuestion: false }));
        return;
      }
    }

    const answer = await ask(deps, text, { channel: command.channel_id });
    const clarify = answer.intent === 'clarify';
    await ack(ephemeral(answer, { share: answer.answered && !clarify, feedback: !clarify }));
    await recordGap(deps, answer);
  });
}
