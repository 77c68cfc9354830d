// Compose files' half of the language server, loaded the first time a compose document needs it.
// The `yaml` package, the compose model, its rules and features are a third of the server and no
// Dockerfile needs them, so in the bundles they are a file of their own, dist/server-compose.js,
// which dist/server.js requires only then (the editor's first diagnostics of a Dockerfile come
// sooner). That file carries nothing else: whatever it imports from the rest of the server (the
// lint's bounds, code actions, the Windows tables, the LSP constants) it takes from dist/server.js
// through SHARED below, so no module exists twice. scripts/lib/server-split.mjs makes the split and
// fails the build when the compose half imports a module that is not listed here. Run from the
// sources (tests), the require below simply loads the compose modules.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ComposeLanguageId } from '../../../shared/protocol';
import type { AnyRule } from '../rules/types';
import { findDockerfileRule } from '../rules/dockerfileRules';
import type { ComposeDeps, ComposeDocuments } from './compose';
import * as protocol from '../../../shared/protocol';
import * as parser from '../dockerfile/parser';
import * as windows from '../windows';
import * as hostMismatch from '../rules/windows/hostMismatch';
import * as linuxEngine from '../rules/windows/linuxEngine';
import * as dockerfileRules from '../rules/dockerfileRules';
import * as types from '../rules/types';
import * as lint from '../lint';
import * as messages from '../messages';
import * as sorted from '../sorted';
import * as completion from './completion';
import * as clientCapabilities from './clientCapabilities';
import * as codeActions from './codeActions';
import * as modelCache from './modelCache';

type Part = typeof import('./compose/part');

/** Keyed by the path from the repository root that esbuild resolves the compose half's import to. */
const SHARED: Record<string, () => unknown> = {
  'shared/protocol.ts': () => protocol,
  'server/src/dockerfile/parser.ts': () => parser,
  'server/src/windows/index.ts': () => windows,
  'server/src/rules/windows/hostMismatch.ts': () => hostMismatch,
  'server/src/rules/windows/linuxEngine.ts': () => linuxEngine,
  'server/src/rules/dockerfileRules.ts': () => dockerfileRules,
  'server/src/rules/types.ts': () => types,
  'server/src/lint.ts': () => lint,
  'server/src/messages.ts': () => messages,
  'server/src/sorted.ts': () => sorted,
  'server/src/features/completion.ts': () => completion,
  'server/src/features/clientCapabilities.ts': () => clientCapabilities,
  'server/src/features/codeActions.ts': () => codeActions,
  'server/src/features/modelCache.ts': () => modelCache,
  // A package: required when asked for, so its exports are not copied at start.
  'node_modules/vscode-languageserver/lib/node/main.js': () => require('vscode-languageserver'),
};
/** Where the compose half's stand-ins for shared modules find them (scripts/lib/server-split.mjs). */
export const SHARED_KEY = Symbol.for('docker-workbench.server-shared');

function loadPart(): Part {
  // Left in place: a module of the compose half that is evaluated later asks it then.
  (globalThis as unknown as Record<symbol, (key: string) => unknown>)[SHARED_KEY] = (key) => {
    const get = SHARED[key];
    if (get === undefined) throw new Error(`the compose half of the language server needs ${key}, which dist/server.js does not share`);
    return get();
  };
  // The bundle build points this at ./server-compose.js.
  return require('./compose/part') as Part;
}

/** ComposeDocuments' face for server.ts: the language test and `forget` never load the compose half. */
export class ComposePart {
  private part: Part | undefined;
  private documents: ComposeDocuments | undefined;

  constructor(private readonly deps: ComposeDeps) {}

  handles(document: TextDocument): boolean {
    return document.languageId === ComposeLanguageId;
  }

  forget(uri: string): void {
    this.documents?.forget(uri);
  }

  /** A finding's rule: a compose rule's finding came from the compose half, loaded by then. */
  rule(id: string): AnyRule | undefined {
    return findDockerfileRule(id) ?? this.part?.findComposeRule(id);
  }

  private get loaded(): ComposeDocuments {
    if (this.documents === undefined) {
      this.part = loadPart();
      this.documents = new this.part.ComposeDocuments(this.deps);
    }
    return this.documents;
  }

  findings(...args: Parameters<ComposeDocuments['findings']>) {
    return this.loaded.findings(...args);
  }
  codeActions(...args: Parameters<ComposeDocuments['codeActions']>) {
    return this.loaded.codeActions(...args);
  }
  hover(...args: Parameters<ComposeDocuments['hover']>) {
    return this.loaded.hover(...args);
  }
  completion(...args: Parameters<ComposeDocuments['completion']>) {
    return this.loaded.completion(...args);
  }
  symbols(...args: Parameters<ComposeDocuments['symbols']>) {
    return this.loaded.symbols(...args);
  }
  definition(...args: Parameters<ComposeDocuments['definition']>) {
    return this.loaded.definition(...args);
  }
  links(...args: Parameters<ComposeDocuments['links']>) {
    return this.loaded.links(...args);
  }
  lenses(...args: Parameters<ComposeDocuments['lenses']>) {
    return this.loaded.lenses(...args);
  }
  folding(...args: Parameters<ComposeDocuments['folding']>) {
    return this.loaded.folding(...args);
  }
}
