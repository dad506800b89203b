import { messages } from './messages';

export const SETTINGS = messages({}, { de: {}, fr: {}, es: {}, it: {}, pt: {}, nl: {} });
