// Dockerfiles made from the shapes of the grammar: parser directives (escape=` included), every
// instruction with its flags, exec and shell form, heredocs, continuations with either escape
// character, comments and blank lines inside them, and every line ending. Most files are well
// formed enough to reach the rules; a hostile token or a broken shape is never far.
import type { Random } from './random';
import { execForm, hostile, image, name, path, variable, windowsPath, word } from './tokens';

const KEYWORDS = ['FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'VOLUME', 'WORKDIR', 'STOPSIGNAL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER'];
const UNKNOWN = ['FORM', 'RUNN', 'COPPY', 'FROM\u00A0', 'F\u0000ROM', 'CROSS', 'FROM:', 'RUN\\', '\u0130MAGE', 'EXPOSE,'];

interface Style {
  escape: '\\' | '`';
  eol: () => string;
}

function keyword(r: Random, k: string): string {
  switch (r.int(0, 19)) {
    case 0:
      return k.toLowerCase();
    case 1:
      return k[0] + k.slice(1).toLowerCase();
    case 2:
      return [...k].map((c) => (r.chance(0.5) ? c.toLowerCase() : c)).join('');
    default:
      return k;
  }
}

function flag(r: Random, keywordName: string): string {
  const known: Record<string, string[]> = {
    FROM: [`--platform=${r.pick(['linux/amd64', 'windows/amd64', '$BUILDPLATFORM', '${TARGETPLATFORM}', 'linux', '', 'a/b/c/d', '$X'])}`],
    COPY: [`--from=${r.pick(['build0', '0', '9', 'alpine', '$X', ''])}`, `--chown=${r.pick(['1000:1000', 'app', 'ContainerUser', '$U:$G', ':'])}`, `--chmod=${r.pick(['755', '0644', 'u+x', '999999999999'])}`, '--link', '--link=false', '--parents', `--exclude=${path(r)}`],
    ADD: ['--checksum=sha256:' + 'a'.repeat(r.pick([64, 3])), '--keep-git-dir=true', '--unpack', `--chown=${name(r)}`, '--link'],
    RUN: [
      `--mount=${r.pick(['type=cache,target=/root/.cache', 'type=secret,id=x', 'type=bind,source=.,target=/src,rw', 'type=tmpfs,target=/t', 'type=ssh', '', 'type=cache,target=C:\\cache', `type=cache,id=${variable(r, 1)},target=/x`])}`,
      `--network=${r.pick(['none', 'host', 'default', 'bogus'])}`,
      `--security=${r.pick(['insecure', 'sandbox'])}`,
      '--device=/dev/fuse',
    ],
    HEALTHCHECK: [`--interval=${r.pick(['30s', '1m30s', '0s', '-1s', 'x', ''])}`, `--timeout=${r.pick(['5s', '1h'])}`, '--start-period=1s', '--start-interval=2s', `--retries=${r.pick(['3', '-1', 'x', '1e9'])}`],
  };
  const own = known[keywordName];
  if (own && r.chance(0.8)) return r.pick(own);
  return r.pick(['--', '--=x', '--bogus', '--platform', '--from', `--${name(r)}=${word(r, 1)}`, '-x', '--chown', '--mount=type=cache\\', `--isolation=${r.pick(['process', 'hyperv'])}`]);
}

function flags(r: Random, keywordName: string): string {
  if (!r.chance(0.35)) return '';
  return Array.from({ length: r.int(1, 3) }, () => flag(r, keywordName) + ' ').join('');
}

function words(r: Random, max: number): string {
  return Array.from({ length: r.int(1, max) }, () => word(r)).join(r.pick([' ', ' ', '  ', '\t']));
}

function heredoc(r: Random, s: Style): { head: string; bodies: string[] } {
  const count = r.chance(0.9) ? 1 : r.size(3, 300);
  const heads: string[] = [];
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const delimiter = r.pick(['EOF', 'END', 'E', 'eof', 'X' + i, '"EOF"', "'EOF'", '-EOF', '"E O"', '', '"']);
    heads.push(`<<${r.chance(0.2) ? '-' : ''}${delimiter}`);
    const plain = delimiter.replace(/^-/, '').replace(/^["']|["']$/g, '');
    const body = Array.from({ length: r.size(4, 60) }, () => (r.chance(0.2) ? '\t' : '') + words(r, 4) + (r.chance(0.15) ? ` ${s.escape}` : ''));
    // The terminator is sometimes missing or not alone on its line: then the body swallows the rest.
    const end = r.chance(0.85) ? plain : r.pick([`${plain} `, ` ${plain}`, '', `\t${plain}`, plain.toLowerCase()]);
    bodies.push([...body, end].join(s.eol()));
  }
  return { head: heads.join(' '), bodies };
}

/** One instruction's arguments, by keyword. */
function args(r: Random, k: string, s: Style): { text: string; after?: string[] } {
  switch (k) {
    case 'FROM':
      return { text: `${flags(r, k)}${image(r)}${r.chance(0.5) ? ` ${r.pick(['AS', 'as', 'As', 'AS AS'])} ${r.pick(['build0', 'Build', 'scratch', 'windows', name(r), ''])}` : ''}` };
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT': {
      if (k === 'RUN' && r.chance(0.15)) {
        const h = heredoc(r, s);
        return { text: `${flags(r, k)}${r.pick(['', 'cat ', 'python3 - '])}${h.head}${r.chance(0.3) ? ' > /out' : ''}`, after: h.bodies };
      }
      return { text: (k === 'RUN' ? flags(r, k) : '') + (r.chance(0.5) ? execForm(r) : words(r, 8)) };
    }
    case 'SHELL':
      return { text: r.chance(0.8) ? r.pick(['["powershell", "-Command"]', '["cmd", "/S", "/C"]', '["/bin/sh", "-c"]', execForm(r)]) : words(r, 3) };
    case 'COPY':
    case 'ADD': {
      if (r.chance(0.12)) {
        const h = heredoc(r, s);
        return { text: `${flags(r, k)}${h.head} ${path(r)}`, after: h.bodies };
      }
      const sources = Array.from({ length: r.int(1, 4) }, () => (r.chance(0.2) ? word(r) : path(r)));
      const dest = r.chance(0.4) ? windowsPath(r) : path(r);
      if (r.chance(0.25)) return { text: flags(r, k) + `[${[...sources, dest].map((x) => JSON.stringify(x)).join(', ')}]` };
      return { text: `${flags(r, k)}${sources.join(' ')} ${dest}` };
    }
    case 'ENV':
    case 'ARG':
    case 'LABEL': {
      const pairs = Array.from({ length: r.int(1, 4) }, () => {
        const n = r.chance(0.9) ? name(r) : word(r, 0);
        if (k === 'ARG' && r.chance(0.3)) return n;
        return `${n}${r.pick(['=', '=', ' ', '= ', '=='])}${r.chance(0.3) ? windowsPath(r) : word(r)}`;
      });
      return { text: pairs.join(' ') };
    }
    case 'EXPOSE':
      return { text: Array.from({ length: r.int(1, 4) }, () => r.pick(['80', '443/tcp', '53/udp', '8000-8010', '80/TCP', '-1', '65536', '0', 'abc', '$PORT', '${PORT:-80}/tcp', '127.0.0.1:80:80', '80/sctp', ''])).join(' ') };
    case 'USER':
      return { text: r.pick(['root', '1000', '1000:1000', 'ContainerUser', 'ContainerAdministrator', '$U', '', 'a b']) };
    case 'VOLUME':
      return { text: r.chance(0.4) ? execForm(r) : words(r, 3) };
    case 'WORKDIR':
      return { text: r.chance(0.5) ? windowsPath(r) : path(r) };
    case 'STOPSIGNAL':
      return { text: r.pick(['SIGTERM', '9', 'SIGKILL', 'sigint', 'RTMIN+3', '$SIG', '', 'x']) };
    case 'HEALTHCHECK':
      return { text: r.chance(0.2) ? r.pick(['NONE', 'none', 'NONE extra']) : `${flags(r, k)}CMD ${r.chance(0.5) ? execForm(r) : words(r, 4)}` };
    case 'ONBUILD': {
      const inner = r.pick([...KEYWORDS, 'ONBUILD', 'FROM', 'MAINTAINER']);
      return { text: `${keyword(r, inner)} ${inner === 'ONBUILD' ? 'RUN x' : args(r, inner, s).text}` };
    }
    default:
      return { text: words(r, 3) };
  }
}

function directives(r: Random): string[] {
  const out: string[] = [];
  for (let i = r.int(0, 3); i > 0; i--) {
    out.push(
      r.pick([
        '# syntax=docker/dockerfile:1',
        '# escape=`',
        '# escape=\\',
        '#escape=`',
        '# ESCAPE = `',
        '# escape=x',
        '# escape=',
        '# check=skip=all',
        `# check=skip=${r.pick(['JSONArgsRecommended', 'StageNameCasing,UndefinedVar', ''])};error=${r.pick(['true', 'false', 'x'])}`,
        '# directive=value',
        '# syntax=',
        `# escape=${r.pick(['`', '\\'])} trailing`,
      ]),
    );
  }
  return out;
}

/** A whole Dockerfile, from directives to the last instruction. */
export function generateDockerfile(r: Random): string {
  const head = directives(r);
  // The escape character the file's directive chose (when it is first, and well formed).
  const first = head.find((d) => /^#\s*escape\s*=/i.test(d));
  const escape: '\\' | '`' = first !== undefined && first.includes('`') ? '`' : '\\';
  const eolKind = r.int(0, 9);
  const eol = eolKind < 6 ? () => '\n' : eolKind < 8 ? () => '\r\n' : eolKind < 9 ? () => '\r' : () => r.pick(['\n', '\r\n', '\r', '\n\r']);
  const s: Style = { escape, eol };
  const lines: string[] = [...head];
  if (r.chance(0.1)) lines.splice(r.int(0, lines.length), 0, r.pick(['# a comment', '', 'FROM x']));
  const count = r.size(25, 400);
  let stage = 0;
  for (let i = 0; i < count; i++) {
    if (r.chance(0.08)) {
      lines.push(r.pick(['', '# comment', `# docker-workbench ignore=${r.pick(['exec-form-invalid-json', 'all', '', 'x,y'])}`, '   ', '\t# indented', '#', r.pick(directives(r).concat('# x'))]));
      continue;
    }
    const k = r.chance(0.03) ? r.pick(UNKNOWN) : i === 0 || r.chance(0.08) ? 'FROM' : r.pick(KEYWORDS);
    if (k === 'FROM') stage++;
    const { text, after } = args(r, k, s);
    const lead = r.chance(0.05) ? r.pick([' ', '\t', '  \t']) : '';
    let line = `${lead}${keyword(r, k)}${r.pick([' ', ' ', ' ', '\t', '  '])}${text}`;
    if (r.chance(0.02)) line = `${keyword(r, k)}`;
    if (r.chance(0.015)) line += hostile(r);
    if (r.chance(0.12)) line = continued(r, line, s);
    lines.push(line, ...(after ?? []));
  }
  if (stage === 0 && r.chance(0.5)) lines.unshift('FROM scratch');
  let text = lines.map((l, i) => (i < lines.length - 1 ? l + eol() : l)).join('');
  if (r.chance(0.7)) text += eol();
  if (r.chance(0.05)) text = '\uFEFF' + text;
  return text;
}

/** Splits a line at its spaces into a continuation, with comments, blank lines and escapes at the ends. */
function continued(r: Random, line: string, s: Style): string {
  const parts = line.split(' ');
  if (parts.length < 2) return line + ` ${s.escape}`;
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    out.push(parts[i]);
    if (i < parts.length - 1 && r.chance(0.4)) {
      const esc = r.chance(0.9) ? s.escape : s.escape === '\\' ? '`' : '\\';
      out.push(r.pick([` ${esc}`, `${esc}`, ` ${esc}  `, ` ${esc}${esc}`]) + s.eol() + (r.chance(0.15) ? r.pick(['', '# inside', '  ', '#']) + s.eol() : '') + r.pick(['    ', '', '\t']));
    } else if (i < parts.length - 1) {
      out.push(' ');
    }
  }
  if (r.chance(0.1)) out.push(` ${s.escape}`);
  return out.join('');
}
