import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { answer, hub } from './api';
import { useSession } from './session';

interface ReviewCount {
  /** How many items wait for review; undefined until known. */
  count: number | undefined;
  setCount: (count: number) => void;
  refresh: () => void;
}

const ReviewCountContext = createContext<ReviewCount>({
  count: undefined,
  setCount: () => undefined,
  refresh: () => undefined,
});

/** The review queue's size for the navigation, read once signed in; the review page keeps it current. */
export function ReviewCountProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const [count, setCount] = useState<number>();
  const signedIn = state.status === 'signed-in';
  const refresh = useCallback(() => {
    // The count only decorates the link: when it cannot be read, the link stays without one.
    answer(hub.GET('/v1/review', { params: { query: { limit: 1 } } }))
      .then((page) => setCount(page.total))
      .catch(() => setCount(undefined));
  }, []);
  useEffect(() => {
    if (signedIn) refresh();
  }, [signedIn, refresh]);
  const value = useMemo(() => ({ count, setCount, refresh }), [count, refresh]);
  return <ReviewCountContext.Provider value={value}>{children}</ReviewCountContext.Provider>;
}

export const useReviewCount = (): ReviewCount => useContext(ReviewCountContext);
