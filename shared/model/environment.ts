import { z } from 'zod';
import { plainName } from './names.js';

export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** Names that would shadow runtime paths of their own. */
export const RESERVED_ENVIRONMENT_NAMES: ReadonlySet<string> = new Set(['admin', 'well-known', 'openapi', 'health']);

export const EnvironmentName = plainName(
  z
    .string()
    .regex(ENVIRONMENT_NAME_PATTERN, 'an environment name is 1–32 lowercase letters, digits or "-", starting with a letter')
    .refine((name) => !RESERVED_ENVIRONMENT_NAMES.has(name), 'this name is reserved'),
);

export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VariableName = z.string().regex(VARIABLE_NAME_PATTERN, 'a variable name is an identifier');
const MAX_VARIABLE_CHARS = 10_000;
/** Shorter values could not be hidden in traces and logs without hiding ordinary text with them. */
export const MIN_SECRET_CHARS = 4;
const SECRET_TOO_SHORT = `a secret has at least ${MIN_SECRET_CHARS} characters`;

export const EnvironmentVars = z.record(VariableName, z.string().max(MAX_VARIABLE_CHARS));

/**
 * Secret variables by name, as written: flows read them as `env.vars.<name>` like any variable,
 * but their values are encrypted at rest and never answered back. An empty value (as an export
 * writes them) means "to be supplied".
 */
export const EnvironmentSecrets = z.record(
  VariableName,
  z.string().max(MAX_VARIABLE_CHARS).refine((value) => value === '' || value.length >= MIN_SECRET_CHARS, SECRET_TOO_SHORT),
);
/** In an update: a value sets or replaces the secret, null removes it, a name left out keeps it. */
export const EnvironmentSecretsPatch = z.record(VariableName, z.string().min(MIN_SECRET_CHARS, SECRET_TOO_SHORT).max(MAX_VARIABLE_CHARS).nullable());

/** `example.com`, `*.example.com` (its subdomains), or an IP address. */
const OUTBOUND_HOST_PATTERN = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^[0-9a-f:.]+$/;
export const OutboundHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(OUTBOUND_HOST_PATTERN, 'an allowed host is a host name (api.example.com), *.example.com for its subdomains, or an IP address');

/**
 * Where this environment's flows may call out (http.request). By default only public addresses:
 * never this machine, private networks or cloud metadata, and never Flowgate's own listeners.
 */
export const OutboundSettings = z.object({
  /** Lets flows call this machine and private networks (10.0.0.0/8, 192.168.0.0/16, localhost…). */
  allowPrivate: z.boolean().default(false),
  /** Hosts flows may call wherever they resolve to (Flowgate's own listeners excepted). */
  allowHosts: z.array(OutboundHost).max(100).default([]),
});
export type OutboundSettings = z.infer<typeof OutboundSettings>;
export const DEFAULT_OUTBOUND: OutboundSettings = Object.freeze({ allowPrivate: false, allowHosts: Object.freeze([]) as unknown as string[] });

const oneKindPerName = (value: { vars?: Record<string, string> | undefined; secrets?: Record<string, unknown> | undefined }): boolean =>
  !value.vars || !value.secrets || Object.keys(value.secrets).every((name) => !Object.hasOwn(value.vars!, name));
const ONE_KIND_MESSAGE = { message: 'a variable is either plain or secret: the same name is in vars and secrets', path: ['secrets'] };

export const EnvironmentInput = z
  .object({
    name: EnvironmentName,
    description: z.string().max(1000).default(''),
    vars: EnvironmentVars.default({}),
    secrets: EnvironmentSecrets.default({}),
    outbound: OutboundSettings.default(DEFAULT_OUTBOUND),
  })
  .refine(oneKindPerName, ONE_KIND_MESSAGE);
export type EnvironmentInput = z.infer<typeof EnvironmentInput>;
export type EnvironmentInputValue = z.input<typeof EnvironmentInput>;

export const EnvironmentUpdate = z
  .object({
    description: z.string().max(1000).optional(),
    /** The whole new set of plain variables. */
    vars: EnvironmentVars.optional(),
    secrets: EnvironmentSecretsPatch.optional(),
    outbound: OutboundSettings.optional(),
  })
  .refine(oneKindPerName, ONE_KIND_MESSAGE);
export type EnvironmentUpdate = z.infer<typeof EnvironmentUpdate>;

/** An environment as the admin API answers it: secret values never leave the server, only their names. */
export type Environment = {
  name: string;
  description: string;
  vars: Record<string, string>;
  secretNames: string[];
  outbound: OutboundSettings;
  createdAt: string;
  updatedAt: string;
  /** Raised by every change; a change names the one it read (If-Match). */
  revision: number;
};

export const DEFAULT_ENVIRONMENTS = ['dev', 'prod'] as const;
