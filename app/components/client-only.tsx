import { Suspense, useSyncExternalStore, type ReactNode } from "react";

const subscribe = () => () => {};

/** True once hydrated in a browser; false on the server and during hydration. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** Renders `children` only in the browser (for Leaflet, which needs `window`). */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  const hydrated = useHydrated();
  return hydrated ? <Suspense fallback={fallback}>{children()}</Suspense> : <>{fallback}</>;
}
