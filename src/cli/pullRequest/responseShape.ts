import { EvidentError } from '../../core/errors.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Reads the fields of one provider answer. Every miss names the request and the field, so an API
 * that changed shape fails loudly (`internal`, exit 1) instead of producing wrong evidence.
 */
export class ResponseShape {
  /** `where` names the request, e.g. `GitHub GET https://api.github.com/repos/o/r/pulls/1`. */
  constructor(readonly where: string) {}

  fail(path: string, expected: string): never {
    throw new EvidentError('internal', `unexpected answer from ${this.where}: ${path} is not ${expected}`);
  }

  object(value: unknown, path: string): JsonObject {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'an object');
    return value as JsonObject;
  }

  /** A nested object, or `undefined` when the field is absent or `null`. */
  optionalObject(parent: JsonObject, key: string, path = key): JsonObject | undefined {
    const value = parent[key];
    return value === undefined || value === null ? undefined : this.object(value, path);
  }

  /** An array of objects. */
  objects(value: unknown, path: string): JsonObject[] {
    if (!Array.isArray(value)) this.fail(path, 'a list');
    return value.map((item, index) => this.object(item, `${path}[${index}]`));
  }

  text(parent: JsonObject, key: string, path = key): string {
    const value = parent[key];
    if (typeof value !== 'string') this.fail(path, 'text');
    return value;
  }

  /** Text with a visible character, or `undefined` when absent, `null` or blank. */
  optionalText(parent: JsonObject, key: string, path = key): string | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(path, 'text');
    return /\S/.test(value) ? value : undefined;
  }

  integer(parent: JsonObject, key: string, path = key): number {
    const value = parent[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(path, 'a whole number');
    return value;
  }

  optionalBoolean(parent: JsonObject, key: string, path = key): boolean | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.fail(path, 'true or false');
    return value;
  }
}
