export * from './tagging-result';
