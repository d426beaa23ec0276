// Heavy libraries (the AWS SDK above all) loaded when first used rather than when the server
// starts: the object stands in for the real one, and its first call loads and builds that.
// A failed load is tried again by the next call.
export type AsyncMethods<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

/** An object of async methods whose implementation is loaded (once) by the first call to any of them. */
export function loadedOnFirstCall<T extends AsyncMethods<T>>(methods: Record<keyof T, true>, load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  const target = () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  const entries = (Object.keys(methods) as (keyof T)[]).map((name) => [
    name,
    async (...args: never[]) => {
      const implementation = await target();
      return (implementation[name] as (...a: never[]) => Promise<unknown>).apply(implementation, args);
    },
  ]);
  return Object.fromEntries(entries) as T;
}
