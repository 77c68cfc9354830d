// The README's configurations for the editors that cannot run on the test machines: Helix (not in
// Debian 12), Sublime Text with the LSP package (not free software) and Neovim 0.8+ (Debian 12 has
// 0.7). Each block is read from README.md and parsed as its editor parses it (TOML; Sublime's JSON,
// which allows comments and trailing commas; the Lua table literals), and the command it names is
// run with the settings handed over the way that editor hands them: Helix sends `config` as the
// initialization options, pushes it after `initialized` and answers pulls by walking the section's
// dotted path through it; Sublime LSP expands the dotted names of `settings` into nested objects,
// pushes them and answers pulls from them; Neovim pushes `settings` in the README's on_init and
// (0.8+) answers pulls from it. A Windows Dockerfile must then get windows-host-mismatch naming the
// block's host build. The editors' own code is not run (the editors tier runs Neovim 0.7 and Emacs).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { DidChangeConfigurationNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, REPO_ROOT } from '../support/lsp-client';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const MISMATCH = 'windows-host-mismatch';
/** servercore ltsc2022 is build 20348: it runs on no host the README's blocks name below it. */
const LTSC2022 = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n';
/** What the npm package installs on PATH (package.json `bin`), and the file it runs. */
const BIN = 'docker-workbench';

/** The first ```lang block after the README paragraph that starts with `title`. */
function readmeBlock(title: string, lang: string): string {
  const at = README.indexOf(`\n${title}`);
  assert.ok(at >= 0, `README.md has no paragraph starting ${title}`);
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(README.slice(at));
  assert.ok(block, `README.md has no ${lang} block after ${title}`);
  return block[1];
}

/** Plain objects (smol-toml's have no prototype), so deepEqual compares the values only. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** JSON as Sublime Text reads its settings: `//` and `/* *\/` comments and trailing commas allowed. */
function parseSublimeJson(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"') {
      // A string, copied whole: a comment marker or comma inside it is text.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new SyntaxError('unterminated /* comment');
      i = end + 2;
    } else {
      out += c;
      i++;
    }
  }
  // Comments are gone, so a comma followed only by blanks and a closing bracket is a trailing one.
  let json = '';
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (c === '"') {
      let j = i + 1;
      while (j < out.length && out[j] !== '"') j += out[j] === '\\' ? 2 : 1;
      json += out.slice(i, j + 1);
      i = j;
    } else if (c === ',' && /^\s*[}\]]/.test(out.slice(i + 1))) {
      continue;
    } else {
      json += c;
    }
  }
  return JSON.parse(json);
}

/** Sublime LSP's DottedDict: `{"a.b": 1, "a": {"c": 2}}` is `{a: {b: 1, c: 2}}`. */
function expandDotted(settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (dotted: string, value: unknown) => {
    const keys = dotted.split('.');
    let at = out;
    for (const key of keys.slice(0, -1)) {
      if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    at[keys[keys.length - 1]] = value;
  };
  const walk = (value: Record<string, unknown>, prefix: string) => {
    for (const [key, inner] of Object.entries(value)) {
      const dotted = prefix ? `${prefix}.${key}` : key;
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner) && Object.keys(inner).length > 0) walk(inner as Record<string, unknown>, dotted);
      else set(dotted, inner);
    }
  };
  walk(settings, '');
  return out;
}

/** A pull answered as Helix, Sublime LSP and Neovim answer it: the section's dotted path walked, else null. */
function lookup(settings: unknown, section: string | undefined): unknown {
  let value = settings;
  for (const key of section ? section.split('.') : []) {
    if (typeof value !== 'object' || value === null || !(key in value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}

/** A Lua table literal of names, strings and tables (what the README's Neovim blocks give). */
function luaTable(text: string): unknown {
  const tokens = text.match(/[A-Za-z_][\w]*|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[{}=,]|\S/g) ?? [];
  let i = 0;
  const value = (): unknown => {
    const t = tokens[i++];
    if (t === '{') {
      const fields: Record<string, unknown> = {};
      const items: unknown[] = [];
      while (tokens[i] !== '}') {
        if (/^[A-Za-z_]/.test(tokens[i] ?? '') && tokens[i + 1] === '=') {
          const name = tokens[i];
          i += 2;
          fields[name] = value();
        } else {
          items.push(value());
        }
        if (tokens[i] === ',') i++;
        else assert.equal(tokens[i], '}', `Lua table: unexpected ${tokens[i]}`);
      }
      i++;
      return items.length > 0 ? items : fields;
    }
    assert.ok(t !== undefined && /^['"]/.test(t), `Lua table: expected a string or a table, got ${t}`);
    return t.slice(1, -1);
  };
  return value();
}

/** The balanced `{...}` after `name =` in a Lua block. */
function luaField(lua: string, name: string): unknown {
  const at = new RegExp(`\\b${name}\\s*=\\s*\\{`).exec(lua);
  assert.ok(at, `no ${name} = { ... } in the Lua block`);
  let depth = 0;
  const start = at.index + at[0].length - 1;
  for (let i = start; i < lua.length; i++) {
    if (lua[i] === '{') depth++;
    if (lua[i] === '}' && --depth === 0) return luaTable(lua.slice(start, i + 1));
  }
  throw new Error(`unbalanced ${name} table`);
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code)).sort();

interface Handover {
  /** The command line the editor runs, as the block gives it. */
  command: string[];
  initializationOptions: unknown;
  /** Whether the editor announces workspace/configuration, and what it answers for a section. */
  pulls?: (section: string | undefined) => unknown;
  /** What the editor pushes with workspace/didChangeConfiguration after `initialized`. */
  pushed?: unknown;
}

describe("README: the Helix, Sublime LSP and Neovim 0.8+ configurations start our server with their settings", function () {
  this.timeout(60_000);
  const clients: LspClient[] = [];
  let docs = 0;

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', 'server', 'cli'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin[BIN], './dist/cli.js', 'the npm bin the blocks run');
  });
  after(async () => {
    for (const c of clients) await c.stop();
  });

  /** Runs the block's command (its program as the npm bin resolves it) and returns the Dockerfile's diagnostics once the host finding shows. */
  async function run(handover: Handover): Promise<Diagnostic[]> {
    const [program, ...args] = handover.command;
    assert.equal(program, BIN);
    assert.deepEqual(args, ['lsp', '--stdio']);
    const c = LspClient.spawn({
      args: [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args],
      scoped: handover.pulls && ((item) => handover.pulls?.(item.section)),
    });
    clients.push(c);
    const capabilities = { workspace: { configuration: handover.pulls !== undefined }, textDocument: { publishDiagnostics: { versionSupport: true } } };
    const result = await c.initialize(capabilities, handover.initializationOptions);
    assert.equal(result.serverInfo?.name, 'docker-workbench');
    if (handover.pushed !== undefined) c.notifyServer(DidChangeConfigurationNotification.method, { settings: handover.pushed });
    const uri = `file:///ws/readme-${++docs}/Dockerfile`;
    c.open(uri, LTSC2022);
    return c.diagnostics(uri, (d) => codes(d).includes(MISMATCH));
  }

  function assertHostFinding(diagnostics: Diagnostic[], hostBuild: string) {
    const mismatch = diagnostics.find((d) => d.code === MISMATCH);
    assert.ok(mismatch);
    assert.equal(mismatch.range.start.line, 0);
    assert.match(mismatch.message, new RegExp(`build ${hostBuild}\\b`));
    assert.match(mismatch.message, /process isolation/);
  }

  it('Helix: languages.toml parses, maps the dockerfile language to the server, and its config reaches the server', async () => {
    const config = plain(parseToml(readmeBlock('**Helix**', 'toml'))) as {
      'language-server': Record<string, { command: string; args: string[]; config: unknown }>;
      language: Array<{ name: string; 'language-servers': string[] }>;
    };
    const server = config['language-server'][BIN];
    assert.ok(server, 'a [language-server.docker-workbench] table');
    assert.deepEqual(config.language, [{ name: 'dockerfile', 'language-servers': [BIN] }]);
    assert.deepEqual(server.config, { dockerWorkbench: { windows: { hostBuild: '17763', isolation: 'process' } } });
    const diagnostics = await run({
      command: [server.command, ...server.args],
      initializationOptions: server.config,
      pulls: (section) => lookup(server.config, section),
      pushed: server.config,
    });
    assertHostFinding(diagnostics, '17763');
    // Helix older than its push after start, or a server that only read pulls, must work as well:
    // the initialization options alone carry the host.
    assertHostFinding(await run({ command: [server.command, ...server.args], initializationOptions: server.config }), '17763');
  });

  it('Sublime LSP: the settings (JSON with comments) parse, select Dockerfiles, and the dotted settings reach the server', async () => {
    const file = parseSublimeJson(readmeBlock('**Sublime Text**', 'json')) as {
      clients: Record<string, { enabled: boolean; command: string[]; selector: string; settings: Record<string, unknown>; initializationOptions?: unknown }>;
    };
    const client = file.clients[BIN];
    assert.ok(client, 'a clients.docker-workbench entry');
    assert.equal(client.enabled, true);
    assert.equal(client.selector, 'source.dockerfile');
    const settings = expandDotted(client.settings);
    assert.deepEqual(settings, { dockerWorkbench: { windows: { hostBuild: '17763', isolation: 'process' } } });
    const diagnostics = await run({
      command: client.command,
      initializationOptions: client.initializationOptions ?? {},
      pulls: (section) => lookup(settings, section),
      pushed: settings,
    });
    assertHostFinding(diagnostics, '17763');
    // Pulls alone (a server that ignored pushes) carry the host too.
    assertHostFinding(await run({ command: client.command, initializationOptions: {}, pulls: (section) => lookup(settings, section) }), '17763');
  });

  it('Neovim 0.8+: the block starts the same command with the same settings as the 0.7 one (which the editors tier runs), pushed and pulled', async () => {
    const lua = readmeBlock('**Neovim 0.8 and later**', 'lua');
    const old = readmeBlock('**Neovim 0.7**', 'lua');
    assert.match(lua, /pattern = 'dockerfile'/);
    assert.match(lua, /vim\.lsp\.start\(\{/);
    assert.match(lua, /client\.notify\('workspace\/didChangeConfiguration', \{ settings = client\.config\.settings \}\)/);
    const command = luaField(lua, 'cmd') as string[];
    const settings = luaField(lua, 'settings');
    assert.deepEqual(command, luaField(old, 'cmd'));
    assert.deepEqual(settings, luaField(old, 'settings'));
    assert.deepEqual(settings, { dockerWorkbench: { windows: { hostBuild: '17763', isolation: 'process' } } });
    const diagnostics = await run({ command, initializationOptions: undefined, pulls: (section) => lookup(settings, section), pushed: settings });
    assertHostFinding(diagnostics, '17763');
  });

  it("Sublime's JSON reader takes comments and trailing commas, and leaves them alone inside strings", () => {
    const text = '{\n  // a comment\n  "a": "x // not a comment, }", /* block */\n  "b": [1, 2,],\n}\n';
    assert.deepEqual(parseSublimeJson(text), { a: 'x // not a comment, }', b: [1, 2] });
    assert.throws(() => parseSublimeJson('{ "a": 1 /* open'), /unterminated/);
  });
});
