/**
 * Remote images reach the window only through main, for sources the user allowed (Settings → Images):
 * `remote-image?source=ID&url=URL` on the app's own origin. Main checks the permission, that the URL is one the
 * source's items carry, and the answer's type and size (src/main/remote-image.ts). The CSP stays `img-src 'self'`.
 */
export const REMOTE_IMAGE_PATH = '/remote-image';

/** The window's address for one image (relative: it resolves on the app's own origin). */
export function remoteImageSrc(sourceId: string, url: string): string {
  return `.${REMOTE_IMAGE_PATH}?${new URLSearchParams({ source: sourceId, url }).toString()}`;
}
