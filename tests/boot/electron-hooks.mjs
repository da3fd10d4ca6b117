// Module resolution hook (node:module register): 'electron' → tests/boot/fake-electron.mjs. Everything else resolves
// as usual.
const FAKE = new URL('./fake-electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: FAKE, format: 'module', shortCircuit: true };
  return nextResolve(specifier, context);
}
