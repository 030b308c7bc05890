import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

export type Resource<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: ApiError }
  | { readonly state: 'ready'; readonly value: T };

/**
 * Loads `load()` whenever `key` changes; `reload` fetches again (after a write). An answer that
 * arrives after the key changed is dropped, so a slow old request never overwrites a newer page.
 */
export function useResource<T>(key: string, load: () => Promise<T>): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setResource({ state: 'loading' });
    load().then(
      (value) => current && setResource({ state: 'ready', value }),
      (error: unknown) =>
        current &&
        setResource({
          state: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, String(error)),
        }),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure on every render; `key` names what it loads.
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [resource, reload];
}
