/**
 * What checking an image request costs main: at most the Markdown of the item whose image it is, however many other
 * Markdown items the source holds. The check used to ask every item of the source, newest first, through a memo of
 * 2 048 bodies: a publisher with more Markdown items than that made each image request of an older item read them
 * all again (the memo emptied itself in a cycle), a long stall of main for every image the window showed.
 */
import { createRemoteImageLoader } from '../../src/main/remote-image';
import { remoteImageSrc } from '../../src/shared/remote-image';
import { markdownWork } from '../../src/shared/markdown/markdown';
import { Egress } from '../../src/core/egress/egress';
import type { InboxItem } from '../../src/shared/inbox';

const ITEMS = 3000;
const item = (n: number, body: string): InboxItem => ({ key: `pub/${n}`, sourceId: 'pub', itemId: `${n}`, title: `t${n}`, body, markdown: true, priority: 3, time: '2026-12-07T08:00:00.000Z', read: false }) as InboxItem;

it('an image request reads the Markdown of its own item only, however many Markdown items the source holds', async () => {
  const image = 'http://img.test/chart.png';
  const oldest = item(0, `Chart: ![chart](${image})`);
  // Newest first, as the inbox lists them: a flood of distinct Markdown bodies published after the item shown.
  const items = [...Array.from({ length: ITEMS }, (_, i) => item(ITEMS - i, `**flood ${ITEMS - i}** ${'*x* '.repeat(100)}`)), oldest];
  const loader = createRemoteImageLoader({
    allowed: () => true,
    item: (sourceId, itemId) => items.find((i) => i.sourceId === sourceId && i.itemId === itemId),
    sourceAddress: () => undefined,
    // Every name is unknown: nothing is fetched, the check before it is what is measured.
    egress: new Egress({ resolve: async () => [] }),
  });
  const request = new URL(remoteImageSrc('pub', oldest.itemId, image), 'app://herald/');
  await loader(request);
  const before = markdownWork();
  for (let i = 0; i < 3; i++) expect((await loader(request)).status).toBe(502);
  // Three more requests: at most three readings of the item's own body, nothing of the flood.
  expect(markdownWork() - before).toBeLessThanOrEqual(3 * 60 * oldest.body.length);
});
