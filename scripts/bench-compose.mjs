// `npm run bench -- compose`: a 2,000-line compose file validated after a change (the server's work:
// parse with positions, the shipped ajv validator, every compose rule) beside `docker-compose config`
// on the same file (Debian's docker-compose v1, which scripts/engine-host.sh install brings; or
// `docker compose config` when that plugin is present). Timings only; nothing here asserts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadBundle, repoRoot } from './lib/bench-bundle.mjs';

const GOAL_MS = 50;

/** A compose file of about `lines` lines: many services with the keys real files use. */
export function generateCompose(lines) {
  // No top-level `name:`: docker-compose v1 (1.29) refuses it, and both sides must accept the file.
  const out = ['x-defaults: &defaults', '  restart: unless-stopped', '  logging:', '    driver: json-file', 'services:'];
  let i = 0;
  while (out.length < lines - 12) {
    const windows = i % 4 === 0;
    out.push(
      `  svc${i}:`,
      '    <<: *defaults',
      `    image: ${windows ? 'mcr.microsoft.com/windows/servercore:ltsc2022' : `registry.example.com/team/app${i}:1.${i}`}`,
      `    container_name: bench-svc${i}`,
      '    environment:',
      `      APP_NAME: svc${i}`,
      '      LOG_LEVEL: info',
      '    ports:',
      `      - "${10000 + i}:80"`,
      '    networks: [front, back]',
      ...(i > 0 ? ['    depends_on:', `      svc${i - 1}:`, '        condition: service_started'] : []),
      '    volumes:',
      windows ? '      - type: bind\n        source: C:\\data\n        target: C:\\data' : `      - data${i % 10}:/var/lib/app`,
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost/health"]',
      '      interval: 30s',
      '      retries: 3',
      ...(windows ? ['    isolation: process'] : []),
      '    labels:',
      `      com.example.team: team${i % 7}`,
    );
    i++;
  }
  out.push('networks:', '  front: {}', '  back: {}', 'volumes:');
  for (let v = 0; v < 10; v++) out.push(`  data${v}: {}`);
  return { text: out.join('\n') + '\n', services: i };
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The compose CLI to compare with: the plugin when present, else docker-compose v1, as absolute paths. */
function composeTool() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d))) {
    const docker = path.join(dir, 'docker');
    if (existsSync(docker) && spawnSync(docker, ['compose', 'version'], { encoding: 'utf8', timeout: 10_000 }).status === 0) return { cmd: docker, args: ['compose'], name: 'docker compose config' };
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d))) {
    const v1 = path.join(dir, 'docker-compose');
    if (existsSync(v1)) return { cmd: v1, args: [], name: 'docker-compose config' };
  }
  return undefined;
}

export async function benchCompose() {
  const { lintCompose, parseCompose, loadComposeSchema } = await loadBundle('compose', [
    "export { lintCompose } from './server/src/compose/lint';",
    "export { parseCompose } from './server/src/compose/model';",
    "export { loadComposeSchema } from './server/src/compose/schema';",
  ]);
  const out = [];
  const schema = loadComposeSchema(path.join(repoRoot, 'dist'));
  if (!schema.ok) out.push(`NOTE: ${schema.reason}; run npm run build with ../shared present to time schema validation`);
  const { text, services } = generateCompose(2000);
  const lineCount = text.split('\n').length - 1;
  const dir = path.join(repoRoot, '.bench', 'compose');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'compose.yaml');
  writeFileSync(file, text);
  const host = { engineOs: 'windows', build: 20348, isolation: 'process' };

  // After a change: the text differs each time (as a keystroke makes it), so nothing is reused.
  const once = (n) => {
    const changed = text.replace('LOG_LEVEL: info', `LOG_LEVEL: info${n}`);
    const start = process.hrtime.bigint();
    const findings = lintCompose(changed, { host, schema, path: file });
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, findings: findings.length };
  };
  for (let i = 0; i < 20; i++) once(i);
  const samples = [];
  let findings = 0;
  for (let i = 0; i < 40; i++) {
    const r = once(100 + i);
    samples.push(r.ms);
    findings = r.findings;
  }
  const parseSamples = [];
  for (let i = 0; i < 20; i++) {
    const start = process.hrtime.bigint();
    parseCompose(text.replace('LOG_LEVEL: info', `LOG_LEVEL: x${i}`));
    parseSamples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const ours = median(samples);
  out.push(`input: ${lineCount} lines, ${services} services (${file})`);
  out.push(`docker-workbench: parse + schema + rules after a change, median of 40: ${ours.toFixed(1)} ms (parse alone ${median(parseSamples).toFixed(1)} ms), ${findings} findings`);

  const tool = composeTool();
  if (tool === undefined) {
    out.push('docker compose / docker-compose: not found on PATH (scripts/engine-host.sh install brings Debian\'s docker-compose)');
  } else {
    const times = [];
    let status;
    let stderr = '';
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(tool.cmd, [...tool.args, '-f', file, 'config', '-q'], { encoding: 'utf8', timeout: 60_000, cwd: dir, env: { ...process.env, COMPOSE_PROJECT_NAME: 'bench' } });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      status = r.status;
      stderr = r.stderr;
    }
    out.push(`${tool.name} -q on the same file, median of 5 runs (a process each): ${median(times).toFixed(0)} ms (exit ${status}${status !== 0 ? `: ${stderr.trim().split('\n').pop()}` : ''})`);
  }
  out.push(ours < GOAL_MS ? `GOAL MET: ${ours.toFixed(1)} ms < ${GOAL_MS} ms after a change` : `GOAL NOT MET: ${ours.toFixed(1)} ms >= ${GOAL_MS} ms after a change`);
  return out;
}
