import { ENVIRONMENT_NAME_PATTERN, RESERVED_ENVIRONMENT_NAMES } from '../../../shared/model/environment.js';

const MAX_LENGTH = 32;

/** Why a new environment's name would be refused, in the server's terms, or null. */
export function environmentNameProblem(name: string, taken: readonly string[]): string | null {
  if (name === '') return 'Give the environment a name, e.g. staging';
  if (name.length > MAX_LENGTH) return `At most ${MAX_LENGTH} characters`;
  if (name !== name.toLowerCase()) return 'Lowercase only: it becomes part of the URL';
  if (!/^[a-z]/.test(name)) return 'Start with a letter';
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) return 'Only lowercase letters, digits and "-"';
  if (RESERVED_ENVIRONMENT_NAMES.has(name)) return `"${name}" is reserved`;
  if (taken.includes(name)) return `"${name}" exists already`;
  return null;
}
