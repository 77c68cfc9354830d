// The snippets are what users copy first, so each must expand to a Dockerfile the linter finds
// nothing wrong with. Expansion follows VS Code's snippet syntax: `\` escapes only `$`, `}` and `\`,
// so a JSON exec-form path needs four backslashes in the snippet text to come out as `\\`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../server/src/lint';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { findRule } from '../../server/src/rules';
import { plainExec } from '../support/exec';

const root = path.resolve(__dirname, '..', '..', '..');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
  isFileTemplate?: boolean;
}

/** Snippets that are one instruction, with the stage they are meant to go into. */
const FRAGMENT_CONTEXT: Record<string, string> = {
  'Windows: PowerShell shell': '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n',
  'HEALTHCHECK': 'FROM alpine:3.20\n',
  'HEALTHCHECK (Windows, PowerShell)': '# escape=`\nFROM mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022\n',
  'RUN apt-get install': 'FROM debian:bookworm-slim\n',
  'RUN heredoc': 'FROM alpine:3.20\n',
  'COPY --from stage': 'FROM alpine:3.20 AS build\nRUN mkdir -p /out && touch /out/app\n\nFROM alpine:3.20\n',
};

/** Expands VS Code snippet syntax with every placeholder at its default (a choice at its first option). */
export function expandSnippet(text: string): string {
  let i = 0;
  const parse = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < text.length) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length && '$}\\'.includes(text[i + 1])) {
        out += text[i + 1];
        i += 2;
      } else if (c === '}' && inPlaceholder) {
        return out;
      } else if (c === '$') {
        out += parseDollar();
      } else {
        out += c;
        i++;
      }
    }
    if (inPlaceholder) throw new Error('unclosed placeholder');
    return out;
  };
  const parseDollar = (): string => {
    const rest = text.slice(i);
    let m = /^\$(\d+)/.exec(rest) ?? /^\$\{(\d+)\}/.exec(rest);
    if (m) {
      i += m[0].length;
      return '';
    }
    m = /^\$\{\d+\|((?:[^|\\]|\\.)*?)\|\}/.exec(rest);
    if (m) {
      i += m[0].length;
      return m[1].split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
    }
    m = /^\$\{\d+:/.exec(rest);
    if (m) {
      i += m[0].length;
      const value = parse(true);
      i++; // the closing brace
      return value;
    }
    // `$Name` or `${Name}` is a snippet variable; VS Code would replace it (with its own name when
    // unknown), which is never what a Dockerfile snippet means: write `\$`.
    const name = /^\$\{?([A-Za-z_]\w*)/.exec(rest);
    throw new Error(`unescaped snippet variable ${name ? name[1] : rest.slice(0, 10)}`);
  };
  return parse(false);
}

function loadSnippets(): [string, Snippet][] {
  const file = path.join(root, 'snippets', 'dockerfile.json');
  return Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Snippet>);
}

function bodyText(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

function asDockerfile(name: string, snippet: Snippet): string {
  const expanded = expandSnippet(bodyText(snippet));
  if (/^\s*FROM\s/im.test(expanded)) return expanded + '\n';
  const context = FRAGMENT_CONTEXT[name];
  assert.ok(context !== undefined, `snippet "${name}" has no FROM; give it a context in FRAGMENT_CONTEXT`);
  return context + expanded + '\n';
}

describe('snippets', () => {
  const snippets = loadSnippets();

  it('has the Windows and Linux snippets the extension promises', () => {
    const names = snippets.map(([name]) => name);
    for (const expected of ['Windows: IIS site on Server Core', 'Windows: app on Nano Server', 'Windows: PowerShell shell', 'Multi-stage build (Go)', 'HEALTHCHECK']) {
      assert.ok(names.includes(expected), `missing snippet ${expected}`);
    }
    for (const [name, snippet] of snippets) {
      assert.ok(snippet.prefix.length > 0 && snippet.description.length > 0, `${name} needs a prefix and a description`);
    }
  });

  it('expands VS Code escapes the way VS Code does', () => {
    assert.equal(expandSnippet('a \\$b \\\\\\\\ c:\\x ${1:d${2:e}} ${3|f,g|}$0'), 'a $b \\\\ c:\\x de f');
    assert.throws(() => expandSnippet('echo $ErrorActionPreference'), /unescaped snippet variable ErrorActionPreference/);
  });

  it('the IIS snippet decodes to the ServiceMonitor entry point and a PowerShell shell', () => {
    const snippet = snippets.find(([name]) => name === 'Windows: IIS site on Server Core');
    assert.ok(snippet);
    const text = asDockerfile(...snippet);
    assert.ok(text.includes('ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]'), text);
    assert.ok(
      text.includes(`SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"]`),
      text,
    );
    const model = parseDockerfile(text);
    assert.equal(model.escape.char, '`');
    const entrypoint = model.instructions.find((i) => i.keyword === 'ENTRYPOINT');
    assert.deepEqual(plainExec(entrypoint?.exec), { form: 'exec', values: ['C:\\ServiceMonitor.exe', 'w3svc'] });
    const shell = model.instructions.find((i) => i.keyword === 'SHELL');
    assert.equal(shell?.exec?.form, 'exec');
    // The COPY ending in `\` must stay one line under the backtick escape.
    const copy = model.instructions.find((i) => i.keyword === 'COPY');
    assert.equal(copy?.startLine, copy?.endLine);
    assert.ok(copy?.argsText.endsWith('C:\\inetpub\\wwwroot\\'));
  });

  for (const [name, snippet] of loadSnippets()) {
    it(`"${name}" lints clean`, () => {
      const text = asDockerfile(name, snippet);
      const model = parseDockerfile(text);
      assert.deepEqual(model.parseErrors, [], text);
      // No error from any rule, and nothing at all from the mission rules: snippets are exemplary.
      const bad = lint(model).filter((f) => f.severity === 'error' || f.severity === 'warning' || findRule(f.rule)?.category === 'mission');
      assert.deepEqual(
        bad.map((f) => `${f.rule} line ${f.range.start.line + 1}: ${f.message}`),
        [],
        text,
      );
    });
  }

  it('the Windows snippets default to images a Server 2022 host runs in process isolation', () => {
    const windows = snippets.filter(([name]) => name.startsWith('Windows:'));
    assert.ok(windows.length >= 3);
    for (const [name, snippet] of windows) {
      const text = asDockerfile(name, snippet);
      const findings = lint(text, { host: { engineOs: 'windows', build: 20348, isolation: 'process', source: 'settings' } });
      assert.deepEqual(findings.map((f) => f.rule), [], `${name}\n${text}`);
    }
  });
});
