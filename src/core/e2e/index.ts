/**
 * End-to-end encryption (issue 22): ntfy's JWE scheme and Herald's own envelope. The server relays what it cannot
 * read; Herald opens it with the source's keys (SourceConfig.e2eKeys) and otherwise keeps it sealed.
 */
export { generateHeraldKey, generatePassphraseKey, parseKeyString, keyIdOf, KEY_PREFIX, type ParsedKey, type KeyStringError } from './keys';
