import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from './api';

/**
 * Loads a GET resource when the page mounts (and on `reload`), with the error a page shows beside it. Pages set
 * `error` themselves when one of their own actions fails; a successful load clears it.
 */
export function useApiGet<T>(path: string) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    api<T>('GET', path)
      .then((loaded) => {
        setData(loaded);
        setError(undefined);
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [path]);
  useEffect(reload, [reload]);
  return { data, error, setError, reload };
}
