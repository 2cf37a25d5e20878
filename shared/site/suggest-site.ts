/**
 * A site to suggest for an imported account, from its issuer: imported accounts have no bound
 * site, and the user confirms or changes the suggestion before the account fills anywhere.
 */
import { getDomain } from 'tldts';

/** Issuers whose name is not their domain. */
const KNOWN_ISSUERS: Record<string, string> = {
  amazonwebservices: 'aws.amazon.com',
  aws: 'aws.amazon.com',
  microsoft: 'microsoft.com',
  microsoftaccount: 'microsoft.com',
  googleaccount: 'google.com',
  twitter: 'x.com',
  meta: 'facebook.com',
  npm: 'npmjs.com',
  proton: 'proton.me',
  protonmail: 'proton.me',
  twitch: 'twitch.tv',
  zoom: 'zoom.us',
  epicgames: 'epicgames.com',
  playstation: 'playstation.com',
  nintendo: 'nintendo.com',
  ubisoft: 'ubisoft.com',
};

/** A registrable domain suggested for `issuer` ("GitHub" -> "github.com"), or null when there is nothing to go on. */
export function suggestSite(issuer: string): string | null {
  const text = issuer.trim().toLowerCase();
  if (text === '') return null;
  // An issuer that names a domain ("accounts.example.co.uk", "Example (example.org)").
  const domainLike = /[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/.exec(text);
  if (domainLike) {
    const domain = getDomain(domainLike[0]);
    if (domain) return domain;
  }
  const slug = text.replace(/[^a-z0-9]/g, '');
  if (slug === '') return null;
  const known = KNOWN_ISSUERS[slug];
  if (known) return known;
  // A one-word ASCII name ("GitHub") is most often its own .com; anything else is too
  // uncertain to suggest. The user confirms a suggestion before it is used.
  return /^[a-z0-9][a-z0-9-]{1,39}$/.test(text) ? `${text}.com` : null;
}
