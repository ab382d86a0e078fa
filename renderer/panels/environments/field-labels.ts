/** How the Environments panel names an environment's fields (in the "changed in another window" dialog). */
export const ENVIRONMENT_FIELD_LABELS = { description: 'Description', vars: 'Variables', secretNames: 'Secrets', outbound: 'Outbound calls' };
