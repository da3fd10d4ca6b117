/** The fake's state: knobs a test sets, what it knows at run time, and the record of every call. */
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';

/** Knobs a test sets, and what the fake knows at run time. */
export const fake = defaults();

function defaults() {
  return {
    /** Every call, in order. */
    records: [],
    /** Also called with each record (the boot test appends them to a file). */
    sink: null,
    /** A completed quit or app.exit: the boot test ends the process; unit tests only record it. */
    exit: null,
    userData: tmpdir(),
    appPath: '/opt/herald',
    packaged: true,
    locale: 'en-US',
    singleInstance: true,
    online: true,
    encryption: true,
    storageBackend: 'gnome_libsecret',
    notificationsSupported: true,
    /** Accelerators another app holds: registering them fails. */
    takenShortcuts: [],
    /** Emit 'ready-to-show' after a window loads, as Electron does. */
    readyToShowOnLoad: true,
    ready: false,
    appEvents: new EventEmitter(),
    ipcHandlers: new Map(),
    appProtocol: null,
    /** The page the main window loaded: IPC from it counts as "our own frame". */
    loadedUrl: null,
    mainContents: null,
    /** What the preload's ipcRenderer.invoke answers. */
    rendererInvoke: null,
    /** What the save dialog answers: a path, or null for "cancelled". */
    savePath: null,
    /** What the open dialog answers: a path, or null (the user cancelled). */
    openPath: null,
    /** What shell.openPath answers: '' (opened) or an error message. */
    openPathError: '',
  };
}

export function record(t, data = {}) {
  const entry = { t, at: Date.now(), ...data };
  fake.records.push(entry);
  fake.sink?.(entry);
  return entry;
}

/** The records of one kind of call, in order. */
export function calls(t) {
  return fake.records.filter((r) => r.t === t);
}

const resets = [];
/** Each part of the fake says how it starts afresh. */
export function onReset(fn) {
  resets.push(fn);
}

export function resetElectron() {
  fake.appEvents.removeAllListeners();
  Object.assign(fake, defaults());
  for (const reset of resets) reset();
}

/** An Electron-style event whose handler may call preventDefault. */
export const preventable = () => {
  let prevented = false;
  return { event: { preventDefault: () => (prevented = true) }, prevented: () => prevented };
};
