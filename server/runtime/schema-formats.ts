/**
 * The JSON Schema formats a body schema may name (ajv knows none by itself and we do not ship
 * ajv-formats). Each refuses a value longer than its standard allows before any pattern looks at
 * it, and each pattern has one way to match any text, so no input makes it backtrack.
 */

/** RFC 5321 §4.5.3.1.3: a forward path holds at most 256 octets, two of them the angle brackets. */
export const MAX_EMAIL_CHARS = 254;
/** RFC 9110 §4.1 asks every recipient to take URIs of at least 8000 octets; longer ones are refused. */
export const MAX_URI_CHARS = 8000;
/** RFC 3339 sets no limit on fraction digits; 64 characters leave room for 50 of them. */
export const MAX_DATE_TIME_CHARS = 64;
const DATE_CHARS = 10;
const UUID_CHARS = 36;

const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/;
const DATE_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt ](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
/** A local part, then dot-separated domain labels: no character can belong to two neighbouring parts. */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SCHEMA_FORMATS = {
  date: (value: string) => value.length === DATE_CHARS && DATE.test(value),
  time: (value: string) => value.length <= MAX_DATE_TIME_CHARS && TIME.test(value),
  'date-time': (value: string) => value.length <= MAX_DATE_TIME_CHARS && DATE_TIME.test(value),
  email: (value: string) => value.length <= MAX_EMAIL_CHARS && EMAIL.test(value),
  uuid: (value: string) => value.length === UUID_CHARS && UUID.test(value),
  uri: (value: string) => value.length <= MAX_URI_CHARS && URL.canParse(value),
};
