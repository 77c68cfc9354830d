// Writes syntaxes/dockerfile.tmLanguage.json from scripts/grammar/dockerfile-grammar.mjs.
// `--check` writes nothing and exits 1 when the file on disk differs (used by the tests).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildGrammar } from './grammar/dockerfile-grammar.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'syntaxes', 'dockerfile.tmLanguage.json');
const text = JSON.stringify(buildGrammar(), null, 2) + '\n';
const current = existsSync(target) ? readFileSync(target, 'utf8') : '';

if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`${path.relative(root, target)} is out of date: run npm run gen`);
    process.exit(1);
  }
  console.log(`${path.relative(root, target)} is up to date`);
} else if (current !== text) {
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(root, target)}`);
}
