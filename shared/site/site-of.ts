/**
 * Which site a page belongs to: its origin and its registrable domain (the public suffix list,
 * through tldts). Accounts are bound to both; fill policy compares them (README, "Filling
 * codes: what gets filled where"). Pure: usable in the worker, content scripts and tests alike.
 */
import { parse } from 'tldts';

export type SiteBinding = {
  /** `https://accounts.example.com:8443`: scheme, host and port. */
  origin: string;
  /**
   * `example.com`: the registrable domain (private suffixes such as github.io count, so two
   * users' pages there are two sites); the host itself for localhost and IP addresses.
   */
  site: string;
};

/** The binding of an http(s) page, or null for any other URL (extension pages, file:, about:). */
export function siteOf(url: string | URL): SiteBinding | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const host = parsed.hostname;
  if (host === '') return null;
  return { origin: parsed.origin, site: registrableDomain(host) };
}

function registrableDomain(host: string): string {
  if (host === 'localhost' || host.endsWith('.localhost')) return host;
  const info = parse(host, { allowPrivateDomains: true });
  if (info.isIp) return host;
  // Single-label intranet names have no registrable domain: the host stands for itself.
  return info.domain ?? host;
}
