import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirSync } from '../../../src/core/base/make-dir';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'herald-mkdir-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('makeDirSync', () => {
  it('creates every missing level, with the mode asked for, and accepts a directory already there', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirSync(deep, 0o700);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(statSync(join(root, 'a')).mode & 0o777).toBe(0o700);
    makeDirSync(deep);
    makeDirSync(root);
  });

  it('refuses a file in the way, as mkdir -p does', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeDirSync(join(root, 'file'))).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => makeDirSync(join(root, 'file', 'below'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // Node's recursive mkdir never returns here (it spins); this must answer with the refusal.
  it.runIf(existsSync('/proc/self'))('answers ENOENT under /proc instead of looping', () => {
    expect(() => makeDirSync(`/proc/herald-test-${process.pid}/data`)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
