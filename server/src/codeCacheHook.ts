// What dist/server-start.js (start.ts) leaves for the server it runs from a code cache: whether
// the cache was used, and how to write one once the start's functions are compiled
// (compileCache.ts calls it). Absent when the server runs without it.
const CODE_CACHE_HOOK = Symbol.for('docker-workbench.code-cache');

export interface CodeCacheHook {
  /**
   * used: the bundle ran from the cache. Otherwise it was compiled, and a cache is owed: absent
   * (none yet), stale (made from other bytes of the bundle), rejected (V8 refused it: another V8,
   * other flags, or damaged).
   */
  state: 'used' | 'absent' | 'stale' | 'rejected';
  /** Writes the cache if one is owed; true when written. */
  save(): boolean;
}

export function codeCacheHook(): CodeCacheHook | undefined {
  return (globalThis as Record<symbol, CodeCacheHook | undefined>)[CODE_CACHE_HOOK];
}

export function setCodeCacheHook(hook: CodeCacheHook): void {
  (globalThis as Record<symbol, CodeCacheHook | undefined>)[CODE_CACHE_HOOK] = hook;
}
