// Compose files for the fuzz tier: documents shaped as real projects write them (Windows and Linux
// services, builds, isolation, platforms, volumes with Windows paths and the engine's named pipe,
// depends_on, env_file, anchors with merge keys, `!reset`/`!override`, every quoting style), and,
// when a schema is given, services whose keys and values are drawn from the Compose schema's shape.
// Each document comes from one seed. YAML-hostile mutations are in compose-mutate.ts.
import type { Random } from './random';

const WINDOWS_IMAGES = [
  'mcr.microsoft.com/windows/servercore:ltsc2019',
  'mcr.microsoft.com/windows/servercore:ltsc2022',
  'mcr.microsoft.com/windows/nanoserver:1809',
  'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
  'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019',
  'mcr.microsoft.com/windows:20H2',
  'mcr.microsoft.com/windows/server:ltsc2025',
];
const LINUX_IMAGES = ['nginx:1.27-alpine', 'postgres:16', 'redis', 'mcr.microsoft.com/mssql/server:2022-latest', 'traefik:v3.1', 'busybox@sha256:' + 'ab'.repeat(32)];
const ODD_IMAGES = ['${IMAGE:-nginx}', '${REGISTRY}/app:${TAG:?tag}', 'localhost:5000/x', 'UPPER/Case:Tag', '', ':latest', 'a'.repeat(300)];
const ISOLATIONS = ['default', 'process', 'hyperv', 'hyper-v', 'Hyper-V', 'HYPERV', 'proces', '', '${ISO}'];
const PLATFORMS = ['windows/amd64', 'linux/amd64', 'linux/arm64/v8', 'windows', 'darwin/arm64', 'windows/amd64/10.0.17763', '${PLATFORM}'];
const VOLUMES = [
  'C:\\data:C:\\data',
  'C:\\data:C:\\data:ro',
  'c:/data:c:/data',
  '\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine',
  '//./pipe/docker_engine://./pipe/docker_engine',
  '\\\\server\\share\\dir:C:\\share',
  '.\\logs:C:\\inetpub\\logs',
  'data:C:\\ProgramData\\app',
  'data:/var/lib/data',
  './site:/usr/share/nginx/html:ro',
  '/var/run/docker.sock:/var/run/docker.sock',
  'D:',
  ':::',
];
const KEYS_OF_SERVICE = ['image', 'build', 'isolation', 'platform', 'depends_on', 'networks', 'volumes', 'env_file', 'environment', 'ports', 'command', 'healthcheck', 'restart', 'profiles', 'extends', 'labels', 'deploy', 'secrets', 'merge', 'tagged', 'entrypoint', 'cpus'];

/** A scalar in one of YAML's styles; `raw` is what is meant, the result is its source text. */
export function scalar(r: Random, raw: string): string {
  const roll = r.next();
  if (roll < 0.55 && /^[^\s#:'"[\]{},&*!|>%@`-][^#]*$/.test(raw) && !/:\s|\s$/.test(raw)) return raw;
  if (roll < 0.75) return `'${raw.replace(/'/g, "''")}'`;
  if (roll < 0.95) return JSON.stringify(raw);
  return r.chance(0.5) ? `|-\n      ${raw}` : `>\n      ${raw}`;
}

function list(r: Random, indent: string, items: string[]): string {
  if (items.length === 0) return ' []';
  if (r.chance(0.25)) return ` [${items.join(', ')}]`;
  return items.map((i) => `\n${indent}- ${i}`).join('');
}

function serviceValue(r: Random, key: string, names: string[], indent: string): string {
  const i2 = indent + '  ';
  switch (key) {
    case 'image':
      return ' ' + scalar(r, r.chance(0.5) ? r.pick(WINDOWS_IMAGES) : r.chance(0.7) ? r.pick(LINUX_IMAGES) : r.pick(ODD_IMAGES));
    case 'build':
      if (r.chance(0.3)) return ' ' + scalar(r, r.pick(['.', './web', 'C:\\src\\app', '\\\\.\\pipe\\x', 'https://github.com/x/y.git#main']));
      return [
        `\n${i2}context: ${scalar(r, r.pick(['.', './web', 'C:\\build', '..']))}`,
        r.chance(0.7) ? `\n${i2}dockerfile: ${scalar(r, r.pick(['Dockerfile', 'Web.Dockerfile', 'missing.Dockerfile', 'C:\\x\\Dockerfile', '../Dockerfile', 'Dockerfile\\']))}` : '',
        r.chance(0.3) ? `\n${i2}args:${list(r, i2 + '  ', ['BASE=ltsc2022', 'A', '"B=C:\\\\x"'])}` : '',
        r.chance(0.2) ? `\n${i2}isolation: ${scalar(r, r.pick(ISOLATIONS))}` : '',
        r.chance(0.2) ? `\n${i2}target: build` : '',
      ].join('');
    case 'isolation':
      return ' ' + scalar(r, r.pick(ISOLATIONS));
    case 'platform':
      return ' ' + scalar(r, r.pick(PLATFORMS));
    case 'depends_on': {
      const deps = Array.from({ length: r.int(0, 3) }, () => (r.chance(0.8) && names.length > 0 ? r.pick(names) : r.pick(['missing', 'dbb', 'Web'])));
      if (r.chance(0.3)) return deps.map((d) => `\n${i2}${d}:\n${i2}  condition: ${r.pick(['service_started', 'service_healthy', 'service_completed_successfully', 'bogus'])}`).join('') || ' {}';
      return list(r, i2, deps);
    }
    case 'networks':
      return list(r, i2, Array.from({ length: r.int(0, 2) }, () => r.pick(['front', 'back', 'nat', 'missing'])));
    case 'volumes':
      if (r.chance(0.2)) {
        const type = r.pick(['bind', 'volume', 'npipe', 'tmpfs']);
        const source = type === 'npipe' ? '\\\\.\\pipe\\docker_engine' : r.pick(VOLUMES).split(':')[0];
        return `\n${i2}- type: ${type}\n${i2}  source: ${scalar(r, source)}\n${i2}  target: ${scalar(r, r.pick(['C:\\data', '\\\\.\\pipe\\docker_engine', '/data']))}`;
      }
      return list(r, i2, Array.from({ length: r.int(1, 3) }, () => scalar(r, r.pick(VOLUMES))));
    case 'env_file':
      return r.chance(0.5) ? ' ' + scalar(r, r.pick(['web.env', 'missing.env', 'C:\\env\\a.env', '.env'])) : list(r, i2, ['web.env', 'missing.env']);
    case 'environment':
      return r.chance(0.5) ? `\n${i2}A: 1\n${i2}PATH: ${scalar(r, 'C:\\Windows;C:\\tools')}\n${i2}EMPTY:` : list(r, i2, ['A=1', 'B', '"C=C:\\\\x"']);
    case 'ports':
      return list(r, i2, ['"80:80"', '8080:80/tcp', '"127.0.0.1::443"', '65536:1', '"1-3:1-3"']);
    case 'command':
      return r.chance(0.5) ? ' ' + scalar(r, 'powershell -Command "Start-Sleep 10"') : ` ["C:\\\\ServiceMonitor.exe", "w3svc"]`;
    case 'healthcheck':
      return `\n${i2}test: ["CMD", "curl", "-f", "http://localhost"]\n${i2}interval: ${r.pick(['30s', '1m30s', 'soon', '0'])}\n${i2}retries: ${r.pick(['3', '-1', '1e9', 'x'])}`;
    case 'restart':
      return ' ' + r.pick(['always', 'unless-stopped', '"no"', 'no', 'on-failure:3', 'sometimes']);
    case 'profiles':
      return list(r, i2, ['debug', 'windows']);
    case 'extends':
      return r.chance(0.5) ? ` ${r.pick(names.length > 0 ? names : ['base'])}` : `\n${i2}service: ${r.pick(['base', 'missing'])}\n${i2}file: ${r.pick(['common.yaml', 'C:\\c.yaml'])}`;
    case 'labels':
      return `\n${i2}com.example.a: "1"\n${i2}"with space": x`;
    case 'deploy':
      return `\n${i2}resources:\n${i2}  limits:\n${i2}    cpus: "0.5"\n${i2}    memory: 512M`;
    case 'secrets':
      return list(r, i2, ['db_pw', 'missing_secret']);
    case 'entrypoint':
      return ' ' + scalar(r, 'C:\\app\\run.exe --flag');
    case 'cpus':
      return ' ' + r.pick(['0.5', '2', '"1.5"', '-1', '.inf', 'NaN']);
    default:
      return ' x';
  }
}

/** A compose document of the shapes real projects have. */
export function generateCompose(r: Random): string {
  const count = r.chance(0.05) ? r.int(50, 400) : r.int(1, 6);
  const names = Array.from({ length: count }, (_, i) => r.pick(['web', 'db', 'api', 'iis', 'sql', 'proxy', 'worker', 'base']) + (i > 7 || r.chance(0.2) ? String(i) : ''));
  const out: string[] = [];
  if (r.chance(0.2)) out.push(`version: ${r.pick(['"3.8"', "'2.4'", '3', '"3.9-windows"'])}`);
  if (r.chance(0.2)) out.push(`name: ${r.pick(['myapp', 'My App', '"x"'])}`);
  const anchors = r.chance(0.3);
  if (anchors) out.push('x-common: &common', '  restart: always', `  isolation: ${r.pick(ISOLATIONS)}`, '  logging:', '    driver: json-file', 'x-image: &img ' + r.pick(WINDOWS_IMAGES));
  if (r.chance(0.1)) out.push('# docker-workbench ignore=compose-isolation-invalid');
  out.push('services:');
  for (const name of names) {
    out.push(`  ${name}:${r.chance(0.05) ? ' !reset' : ''}`);
    if (anchors && r.chance(0.5)) out.push('    <<: *common');
    const keys = new Set<string>();
    for (let k = r.int(1, 7); k > 0; k--) keys.add(r.pick(KEYS_OF_SERVICE));
    for (const key of keys) {
      if (key === 'merge') {
        if (anchors) out.push(r.chance(0.5) ? '    image: *img' : '    <<: [*common]');
        continue;
      }
      if (key === 'tagged') {
        out.push(`    ${r.pick(['ports', 'volumes', 'environment'])}: ${r.pick(['!reset []', '!override', '!reset null', '!override []'])}`);
        continue;
      }
      if (r.chance(0.05)) out.push(`    # docker-workbench ignore=compose-${r.pick(['isolation-invalid', 'windows-volume-syntax', 'schema'])}`);
      out.push(`    ${key}:${serviceValue(r, key, names, '    ')}`);
    }
  }
  if (r.chance(0.6)) out.push('networks:', '  front: {}', '  back:', `    driver: ${r.pick(['nat', 'bridge', 'transparent'])}`);
  if (r.chance(0.5)) out.push('volumes:', '  data: {}', '  logs:', '    external: true');
  if (r.chance(0.2)) out.push('secrets:', '  db_pw:', '    file: ./pw.txt');
  if (r.chance(0.1)) out.push('configs:', '  cfg:', '    file: C:\\cfg\\app.json');
  const eol = r.chance(0.15) ? '\r\n' : '\n';
  return out.join(eol) + (r.chance(0.9) ? eol : '');
}

type SchemaNode = Record<string, unknown>;

/** Services whose keys and values follow the Compose schema (read at test time, never copied here). */
export class SchemaComposeGenerator {
  constructor(private readonly root: SchemaNode) {}

  private resolve(node: unknown, depth = 0): SchemaNode | undefined {
    if (typeof node !== 'object' || node === null || depth > 20) return undefined;
    const ref = (node as SchemaNode).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      let target: unknown = this.root;
      for (const part of ref.slice(2).split('/')) target = (target as SchemaNode | undefined)?.[part];
      return this.resolve(target, depth + 1);
    }
    return node as SchemaNode;
  }

  /** YAML lines (at `indent`) for a value of `schema`, starting after `key:`. */
  private value(r: Random, schema: unknown, indent: string, depth: number): string {
    const node = this.resolve(schema);
    if (node === undefined || depth > 6) return ' x';
    for (const word of ['oneOf', 'anyOf']) {
      const branches = node[word];
      if (Array.isArray(branches) && branches.length > 0) return this.value(r, r.pick(branches), indent, depth + 1);
    }
    if (Array.isArray(node.enum) && node.enum.length > 0) return ' ' + JSON.stringify(r.pick(node.enum));
    const types = ([] as unknown[]).concat(node.type ?? (node.properties ? 'object' : 'string'));
    const type = r.pick(types);
    switch (type) {
      case 'object': {
        const props = Object.entries((node.properties as SchemaNode | undefined) ?? {});
        if (props.length === 0) return r.chance(0.5) ? ' {}' : `\n${indent}  key: ${scalar(r, 'value')}`;
        const chosen = new Set<number>();
        for (let n = r.int(1, Math.min(4, props.length)); n > 0; n--) chosen.add(r.int(0, props.length - 1));
        return [...chosen].map((i) => `\n${indent}  ${props[i][0]}:${this.value(r, props[i][1], indent + '  ', depth + 1)}`).join('');
      }
      case 'array':
        return Array.from({ length: r.int(0, 3) }, () => `\n${indent}  -${this.value(r, node.items, indent + '    ', depth + 1).replace(/^\n\s*/, ' ')}`).join('') || ' []';
      case 'boolean':
        return ' ' + r.pick(['true', 'false', 'yes', 'off']);
      case 'integer':
      case 'number':
        return ' ' + r.pick(['0', '1', '-1', '3.5', '1e3', '0x1F', '9007199254740993']);
      case 'null':
        return ' null';
      default:
        return ' ' + scalar(r, r.pick(['x', 'C:\\data', '\\\\.\\pipe\\docker_engine', '${VAR:-1}', '10s', '512m', 'host', '']));
    }
  }

  generate(r: Random): string {
    const service = this.resolve((this.root.definitions as SchemaNode | undefined)?.service);
    const props = Object.entries((service?.properties as SchemaNode | undefined) ?? {});
    const out = ['services:'];
    for (let s = r.int(1, 4); s > 0; s--) {
      out.push(`  svc${s}:`);
      const chosen = new Set<number>();
      for (let n = r.int(1, 8); n > 0 && props.length > 0; n--) chosen.add(r.int(0, props.length - 1));
      for (const i of chosen) out.push(`    ${props[i][0]}:${this.value(r, props[i][1], '    ', 0)}`);
    }
    out.push('networks:', '  front: {}', 'volumes:', '  data: {}');
    return out.join('\n') + '\n';
  }
}
