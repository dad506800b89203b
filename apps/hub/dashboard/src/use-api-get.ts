import { useCallback, useEffect, useState } from 'react';
import { answer, messageOf } from './api';

/**
 * Loads a GET resource when the page mounts (and on `reload`), with the error a page shows beside it. Pages set
 * `error` themselves when one of their own actions fails; a successful load clears it. `load` is a typed client
 * call that must keep its identity between renders (a module-level function, or useCallback over its inputs).
 */
export function useApiGet<T>(load: () => Promise<{ data?: T; error?: unknown; response: Response }>) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    answer(load())
      .then((loaded) => {
        setData(loaded);
        setError(undefined);
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [load]);
  useEffect(reload, [reload]);
  return { data, error, setError, reload };
}
