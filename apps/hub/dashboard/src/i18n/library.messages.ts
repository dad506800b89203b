import { messages } from './messages';

export const LIBRARY = messages({}, { de: {}, fr: {}, es: {}, it: {}, pt: {}, nl: {} });
