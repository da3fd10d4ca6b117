/**
 * Remote images reach the window only through main, for sources the user allowed (Settings → Images):
 * `remote-image?source=ID&item=ITEM&url=URL` on the app's own origin. Main checks the permission, that the URL is one
 * that item carries, and the answer's type and size (src/main/remote-image.ts). The CSP stays `img-src 'self'`.
 * The item is named so that main reads one item's Markdown per request, not every item of the source.
 */
import type { InboxItem } from './inbox';
import { markdownImageUrls } from './markdown/images';
import { parseHttpUrl } from './url';

export const REMOTE_IMAGE_PATH = '/remote-image';

/** The window's address for one image of one item (relative: it resolves on the app's own origin). */
export function remoteImageSrc(sourceId: string, itemId: string, url: string): string {
  return `.${REMOTE_IMAGE_PATH}?${new URLSearchParams({ source: sourceId, item: itemId, url }).toString()}`;
}

/**
 * The image URLs an item carries, from its structured fields only: its icon, its attachment, and the destinations of
 * the images in a Markdown body — never any other text of the body. Normalised (WHATWG `href`), as the window asks.
 */
export function carriedImageUrls(item: Pick<InboxItem, 'icon' | 'attachment' | 'body' | 'markdown'>): Set<string> {
  const urls = new Set<string>();
  const add = (text: string | undefined): void => {
    const url = text === undefined ? null : parseHttpUrl(text);
    if (url) urls.add(url.href);
  };
  add(item.icon);
  add(item.attachment?.url);
  if (item.markdown === true) for (const destination of imagesOfBody(item.body)) add(destination);
  return urls;
}

/**
 * A body with many images is asked about once per image, and the inbox hands out fresh item objects whenever it
 * changes: remembering the last bodies read keeps a request's cost at a lookup instead of a parse of the body.
 */
const MEMO_BODIES = 2048;
const memo = new Map<string, readonly string[]>();

function imagesOfBody(body: string): readonly string[] {
  const known = memo.get(body);
  if (known !== undefined) return known;
  const urls = markdownImageUrls(body);
  if (memo.size >= MEMO_BODIES) memo.delete(memo.keys().next().value!);
  memo.set(body, urls);
  return urls;
}
