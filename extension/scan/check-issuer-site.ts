/**
 * The phishing check before a scanned account is saved: a QR code that names a well-known
 * service ("GitHub") shown on a site that is not one of that service's domains. Unknown
 * issuers ("Acme Demo" on localhost) never warn: nothing says where they belong.
 */
import { KNOWN_SERVICES, type KnownService } from './known-services';

export type IssuerMismatch = { service: string; site: string; domains: readonly string[] };

const normalise = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const BY_NAME = new Map<string, KnownService>(
  KNOWN_SERVICES.flatMap((service) => [service.name, ...(service.aliases ?? [])].map((name) => [normalise(name), service] as const)),
);

/**
 * The mismatch between the QR's `issuer` and the page's registrable domain `site`, or `null`
 * when there is none to warn about (unknown issuer, or the site is one of its domains).
 * A page without a site (a file, an extension page) warns for any known issuer.
 */
export function checkIssuerSite(issuer: string, site: string | null): IssuerMismatch | null {
  const service = BY_NAME.get(normalise(issuer));
  if (!service) return null;
  const host = (site ?? '').toLowerCase();
  if (service.domains.some((domain) => host === domain || host.endsWith('.' + domain))) return null;
  return { service: service.name, site: site ?? 'this page', domains: service.domains };
}
