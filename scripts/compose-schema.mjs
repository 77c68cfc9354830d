// The Compose Specification's JSON schema, shipped without committing a copy: the build takes it from
// ../shared/schemas/compose-spec (where its README names the commit it came from) into dist/:
//   compose-spec.json           the schema, byte for byte (completion and hover read it)
//   compose-spec.validate.js    an ajv (draft-07) validator compiled from it here, bundled with the
//                               few ajv runtime helpers it needs, so the language server and the CLI
//                               neither compile the schema at run time (0.3 to 1 s) nor eval code
//   compose-spec.version.json   where it came from: repository, commit, date (hover and the CLI show it)
//   compose-spec.LICENSE        its license (Apache-2.0)
// Without ../shared the build still succeeds: the four files are removed (no stale copy ships) and
// the linter says compose schema validation is off. Nothing is ever fetched.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const COMPOSE_SCHEMA_SOURCE = process.env.DOCKER_WORKBENCH_COMPOSE_SCHEMA ?? path.resolve(root, '..', 'shared', 'schemas', 'compose-spec');
export const COMPOSE_SCHEMA_FILES = ['compose-spec.json', 'compose-spec.validate.js', 'compose-spec.version.json', 'compose-spec.LICENSE'];

/** The version the folder's README states: `commit <40 hex>` and the date after it. */
export function readSchemaVersion(readme) {
  const commit = /commit\s+`?([0-9a-f]{40})`?/i.exec(readme)?.[1];
  const date = /\((\d{4}-\d{2}-\d{2})\)/.exec(readme)?.[1];
  const repository = /https:\/\/github\.com\/[\w.-]+\/[\w.-]+/.exec(readme)?.[0];
  const file = /file\s+`([^`]+)`/.exec(readme)?.[1];
  if (commit === undefined) throw new Error('the README of the compose schema names no commit');
  return { repository: repository ?? 'https://github.com/compose-spec/compose-spec', commit, date, file: file ?? 'schema/compose-spec.json', license: 'Apache-2.0' };
}

/** Returns a line for the build log. */
export async function buildComposeSchema(outDir = path.join(root, 'dist')) {
  const schemaFile = path.join(COMPOSE_SCHEMA_SOURCE, 'compose-spec.json');
  if (!existsSync(schemaFile)) {
    for (const name of COMPOSE_SCHEMA_FILES) rmSync(path.join(outDir, name), { force: true });
    return `compose schema: ${schemaFile} not found; built without it, so compose schema validation is off (the other compose rules still run)`;
  }
  const text = readFileSync(schemaFile, 'utf8');
  const version = readSchemaVersion(readFileSync(path.join(COMPOSE_SCHEMA_SOURCE, 'README.md'), 'utf8'));
  // Already built from this very schema and version: compiling again takes a second or two.
  if (COMPOSE_SCHEMA_FILES.slice(0, 3).every((name) => existsSync(path.join(outDir, name))) && readFileSync(path.join(outDir, 'compose-spec.json'), 'utf8') === text) {
    const built = readFileSync(path.join(outDir, 'compose-spec.version.json'), 'utf8');
    if (built === JSON.stringify(version, null, 2) + '\n') return undefined;
  }
  const schema = JSON.parse(text);
  // The schema says `https://json-schema.org/draft-07/schema`; ajv knows draft-07 by its http id.
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: false } });
  const draft07 = require('ajv/dist/refs/json-schema-draft-07.json');
  if (schema.$schema !== undefined && ajv.getSchema(schema.$schema) === undefined) ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
  const validate = ajv.compile(schema);
  const code = standaloneCode.default ? standaloneCode.default(ajv, validate) : standaloneCode(ajv, validate);
  mkdirSync(outDir, { recursive: true });
  await build({
    stdin: { contents: code, resolveDir: root, sourcefile: 'compose-spec.validate.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(outDir, 'compose-spec.validate.js'),
    // Generated code nobody reads: minified it is a third of the size in the .vsix.
    minify: true,
    logLevel: 'warning',
  });
  writeFileSync(path.join(outDir, 'compose-spec.json'), text);
  writeFileSync(path.join(outDir, 'compose-spec.version.json'), JSON.stringify(version, null, 2) + '\n');
  const license = path.join(COMPOSE_SCHEMA_SOURCE, 'LICENSE');
  // Written, not copied: the source is read-only and its mode would make the next build fail.
  if (existsSync(license)) writeFileSync(path.join(outDir, 'compose-spec.LICENSE'), readFileSync(license));
  return undefined;
}
