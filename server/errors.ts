/** The project's error base, defined in config/errors.ts (so config/, filters/ and insights/ can use it). */
export { ERROR_CODES, ShowrunnerError, truncate, type ErrorCode } from '../config/errors.js';
