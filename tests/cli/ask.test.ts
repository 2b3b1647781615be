import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/ask.js';
import { ROOT } from '../../src/paths.js';
import { command, integ } from '../helpers/cli.js';

/** `integ ask <args>` in this process, its output as written (recording no question: see gaps.test.ts). */
async function ask(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => void (out += t), err: (t) => void (err += t) }, { gaps: null });
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

  it('answers every line in the language --lang chooses with --jsonl, and reports it', async () => {
    const questions = ['fdi 2025', 'vốn FDI năm 2025'];
    for (const [args, langs] of [
      [['--lang', 'vi'], ['vi', 'vi']],
      [['--lang', 'en'], ['en', 'en']],
      [[], ['en', 'vi']],
    ] as const) {
      const r = await integ(['ask', '--jsonl', ...args], { input: questions.join('\n') + '\n' });
      expect(r.code).toBe(0);
      const answers = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(answers.map((a) => a.question)).toEqual(questions);
      expect(answers.map((a) => a.lang)).toEqual(langs);
      for (const a of answers) expect(a.text).toContain(a.lang === 'vi' ? '\nNguồn:\n' : '\nSources:\n');
    }
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
    [['fdi', '--explain', '--jsonl'], '--explain and --jsonl cannot be used together'],
    [['fdi 2025', '--jsonl'], '--jsonl reads the questions from stdin: give no question with it'],
    [['fdi 2025', '--lang', 'fr'], '--lang must be vi, en or auto'],
    [['fdi 2025', '--lang', 'VI'], '--lang must be vi, en or auto'],
    [['--jsonl', '--lang', 'vietnamese'], '--lang must be vi, en or auto'],
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

  it('shows how a question was read and its best evidence with --explain', async () => {
    const r = await ask(['who chairs the steering committee in Nghe An 2025?', '--explain']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^question: who chairs the steering committee in Nghe An 2025\?$/m);
    expect(r.out).toMatch(/^ {2}\* entity +\d+(\.\d+)? +\d+ {2}Nghe An$/m); // an essential unit, its weight and how much evidence has it
    expect(r.out).toMatch(/^ {2}years: 2025;/m);
    expect(r.out).toMatch(/^ {2}1\. score \d\.\d{3}, coverage \d\.\d{2}, time fit \d\.\d{2} · (fact [a-z0-9.-]+|sentence) · \d{3}_[0-9a-f]{16}/m);
  });

  it('gives the explanation as JSON with --explain --json: units, constraints and ranked evidence', async () => {
    const r = await ask(['fdi 2025', '--explain', '--json']);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    expect(x.question).toBe('fdi 2025');
    expect(x.units).toContainEqual(expect.objectContaining({ kind: 'concept', label: 'fdi', essential: false }));
    expect(x.constraints.years).toEqual([2025]);
    expect(x.evidence.length).toBeGreaterThan(0);
    const scores = x.evidence.map((e: { score: number }) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const e of x.evidence) expect(e.coverage).toBeGreaterThanOrEqual(0);
  });

  it('shows control characters in the question as escapes in --explain', async () => {
    const r = await ask(['fdi\x1b[2J 2025', '--explain']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/\x1b/);
    expect(r.out).toContain('question: fdi\\x1b[2J 2025');
  });
});

describe('integ ask --lang', () => {
  it('answers an English question in Vietnamese with --lang vi', async () => {
    const json = await ask(['fdi 2025', '--lang', 'vi', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ question: 'fdi 2025', answered: true, lang: 'vi' });
    const text = await ask(['fdi 2025', '--lang', 'vi']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Nguồn:$/m);
    expect(text.out).not.toMatch(/^Sources:$/m);
    expect(text.out).toContain('tỷ USD');
  });

  it('answers a Vietnamese question in English with --lang en', async () => {
    const json = await ask(['vốn FDI năm 2025', '--lang', 'en', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ question: 'vốn FDI năm 2025', answered: true, lang: 'en' });
    const text = await ask(['vốn FDI năm 2025', '--lang', 'en']);
    expect(text.out).toMatch(/^Sources:$/m);
    expect(text.out).not.toMatch(/^Nguồn:$/m);
    expect(text.out).toContain('US$');
  });

  it("answers in the question's language with --lang auto, as without --lang", async () => {
    for (const lang of [[], ['--lang', 'auto']]) {
      for (const [question, expected] of [
        ['fdi 2025', 'en'],
        ['vốn FDI năm 2025', 'vi'],
        ['von fdi nam 2025', 'vi'],
      ]) {
        const r = await ask([question, ...lang, '--json']);
        expect(r.code).toBe(0);
        expect({ question, lang: JSON.parse(r.out).lang }).toEqual({ question, lang: expected });
      }
    }
  });
});

describe('README', () => {
  it('shows what integ ask prints for each example it shows with its output, in English and in Vietnamese', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```sh\nnpm run -s integ -- ask "([^"\n]+)"((?: --[a-z]+(?: [a-z]+)?)*)\n```\n\n```text\n([\s\S]*?)\n```/g)];
    expect(examples.map((m) => m[1])).toEqual(expect.arrayContaining([expect.stringMatching(/^[\x20-\x7e]+$/), expect.stringMatching(/[ốạảệ]/)]));
    for (const [, question, flags, shown] of examples) {
      const r = await ask([question, ...flags.split(' ').filter(Boolean)]);
      expect({ question, code: r.code, out: r.out }).toEqual({ question, code: 0, out: `${shown}\n` });
    }
  });
});
