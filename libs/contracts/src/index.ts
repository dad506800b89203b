export * from './tagging-result';
export * from './api';
