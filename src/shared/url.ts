/** The web's two schemes: the only links Herald follows, offers or connects to. */
export function isHttpUrl(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/** `text` as an absolute http(s) URL, or null (not a URL, or another scheme). */
export function parseHttpUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return isHttpUrl(url) ? url : null;
}

/** A server as a person names it: host and path, without the scheme or a trailing slash (`ntfy.example.com/sub`). */
export function serverName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}
