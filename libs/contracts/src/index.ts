export * from './tagging-result';
export * from './api';
export * from './google-drive';
export * from './webhooks';
export * from './error-codes';
export * from './audit-event-types';
export * from './shopify';
export * from './review';
export type { paths as ApiPaths } from './api-paths';
