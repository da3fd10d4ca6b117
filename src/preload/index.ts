import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('herald', {});
