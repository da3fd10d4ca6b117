import '@testing-library/jest-dom/vitest';

/**
 * jsdom has no Web Animations API, which Svelte 5 transitions use. This stand-in finishes each animation on the
 * next task and records its keyframes, so tests can assert *which* animation ran (a like count's bump, a
 * comment's fade) without a layout engine.
 */
export interface RecordedAnimation {
  element: Element;
  keyframes: Keyframe[];
  duration: number;
}
declare global {
  var __animations: RecordedAnimation[];
}
globalThis.__animations = [];

Element.prototype.animate = function animate(this: Element, keyframes: Keyframe[] | PropertyIndexedKeyframes | null, options?: number | KeyframeAnimationOptions) {
  const duration = typeof options === 'number' ? options : Number(options?.duration ?? 0);
  const frames = Array.isArray(keyframes) ? keyframes : [];
  if (frames.length > 0) globalThis.__animations.push({ element: this, keyframes: frames, duration });
  const animation = {
    onfinish: null as null | (() => void),
    currentTime: 0,
    playState: 'running',
    effect: null,
    cancel(): void {
      animation.playState = 'idle';
    },
  };
  setTimeout(() => {
    animation.playState = 'finished';
    animation.onfinish?.();
  }, 0);
  return animation as unknown as Animation;
};
Element.prototype.getAnimations = function getAnimations() {
  return [];
};

/** jsdom has no layout, so nothing ever resizes: `bind:clientHeight` just keeps its first value (0). */
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
} as unknown as typeof ResizeObserver;

beforeEach(() => {
  globalThis.__animations = [];
});
