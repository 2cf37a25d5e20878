/**
 * Well-known services and the registrable domains they enrol on: the data behind the
 * issuer-vs-site warning. Kept small on purpose: only services whose QR codes name them and
 * that are phished for. An issuer not listed here never causes a warning.
 */

export type KnownService = {
  /** How the service names itself in its QR codes' issuer. */
  name: string;
  /** Other issuer spellings seen in the wild. */
  aliases?: readonly string[];
  /** Registrable domains (eTLD+1) where this service shows its enrolment QR code. */
  domains: readonly string[];
};

export const KNOWN_SERVICES: readonly KnownService[] = [
  { name: 'GitHub', domains: ['github.com'] },
  { name: 'Google', domains: ['google.com'] },
  { name: 'Microsoft', aliases: ['Microsoft Account', 'Azure'], domains: ['microsoft.com', 'live.com', 'microsoftonline.com', 'azure.com'] },
  {
    name: 'Amazon Web Services',
    aliases: ['AWS', 'Amazon', 'AWS SSO'],
    domains: ['amazon.com', 'aws.com', 'amazonaws.com', 'awsapps.com', 'amazon.co.uk', 'amazon.de', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.ca', 'amazon.co.jp', 'amazon.in', 'amazon.com.au', 'amazon.com.br', 'amazon.nl'],
  },
  { name: 'Facebook', aliases: ['Meta'], domains: ['facebook.com', 'meta.com'] },
  { name: 'Instagram', domains: ['instagram.com'] },
  { name: 'Twitter', aliases: ['X'], domains: ['twitter.com', 'x.com'] },
  { name: 'Dropbox', domains: ['dropbox.com'] },
  { name: 'Discord', domains: ['discord.com'] },
  { name: 'Slack', domains: ['slack.com'] },
  { name: 'PayPal', domains: ['paypal.com'] },
  { name: 'Coinbase', domains: ['coinbase.com'] },
  { name: 'Binance', domains: ['binance.com'] },
  { name: 'Cloudflare', domains: ['cloudflare.com'] },
  { name: 'npm', domains: ['npmjs.com'] },
  { name: 'Reddit', domains: ['reddit.com'] },
  { name: 'LinkedIn', domains: ['linkedin.com'] },
  { name: 'Proton', aliases: ['ProtonMail', 'Proton Mail'], domains: ['proton.me', 'protonmail.com'] },
  { name: 'Stripe', domains: ['stripe.com'] },
  { name: 'DigitalOcean', domains: ['digitalocean.com'] },
];
