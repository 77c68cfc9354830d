import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostContext } from '../../shared/protocol';
import { lint } from '../../server/src/lint';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import type { Position } from '../../server/src/dockerfile/model';
import type { TextEdit } from '../../server/src/rules/types';
import { windowsRules } from '../../server/src/rules/windows';
import { isWindowsStage } from '../../server/src/windows';

// out/test/unit -> repository root is three levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const corpusDir = process.env.DOCKER_WORKBENCH_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
const manifestPath = path.join(corpusDir, 'manifest.json');

interface ManifestEntry {
  file: string;
  windows: boolean;
}

const HOST: HostContext = { build: 17763, isolation: 'process', engineOs: 'windows' };

function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const at = (p: Position) => (lineStarts[p.line] ?? text.length) + p.character;
  const spans = edits.map((e) => ({ start: at(e.range.start), end: at(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

describe('windows rules over the corpus', function () {
  before(function () {
    if (!fs.existsSync(manifestPath)) {
      console.log(`    corpus not found at ${corpusDir} (set DOCKER_WORKBENCH_CORPUS): skipping`);
      this.skip();
    }
  });

  it('runs every Windows rule on every file without throwing, and every fix removes its finding', () => {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
    assert.ok(manifest.length > 0);
    const errors: string[] = [];
    const counts = new Map<string, number>();
    let fixes = 0;
    let fixFailures = 0;
    let agree = 0;
    let stagesSeen = 0;
    let files = 0;
    for (const entry of manifest) {
      const text = fs.readFileSync(path.join(corpusDir, entry.file), 'utf8');
      files++;
      const found = lint(text, {
        host: HOST,
        rules: windowsRules,
        onRuleError: (rule, error) => errors.push(`${entry.file}: ${rule.id}: ${String(error)}`),
      });
      for (const f of found) {
        counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
        const fix = f.fixes.find((x) => x.preferred);
        if (!fix) continue;
        fixes++;
        const before = found.filter((g) => g.rule === f.rule).length;
        const after = lint(applyEdits(text, fix.edits), { host: HOST, rules: windowsRules }).filter((g) => g.rule === f.rule).length;
        if (after >= before) {
          fixFailures++;
          errors.push(`${entry.file}: fix "${fix.title}" left ${after} ${f.rule} findings (was ${before})`);
        }
      }
      // How often stage detection agrees with the corpus's own file-level label (printed, not asserted).
      const model = parseDockerfile(text);
      const last = model.stages[model.stages.length - 1];
      if (last) {
        stagesSeen++;
        if (isWindowsStage(model, last) === entry.windows) agree++;
      }
    }
    console.log(`    ${files} files; findings: ${JSON.stringify(Object.fromEntries(counts))}; preferred fixes tried: ${fixes}, failed: ${fixFailures}`);
    console.log(`    last stage Windows per isWindowsStage agrees with the manifest label in ${agree} of ${stagesSeen} files`);
    assert.equal(files, manifest.length);
    assert.deepEqual(errors, []);
  });

  it('finds Windows images on a Linux engine in the Windows-labelled files, and elsewhere only where the tag says Windows', () => {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
    let windowsLabelled = 0;
    const others: string[] = [];
    for (const entry of manifest) {
      const text = fs.readFileSync(path.join(corpusDir, entry.file), 'utf8');
      const found = lint(text, { host: { engineOs: 'linux' }, rules: windowsRules }).filter((f) => f.rule === 'windows-image-linux-engine');
      if (found.length > 0 && entry.windows) windowsLabelled++;
      // The manifest's label misses images whose Windows tag comes through an ARG (`$node` = `node:10.19.0-windowsservercore`).
      for (const f of found) if (!entry.windows) others.push(`${entry.file}: ${f.message}`);
    }
    console.log(`    windows-image-linux-engine fires in ${windowsLabelled} Windows-labelled files and ${others.length} times elsewhere`);
    assert.ok(windowsLabelled > 300, `${windowsLabelled}`);
    for (const o of others) assert.match(o, /windowsservercore|nanoserver/);
  });
});
