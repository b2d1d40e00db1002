import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../api/client.ts';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: ApiError }
  | { readonly state: 'ok'; readonly data: T };

/**
 * Load something from the API when the dependencies change; a stale answer (the user moved on)
 * is dropped. `reload()` asks again (after a change, or from an error state's Retry).
 */
export function useApi<T>(
  load: () => Promise<ApiResult<T>>,
  deps: DependencyList,
): Loaded<T> & { readonly reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => {
    setGeneration((g) => g + 1);
  }, []);
  // A reload keeps the data shown until the new answer comes (a form inside the view keeps its
  // state, e.g. its "activated" banner); new dependencies, or a retry after an error, show the
  // loading state.
  const reloadedFrom = useRef(generation);

  useEffect(() => {
    let current = true;
    const isReload = reloadedFrom.current !== generation;
    reloadedFrom.current = generation;
    setLoaded((shown) => (isReload && shown.state === 'ok' ? shown : { state: 'loading' }));
    load()
      .then((result) => {
        if (!current) return;
        setLoaded(
          result.ok ? { state: 'ok', data: result.data } : { state: 'error', error: result.error },
        );
      })
      .catch((failure: unknown) => {
        if (!current) return;
        setLoaded({
          state: 'error',
          error: {
            status: 0,
            code: 'client_error',
            message: failure instanceof Error ? failure.message : String(failure),
            issues: [],
          },
        });
      });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the load depends on
  }, [...deps, generation]);

  return { ...loaded, reload };
}
