// Writes docs/rules.md and the `dockerWorkbench.rules` settings entries of package.json from the
// rule registry (server/src/rules/index.ts), through server/src/rules/catalog.ts.
// `--check` writes nothing and exits 1 when either is out of date.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

// The registry is TypeScript; bundle it (with the catalog) into a throwaway CommonJS module.
const cacheDir = path.join(root, '.cache', 'gen-docs');
mkdirSync(cacheDir, { recursive: true });
const bundle = path.join(cacheDir, 'registry.cjs');
await build({
  stdin: {
    contents: "export { rules } from './server/src/rules/index';\nexport { renderRulesMarkdown, ruleSettingsProperties } from './server/src/rules/catalog';\n",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bundle,
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const { rules, renderRulesMarkdown, ruleSettingsProperties } = require(bundle);

const stale = [];

const docsPath = path.join(root, 'docs', 'rules.md');
const docs = renderRulesMarkdown(rules);
if ((existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : '') !== docs) {
  stale.push('docs/rules.md');
  if (!check) {
    mkdirSync(path.dirname(docsPath), { recursive: true });
    writeFileSync(docsPath, docs);
  }
}

// Read package.json as late as possible: other scripts edit other keys of it.
const pkgPath = path.join(root, 'package.json');
const pkgText = readFileSync(pkgPath, 'utf8');
const pkg = JSON.parse(pkgText);
const setting = pkg.contributes?.configuration?.properties?.['dockerWorkbench.rules'];
if (!setting) {
  console.error('package.json has no contributes.configuration.properties["dockerWorkbench.rules"] to fill in');
  process.exit(2);
}
setting.properties = ruleSettingsProperties(rules);
const newPkgText = JSON.stringify(pkg, null, 2) + '\n';
if (newPkgText !== pkgText) {
  stale.push('package.json (dockerWorkbench.rules)');
  if (!check) writeFileSync(pkgPath, newPkgText);
}

if (check) {
  if (stale.length > 0) {
    console.error(`out of date: ${stale.join(', ')}; run npm run gen`);
    process.exit(1);
  }
  console.log(`docs/rules.md and package.json are up to date with ${rules.length} rules`);
} else {
  console.log(stale.length > 0 ? `wrote ${stale.join(', ')} (${rules.length} rules)` : `up to date (${rules.length} rules)`);
}
