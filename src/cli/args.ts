import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseArgsError, usageError } from './usage-words';
import { isHttpUrl } from '../shared/url';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with our error style: unknown flags and bad values are usage errors. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true }) as Parsed<O>;
  } catch (err) {
    throw parseArgsError(err);
  }
}

export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError('wholeNumber', name, min, max);
  return n;
}

export function numberOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw usageError('number', name, min, max);
  return n;
}

export function urlOption(value: string | undefined, name: string): string {
  if (!value) throw usageError('required', name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError('notUrl', name, value);
  }
  if (!isHttpUrl(url)) throw usageError('notHttp', name);
  return value.replace(/\/+$/, '');
}

export function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw usageError('oneOf', name, allowed.join(', '));
  return value as T;
}
