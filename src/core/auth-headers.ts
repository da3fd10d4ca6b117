/**
 * Credentials as request headers, the one rule for every source and the CLI: an access token as `Bearer` (Herald,
 * ntfy), user + password as `Basic` (ntfy; an Nchan server behind nginx auth_basic or nchan_authorize_request takes
 * the same headers).
 */
import type { SourceConfig } from './source';

export function authHeaders(config: Pick<SourceConfig, 'token' | 'username' | 'password'>): Record<string, string> {
  if (config.token) return { Authorization: `Bearer ${config.token}` };
  if (config.username !== undefined && config.username !== '') {
    return { Authorization: `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}` };
  }
  return {};
}
