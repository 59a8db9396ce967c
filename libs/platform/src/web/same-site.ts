import type { Request } from 'express';

/**
 * Whether the browser says this request came from our own site (a click or form on our pages, or the
 * address typed in): Fetch Metadata's Sec-Fetch-Site is same-origin, same-site or none. A browser too old
 * to send it (or a proxy that strips it) counts as same-site only with a Referer from this very origin;
 * with neither header the answer is no, so a link from elsewhere can never pass for ours.
 */
export function isSameSiteRequest(req: Pick<Request, 'get'>): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'same-site' || site === 'none';
  const referer = req.get('referer');
  if (!referer) return false;
  try {
    return new URL(referer).host === req.get('host');
  } catch {
    return false;
  }
}
