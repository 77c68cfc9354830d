// `npm run bench -- lsp`: the editor's requests over stdio, our server (dist/server.js) beside
// rcjsuen's dockerfile-language-server-nodejs 0.15.0 (the server other Docker extensions embed), on
// the same generated files in the same run. Each request is timed from send to answer; every wait
// has a deadline, and a request past it is reported as "> N s" (that server is then restarted,
// since it is still busy). The other server is installed for the bench only, into .cache/bench/lsp
// (git-ignored), never into the project's dependencies.
//
// DOCKER_WORKBENCH_BENCH_LSP_INPUTS=1k,10k,50k,run,win,fmt picks inputs (all by default);
// DOCKER_WORKBENCH_BENCH_LSP_DEADLINE_MS sets the per-request deadline (10 000);
// DOCKER_WORKBENCH_BENCH_LSP_SERVERS=ours runs our server alone (while working on it; the ratios
// and the goals that compare need both).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDockerfile, longRun, misindented, windowsBacktickFile } from './lib/bench-inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const THEIRS_VERSION = '0.15.0';
const THEIRS_DIR = path.join(root, '.cache', 'bench', 'lsp');
const THEIRS_PACKAGE = path.join(THEIRS_DIR, 'node_modules', 'dockerfile-language-server-nodejs');
const DEADLINE_MS = Number(process.env.DOCKER_WORKBENCH_BENCH_LSP_DEADLINE_MS ?? 10_000);
/**
 * Time spent timing one request on one server (after one warm-up run), and the run counts allowed.
 * A request of a few milliseconds gets up to 100 runs: the first runs after a server's first full
 * computation (semantic tokens at 10k lines) are slower while V8 collects what it allocated,
 * about ten runs of 10 to 60 ms, which decided a median of 25 runs. An edit to its diagnostics
 * waits a pause before each run (PAUSE_MS): at most 25 of those.
 */
const BUDGET_MS = 1200;
const MIN_RUNS = 3;
const MAX_RUNS = 100;
const MAX_RUNS_AFTER_PAUSE = 25;
/** Goal lines also show the median of this many first runs, beside the median of them all. */
const EARLY_RUNS = 10;

const GOAL_MS = 5;
const GOAL_LINEAR = 6;
const GOAL_CHANGE_MS = 50;

const INPUTS = [
  { key: '1k', name: 'generated 1k lines', text: () => generateDockerfile(1_000, 1_000) },
  { key: '10k', name: 'generated 10k lines', text: () => generateDockerfile(10_000, 10_000), tenK: true },
  { key: '50k', name: 'generated 50k lines', text: () => generateDockerfile(50_000, 50_000), fiftyK: true },
  { key: 'run', name: 'one RUN over 10k lines', text: () => longRun(10_000), tenK: true },
  { key: 'win', name: 'Windows, escape=` , 10k lines (CRLF)', text: () => windowsBacktickFile(10_000, 10_000), tenK: true },
  // The generated files are laid out already (ours has nothing to change there): formatting is
  // compared on this one, where both servers have indentation to fix.
  { key: 'fmt', name: 'generated 10k lines, indentation to fix', text: () => misindented(generateDockerfile(10_000, 10_000)), requests: ['rangeFormatting', 'formatting'] },
];

/** The method of each request asked with the same parameters every time (the semantic tokens after a change, see benchServer). */
const METHODS = {
  hover: 'textDocument/hover',
  completion: 'textDocument/completion',
  folding: 'textDocument/foldingRange',
  documentSymbol: 'textDocument/documentSymbol',
  codeAction: 'textDocument/codeAction',
  documentLink: 'textDocument/documentLink',
  semanticTokens: 'textDocument/semanticTokens/full',
  rangeFormatting: 'textDocument/rangeFormatting',
  formatting: 'textDocument/formatting',
};

/** The requests timed, in the order they run; `per` 10k goals apply to those marked. */
const REQUESTS = ['hover', 'completion', 'folding', 'documentSymbol', 'codeAction', 'documentLink', 'semanticTokens', 'semanticTokensDelta', 'rangeFormatting', 'formatting', 'changeToDiagnostics'];
const FIVE_MS_GOAL = new Set(['hover', 'completion', 'folding', 'documentSymbol', 'codeAction', 'documentLink', 'semanticTokens', 'semanticTokensDelta', 'rangeFormatting']);

function ensureTheirs() {
  const manifest = path.join(THEIRS_PACKAGE, 'package.json');
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === THEIRS_VERSION) return;
  console.log(`installing dockerfile-language-server-nodejs@${THEIRS_VERSION} into ${path.relative(root, THEIRS_DIR)} (for the bench only)...`);
  // The outer `npm run bench` must not steer the nested npm (its prefix, its package.json).
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  const r = spawnSync('npm', ['install', '--prefix', THEIRS_DIR, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `dockerfile-language-server-nodejs@${THEIRS_VERSION}`], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  if (r.status !== 0) throw new Error('installing dockerfile-language-server-nodejs failed (see above)');
}

const SERVERS = [
  { name: 'ours', entry: () => path.join(root, 'dist', 'server.js') },
  { name: 'theirs', entry: () => path.join(THEIRS_PACKAGE, 'lib', 'server.js') },
];

/**
 * A server that does no work (lib/bench-lsp-floor.mjs), given our answers to send: on each 10k
 * input and the 50k one, the goal requests whose answer is large (the JSON.parse line) are timed
 * on it too, so a goal's figure shows beside what sending that same answer costs here, in the same run.
 */
const floorServer = (answersFile) => ({ name: 'floor', entry: () => path.join(root, 'scripts', 'lib', 'bench-lsp-floor.mjs'), args: [answersFile] });

class Session {
  constructor(server) {
    this.server = server;
    this.published = [];
    this.waiters = [];
    this.exited = undefined;
  }

  static async start(server) {
    const s = new Session(server);
    const nodeArgs = server.name === 'ours' ? (process.env.DOCKER_WORKBENCH_BENCH_LSP_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
    const child = spawn(process.execPath, [...nodeArgs, server.entry(), ...(server.args ?? []), '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
    s.child = child;
    child.on('exit', (code) => {
      s.exited = code;
      s.wake();
    });
    // When the server's output last arrived (registered before the reader, so it is set before the
    // reader hands on the message that chunk completes): an answer's last byte, apart from the time
    // the client then takes to read its JSON.
    child.stdout.on('data', () => {
      s.lastData = performance.now();
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    s.connection = connection;
    connection.onNotification('textDocument/publishDiagnostics', (params) => {
      s.published.push({ uri: params.uri, version: params.version, at: performance.now(), diagnostics: params.diagnostics });
      s.wake();
    });
    // Defaults for every setting either server asks about, but our size limit: at its default (1 MiB)
    // the 50k-line file (1.8 MB) would get one file-too-large error and no work at all.
    connection.onRequest('workspace/configuration', (params) => params.items.map((item) => (item.section === 'dockerWorkbench' ? { lint: { maxFileSize: 8 } } : null)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification(() => undefined);
    connection.onError(() => undefined);
    connection.listen();
    const init = await s.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          synchronization: { dynamicRegistration: false },
          completion: { completionItem: { snippetSupport: true } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
          // As VS Code's client (vscode-languageclient 9) says them: it takes at most 5000 folding
          // ranges (so does the editor, editor.foldingMaximumRegions), and shows link tooltips.
          foldingRange: { lineFoldingOnly: true, rangeLimit: 5000 },
          documentLink: { tooltipSupport: true },
          semanticTokens: {
            requests: { full: { delta: true } },
            tokenTypes: ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator'],
            tokenModifiers: ['declaration', 'definition', 'deprecated', 'defaultLibrary'],
            formats: ['relative'],
          },
        },
        workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
      },
    }, 30_000);
    if (init.timedOut) throw new Error(`${server.name}: initialize did not answer in 30 s`);
    s.capabilities = init.value.capabilities;
    void connection.sendNotification('initialized', {});
    return s;
  }

  wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** `{value, ms, lastByteMs}` (lastByteMs: send to the answer's last byte), or `{timedOut: true}` past the deadline. */
  async request(method, params, deadlineMs = DEADLINE_MS) {
    let timer;
    const started = performance.now();
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ timedOut: true }), deadlineMs);
    });
    try {
      return await Promise.race([this.connection.sendRequest(method, params).then((value) => ({ value, ms: performance.now() - started, lastByteMs: this.lastData - started })), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The first publish for `uri` after index `from` (with `version` when given and the server sends one). */
  async diagnostics(uri, from, version, deadlineMs = DEADLINE_MS) {
    const deadline = performance.now() + deadlineMs;
    for (;;) {
      const found = this.published.slice(from).find((p) => p.uri === uri && (version === undefined || p.version === undefined || p.version === version));
      if (found) return found;
      if (this.exited !== undefined) throw new Error(`${this.server.name} exited (${this.exited})`);
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Peak resident memory of the server process so far (VmHWM), in MB. */
  peakMb() {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop() {
    if (this.exited === undefined) {
      await this.request('shutdown', null, 2000).catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
    }
    this.connection.dispose();
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (this.exited === undefined) {
      try {
        process.kill(this.child.pid);
      } catch {
        // Gone already.
      }
    }
  }
}

/** A document open in a session, with the version and text the client last sent. */
async function openDocument(server, text) {
  const session = await Session.start(server);
  const uri = `file:///bench/${server.name}/Dockerfile`;
  const doc = { uri, version: 1, text, lines: text.split(/\r\n|\r|\n/) };
  const from = session.published.length;
  const started = performance.now();
  void session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const first = await session.diagnostics(uri, from, 1, 60_000);
  return { session, doc, openMs: first ? first.at - started : undefined, diagnostics: first?.diagnostics ?? [] };
}

/** An answer's size as the verdicts print it: its entries (for a list) and its JSON text in KB. */
function sizeOf(value) {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) return undefined;
  return `${Array.isArray(value) ? `${value.length} entries, ` : ''}${(text.length / 1024).toFixed(text.length < 10 * 1024 ? 1 : 0)} KB`;
}

/**
 * The median time JSON.parse takes on the text of an answer, alone in this process: the part of
 * the client's reading no server can take away (an answer of 10 000 semantic tokens is 50 000
 * numbers to parse, whoever sends them). Undefined for an answer under 16 KB of JSON.
 */
function parseAlone(value) {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (text === undefined || text.length < 16 * 1024) return undefined;
  const times = [];
  for (let i = 0; i < 9; i++) {
    const started = performance.now();
    JSON.parse(text);
    times.push(performance.now() - started);
  }
  return median(times);
}

function median(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A line near the middle that starts an instruction (a keyword at column 0). */
function middleInstructionLine(lines) {
  for (let d = 0; d < lines.length; d++) {
    for (const l of [Math.floor(lines.length / 2) + d, Math.floor(lines.length / 2) - d]) {
      if (/^(FROM|RUN|COPY|ENV|WORKDIR|EXPOSE|USER|LABEL|CMD)\b/.test(lines[l] ?? '') && !/[\\`]\s*$/.test(lines[l])) return l;
    }
  }
  return 0;
}

/**
 * Times every request on one server and one input. Returns a map request -> {median, runs} |
 * {over: ms} | {na: why}, and the peak memory.
 */
async function benchServer(server, input, text) {
  const results = new Map();
  const edits = new Map();
  let state = await openDocument(server, text);
  // A server restarted after a request past the deadline is a new process: the peak is the highest
  // of every process the input ran in, not only the last one's.
  let peakOfEarlier;
  const restart = async () => {
    peakOfEarlier = Math.max(peakOfEarlier ?? 0, state.session.peakMb() ?? 0);
    await state.session.stop();
    state = await openDocument(server, text);
  };
  const mid = middleInstructionLine(state.doc.lines);
  const td = () => ({ uri: state.doc.uri });
  const middleDiagnostic = () => {
    const list = state.diagnostics;
    if (list.length === 0) return undefined;
    return list.reduce((best, d) => (Math.abs(d.range.start.line - mid) < Math.abs(best.range.start.line - mid) ? d : best));
  };
  const params = {
    hover: () => [METHODS.hover, { textDocument: td(), position: { line: mid, character: 1 } }],
    completion: () => [METHODS.completion, { textDocument: td(), position: { line: mid, character: 1 } }],
    folding: () => [METHODS.folding, { textDocument: td() }],
    documentSymbol: () => [METHODS.documentSymbol, { textDocument: td() }],
    codeAction: () => {
      const d = middleDiagnostic();
      const range = d ? d.range : { start: { line: mid, character: 0 }, end: { line: mid, character: 0 } };
      return [METHODS.codeAction, { textDocument: td(), range, context: { diagnostics: d ? [d] : [] } }];
    },
    documentLink: () => [METHODS.documentLink, { textDocument: td() }],
    semanticTokens: () => [METHODS.semanticTokens, { textDocument: td() }],
    rangeFormatting: () => [METHODS.rangeFormatting, { textDocument: td(), range: { start: { line: mid, character: 0 }, end: { line: mid + 20, character: 0 } }, options: { tabSize: 4, insertSpaces: true } }],
    formatting: () => [METHODS.formatting, { textDocument: td(), options: { tabSize: 4, insertSpaces: true } }],
  };
  const supported = {
    folding: (c) => c.foldingRangeProvider,
    documentLink: (c) => c.documentLinkProvider,
    semanticTokens: (c) => c.semanticTokensProvider?.full,
    semanticTokensDelta: (c) => typeof c.semanticTokensProvider?.full === 'object' && c.semanticTokensProvider.full.delta === true,
  };

  /** Runs `once` (which resolves {ms} or {timedOut}) a warm-up and then within the budget. */
  const timeRuns = async (name, once, maxRuns = MAX_RUNS) => {
    const warm = await once();
    if (warm.timedOut) {
      results.set(name, { over: DEADLINE_MS });
      await restart();
      return;
    }
    const samples = [];
    const lastBytes = [];
    let answer;
    let spent = 0;
    while (samples.length < maxRuns && (samples.length < MIN_RUNS || spent < BUDGET_MS)) {
      // A request slower than the whole budget gets one timed run after the warm-up.
      if (samples.length >= 1 && warm.ms > BUDGET_MS) break;
      const r = await once();
      if (r.timedOut) {
        results.set(name, { over: DEADLINE_MS });
        await restart();
        return;
      }
      samples.push(r.ms);
      if (r.lastByteMs !== undefined) lastBytes.push(r.lastByteMs);
      if (r.value !== undefined) answer = r.value;
      spent += r.ms;
    }
    // The first runs' own median too, where there are many more: what a median of those alone said.
    const early = samples.length >= 2 * EARLY_RUNS ? median(samples.slice(0, EARLY_RUNS)) : undefined;
    results.set(name, { median: median(samples), runs: samples.length, early, lastByte: lastBytes.length === samples.length ? median(lastBytes) : undefined, parse: parseAlone(answer), size: sizeOf(answer), answer });
  };

  for (const name of input.requests ?? REQUESTS) {
    const check = supported[name];
    if (check && !check(state.session.capabilities)) {
      results.set(name, { na: 'not offered' });
      continue;
    }
    if (name === 'semanticTokens') {
      // After a change, as an editor asks: a repeated request for the same version is answered from memory.
      await timeRuns(name, () => {
        typeOneCharacter(state);
        return state.session.request(METHODS.semanticTokens, { textDocument: td() });
      });
      await settle(state);
      continue;
    }
    if (name === 'semanticTokensDelta') {
      await timeRuns(name, () => deltaAfterChange(state));
      await settle(state);
      continue;
    }
    if (name === 'changeToDiagnostics') {
      await timeRuns(name, () => changeToDiagnostics(state), MAX_RUNS_AFTER_PAUSE);
      continue;
    }
    await timeRuns(name, async () => {
      const [method, p] = params[name]();
      const r = await state.session.request(method, p);
      // What a formatter answered, so a fast answer that formats nothing shows as such.
      if (!r.timedOut && (name === 'formatting' || name === 'rangeFormatting')) edits.set(name, Array.isArray(r.value) ? r.value : []);
      return r;
    });
  }
  const lastPeak = state.session.peakMb();
  const peak = lastPeak === undefined ? peakOfEarlier : Math.max(lastPeak, peakOfEarlier ?? 0);
  await state.session.stop();
  for (const [name, list] of edits) {
    const r = results.get(name);
    if (r?.median === undefined) continue;
    r.edits = list.length;
    r.editLines = list.map((e) => e.range.start.line);
  }
  return { results, peak, openMs: state.openMs };
}

/** One character typed (or taken back) at the end of the middle instruction's line. */
function typeOneCharacter(state) {
  const doc = state.doc;
  const mid = middleInstructionLine(doc.lines);
  const line = doc.lines[mid];
  const adding = !line.endsWith('x');
  const change = adding
    ? { range: { start: { line: mid, character: line.length }, end: { line: mid, character: line.length } }, text: 'x' }
    : { range: { start: { line: mid, character: line.length - 1 }, end: { line: mid, character: line.length } }, text: '' };
  doc.lines[mid] = adding ? line + 'x' : line.slice(0, -1);
  doc.version++;
  void state.session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [change] });
  return doc.version;
}

/** The delta request after a one-character change, timed from the request (the change is not). */
async function deltaAfterChange(state) {
  if (state.tokensResultId === undefined) {
    const full = await state.session.request(METHODS.semanticTokens, { textDocument: { uri: state.doc.uri } });
    if (full.timedOut) return full;
    state.tokensResultId = full.value.resultId;
  }
  typeOneCharacter(state);
  const r = await state.session.request('textDocument/semanticTokens/full/delta', { textDocument: { uri: state.doc.uri }, previousResultId: state.tokensResultId });
  if (!r.timedOut) state.tokensResultId = r.value.resultId;
  return r;
}

/** Waits for the diagnostics of the current version, so no lint is pending when the next timing starts. */
async function settle(state) {
  await state.session.diagnostics(state.doc.uri, 0, state.doc.version, DEADLINE_MS);
}

/** An isolated edit: one character after a pause in typing longer than any debounce. */
const PAUSE_MS = 300;

/** From sending a one-character change to receiving the diagnostics of that version, end to end. */
async function changeToDiagnostics(state) {
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  const from = state.session.published.length;
  const started = performance.now();
  const version = typeOneCharacter(state);
  const p = await state.session.diagnostics(state.doc.uri, from, version, DEADLINE_MS);
  if (p === undefined) return { timedOut: true };
  return { ms: p.at - started };
}

const formatMs = (ms) => (ms === undefined ? '' : format({ median: ms }));

const format = (r) => {
  if (r === undefined) return '';
  if (r.na) return 'n/a';
  if (r.over) return `> ${(r.over / 1000).toFixed(0)} s`;
  return r.median >= 100 ? r.median.toFixed(0) : r.median >= 10 ? r.median.toFixed(1) : r.median.toFixed(2);
};

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export async function benchLsp() {
  ensureTheirs();
  const built = spawnSync(process.execPath, ['scripts/build.mjs', 'server'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building dist/server.js failed');
  const wanted = (process.env.DOCKER_WORKBENCH_BENCH_LSP_INPUTS ?? '').split(',').filter(Boolean);
  const inputs = INPUTS.filter((i) => wanted.length === 0 || wanted.includes(i.key));
  const servers = (process.env.DOCKER_WORKBENCH_BENCH_LSP_SERVERS ?? '').split(',').filter(Boolean);
  const out = [];
  const all = [];
  for (const input of inputs) {
    const text = input.text();
    const lineCount = text.split('\n').length - 1;
    const per = {};
    for (const server of SERVERS) {
      per[server.name] = servers.length === 0 || servers.includes(server.name) ? await benchServer(server, input, text) : { results: new Map() };
    }
    if (input.tenK || input.fiftyK) per.floor = await benchFloor(input, text, per.ours.results);
    all.push({ input, per, lines: text.split(/\r\n|\r|\n/) });
    const rows = (input.requests ?? REQUESTS).map((name) => {
      const a = per.ours.results.get(name);
      const b = per.theirs.results.get(name);
      const ratio = a?.median !== undefined && b?.median !== undefined ? `${(b.median / a.median).toFixed(1)}x` : b?.over && a?.median !== undefined ? `> ${(b.over / a.median).toFixed(0)}x` : '';
      const label = a?.edits !== undefined || b?.edits !== undefined ? `${name} (edits ${a?.edits ?? '-'} / ${b?.edits ?? '-'})` : name;
      return [label, format(a), formatMs(a?.lastByte), a?.runs !== undefined ? String(a.runs) : '', format(b), formatMs(b?.lastByte), b?.runs !== undefined ? String(b.runs) : '', ratio];
    });
    rows.push(['open to first diagnostics', per.ours.openMs?.toFixed(0) ?? '?', '', '1', per.theirs.openMs?.toFixed(0) ?? '?', '', '1', '']);
    rows.push(['peak memory MB (VmHWM, every process)', per.ours.peak?.toFixed(0) ?? '?', '', '', per.theirs.peak?.toFixed(0) ?? '?', '', '', '']);
    out.push('', `${input.name} (${lineCount} lines, ${(text.length / 1024).toFixed(0)} KB)`);
    out.push(table(['request (median ms)', 'ours', 'last byte', 'runs', 'theirs', 'last byte', 'runs', 'theirs/ours'], rows));
  }
  out.push('', `medians of the timed runs (up to ${MAX_RUNS}, or ${BUDGET_MS / 1000} s of them; ${MAX_RUNS_AFTER_PAUSE} for changeToDiagnostics) after one warm-up run, send to answer over stdio; "theirs" is dockerfile-language-server-nodejs 0.15.0;`);
  out.push(`a request past ${DEADLINE_MS / 1000} s is shown as "> N s" and that server restarted; semanticTokens (full) and its delta are asked right after a one-character change (each includes what the change costs the server before it can answer); changeToDiagnostics: a one-character edit, ${PAUSE_MS} ms after the previous one settled, sent until its publishDiagnostics arrives (any debounce included).`);
  out.push('"last byte": the median from sending the request to the last byte of its answer arriving; the rest of the figure beside it is the client (vscode-jsonrpc, as in an editor) reading the answer\'s JSON.');
  out.push('"JSON.parse of the answer alone" (goal lines, answers over 16 KB): the median of JSON.parse on the text of the last answer, in the bench\'s process: a part of that reading any server\'s answer of the same content costs.');
  out.push('"a server that only sends it" (goal lines, where JSON.parse is; on the linear lines, at both sizes): the same request timed the same way on a server that does no work and answers with our answer, made once (scripts/lib/bench-lsp-floor.mjs): what sending that answer to this client costs on this machine.');
  out.push(`"first ${EARLY_RUNS} of N runs" (goal lines, ${2 * EARLY_RUNS} runs or more): the median of the first ${EARLY_RUNS} timed runs alone.`);
  out.push(`Our size limit is raised to 8 MiB for the bench (the 50k file is 1.8 MB); formatting rows show how many edits each server answered.`);
  out.push('', 'goals:', ...goals(all));
  return out;
}

/** Why a formatter answered no edits where the other did (or neither did), from the edits and the text. */
function whyNoEdits(entry, a, b) {
  const ours = a.edits ?? 0;
  const theirs = b.edits ?? 0;
  if (ours === 0 && theirs === 0) return 'neither server has an edit to make (the file is laid out already)';
  const who = ours === 0 ? { none: 'ours', other: 'theirs', lines: b.editLines ?? [] } : { none: 'theirs', other: 'ours', lines: a.editLines ?? [] };
  // A line ending in an escaped backslash (`C:\\app\\`) is not continued by Docker; a formatter that
  // reads it as a continuation indents the next line.
  const afterEscapedBackslash = who.lines.filter((l) => /\\\\[ \t]*$/.test(entry.lines[l - 1] ?? '')).length;
  const explained = afterEscapedBackslash === who.lines.length ? 'each' : `${afterEscapedBackslash} of them`;
  return `${who.none} answers no edits, ${who.other} ${who.lines.length}; ${explained} indenting the line after one that ends in an escaped backslash (\\\\), which Docker does not read as a continuation, so that line is an instruction of its own and already flush`;
}

/**
 * Our large answers to the goal requests on one input, timed again on the floor server (see
 * floorServer); undefined where there are none.
 */
async function benchFloor(input, text, ours) {
  // Not the delta: its answer depends on the request before it.
  const names = [...FIVE_MS_GOAL].filter((name) => ours.get(name)?.parse !== undefined && METHODS[name] !== undefined);
  if (names.length === 0) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'dwb-bench-floor-'));
  try {
    const file = path.join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify(Object.fromEntries(names.map((name) => [METHODS[name], ours.get(name).answer]))));
    return await benchServer(floorServer(file), { ...input, requests: names }, text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A figure's split: to the answer's last byte, JSON.parse of the answer's text alone, and the floor server's figure for it. */
function detail(r, floor) {
  const parts = [];
  if (r.lastByte !== undefined) parts.push(`last byte ${formatMs(r.lastByte)}`);
  if (r.parse !== undefined) parts.push(`JSON.parse of the answer alone ${formatMs(r.parse)}`);
  if (floor?.median !== undefined) parts.push(`a server that only sends it ${formatMs(floor.median)}${floor.lastByte !== undefined ? ` (last byte ${formatMs(floor.lastByte)})` : ''}`);
  if (r.early !== undefined) parts.push(`first ${EARLY_RUNS} of ${r.runs} runs ${formatMs(r.early)}`);
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

function goals(all) {
  const lines = [];
  const verdict = (ok, text) => lines.push(`  ${ok ? 'met    ' : 'NOT MET'}  ${text}`);
  const ours = (entry, name) => entry.per.ours.results.get(name);
  const theirs = (entry, name) => entry.per.theirs.results.get(name);
  const tenK = all.filter((e) => e.input.tenK);
  const base = all.find((e) => e.input.key === '10k');
  const big = all.find((e) => e.input.fiftyK);
  for (const name of FIVE_MS_GOAL) {
    for (const e of tenK) {
      const r = ours(e, name);
      if (r?.median === undefined) continue;
      verdict(r.median <= GOAL_MS, `${name} at most ${GOAL_MS} ms on ${e.input.name}: ${format(r)} ms${detail(r, e.per.floor?.results.get(name))}`);
    }
    if (base && big && ours(base, name)?.median !== undefined && ours(big, name)?.median !== undefined) {
      const growth = ours(big, name).median / ours(base, name).median;
      const [from, to] = [ours(base, name).lastByte, ours(big, name).lastByte];
      const lastBytes = from !== undefined && to !== undefined ? `to the answer's last byte: ${formatMs(from)} -> ${formatMs(to)} ms, ${(to / from).toFixed(1)}x` : undefined;
      const sizes = ours(base, name).size !== undefined ? `answers ${ours(base, name).size} -> ${ours(big, name).size}` : undefined;
      const [floorFrom, floorTo] = [base.per.floor?.results.get(name)?.median, big.per.floor?.results.get(name)?.median];
      const floors = floorFrom !== undefined && floorTo !== undefined ? `a server that only sends them: ${formatMs(floorFrom)} -> ${formatMs(floorTo)} ms, ${(floorTo / floorFrom).toFixed(1)}x` : undefined;
      const split = [lastBytes, sizes, floors].filter(Boolean).join('; ');
      verdict(growth <= GOAL_LINEAR, `${name} linear: 50k at most ${GOAL_LINEAR}x the 10k figure: ${growth.toFixed(1)}x${split ? ` (${split})` : ''}`);
    }
  }
  for (const e of all) {
    const a = ours(e, 'formatting');
    const b = theirs(e, 'formatting');
    if (a?.median === undefined || (b?.median === undefined && !b?.over)) continue;
    const theirMs = b.median ?? b.over;
    // Speed is compared where both have indentation to fix; answering nothing is not formatting faster.
    if ((a.edits ?? 0) > 0 && (b.edits ?? 0) > 0) {
      verdict(a.median * 2 <= theirMs, `formatting at least 2x faster than theirs on ${e.input.name} (edits: ours ${a.edits}, theirs ${b.edits}): ${format(a)} vs ${format(b)} ms`);
    } else {
      lines.push(`  (none)   formatting on ${e.input.name}, not compared: ${whyNoEdits(e, a, b)}`);
    }
  }
  for (const e of tenK) {
    const r = ours(e, 'changeToDiagnostics');
    if (r?.median === undefined) continue;
    verdict(r.median <= GOAL_CHANGE_MS, `one-character change to its diagnostics at most ${GOAL_CHANGE_MS} ms on ${e.input.name}: ${format(r)} ms (theirs ${format(theirs(e, 'changeToDiagnostics'))})`);
  }
  if (big && big.per.ours.peak !== undefined && big.per.theirs.peak !== undefined) {
    verdict(big.per.ours.peak <= big.per.theirs.peak, `peak memory at 50k lines no more than theirs: ${big.per.ours.peak.toFixed(0)} vs ${big.per.theirs.peak.toFixed(0)} MB`);
  }
  return lines;
}
