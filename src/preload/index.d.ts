/** What the preload puts on `window` (the renderer's tsconfig includes this file). */
import type { HeraldBridge } from '../shared/ipc-contract';

declare global {
  interface Window {
    herald: HeraldBridge;
  }
}

export {};
