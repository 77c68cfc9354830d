// The Docker Workbench language server: wires the LSP connection to the features. Each feature is
// a pure function of one parsed model (cached per document version) plus the settings and host.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  HostContextNotification,
  ImageEnvInitOption,
  ImageEnvNotification,
  InitialSettingsOption,
  ImagesWantedNotification,
  ReadingRequest,
  SettingsSection,
  type HostContext,
  type ImagesWantedParams,
  type ReadingResult,
} from '../../shared/protocol';
import { mergeHost, parseHostBuild, parseSettings, type WorkbenchSettings } from '../../shared/settings';
import { startupMark } from '../../shared/startupTrace';
import { SettingsSources } from './features/settingsSources';
import { foldingFor, hoverFor, hoverFormat, linksFor, symbolsFor } from './features/clientCapabilities';
import { lintSteps } from './lint';
import { LintMemory } from './lintMemory';
import type { Finding } from './rules/types';
import { FIX_ALL_KIND, codeActions } from './features/codeActions';
import { completion } from './features/completion';
import { LintScheduler, describeError, runInSlices, toDiagnostic } from './features/diagnostics';
import { formatDocument } from './features/formatting';
import { hover } from './features/hover';
import { ImageEnvSync } from './features/imageEnvSync';
import { clampRequestParams } from './features/clientInput';
import { documentOversize, ModelCache } from './features/modelCache';
import { PieceDocument } from './features/pieceDocument';
import { parseDockerfile } from './dockerfile/parser';
import { fileTooLargeFindings } from './rules/syntax/file-too-large';
import { readingOf } from './features/reading';
import { RulesSection, ScopedRules } from './features/scopedRules';
import { documentSymbols, foldingRanges } from './features/symbols';
import { documentLinks } from './features/documentLinks';
import { LEGEND } from './features/semanticTokens';
import { SemanticTokensResults } from './features/semanticTokensDelta';
import { serverConnection, writesJson } from './transport';
import { HeapGuard } from './heapGuard';
import { ComposePart } from './features/composePart';
import { warmUpEditing, warmUpLint } from './features/warmUp';
import { saveCodeCaches } from './compileCache';

const connection = serverConnection();
// Documents kept in pieces (pieceDocument.ts): a keystroke does not copy the whole text.
const documents = new TextDocuments(PieceDocument);
const models = new ModelCache(parseDockerfile, () => settings.maxFileSizeBytes);
/** Per document, what its last lint leaves for the next (only the edited instructions are checked again). */
const lintMemories = new Map<string, LintMemory>();
/** Findings of the version last linted, for code actions and hover. */
const findingsByUri = new Map<string, { version: number; findings: Finding[] }>();
/**
 * Count the times findingsByUri was cleared (settings, host) or a document's entry dropped (its
 * folder's rules): a lint in slices started before either is stale.
 */
let findingsEpoch = 0;
const documentEpochs = new Map<string, number>();
const epochOf = (uri: string) => `${findingsEpoch}:${documentEpochs.get(uri) ?? 0}`;
/** The semantic tokens last sent per document, for delta requests. */
const tokenResults = new SemanticTokensResults(writesJson);

/** Compose files (language id `dockercompose`): every request for one goes there. */
const compose = new ComposePart({
  host: () => host(),
  severities: (uri) => rulesFor(uri),
  maxBytes: () => settings.maxFileSizeBytes,
  openText: (uri) => documents.get(uri)?.getText(),
  log: (message) => log(message),
  onRuleError: (rule, error, uri) => log(`docker-workbench: rule ${rule.id} failed on ${uri}: ${describeError(error)}`),
});

let capabilities: ClientCapabilities = {};
let settings: WorkbenchSettings = parseSettings(undefined);
/** Pulled, pushed and initialization settings, merged (settingsSources.ts). */
const settingSources = new SettingsSources();
/** What the client reported about the engine's host; settings override it (see mergeHost). */
let reportedHost: HostContext = {};
let settingsRequest = 0;
/**
 * The client gave the answers to its first pulls with initialize (InitialSettingsOption): the
 * first pull confirms them, and lints made with them stand unless an answer differs.
 */
let initialSettingsGiven = false;
const justOpened = new Set<string>();
const scopedRules = new ScopedRules(async (uri) => {
  const [value] = (await connection.workspace.getConfiguration([{ scopeUri: uri, section: RulesSection }])) as unknown[];
  return value;
});

/** The document's own `dockerWorkbench.rules` (a folder may set its own), else the window's. */
function rulesFor(uri: string): WorkbenchSettings['rules'] {
  return settingSources.rulesFor(scopedRules.for(uri));
}

/** Whether the client answers workspace/configuration (with a scope) at all. */
function pullsSettings(): boolean {
  return capabilities.workspace?.configuration === true;
}

/**
 * Documents a read of their scope owes a lint: one that must lint was overtaken by a newer read
 * that would lint only if the scope changed, so the newer one lints regardless.
 */
const scopeLintOwed = new Set<string>();

/**
 * Reads the document's scoped rules, then lints it; a failed read lints with the window's rules.
 * When a newer read of the same document started meanwhile, that one lints: linting now would
 * publish with rules about to be replaced. `onlyIfChanged`: lint only if the scope now answers
 * otherwise (unless an earlier read it overtook owed a lint).
 */
function readScopeThenLint(uri: string, onlyIfChanged = false): void {
  if (!onlyIfChanged) scopeLintOwed.add(uri);
  const before = JSON.stringify(scopedRules.for(uri) ?? null);
  void scopedRules
    .refresh(uri)
    .catch((error: unknown) => {
      log(`docker-workbench: reading ${RulesSection} for ${uri} failed: ${describeError(error)}`);
      return 'read' as const;
    })
    .then((outcome) => {
      if (outcome === 'superseded' || documents.get(uri) === undefined) return;
      if (onlyIfChanged && !scopeLintOwed.has(uri) && JSON.stringify(scopedRules.for(uri) ?? null) === before) return;
      scopeLintOwed.delete(uri);
      findingsByUri.delete(uri);
      documentEpochs.set(uri, (documentEpochs.get(uri) ?? 0) + 1);
      scheduler.schedule(uri, 0);
    });
}
/** The client named documents open at initialize (with their rules: InitialSettingsOption). */
let documentsOpenAtStart = false;
/** Whether the client answers which base images it has (it says so in its initialization options). */
let clientAnswersImageEnv = false;
const imageEnv = new ImageEnvSync(
  (references) => {
    const params: ImagesWantedParams = { references };
    void connection.sendNotification(ImagesWantedNotification, params).catch((error: unknown) => log(`docker-workbench: asking for image environments failed: ${describeError(error)}`));
  },
  () => clientAnswersImageEnv,
);

function host(): HostContext {
  return mergeHost(reportedHost, settings.hostOverride);
}

function log(message: string): void {
  try {
    connection.console.error(message);
  } catch {
    // The connection itself is gone; nobody is left to tell.
  }
}

/**
 * No handler may take the server down: a failure is logged and the request gets an empty answer.
 * Every number the client sent (tabSize, positions, ranges) is clamped first, here for all handlers.
 */
function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    try {
      const [params, ...rest] = args;
      return fn(...([clampRequestParams(params, (uri) => documents.get(uri)), ...rest] as A));
    } catch (error) {
      log(`docker-workbench: ${name} failed: ${describeError(error)}`);
      return fallback;
    } finally {
      afterWork();
    }
  };
}

let editingWarmedUp = false;
const WARM_UP_STEP_MS = 25;
const heap = new HeapGuard();
let heapCheck = false;
/** After a request or a lint: the heap is looked at once the answer is on its way (heapGuard.ts). */
function afterWork(): void {
  if (heapCheck || process.env.DOCKER_WORKBENCH_NO_HEAP_GUARD === '1') return;
  heapCheck = true;
  // Two turns: the connection writes the answer in the first.
  setImmediate(() =>
    setImmediate(() => {
      heapCheck = false;
      heap.check();
    }),
  );
}

function findingsOf(document: TextDocument): Finding[] {
  const steps = findingSteps(document);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** findingsOf one lint rule at a time, for the scheduler's lint in slices (runInSlices). */
function* findingSteps(document: TextDocument): Generator<void, Finding[]> {
  // The document object is updated in place by later edits: what is cached is this version's.
  const version = document.version;
  const cached = findingsByUri.get(document.uri);
  if (cached !== undefined && cached.version === version) return cached.findings;
  const size = documentOversize(document, settings.maxFileSizeBytes);
  if (size !== undefined) {
    const findings = fileTooLargeFindings(size, settings.maxFileSizeBytes, 'Raise dockerWorkbench.lint.maxFileSize to lint it.', rulesFor(document.uri));
    findingsByUri.set(document.uri, { version, findings });
    return findings;
  }
  if (compose.handles(document)) {
    const findings = compose.findings(document);
    findingsByUri.set(document.uri, { version, findings });
    return findings;
  }
  const model = models.get(document);
  const findings = yield* lintSteps(model, {
    host: host(),
    imageEnv: imageEnv.lookup,
    severities: rulesFor(document.uri),
    memory: lintMemories.get(document.uri) ?? lintMemories.set(document.uri, new LintMemory()).get(document.uri),
    onRuleError: (rule, error) => log(`docker-workbench: rule ${rule.id} failed on ${document.uri}: ${describeError(error)}`),
  });
  findingsByUri.set(document.uri, { version, findings });
  imageEnv.noteDocument(document.uri, model);
  return findings;
}

/** After the first publish, out of the way of the first requests. */
const CODE_CACHE_SAVE_MS = 1000;

const scheduler = new LintScheduler({
  document: (uri) => documents.get(uri),
  diagnose: (document, stale) => {
    // Settings or host facts changed while it ran: its findings are not to be kept nor shown.
    const epoch = epochOf(document.uri);
    return runInSlices(findingSteps(document), () => stale() || epoch !== epochOf(document.uri), (findings) => findings.map((f) => toDiagnostic(f, compose.rule(f.rule))));
  },
  publish: (uri, version, diagnostics) => {
    startupMark('server: first publish');
    if (!editingWarmedUp) {
      // Once the first diagnostics are out, the editing paths warm up between messages (warmUp.ts),
      // a step every WARM_UP_STEP_MS: a request that comes meanwhile rarely finds one running.
      editingWarmedUp = true;
      warmUpEditing((step) => setTimeout(step, WARM_UP_STEP_MS).unref());
      // The code caches are written now, with the start's functions compiled (compileCache.ts).
      setTimeout(saveCodeCaches, CODE_CACHE_SAVE_MS).unref();
    }
    void connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => log(`docker-workbench: publishing diagnostics failed: ${describeError(error)}`));
    afterWork();
  },
  debounceMs: () => settings.debounceMs,
  log,
});

/** Settings or host changed: every open document's findings are stale. */
function relintAll(): void {
  findingsByUri.clear();
  findingsEpoch++;
  scheduler.scheduleAll(documents.keys(), 0);
}

async function pullSettings(): Promise<void> {
  if (!pullsSettings()) return;
  const request = ++settingsRequest;
  // Only the first pull, and only if no newer one overtakes it, confirms the initial answers.
  const confirming = initialSettingsGiven && request === 1;
  initialSettingsGiven = false;
  try {
    const section: unknown = await connection.workspace.getConfiguration({ section: SettingsSection });
    // An older pull that answers late must not overwrite a newer one.
    if (request !== settingsRequest) return;
    const before = JSON.stringify(settings);
    settingSources.setPulled(section);
    settings = settingSources.current;
    const same = JSON.stringify(settings) === before;
    // The answer the client gave at initialize, confirmed: what was linted with it stands (each
    // document's own scope is checked as it opens).
    if (confirming && same) return;
    // The same settings after a change announced (vscode-languageclient announces one as soon as
    // the server registers for them, which overtakes the confirming pull; a change to another
    // extension's settings comes here too): only a folder's own rules may differ, so a document is
    // linted again only if its scope now answers otherwise.
    if (same) {
      for (const uri of documents.keys()) readScopeThenLint(uri, true);
      return;
    }
    // Every open document's findings are stale, and any folder's rules may have changed too:
    // each document is linted again once its scope was read again.
    findingsByUri.clear();
    findingsEpoch++;
    for (const uri of documents.keys()) readScopeThenLint(uri);
  } catch (error) {
    log(`docker-workbench: reading settings failed: ${describeError(error)}`);
  }
}

connection.onInitialize(
  guard('initialize', { capabilities: {} } as InitializeResult, (params): InitializeResult => {
    startupMark('server: initialize');
    capabilities = params.capabilities;
    // Clients without workspace/configuration may pass the section as initialization options.
    const options: unknown = params.initializationOptions;
    settingSources.setInitialization(options);
    // What the client will answer when asked, for the documents open now: they are linted at once
    // with it, and again only if a pull answers otherwise.
    const initial = typeof options === 'object' && options !== null ? (options as Record<string, unknown>)[InitialSettingsOption] : undefined;
    if (pullsSettings() && typeof initial === 'object' && initial !== null) {
      const { section, scoped } = initial as { section?: unknown; scoped?: unknown };
      settingSources.setPulled(section);
      if (typeof scoped === 'object' && scoped !== null) {
        for (const [uri, rules] of Object.entries(scoped).slice(0, 100)) scopedRules.assume(uri, rules);
        documentsOpenAtStart = Object.keys(scoped).length > 0;
      }
      initialSettingsGiven = true;
    }
    settings = settingSources.current;
    clientAnswersImageEnv = typeof options === 'object' && options !== null && (options as Record<string, unknown>)[ImageEnvInitOption] === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '-', ':', '#', '='], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        codeLensProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: false },
      },
      serverInfo: { name: 'docker-workbench' },
    };
  }),
);

connection.onInitialized(
  guard('initialized', undefined, () => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SettingsSection }).catch((error: unknown) => log(`docker-workbench: registering for settings changes failed: ${describeError(error)}`));
    }
    void pullSettings();
    // Without documents open, the lint warms up for the first one (warmUp.ts). With some, their
    // didOpen follows at once (vscode-languageclient sends it a few milliseconds after initialize),
    // and a warm-up running then only made their first lint wait for it.
    if (!documentsOpenAtStart) {
      setImmediate(() => {
        startupMark('server: warm-up lint');
        warmUpLint();
      });
    }
  }),
);

connection.onDidChangeConfiguration(
  guard('didChangeConfiguration', undefined, (params) => {
    // Pushed settings are kept whether or not the client also answers pulls (the pull wins name by name).
    const pushed = settingSources.setPushed(params.settings);
    if (pullsSettings()) {
      void pullSettings();
      return;
    }
    if (pushed) {
      settings = settingSources.current;
      relintAll();
    }
  }),
);

connection.onNotification(
  HostContextNotification,
  guard('hostContext', undefined, (params: unknown) => {
    // The same host again (the client's first notification repeats the settings' facts), or only
    // where the facts came from (which a hover tells, asked each time; no finding does): nothing to lint.
    const before = hostFacts(host());
    reportedHost = sanitizeHost(params);
    if (hostFacts(host()) !== before) relintAll();
  }),
);

connection.onNotification(
  ImageEnvNotification,
  guard('imageEnv', undefined, (params: unknown) => {
    if (imageEnv.receive(params)) relintAll();
  }),
);

/** The host facts a lint decides from, as a key to compare (not where they came from). */
function hostFacts({ source: _source, ...facts }: HostContext): string {
  return JSON.stringify(facts);
}

/** The notification comes over the wire: keep only well-formed fields. */
function sanitizeHost(value: unknown): HostContext {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: HostContext = {};
  if (v.engineOs === 'windows' || v.engineOs === 'linux') out.engineOs = v.engineOs;
  const build = typeof v.build === 'number' ? parseHostBuild(v.build) : undefined;
  if (build !== undefined) out.build = build;
  if (v.isolation === 'process' || v.isolation === 'hyperv') out.isolation = v.isolation;
  if (v.source === 'engine' || v.source === 'settings' || v.source === 'cli') out.source = v.source;
  return out;
}

documents.onDidOpen(
  guard('didOpen', undefined, (event) => {
    startupMark('server: didOpen');
    justOpened.add(event.document.uri);
  }),
);

documents.onDidChangeContent(
  guard('didChange', undefined, (event) => {
    const uri = event.document.uri;
    // A newly opened document is linted at once (after its folder's rules were read, so a rule
    // turned off there never flashes); an edit after a pause too, and edits while typing wait a
    // delay that follows what a lint of this document costs (LintScheduler.changed).
    // A document the client gave its rules for at initialize is linted with them at once, and
    // again only if its scope answers otherwise.
    if (!justOpened.delete(uri)) scheduler.changed(uri);
    else if (pullsSettings() && scopedRules.takeAssumed(uri)) {
      scheduler.schedule(uri, 0);
      readScopeThenLint(uri, true);
    } else if (pullsSettings()) readScopeThenLint(uri);
    else scheduler.schedule(uri, 0);
  }),
);

documents.onDidClose(
  guard('didClose', undefined, (event) => {
    const uri = event.document.uri;
    justOpened.delete(uri);
    scopeLintOwed.delete(uri);
    models.delete(uri);
    lintMemories.delete(uri);
    compose.forget(uri);
    findingsByUri.delete(uri);
    tokenResults.forget(uri);
    scopedRules.forget(uri);
    imageEnv.forgetDocument(uri);
    scheduler.close(uri);
  }),
);

connection.onCodeAction(
  guard('codeAction', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined) return [];
    const versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    if (compose.handles(document)) return compose.codeActions(document, findingsOf(document), params, versionedEdits);
    return codeActions({
      document,
      model: models.get(document),
      findings: findingsOf(document),
      params,
      versionedEdits: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    });
  }),
);

connection.onHover(
  guard('hover', null, (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined) return null;
    const cached = findingsByUri.get(document.uri);
    const findings = cached?.version === document.version ? cached.findings : [];
    if (compose.handles(document)) return compose.hover(document, params.position, findings, hoverFormat(capabilities));
    return hoverFor(hover(models.get(document), params.position, host(), findings, imageEnv.lookup), hoverFormat(capabilities));
  }),
);

connection.onCompletion(
  guard('completion', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined) return [];
    const snippets = capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    if (compose.handles(document)) return compose.completion(document, params.position, { snippets });
    return completion(models.get(document), params.position, { host: host(), snippets });
  }),
);

connection.onDocumentSymbol(
  guard('documentSymbol', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document !== undefined && compose.handles(document)) return symbolsFor(compose.symbols(document), capabilities, document.uri);
    return document === undefined ? [] : symbolsFor(documentSymbols(models.get(document)), capabilities, document.uri);
  }),
);

connection.onFoldingRanges(
  guard('foldingRange', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document !== undefined && compose.handles(document)) return foldingFor(compose.folding(document), capabilities);
    return document === undefined ? [] : foldingFor(foldingRanges(models.get(document)), capabilities);
  }),
);

connection.onDocumentFormatting(
  guard('formatting', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document !== undefined && compose.handles(document)) return [];
    return document === undefined ? [] : formatDocument(models.get(document), params.options);
  }),
);

connection.onDocumentRangeFormatting(
  guard('rangeFormatting', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document !== undefined && compose.handles(document)) return [];
    return document === undefined ? [] : formatDocument(models.get(document), params.options, params.range);
  }),
);

connection.onDocumentLinks(
  guard('documentLink', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document !== undefined && compose.handles(document)) return linksFor(compose.links(document), capabilities);
    return document === undefined ? [] : linksFor(documentLinks(models.get(document)), capabilities);
  }),
);

connection.onDefinition(
  guard('definition', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    return document !== undefined && compose.handles(document) ? compose.definition(document, params.position) : [];
  }),
);

connection.onCodeLens(
  guard('codeLens', [], (params) => {
    const document = documents.get(params.textDocument.uri);
    return document !== undefined && compose.handles(document) ? compose.lenses(document) : [];
  }),
);

connection.languages.semanticTokens.on(
  guard('semanticTokens', { data: [] }, (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined || compose.handles(document)) return { data: [] };
    return tokenResults.full(document.uri, document.version, () => models.get(document));
  }),
);

connection.languages.semanticTokens.onDelta(
  guard('semanticTokensDelta', { data: [] }, (params) => {
    const document = documents.get(params.textDocument.uri);
    if (document === undefined || compose.handles(document)) return { data: [] };
    return tokenResults.delta(document.uri, params.previousResultId, document.version, () => models.get(document));
  }),
);

connection.onRequest(
  ReadingRequest,
  guard('reading', null, (params: unknown): ReadingResult | null => {
    const uri = typeof params === 'object' && params !== null ? (params as { uri?: unknown }).uri : undefined;
    const document = typeof uri === 'string' ? documents.get(uri) : undefined;
    return document === undefined || compose.handles(document) ? null : readingOf(document, models.get(document), host());
  }),
);

connection.onShutdown(guard('shutdown', undefined, () => scheduler.dispose()));

// A bug in one handler must not end the process: the editor would lose every feature at once.
process.on('uncaughtException', (error) => log(`docker-workbench: uncaught: ${describeError(error)}`));
process.on('unhandledRejection', (error) => log(`docker-workbench: unhandled rejection: ${describeError(error)}`));

documents.listen(connection);
connection.listen();
startupMark('server: process start', performance.timeOrigin);
// Set by the bundle's first line (scripts/build.mjs); absent when run from the TypeScript output.
declare const __dwBundleStart: number | undefined;
if (typeof __dwBundleStart === 'number') startupMark('server: bundle started', performance.timeOrigin + __dwBundleStart);
startupMark('server: bundle evaluated');
