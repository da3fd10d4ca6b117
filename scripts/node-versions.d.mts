// Types for scripts/node-versions.mjs (plain JavaScript: scripts/test.mjs runs it before anything is built).
export const ELECTRON_NODE_MAJOR: Record<number, number>;
export function enginesNodeMajor(root: string): number;
export function electronMajor(root: string): number;
export function electronNodeMajor(root: string): number;
export function nodeBinary(root: string, major: number): string;
export function versionOf(bin: string): string | null;
export function ensureNode(root: string, major: number): { bin: string; version: string } | null;
