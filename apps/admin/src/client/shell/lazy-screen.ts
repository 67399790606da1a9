import { type ComponentType, type LazyExoticComponent, lazy } from "react";

/**
 * A screen's module: the screen, and for an area of several screens (the incident desk, the newsroom) how to
 * preload the screen at a path inside it (relative to the area, "/" for its first screen).
 */
export type ScreenModule<P> = { default: ComponentType<P>; preloadScreen?: (path: string) => Promise<void> };

/** A screen in a chunk of its own (`React.lazy`) that can also be asked for before it is rendered. */
export type LazyScreen<P> = LazyExoticComponent<ComponentType<P>> & {
  /**
   * Downloads the screen's chunk (once), and in an area the chunk of the screen at `path` inside it; resolves
   * when they render without suspending.
   */
  preload(path?: string): Promise<void>;
};

/**
 * `React.lazy` with a `preload()`. Once the chunk is in, the screen renders at once: its loader hands React a
 * thenable that is already settled, so nothing suspends. A suspended screen would show its `<Suspense>`
 * fallback, and React reveals content that follows a fallback only 300 ms after the fallback appeared; on the
 * queue, opened at /incidents, two such screens in a row (the desk, then its table) cost a visible half-second.
 * A failed download is forgotten, so the next render or preload tries again (and the error boundary shows it).
 */
export function lazyScreen<P = object>(load: () => Promise<ScreenModule<P>>): LazyScreen<P> {
  let loaded: ScreenModule<P> | undefined;
  let loading: Promise<ScreenModule<P>> | undefined;
  const start = (): Promise<ScreenModule<P>> => {
    loading ??= load().then(
      (module) => {
        loaded = module;
        return module;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  const Screen = lazy(() => {
    if (!loaded) return start();
    const module = loaded;
    // A settled thenable: React reads it synchronously (`lazy` takes "a Promise or another thenable").
    // biome-ignore lint/suspicious/noThenProperty: a thenable is what React.lazy's loader returns.
    return { then: (resolve: (value: ScreenModule<P>) => void) => resolve(module) } as unknown as Promise<
      ScreenModule<P>
    >;
  });
  return Object.assign(Screen, {
    preload: async (path?: string) => {
      const module = await start();
      if (path !== undefined) await module.preloadScreen?.(path);
    },
  });
}
