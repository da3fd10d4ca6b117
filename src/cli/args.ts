import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';
import { isHttpUrl } from '../shared/url';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with our error style: unknown flags and bad values are usage errors. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true }) as Parsed<O>;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export function numberOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
  return n;
}

export function urlOption(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`--${name} is required (e.g. --${name} http://127.0.0.1:8787)`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${name} is not a URL: ${value}`);
  }
  if (!isHttpUrl(url)) throw new UsageError(`--${name} must be an http(s) URL`);
  return value.replace(/\/+$/, '');
}

export function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}
