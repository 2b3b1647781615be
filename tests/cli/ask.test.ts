import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/ask.js';
import { command, integ } from '../helpers/cli.js';

/** `integ ask <args>` in this process, its output as written. */
async function ask(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('integ ask (run as a process)', () => {
  it('prints only the answer as JSON with --json', async () => {
    const r = await integ(['ask', 'fdi 2025', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ question: 'fdi 2025', answered: true });
  });

  it('prints one JSON answer a line, in order, for each line of stdin with --jsonl', async () => {
    const questions = ['fdi 2025', 'who chairs the steering committee?', 'zzzz qqqq'];
    const r = await integ(['ask', '--jsonl'], { input: questions.join('\n') + '\n' });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).question)).toEqual(questions);
  });

  it('prints only JSON lines through `npm run --silent integ -- ask --jsonl`, as the evaluation tool runs it', async () => {
    const r = await command('npm', ['run', '--silent', 'integ', '--', 'ask', '--jsonl'], { input: 'fdi 2025\napec\n' });
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).question)).toEqual(['fdi 2025', 'apec']);
  });

  it('prints only JSON through `npm run -s integ -- ask … --json`, as README shows it', async () => {
    const r = await command('npm', ['run', '-s', 'integ', '--', 'ask', 'fdi 2025', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).question).toBe('fdi 2025');
  });
});

describe('integ ask', () => {
  it.each([
    [['fdi', '--json', '--jsonl'], '--json and --jsonl cannot be used together'],
    [['fdi 2025', '--jsonl'], '--jsonl reads the questions from stdin: give no question with it'],
  ])('exits 2 with a usage error for %j', async (args, reason) => {
    const r = await ask(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toBe(`integ ask: ${reason}`);
  });

  it('answers a question typed as several words', async () => {
    const r = await ask(['fdi', '2025', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).question).toBe('fdi 2025');
  });
});
