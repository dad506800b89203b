/**
 * The published privacy policy (shared/privacy-policy.txt), promise by promise: the code that keeps each one
 * and the test that fails if it is broken. Where software alone cannot keep a promise, `operator` says what the
 * software provides toward it and what whoever runs the hub must do. policy-map.spec.ts checks that every
 * numbered section is covered and that every file and test named here exists.
 */
export interface PolicyRow {
  section: number;
  promise: string;
  enforcedBy: string[];
  provenBy: Array<{ file: string; test: string }>;
  operator?: string;
}

const ISOLATION = {
  file: 'tests/privacy/owner-isolation.e2e-spec.ts',
  test: "lets no route leak or change another owner's data, with a stranger's session or API key",
};
const NO_EGRESS = {
  file: 'tests/privacy/analytics-and-logs.e2e-spec.ts',
  test: 'sends nothing anywhere but the local database and queue while tagging',
};
const AT_REST = {
  file: 'tests/privacy/at-rest.e2e-spec.ts',
  test: 'keeps no JPEG signature and no plaintext of the result on disk or in the database',
};
const IN_BUCKET = {
  file: 'tests/privacy/s3-blobs.e2e-spec.ts',
  test: 'stores only ciphertext in the bucket, serves the image back, and deletes it with the account',
};
const TAMPER = {
  file: 'tests/privacy/at-rest.e2e-spec.ts',
  test: 'fails loudly when one byte of a stored image is altered',
};
const EXPORT = {
  file: 'tests/privacy/account.e2e-spec.ts',
  test: "exports a zip of the owner's images (decrypted), results, settings, usage and security log",
};
const DELETE_ACCOUNT = {
  file: 'tests/privacy/account.e2e-spec.ts',
  test: 'deletes an account and proves nothing of it remains in any table or on disk',
};
const DELETE_IMAGE = {
  file: 'tests/hub/images.e2e-spec.ts',
  test: 'lets the owner delete the image, its result and its bytes',
};
const AFTER_PROCESSING = {
  file: 'tests/privacy/retention.e2e-spec.ts',
  test: 'with "delete after processing", the bytes are gone once the job ends and the result stays',
};
const ONE_DAY = {
  file: 'tests/privacy/retention.e2e-spec.ts',
  test: 'with "1 day", the bytes survive the first day and are deleted once the clock passes it',
};
const NOT_BACK = {
  file: 'tests/privacy/retention.e2e-spec.ts',
  test: 'does not bring deleted data back after a restart',
};
const NEW_SETTING = {
  file: 'tests/privacy/retention.e2e-spec.ts',
  test: 'applies a new retention setting to images already stored',
};
const API_EPHEMERAL = {
  file: 'tests/hub/images.e2e-spec.ts',
  test: 'keeps API uploads ephemeral by default: the result stays, the bytes are gone',
};
const API_RESULT_PERIOD = {
  file: 'tests/privacy/retention.e2e-spec.ts',
  test: 'keeps only the result of an API upload (store=false), and only for the retention period',
};
const ANALYTICS = {
  file: 'tests/privacy/analytics-and-logs.e2e-spec.ts',
  test: 'stores analytics only as counts per feature per day, and not at all for owners who opted out',
};
const USAGE_LOG = {
  file: 'tests/privacy/analytics-and-logs.e2e-spec.ts',
  test: 'logs API requests for billing with route, status, key and bytes only, and lets the logs expire',
};
const LOGS = {
  file: 'tests/privacy/analytics-and-logs.e2e-spec.ts',
  test: 'never contain passwords, API keys, session tokens or image bytes',
};
const AUDIT = {
  file: 'tests/privacy/account.e2e-spec.ts',
  test: 'shows the owner a security log of sign-ins, API keys, privacy changes and exports',
};
const COOKIE = { file: 'tests/hub/images.e2e-spec.ts', test: 'sets the session cookie httpOnly and SameSite' };
const REVOKED = {
  file: 'tests/hub/images.e2e-spec.ts',
  test: 'refuses a revoked API key, and shows when the key was last used',
};
const KEY_HASH = {
  file: 'libs/privacy/src/secrets.spec.ts',
  test: 'hashes secrets deterministically without keeping the secret',
};
const PASSWORDS = { file: 'tests/hub/images.e2e-spec.ts', test: 'refuses a wrong password and a taken email' };
const API_RATE = {
  file: 'tests/privacy/rate-limit.e2e-spec.ts',
  test: 'limits requests per API key with RateLimit headers, and tells when to retry',
};
const LOGIN_RATE = {
  file: 'tests/privacy/rate-limit.e2e-spec.ts',
  test: 'refuses more than the budget of login attempts per address',
};
const SIGNED_INGRESS = {
  file: 'tests/security/signed-ingress.e2e-spec.ts',
  test: '%s refuses a replayed %s sent as %s, and nothing changes',
};
const FORGED_UNINSTALL = {
  file: 'tests/security/signed-ingress.e2e-spec.ts',
  test: "refuses the review's attack: another shop's OAuth query HMAC posted as a form with app/uninstalled, naming the victim shop",
};
const SHOP_FROM_SIGNED_PAYLOAD = {
  file: 'tests/security/signed-ingress.e2e-spec.ts',
  test: "refuses a webhook genuinely signed for one shop but sent under another shop's domain, for every shop-level topic",
};
const CROSS_SITE = { file: 'tests/security/cross-site.e2e-spec.ts', test: '%s refuses %s, and nothing changes' };
const SAME_SITE_WORKS = {
  file: 'tests/security/cross-site.e2e-spec.ts',
  test: "accepts the same requests from the hub's own pages and from a configured dashboard origin",
};
const API_KEY_ANY_ORIGIN = {
  file: 'tests/security/cross-site.e2e-spec.ts',
  test: "accepts an API key from any origin (the Figma plugin's iframe is Origin: null) and a cookie from a program that sends no Origin",
};
const CHILD = {
  file: 'tests/privacy/account.e2e-spec.ts',
  test: "lets the operator delete a child's account at once, recording only that it happened",
};
const CHILD_COMMAND = {
  file: 'tests/privacy/account.e2e-spec.ts',
  test: 'offers the child deletion as an operator command',
};
const MODEL_CHECKSUM = {
  file: 'libs/tagging/src/models/model-store.spec.ts',
  test: 'refuses a file whose sha256 differs, naming both digests',
};
const SHOP_REDACT = {
  file: 'tests/shopify/shopify.e2e-spec.ts',
  test: 'answers the customer compliance topics and deletes everything of a shop on shop/redact',
};
const SLACK_EPHEMERAL = {
  file: 'tests/slack/slack.e2e-spec.ts',
  test: "acks a signed /tag <url> before tagging, then posts the real engine's alt text to response_url",
};
const SLACK_TOKEN_SEALED = {
  file: 'tests/slack/slack.e2e-spec.ts',
  test: 'installs from a signed-in session with the narrowest scopes and keeps the bot token sealed',
};
const DRIVE_TOKEN_SEALED = {
  file: 'tests/google-drive/google-drive.e2e-spec.ts',
  test: 'connects a Google account through the OAuth web-server flow and keeps its tokens sealed',
};
const SHOPIFY_TOKEN_SEALED = {
  file: 'tests/shopify/shopify.e2e-spec.ts',
  test: 'installs by the OAuth code flow from a signed-in session and keeps the token sealed',
};
const WEBHOOK_PRIVATE = {
  file: 'tests/webhooks/endpoints.e2e-spec.ts',
  test: 'checks the address again when delivering: a name that now resolves to 127.0.0.1 gets nothing (DNS rebinding)',
};
const WEBHOOK_SESSION_ONLY = {
  file: 'tests/webhooks/endpoints.e2e-spec.ts',
  test: 'is managed from a dashboard session only, never with an API key',
};
const ROTATION = {
  file: 'tests/privacy/at-rest.e2e-spec.ts',
  test: 'rotates the master key: old objects stay readable, and after re-wrapping the old key is no longer needed',
};
const SIGNUP_UNIFORM = {
  file: 'tests/security/account-enumeration.e2e-spec.ts',
  test: 'answers sign-up with a taken email exactly as with a new one, starting no session, and tells the owner in their security log',
};
const GUESSING = {
  file: 'tests/security/password-guessing.e2e-spec.ts',
  test: 'makes an account wait after its free wrong passwords whatever address they come from, the right password included, and leaves other accounts alone',
};
const DELETE_GUESSING = {
  file: 'tests/security/password-guessing.e2e-spec.ts',
  test: 'limits the password check of DELETE /v1/account and records every refusal in the security log',
};
const API_KEY_ROUTES = {
  file: 'tests/security/api-key-privileges.e2e-spec.ts',
  test: 'refuses an API key on every /v1 route but the image API and "who am I", the Shopify backfill included',
};
const UPLOADS_IN_FLIGHT = {
  file: 'tests/security/upload-limits.e2e-spec.ts',
  test: "answers 429 past an owner's uploads in flight and 503 past the process's, with Retry-After, storing nothing for them",
};
const SESSION_UPLOADS = {
  file: 'tests/security/upload-limits.e2e-spec.ts',
  test: 'gives dashboard-session uploads the per-minute budget of an API key',
};

const SEARCH_TERMS_OWN = {
  file: 'tests/hub/search.e2e-spec.ts',
  test: "never matches another owner's identical tags and words, whose hashes differ",
};
const SEARCH_TERMS_DELETED = {
  file: 'tests/privacy/retention.e2e-spec.ts',
  test: 'with "1 day" and results included, the whole image is gone after a day',
};

const OWNER_SCOPED = [
  'apps/hub/src/modules/auth/owner.guard.ts',
  'apps/hub/src/modules/images/image.repository.ts',
  'apps/hub/src/modules/api-keys/api-key.repository.ts',
];
const ENCRYPTION = [
  'libs/privacy/src/envelope.ts',
  'libs/privacy/src/blob-store/encrypted-blob-store.ts',
  'apps/hub/src/storage/vault.ts',
];
const RETENTION = ['libs/privacy/src/retention.ts', 'apps/hub/src/modules/privacy/retention.service.ts'];
const LOCAL_ENGINE = [
  'libs/tagging/src/engine.ts',
  'libs/tagging/src/models/model-store.ts',
  'apps/hub/src/common/outbound/fetch-bytes.ts',
];

export const POLICY_MAP: readonly PolicyRow[] = [
  {
    section: 1,
    promise: 'Only you have access to your uploaded images and the analysis results we generate.',
    enforcedBy: OWNER_SCOPED,
    provenBy: [
      ISOLATION,
      { file: 'tests/hub/images.e2e-spec.ts', test: "never %s another owner's image (404, not 403)" },
    ],
  },
  {
    section: 2,
    promise: 'Images are uploaded to our secure servers and processed with machine learning models.',
    enforcedBy: LOCAL_ENGINE,
    provenBy: [
      NO_EGRESS,
      {
        file: 'tests/hub/images.e2e-spec.ts',
        test: 'tags a real photo and answers 200 with the result when wait=true',
      },
    ],
    operator:
      'The hub and every model run on the machines of whoever runs it; no outside service is called. The operator secures those machines.',
  },
  {
    section: 2,
    promise: 'Images are encrypted during storage and transmission.',
    enforcedBy: ENCRYPTION,
    provenBy: [AT_REST, IN_BUCKET, TAMPER],
    operator:
      'Storage: AES-256-GCM envelopes, done by the hub. Transmission: the hub speaks plain HTTP; the operator must put it behind TLS ' +
      '(a reverse proxy) and set TAGPHOTO_SECURE_COOKIES=true. Connections to PostgreSQL, Redis and S3 use TLS when their URLs ask for it.',
  },
  {
    section: 2,
    promise: 'You control how long your images are stored.',
    enforcedBy: [...RETENTION, 'apps/hub/src/modules/privacy/privacy.service.ts'],
    provenBy: [AFTER_PROCESSING, ONE_DAY, NEW_SETTING],
  },
  {
    section: 3,
    promise:
      'We store your images (accessible only to you), AI-generated tags, titles and descriptions, account information, usage statistics and API usage logs.',
    enforcedBy: [...ENCRYPTION, ...OWNER_SCOPED, 'apps/hub/src/modules/usage/usage.interceptor.ts'],
    provenBy: [AT_REST, ISOLATION, EXPORT, ANALYTICS, USAGE_LOG],
  },
  {
    section: 3,
    promise:
      'AI-generated tags, titles and descriptions are stored encrypted; to search them, only keyed hashes of their words are kept beside them.',
    enforcedBy: [
      'libs/privacy/src/search-terms.ts',
      'apps/hub/src/modules/images/image-search-terms.ts',
      'apps/hub/src/modules/images/image-search.repository.ts',
    ],
    provenBy: [AT_REST, SEARCH_TERMS_OWN, SEARCH_TERMS_DELETED, DELETE_ACCOUNT],
    operator:
      "Whoever holds only the database learns which of one owner's images share a tag or word (and so how often each occurs), never the tag or word; " +
      "two owners' identical words hash differently, and testing a guess needs the master key. Keep the master key apart from database backups.",
  },
  {
    section: 4,
    promise: 'Your images are never shared with other users; we do not share metadata or analysis results with others.',
    enforcedBy: OWNER_SCOPED,
    provenBy: [ISOLATION],
  },
  {
    section: 4,
    promise:
      "We don't sell your personal information to third parties; your account data remains private and confidential.",
    enforcedBy: [...LOCAL_ENGINE, 'apps/hub/src/logging.ts'],
    provenBy: [NO_EGRESS, LOGS, ISOLATION],
  },
  {
    section: 4,
    promise: 'Your images are not used to train our AI models.',
    enforcedBy: ['libs/tagging/src/models/model-store.ts', 'libs/tagging/src/models/manifest.ts'],
    provenBy: [MODEL_CHECKSUM, NO_EGRESS],
    operator:
      'The engine has no training code; every model file is checked against a fixed sha256 at start, so no model can change from what users upload.',
  },
  {
    section: 5,
    promise: 'End-to-end encryption for image uploads and storage.',
    enforcedBy: ENCRYPTION,
    provenBy: [AT_REST, IN_BUCKET, TAMPER, ROTATION],
    operator:
      'Uploads travel under the TLS the operator terminates in front of the hub (see section 2); storage is encrypted by the hub.',
  },
  {
    section: 4,
    promise:
      'Results leave the hub only for the owner: their own connected stores and drives, and webhook endpoints they set up.',
    enforcedBy: [
      'apps/hub/src/connectors/connection.repository.ts',
      'apps/hub/src/modules/webhooks/webhooks.controller.ts',
      'apps/hub/src/common/outbound/outbound-target.ts',
    ],
    provenBy: [WEBHOOK_SESSION_ONLY, WEBHOOK_PRIVATE, ISOLATION],
  },
  {
    section: 5,
    promise: 'Credentials of connected services (OAuth tokens) are stored encrypted.',
    enforcedBy: ['apps/hub/src/connectors/connection.repository.ts', 'apps/hub/src/storage/vault.ts'],
    provenBy: [SHOPIFY_TOKEN_SEALED, SLACK_TOKEN_SEALED, DRIVE_TOKEN_SEALED],
  },
  {
    section: 5,
    promise: 'Secure authentication and access controls.',
    enforcedBy: [
      'libs/privacy/src/secrets.ts',
      'apps/hub/src/modules/auth/auth.service.ts',
      ...OWNER_SCOPED,
      'apps/hub/src/modules/rate-limit/rate-limits.ts',
      'apps/hub/src/common/request-intake.ts',
      'apps/hub/src/connectors/shopify/shopify-webhooks.controller.ts',
    ],
    provenBy: [
      PASSWORDS,
      REVOKED,
      KEY_HASH,
      COOKIE,
      LOGIN_RATE,
      ISOLATION,
      CROSS_SITE,
      SIGNED_INGRESS,
      FORGED_UNINSTALL,
      SHOP_FROM_SIGNED_PAYLOAD,
      SIGNUP_UNIFORM,
      GUESSING,
      DELETE_GUESSING,
      API_KEY_ROUTES,
    ],
  },
  {
    section: 5,
    promise: 'Regular security audits and monitoring.',
    enforcedBy: [
      'apps/hub/src/modules/audit/audit.repository.ts',
      'apps/hub/src/logging.ts',
      'apps/hub/src/modules/health/health.controller.ts',
    ],
    provenBy: [AUDIT, LOGS],
    operator:
      "The hub keeps a per-owner security log, structured logs without secrets and a /health endpoint; audits and watching them are the operator's.",
  },
  {
    section: 5,
    promise: 'SOC 2 compliant infrastructure.',
    enforcedBy: [...ENCRYPTION, 'apps/hub/src/modules/audit/audit.repository.ts'],
    provenBy: [AT_REST, AUDIT, ISOLATION],
    operator:
      'Software cannot be SOC 2 compliant on its own: it provides encryption at rest, access control, audit events and deletion. The operator must run it on infrastructure that holds a SOC 2 report.',
  },
  {
    section: 5,
    promise: 'Automatic image deletion options.',
    enforcedBy: RETENTION,
    provenBy: [AFTER_PROCESSING, ONE_DAY],
  },
  {
    section: 6,
    promise:
      'Images can be automatically deleted after processing or retained based on your preferences; you can delete your images and account data at any time.',
    enforcedBy: [
      ...RETENTION,
      'apps/hub/src/modules/account/account-deletion.service.ts',
      'apps/hub/src/modules/images/images.service.ts',
    ],
    provenBy: [AFTER_PROCESSING, ONE_DAY, NOT_BACK, DELETE_IMAGE, DELETE_ACCOUNT, SHOP_REDACT],
  },
  {
    section: 7,
    promise: 'Usage analytics, aggregated, that cannot identify individual users; error logs for debugging.',
    enforcedBy: [
      'apps/hub/src/modules/usage/usage.interceptor.ts',
      'apps/hub/src/modules/usage/usage-buffer.ts',
      'apps/hub/src/modules/usage/usage.repository.ts',
      'apps/hub/src/logging.ts',
    ],
    provenBy: [ANALYTICS, LOGS],
    operator:
      'The hub collects less than the policy allows: no browser type, no geographic region and no performance metrics are recorded at all.',
  },
  {
    section: 8,
    promise: 'Cookies for your login status and API authentication and rate limiting; essential functionality only.',
    enforcedBy: [
      'apps/hub/src/modules/auth/auth.controller.ts',
      'apps/hub/src/modules/rate-limit/rate-limits.ts',
      'apps/hub/src/common/request-intake.ts',
      'libs/privacy/src/guessing-backoff.ts',
      'apps/hub/src/modules/images/upload-admission.ts',
    ],
    provenBy: [COOKIE, API_RATE, CROSS_SITE, SAME_SITE_WORKS, SESSION_UPLOADS, UPLOADS_IN_FLIGHT, GUESSING],
    operator:
      'The hub sets one cookie, the httpOnly session cookie; it sets no analytics cookies and uses no local storage.',
  },
  {
    section: 9,
    promise: 'Third-party services never have access to your images or personal information.',
    enforcedBy: LOCAL_ENGINE,
    provenBy: [NO_EGRESS],
    operator:
      'The hub calls no third-party service. An operator who adds one (payments, analytics, S3 hosting) must ensure it follows the policy; blobs sent to S3 are ciphertext.',
  },
  {
    section: 9,
    promise:
      'Third-party services never have access to your images: an optional vision model for captions must be one the operator runs on its own network.',
    enforcedBy: [
      'apps/hub/src/modules/vision/vision-gate.ts',
      'apps/hub/src/modules/vision/vision.module.ts',
      'apps/hub/src/modules/tagging/image-tagging.service.ts',
    ],
    provenBy: [
      {
        file: 'tests/hub/vision.e2e-spec.ts',
        test: 'is refused at start before any lookup or connection, with a message naming the address and the override',
      },
      { file: 'tests/hub/vision.e2e-spec.ts', test: 'stops the hub at start with that message' },
      {
        file: 'tests/hub/vision.e2e-spec.ts',
        test: 'is allowed only with TAGPHOTO_VISION_ALLOW_PUBLIC=true, which warns at every start and tells every owner where images go',
      },
      { file: 'tests/hub/vision.e2e-spec.ts', test: 'sends nothing there for an owner who chose built-in models only' },
      {
        file: 'tests/hub/vision.e2e-spec.ts',
        test: 'never sends the images of an owner who chose built-in models only, and keeps that choice when a client leaves it out',
      },
      {
        file: 'apps/hub/src/modules/vision/vision-gate.spec.ts',
        test: 'refuses a name with any public address among its answers',
      },
    ],
    operator:
      'TAGPHOTO_VISION_URL may name only loopback or a private network. TAGPHOTO_VISION_ALLOW_PUBLIC=true sends images to the named host: the hub then warns at every start and tells every owner on their privacy page, who can choose built-in models only; the operator must make sure that host is bound by this policy (run by the operator or under a data-processing agreement), or the promise is broken.',
  },
  {
    section: 10,
    promise:
      'API requests are logged for billing and support only; images processed via the API are not stored permanently; API keys provide secure access; rate limiting prevents abuse.',
    enforcedBy: [
      'apps/hub/src/modules/usage/usage.interceptor.ts',
      'apps/hub/src/modules/images/images.service.ts',
      'libs/privacy/src/secrets.ts',
      'apps/hub/src/modules/rate-limit/rate-limits.ts',
      'apps/hub/src/common/request-intake.ts',
    ],
    provenBy: [
      USAGE_LOG,
      API_EPHEMERAL,
      API_RESULT_PERIOD,
      SLACK_EPHEMERAL,
      KEY_HASH,
      REVOKED,
      API_RATE,
      API_KEY_ANY_ORIGIN,
      SIGNED_INGRESS,
      API_KEY_ROUTES,
      UPLOADS_IN_FLIGHT,
      SESSION_UPLOADS,
    ],
  },
  {
    section: 11,
    promise: 'If we discover that we have collected information from a child under 13, we will delete it immediately.',
    enforcedBy: ['apps/hub/src/modules/account/account-deletion.service.ts', 'apps/hub/src/operator.ts'],
    provenBy: [CHILD, CHILD_COMMAND],
    operator:
      "Discovering such an account and answering parents is the operator's; `npm run operator -- delete-account --email … --reason child` deletes it at once.",
  },
  {
    section: 12,
    promise:
      'Access and download your data, delete your images and account data, modify your privacy preferences, data portability, opt out of analytics and marketing.',
    enforcedBy: [
      'apps/hub/src/modules/account/account-export.service.ts',
      'apps/hub/src/modules/account/account-deletion.service.ts',
      'apps/hub/src/modules/privacy/privacy.service.ts',
    ],
    provenBy: [EXPORT, DELETE_ACCOUNT, NEW_SETTING, ANALYTICS],
    operator:
      'The hub sends no marketing at all; the marketing opt-out is stored and exported for operators who add any.',
  },
  {
    section: 13,
    promise: 'We will notify users of material changes by posting the new policy and emailing registered users.',
    enforcedBy: ['apps/hub/src/modules/account/account-export.service.ts'],
    provenBy: [EXPORT],
    operator:
      'The hub sends no email. The operator publishes policy changes and notifies users; account emails are theirs to reach (and exportable).',
  },
  {
    section: 14,
    promise: 'Contact us at support@tagphoto.ai.',
    enforcedBy: [],
    provenBy: [],
    operator: "A contact address is the operator's to publish and answer; there is nothing for the software to do.",
  },
];
