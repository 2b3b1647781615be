/**
 * Every command's arguments, read the same way with `node:util` `parseArgs` in strict mode:
 * - `-h` / `--help` prints the command's usage on stdout and exits 0 (whatever else is typed);
 * - an unknown option, an option without its value, a value given to a flag, an argument the
 *   command does not take, a missing argument or two options that exclude each other print ONE line
 *   `integ <command>: <reason>` and the command's usage on stderr, and exit 2;
 * - nothing is printed on stdout unless the command succeeds, so `--json` output stays JSON.
 * Exit codes of every command: 0 done, 1 failed, 2 usage error (see README).
 */
import { parseArgs } from 'node:util';
import type { Lang } from '../answer/types.js';
import { inert } from '../render/terminal.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec>> {
  /** As typed after `integ`: "ask", "kb check". */
  name: string;
  /** Printed for --help (stdout) and after a usage error (stderr). */
  usage: string;
  options: O;
  /** The positional arguments it takes: how many, and how the usage names them (default: none). */
  positionals?: { min: number; max: number; name: string };
  /** Options that cannot be given together. */
  conflicts?: [keyof O & string, keyof O & string][];
}

/** A command's spec, its option names and types kept for the parsed values' type. */
export function command<const O extends Record<string, OptionSpec>>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

export type Values<O extends Record<string, OptionSpec>> = { [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean };

export interface Parsed<O extends Record<string, OptionSpec>> {
  values: Values<O>;
  positionals: string[];
}

/** Where a command writes (default: the process's stdout and stderr; tests pass their own). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** Prints `integ <name>: <reason>` (one line, whatever the user typed) and the usage on stderr; returns 2. */
export function usageError(spec: Pick<CommandSpec<Record<string, OptionSpec>>, 'name' | 'usage'>, reason: string, io: Output = processOutput): number {
  io.err(`integ ${spec.name}: ${inert(reason)}\n\n${spec.usage}`);
  return EXIT_USAGE;
}

/** The command's options and positionals, or the exit code when it must stop here (help: 0, usage error: 2). */
export function parseCommand<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, args: string[], io: Output = processOutput): Parsed<O> | number {
  const asksHelp = (): boolean => {
    const end = args.indexOf('--');
    return (end < 0 ? args : args.slice(0, end)).some((a) => a === '-h' || a === '--help');
  };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: (spec.positionals?.max ?? 0) > 0,
    });
  } catch (e) {
    if (asksHelp()) return help(spec, io);
    return usageError(spec, reasonOf(e), io);
  }
  if (parsed.values.help) return help(spec, io);
  const { positionals } = parsed;
  const p = spec.positionals ?? { min: 0, max: 0, name: '' };
  if (positionals.length < p.min) return usageError(spec, `missing ${p.name}`, io);
  if (positionals.length > p.max) return usageError(spec, `unexpected argument "${positionals[p.max]}"`, io);
  for (const [name, v] of Object.entries(parsed.values)) if (v === '') return usageError(spec, `--${name} needs a value`, io);
  const values = parsed.values as Values<O>;
  for (const [a, b] of spec.conflicts ?? []) {
    if (values[a] !== undefined && values[b] !== undefined) return usageError(spec, `--${a} and --${b} cannot be used together`, io);
  }
  return { values, positionals };
}

function help(spec: { usage: string }, io: Output): number {
  io.out(spec.usage);
  return EXIT_OK;
}

/** parseArgs's error as a short reason naming the option (its messages vary across Node versions). */
function reasonOf(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string }).code;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = /--[^\s<=,']+/.exec(quoted)?.[0] ?? quoted;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `${option} takes no value`;
      if (/ambiguous/.test(message)) return `${option} needs a value (write ${option}=VALUE for a value that starts with "-")`;
      return `${option} needs a value`;
    default:
      return message.split('\n')[0];
  }
}

/** An ISO date or instant (for --now); null when it is not one. */
export function parseNow(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * `--lang vi|en|auto`, read the same way by every command that takes it: the language chosen, null
 * for `auto` or no option (the command's own rule decides: ask follows the question), or exit code
 * 2 after a usage error naming the values it takes. Only those exact words are taken, as with every
 * other option.
 */
export function langOption(spec: Pick<CommandSpec<Record<string, OptionSpec>>, 'name' | 'usage'>, value: string | undefined, io: Output = processOutput): Lang | null | number {
  if (value === undefined || value === 'auto') return null;
  if (value === 'vi' || value === 'en') return value;
  return usageError(spec, '--lang must be vi, en or auto', io);
}
