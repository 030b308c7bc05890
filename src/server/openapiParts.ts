/** Building blocks shared by the parts of the OpenAPI document. */
export const problem = { $ref: '#/components/responses/Problem' };
export const hex = { type: 'string', pattern: '^[0-9a-f]{64}$' };
export const orgParam = { name: 'org', in: 'path', required: true, schema: { type: 'string' } };
export const intQuery = (name: string, description: string) => ({
  name,
  in: 'query',
  required: true,
  description,
  schema: { type: 'integer', minimum: 0 },
});
export const errors = { '400': problem, '401': problem, '404': problem, '429': problem };
export const bearer = [{ bearer: [] }];
export const receipt = { $ref: '#/components/schemas/Receipt' };
/** An actor as ledger entries name it (src/core/model/actor.ts). */
export const actor = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['token', 'user', 'system'] },
    id: { type: 'string', description: 'token: its id' },
    role: { type: 'string' },
    user: { type: 'string', description: 'token: the user it is a session of, if any' },
    serviceAccount: { type: 'string' },
    username: { type: 'string' },
  },
};

/** A JSON response (or request body) with the given schema. */
export function json(schema: Record<string, unknown>, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody(schema: Record<string, unknown>) {
  return { required: true, content: { 'application/json': { schema } } };
}

export function pathParam(name: string) {
  return { name, in: 'path', required: true, schema: { type: 'string' } };
}
