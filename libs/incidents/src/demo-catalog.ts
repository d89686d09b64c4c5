import type { DependencyKind } from '@rca/catalog';

// The demo workspace's catalog (docs/incidents.md#demo-data), as data: the seed writes it through
// the catalog service, and the web app's dependency-map test lays it out.

/** slug, name, owner team, tier, description */
export const DEMO_SERVICES = [
  ['chat-web', 'Chat web', 'web-platform', 1, 'The browser app at chat.example.com'],
  ['public-api', 'Public API', 'api-platform', 1, 'REST API used by the web app and customers'],
  ['ios-app', 'iOS app', 'mobile', 1, 'Native iOS client'],
  [
    'mobile-gateway',
    'Mobile gateway',
    'mobile',
    1,
    'API gateway for the mobile apps, served through AWS CloudFront',
  ],
  ['notifications', 'Notifications', 'messaging', 2, 'Push and e-mail notifications'],
  ['search', 'Search', 'search', 2, 'Message search and indexing'],
  ['marketing-site', 'Marketing site', 'growth', 3, 'www.example.com, multi-CDN'],
] as const;

/** slug, name, website, status page, component names */
export const DEMO_VENDORS = [
  [
    'cloudflare',
    'Cloudflare',
    'https://www.cloudflare.com',
    'https://www.cloudflarestatus.com',
    ['CDN/Cache', 'DNS', 'WAF', 'Bot Management', 'Workers', 'Access'],
  ],
  [
    'aws',
    'Amazon Web Services',
    'https://aws.amazon.com',
    'https://health.aws.amazon.com/health/status',
    ['CloudFront', 'DynamoDB (us-east-1)', 'EC2 (us-east-1)'],
  ],
  ['fastly', 'Fastly', 'https://www.fastly.com', 'https://www.fastlystatus.com', ['CDN']],
] as const;

/** service slug, target ("service:<slug>" or "<vendor slug>:<component name>"), kind, has a fallback, notes */
export const DEMO_DEPENDENCIES: ReadonlyArray<
  readonly [string, string, DependencyKind, boolean, string?]
> = [
  ['chat-web', 'cloudflare:CDN/Cache', 'cdn', false],
  ['chat-web', 'cloudflare:Bot Management', 'proxy', false],
  ['chat-web', 'service:public-api', 'api', false],
  ['public-api', 'cloudflare:WAF', 'proxy', false],
  ['public-api', 'cloudflare:DNS', 'dns', false],
  ['ios-app', 'service:mobile-gateway', 'api', false],
  ['mobile-gateway', 'aws:CloudFront', 'cdn', false],
  [
    'mobile-gateway',
    'service:notifications',
    'api',
    true,
    'Push is retried later when notifications is down',
  ],
  ['notifications', 'aws:DynamoDB (us-east-1)', 'api', false],
  ['search', 'aws:EC2 (us-east-1)', 'hosting', false],
  ['marketing-site', 'cloudflare:CDN/Cache', 'cdn', true, 'DNS fails over to Fastly'],
  ['marketing-site', 'fastly:CDN', 'cdn', true],
];
