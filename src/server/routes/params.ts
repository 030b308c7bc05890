/** Path parameter schemas shared by the org-scoped routes. */
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const orgParams = { type: 'object', required: ['org'], properties: { org: name } } as const;

export const orgNameParams = {
  type: 'object',
  required: ['org', 'name'],
  properties: { org: name, name },
} as const;
