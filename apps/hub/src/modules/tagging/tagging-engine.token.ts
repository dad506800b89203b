/** DI token of the process's one TaggingEngine. */
export const TAGGING_ENGINE = Symbol('TAGGING_ENGINE');
