import { z } from 'zod';
import { ERROR_CODES } from './error-codes';
import { languageSchema, taggingResultSchema } from './tagging-result';

/** Request and response bodies of the public REST API (/v1). Unknown fields are refused. */

export const credentialsSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(10, 'password must be at least 10 characters').max(256),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export const accountSchema = z.object({ id: z.string().uuid(), email: z.string() });
export type AccountView = z.infer<typeof accountSchema>;

/** Sign-up's one answer, whether or not the email already had an account: the caller signs in next. */
export const signUpAnswerSchema = z.object({ status: z.literal('accepted'), message: z.string() });
export type SignUpAnswer = z.infer<typeof signUpAnswerSchema>;

export const createApiKeySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const createdApiKeySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  /** The secret, shown this once; only its hash is stored. */
  key: z.string(),
  prefix: z.string(),
});
export const apiKeySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeySchema>;

const booleanFlag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1');

/** Options of POST /v1/images, from the query string or the JSON/multipart body. */
export const imageOptionsSchema = z.strictObject({
  wait: booleanFlag.optional(),
  language: languageSchema.optional(),
  store: booleanFlag.optional(),
  /** false: the operator's vision backend (if any) does not see this image; the built-in models alone tag it. */
  vision: booleanFlag.optional(),
  /** Where to POST the finished image (image.tagged / image.failed), signed with the account's callback secret. */
  callbackUrl: z.string().url().max(2048).optional(),
});
export type ImageOptions = z.infer<typeof imageOptionsSchema>;

export const imageFromUrlSchema = imageOptionsSchema.extend({ url: z.string().url().max(2048) });

export const imageStatusSchema = z.enum(['queued', 'processing', 'done', 'failed']);
export type ImageStatus = z.infer<typeof imageStatusSchema>;

/** The result as the API shows it: the engine's output with a person's edits applied, and which fields those are. */
export const imageResultSchema = taggingResultSchema.extend({
  /** Fields a person edited (altText, title, tags): re-tagging never overwrites them. */
  editedFields: z.array(z.string()),
});
export type ImageResultView = z.infer<typeof imageResultSchema>;

/**
 * Where an image's result stands in review: a person approved, edited or rejected it in the review queue; or it waits
 * there (needed); or nothing asked for a person (none).
 */
export const REVIEW_STATES = ['needed', 'approved', 'edited', 'rejected', 'none'] as const;
export const reviewStateSchema = z.enum(REVIEW_STATES);
export type ReviewState = z.infer<typeof reviewStateSchema>;

export const imageSchema = z
  .object({
    id: z.string().uuid(),
    status: imageStatusSchema,
    result: imageResultSchema.nullable(),
    error: z.string().nullable(),
    stored: z.boolean(),
    fileName: z.string().nullable(),
    createdAt: z.string(),
    reviewState: reviewStateSchema.describe(
      "A person's decision in the review queue when there is one, else whether the result waits for review.",
    ),
  })
  .meta({ id: 'Image' });
export type ImageView = z.infer<typeof imageSchema>;

/** The fields of a result a person may edit (PATCH /v1/images/:id); each edit is marked and kept through re-tagging. */
export const EDITABLE_RESULT_FIELDS = ['altText', 'title', 'tags'] as const;
export type EditableResultField = (typeof EDITABLE_RESULT_FIELDS)[number];

/** How the tags of an image share one CSV cell (export and import). */
export const IMAGE_CSV_TAG_SEPARATOR = '; ';

/** A tag a person writes: never with the CSV separator in it, so an exported tag list reads back as the same tags. */
const editedTagSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^;]*$/, { error: 'a tag cannot contain ";": it separates tags in CSV files' });

export const imageEditSchema = z
  .strictObject({
    altText: z.string().trim().max(1000).optional(),
    title: z.string().trim().max(300).optional(),
    /** The whole tag list as labels: labels already there keep their confidence and source, new ones are the person's. */
    tags: z.array(editedTagSchema).max(100).optional(),
  })
  .refine((edit) => EDITABLE_RESULT_FIELDS.some((field) => edit[field] !== undefined), {
    message: 'send at least one of altText, title, tags',
  });
export type ImageEdit = z.infer<typeof imageEditSchema>;

export const acceptedImageSchema = z.object({ id: z.string().uuid(), status: imageStatusSchema });

/** Where an image came from: uploaded in the dashboard, sent to the API (as bytes or a URL), or brought by a connector. */
export const IMAGE_SOURCES = ['upload', 'api', 'url', 'shopify', 'drive', 'slack', 'wordpress'] as const;
export const imageSourceSchema = z.enum(IMAGE_SOURCES);
export type ImageSource = z.infer<typeof imageSourceSchema>;

/** A query parameter given once or repeated (`?tag=a&tag=b`), read as a list either way. */
const repeatable = (item: z.ZodString, max: number) =>
  z.union([item, z.array(item).max(max)]).transform((value) => (Array.isArray(value) ? value : [value]));

/** A day (`2026-12-06`) or an instant with its offset (`2026-12-06T10:00:00Z`). */
const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'expected a date (2026-12-06) or a date and time with its offset (2026-12-06T10:00:00Z)',
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Where a `from` starts: the day's first instant (UTC) or the instant itself. */
export const rangeStart = (value: string): Date => new Date(DAY.test(value) ? `${value}T00:00:00Z` : value);
/** Where a `to` ends (exclusive): the next day's first instant (UTC) for a day, else the instant itself. */
export const rangeEnd = (value: string): Date =>
  DAY.test(value) ? new Date(Date.parse(`${value}T00:00:00Z`) + 24 * 3600 * 1000) : new Date(value);

/** What GET /v1/images, its CSV export and bulk operations narrow the owner's images to. */
const imageFilterFields = {
  tag: repeatable(z.string().trim().min(1).max(100), 20)
    .optional()
    .describe('Only images with this whole tag (case and accents ignored); repeat for several.'),
  tags: z
    .enum(['any', 'all'])
    .default('any')
    .describe('With several tag parameters: images with any of them (default) or with all of them.'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Words that must all appear in the title, alt text, description or text read in the image (case and accents ignored).',
    ),
  status: imageStatusSchema.optional(),
  source: imageSourceSchema.optional(),
  from: dateOrInstant.optional().describe('Created at or after this day (UTC) or instant.'),
  to: dateOrInstant.optional().describe('Created before this instant, or on or before this day (UTC).'),
  language: languageSchema.optional(),
  review: z.enum(['needed']).optional().describe('needed: only results the engine flagged for a person to review.'),
};

const nonEmptyRange = <T extends { from?: string; to?: string }>(query: T) =>
  !query.from || !query.to || rangeStart(query.from) < rangeEnd(query.to);
const emptyRange = { message: 'the range is empty: "to" must come after "from"', path: ['to'] };

export const imageFilterSchema = z.strictObject(imageFilterFields).refine(nonEmptyRange, emptyRange);
export type ImageFilterQuery = z.infer<typeof imageFilterSchema>;

export const listImagesQuerySchema = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    /** Opaque cursor from the previous page's `nextCursor`; send it with the same filters. */
    cursor: z.string().max(200).optional(),
    ...imageFilterFields,
  })
  .refine(nonEmptyRange, emptyRange);
export type ListImagesQuery = z.infer<typeof listImagesQuerySchema>;

export const imagePageSchema = z.object({ items: z.array(imageSchema), nextCursor: z.string().nullable() });
export type ImagePage = z.infer<typeof imagePageSchema>;

/**
 * The columns of GET /v1/images/export.csv, in order. POST /v1/images/import.csv reads `id` and the editable ones
 * (`title`, `alt_text`, `tags`); the others are there to read and are ignored on import.
 */
export const IMAGE_CSV_COLUMNS = [
  'id',
  'source',
  'source_reference',
  'file_name',
  'title',
  'alt_text',
  'tags',
  'description',
  'language',
  'review_state',
] as const;
export type ImageCsvColumn = (typeof IMAGE_CSV_COLUMNS)[number];
export const IMAGE_CSV_EDITABLE_COLUMNS = ['title', 'alt_text', 'tags'] as const satisfies readonly ImageCsvColumn[];
/** The largest CSV POST /v1/images/import.csv reads (413 beyond). */
export const IMAGE_CSV_IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** What an import did: ids whose text changed, how many rows matched what was stored, and each row refused. */
export const imageImportReportSchema = z.object({
  changed: z.array(z.string().uuid()),
  unchanged: z.number().int(),
  refused: z.array(
    z.object({
      /** The row's line in the file (the header is line 1). */
      line: z.number().int(),
      id: z.string().nullable(),
      reason: z.string(),
    }),
  ),
});
export type ImageImportReport = z.infer<typeof imageImportReportSchema>;

/** How many images one POST /v1/images/bulk may act on, listed or matched by a filter (422 beyond). */
export const BULK_IMAGE_LIMIT = 500;

/** Which images a bulk operation acts on: listed by id, or every image matching a filter. */
const bulkTarget = {
  ids: z
    .array(z.string().max(100))
    .min(1)
    .optional()
    .describe(`Image ids (at most ${BULK_IMAGE_LIMIT}); or send filter instead.`),
  filter: imageFilterSchema
    .optional()
    .describe(`Every image matching these GET /v1/images filters (at most ${BULK_IMAGE_LIMIT} may match).`),
};
const oneTarget = (body: { ids?: unknown; filter?: unknown }) =>
  (body.ids === undefined) !== (body.filter === undefined);
const oneTargetMessage = { message: 'send either ids or filter, not both and not neither' };

/** One operation on many images: delete, approve, or tag again (in another language when one is named). */
export const imageBulkSchema = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('delete'), ...bulkTarget }),
    z.strictObject({ action: z.literal('approve'), ...bulkTarget }),
    z.strictObject({
      action: z.literal('retag'),
      language: languageSchema
        .optional()
        .describe("The new results' language (a change of language); each image's own when left out."),
      ...bulkTarget,
    }),
  ])
  .refine(oneTarget, oneTargetMessage);
export type ImageBulk = z.infer<typeof imageBulkSchema>;
export type ImageBulkAction = ImageBulk['action'];

export const imageBulkResultSchema = z.object({
  action: z.enum(['delete', 'approve', 'retag']),
  /** Every id the operation was asked about (listed, or matched by the filter). */
  matched: z.number().int(),
  done: z.array(z.string()),
  refused: z.array(z.object({ id: z.string(), error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) })),
});
export type ImageBulkResult = z.infer<typeof imageBulkResultSchema>;

/** Every error the API answers with. */
export const errorSchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorSchema>;

/** How long an owner's images are kept: deleted once tagged, for N days, or until the owner deletes them. */
export const retentionSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('delete_after_processing') }),
  z.strictObject({
    mode: z.literal('days'),
    days: z.number().int().min(1).max(3650),
    /** Delete the tagging results with the bytes (otherwise only the bytes go). */
    deleteResults: z.boolean().default(false),
  }),
  z.strictObject({ mode: z.literal('keep') }),
]);
export type Retention = z.infer<typeof retentionSchema>;

/** What an owner sets (PUT /v1/account/privacy). `builtInModelsOnly` left out keeps its current value. */
export const privacySettingsSchema = z.strictObject({
  retention: retentionSchema,
  analyticsOptOut: z.boolean(),
  marketingOptOut: z.boolean(),
  /** Never send this owner's images to the operator's vision backend. */
  builtInModelsOnly: z.boolean().optional(),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

/**
 * The operator's vision backend as owners are told about it: `host` is named when images leave the operator's
 * network (a public address the operator allowed), and `notice` says it in a sentence for the privacy page.
 */
export const visionBackendNoticeSchema = z.object({
  public: z.boolean(),
  host: z.string().nullable(),
  notice: z.string(),
});
export type VisionBackendNotice = z.infer<typeof visionBackendNoticeSchema>;

/** What GET and PUT /v1/account/privacy answer: the settings, and where images go for captions (null: nowhere). */
export const privacyViewSchema = privacySettingsSchema.extend({
  builtInModelsOnly: z.boolean(),
  visionBackend: visionBackendNoticeSchema.nullable(),
});
export type PrivacyView = z.infer<typeof privacyViewSchema>;

/** The owner's security log: sign-ins, keys, exports, deletions, privacy changes. */
export const auditEventSchema = z.object({
  id: z.string().uuid(),
  type: z.string(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export const deleteAccountSchema = z.strictObject({ password: z.string().min(1).max(256) });

export const connectionSchema = z.object({
  id: z.string().uuid(),
  provider: z.string(),
  externalAccount: z.string(),
  status: z.string(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type ConnectionView = z.infer<typeof connectionSchema>;
