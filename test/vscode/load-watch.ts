// Watches, from inside the extension host, what an extension loads as it activates: every file of
// its own that is required (with its size and when), and when its activate() was called, returned
// and resolved. Installed before the extension is loaded (VS Code requires an extension's main
// through Node's Module._load, as it does every module), so nothing in the extension changes.
// Used by the startup bench (test/vscode/bench) and the .vsix probe (test/vscode/probe).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface LoadedFile {
  /** Real path of the file. */
  file: string;
  bytes: number;
  /** performance.now() when its require returned. */
  at: number;
}

export interface LoadWatch {
  /** The extension's own files, in the order their require returned. */
  readonly files: LoadedFile[];
  readonly activateCalledAt: number | undefined;
  readonly activateResolvedAt: number | undefined;
  /** Resolves when the extension's activate() promise has resolved. */
  readonly activated: Promise<void>;
  /** The files required before activate() resolved. */
  loadedBeforeActivation(): LoadedFile[];
  dispose(): void;
}

interface ModuleLoader {
  _load(request: string, parent: { filename?: string } | null | undefined, isMain: boolean): unknown;
}

/**
 * @param extensionPath the extension's folder; its files are the ones recorded
 * @param beforeFirstLoad called (synchronously) just before a file of the extension is first
 *   required, so a probe can look at the state of things at that moment
 */
export function watchExtensionLoads(extensionPath: string, main: string, beforeFirstLoad?: (file: string) => void): LoadWatch {
  const root = fs.realpathSync(extensionPath) + path.sep;
  const mainFile = realFile(path.resolve(extensionPath, main));
  const loader = require('node:module') as ModuleLoader;
  const original = loader._load;
  const seen = new Set<string>();
  const files: LoadedFile[] = [];
  let calledAt: number | undefined;
  let resolvedAt: number | undefined;
  let resolveActivated: () => void = () => undefined;
  const activated = new Promise<void>((resolve) => (resolveActivated = resolve));

  const wrapActivate = (exports: Record<string, unknown>): unknown => {
    const activate = exports.activate;
    if (typeof activate !== 'function') return exports;
    return {
      ...exports,
      activate(...args: unknown[]) {
        calledAt = performance.now();
        const done = () => {
          resolvedAt ??= performance.now();
          resolveActivated();
        };
        const result: unknown = activate.apply(exports, args);
        Promise.resolve(result).then(done, done);
        return result;
      },
    };
  };

  let active = true;
  const hook: ModuleLoader['_load'] = function (this: unknown, request, parent, isMain) {
    if (!active) return original.call(this, request, parent, isMain);
    const file = typeof request === 'string' && (path.isAbsolute(request) || request.startsWith('.')) ? realFile(path.resolve(parent?.filename ? path.dirname(parent.filename) : '/', request)) : undefined;
    const first = file !== undefined && file.startsWith(root) && !seen.has(file);
    if (first) {
      seen.add(file);
      beforeFirstLoad?.(file);
    }
    const result = original.call(this, request, parent, isMain);
    if (!first) return result;
    files.push({ file, bytes: fs.statSync(file).size, at: performance.now() });
    return file === mainFile && typeof result === 'object' && result !== null ? wrapActivate(result as Record<string, unknown>) : result;
  };
  loader._load = hook;

  return {
    files,
    get activateCalledAt() {
      return calledAt;
    },
    get activateResolvedAt() {
      return resolvedAt;
    },
    activated,
    loadedBeforeActivation: () => (resolvedAt === undefined ? [...files] : files.filter((f) => f.at <= (resolvedAt as number))),
    dispose() {
      // Another hook may have wrapped ours since: then ours stays in the chain, passing through.
      active = false;
      if (loader._load === hook) loader._load = original;
    },
  };
}

/** The real path of a module file, with `.js` added the way require adds it. */
function realFile(file: string): string {
  for (const candidate of [file, `${file}.js`]) {
    try {
      if (fs.statSync(candidate).isFile()) return fs.realpathSync(candidate);
    } catch {
      // not this one
    }
  }
  return file;
}
