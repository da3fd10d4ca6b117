/**
 * The sandboxed preload (built as CommonJS: out/preload/index.cjs). Exposes exactly `HeraldBridge` as
 * `window.herald`; the renderer never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_NAME } from '../shared/ipc-contract';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_NAME, createBridge(ipcRenderer));
