/**
 * The two small animations the browser prototype Herald grew from had, as Svelte transitions: a new comment
 * fades in (~300 ms) and a like count bumps (scale 1.2 → 1 over 200 ms). Both stand still for readers who ask the
 * OS for reduced motion.
 */
import type { TransitionConfig } from 'svelte/transition';
import { cubicOut } from 'svelte/easing';

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Scale 1.2 → 1; use on an element re-created by `{#key count}`. */
export function bump(_node: Element, { duration = 200 }: { duration?: number } = {}): TransitionConfig {
  return { duration: reducedMotion() ? 0 : duration, easing: cubicOut, css: (t) => `transform: scale(${1 + 0.2 * (1 - t)})` };
}

/** Fade and rise a little, only when `live` (a comment that arrived while reading, not the first load). */
export function commentIn(_node: Element, { live, duration = 300 }: { live: boolean; duration?: number }): TransitionConfig {
  if (!live || reducedMotion()) return { duration: 0 };
  return { duration, easing: cubicOut, css: (t, u) => `opacity: ${t}; transform: translateY(${u * 6}px)` };
}
