import { EvidentError } from '../core/errors.ts';

/**
 * A file-system failure as an EvidentError: a missing path is `not_found`, anything else the caller
 * asked for and cannot have (permissions, a file where a directory was expected, ...) is
 * `bad_request`. The OS error code goes to `details` for diagnostics.
 */
export function fsError(error: unknown, path: string, what: string): EvidentError {
  if (error instanceof EvidentError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const osCode = typeof code === 'string' ? code : 'EUNKNOWN';
  const evidentCode = osCode === 'ENOENT' ? 'not_found' : 'bad_request';
  return new EvidentError(evidentCode, `cannot read ${what} ${JSON.stringify(path)} (${osCode})`, {
    path,
    osCode,
  });
}
