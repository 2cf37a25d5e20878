/** Site binding: origin plus registrable domain, with the host standing in for localhost and IPs. */
import { describe, expect, it } from 'vitest';
import { siteOf } from '../../../shared/site/site-of';

describe('siteOf', () => {
  it.each([
    ['https://accounts.example.com/settings', 'https://accounts.example.com', 'example.com'],
    ['https://a.b.example.co.uk:8443/x?y#z', 'https://a.b.example.co.uk:8443', 'example.co.uk'],
    ['http://localhost:3000/login', 'http://localhost:3000', 'localhost'],
    ['http://app.localhost:5173/', 'http://app.localhost:5173', 'app.localhost'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080', '127.0.0.1'],
    ['http://[::1]:3000/', 'http://[::1]:3000', '[::1]'],
    ['https://alice.github.io/app', 'https://alice.github.io', 'alice.github.io'],
    ['https://intranet/', 'https://intranet', 'intranet'],
    ['https://BÜCHER.example/', 'https://xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('%s -> %s, %s', (url, origin, site) => {
    expect(siteOf(url)).toEqual({ origin, site });
  });

  it('keeps two users of one private suffix apart', () => {
    expect(siteOf('https://alice.github.io/')!.site).not.toBe(siteOf('https://mallory.github.io/')!.site);
  });

  it.each(['chrome-extension://abc/popup.html', 'file:///tmp/x.html', 'about:blank', 'data:text/html,hi', 'not a url', ''])('has no site for %s', (url) => {
    expect(siteOf(url)).toBeNull();
  });
});
