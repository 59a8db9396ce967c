import { isSameSiteRequest } from './same-site';

const req = (headers: Record<string, string>) => ({
  get: (name: string) => headers[name.toLowerCase()],
});

describe('isSameSiteRequest', () => {
  it.each(['same-origin', 'same-site', 'none'])('trusts Sec-Fetch-Site: %s', (site) => {
    expect(isSameSiteRequest(req({ 'sec-fetch-site': site, host: 'portal.example' }) as never)).toBe(true);
  });

  it('refuses Sec-Fetch-Site: cross-site, whatever the Referer says', () => {
    const headers = { 'sec-fetch-site': 'cross-site', referer: 'https://portal.example/', host: 'portal.example' };
    expect(isSameSiteRequest(req(headers) as never)).toBe(false);
  });

  it('without Fetch Metadata, trusts only a Referer from the same origin', () => {
    expect(isSameSiteRequest(req({ referer: 'https://portal.example/mypage', host: 'portal.example' }) as never)).toBe(
      true,
    );
    expect(isSameSiteRequest(req({ referer: 'https://evil.example/', host: 'portal.example' }) as never)).toBe(false);
    expect(isSameSiteRequest(req({ referer: 'not a url', host: 'portal.example' }) as never)).toBe(false);
    expect(isSameSiteRequest(req({ host: 'portal.example' }) as never)).toBe(false);
  });
});
