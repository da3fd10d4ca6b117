/** Layout checks run in the page: what spills out of its box or out of the window, and what is off-screen. */
import type { Page } from 'playwright-core';

/**
 * Elements whose content sticks out of them (overflow visible) or makes them scroll sideways (overflow auto), and a
 * window that scrolls sideways. Each finding names the element and by how many pixels.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const name = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) out.push('window scrolls sideways by ' + (doc.scrollWidth - window.innerWidth) + 'px');
    for (const el of document.querySelectorAll('#app *')) {
      const cs = getComputedStyle(el);
      if (cs.display === 'inline' || cs.display === 'contents' || cs.display === 'none' || el.clientWidth === 0) continue;
      if (el.closest('.sr-only')) continue;
      const extra = el.scrollWidth - el.clientWidth;
      if (extra <= 1) continue;
      if (cs.overflowX === 'visible') out.push(name(el) + ' spills ' + extra + 'px');
      else if (cs.overflowX === 'auto' || cs.overflowX === 'scroll') out.push(name(el) + ' scrolls sideways by ' + extra + 'px');
    }
    return out;
  })()`);
}

/** True when the element is fully inside the window (not pushed off the side, not zero-sized). */
export async function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
  })()`);
}
