/** The issuer-vs-site warning: known services on foreign sites warn; unknown issuers never do. */
import { describe, expect, it } from 'vitest';
import { checkIssuerSite } from '../../../extension/scan/check-issuer-site';
import { KNOWN_SERVICES } from '../../../extension/scan/known-services';

describe('checkIssuerSite', () => {
  it.each([
    ['GitHub', 'github.com'],
    ['github', 'github.com'],
    ['Google', 'google.com'],
    ['Microsoft', 'live.com'],
    ['Amazon Web Services', 'amazon.com'],
    ['AWS', 'awsapps.com'],
    ['Amazon', 'amazon.co.uk'],
    ['X', 'x.com'],
    ['Twitter', 'x.com'],
  ])('lets %s on %s through', (issuer, site) => {
    expect(checkIssuerSite(issuer, site)).toBeNull();
  });

  it.each([
    ['Acme Demo', 'localhost'],
    ['Acme Demo', '127.0.0.1'],
    ['GitHub Enterprise', 'git.corp.example'],
    ['', 'example.com'],
  ])('never warns for an issuer it does not know: %j on %s', (issuer, site) => {
    expect(checkIssuerSite(issuer, site)).toBeNull();
  });

  it.each([
    ['GitHub', 'github-security.example', 'GitHub'],
    ['G i t H u b', 'localhost', 'GitHub'],
    ['Google', 'google.com.evil.example', 'Google'],
    ['PayPal', 'paypa1.com', 'PayPal'],
    ['Meta', 'facebook-login.example', 'Facebook'],
  ])('warns for %j on %s, naming %s', (issuer, site, service) => {
    expect(checkIssuerSite(issuer, site)).toMatchObject({ service, site });
  });

  it('warns for a known issuer on a page without a site', () => {
    expect(checkIssuerSite('GitHub', null)).toMatchObject({ service: 'GitHub', site: 'this page' });
  });

  it('keeps the table small, data only, with registrable domains in lower case', () => {
    expect(KNOWN_SERVICES.length).toBeLessThanOrEqual(30);
    for (const service of KNOWN_SERVICES) {
      for (const domain of service.domains) expect(domain).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    }
  });
});
