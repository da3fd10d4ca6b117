// `node --import ./tests/boot/register.mjs out/main/index.js`: resolve the bare specifier 'electron' (from the app
// and from electron-store) to the recording stand-in next to this file.
import { register } from 'node:module';

register('./electron-hooks.mjs', import.meta.url);
