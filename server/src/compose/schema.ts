// The Compose Specification's JSON schema as the build shipped it (scripts/compose-schema.mjs):
// the schema itself (completion, hover), the ajv validator compiled from it at build time, and its
// version. Read once, from the folder of the running bundle (dist/); a build made without
// ../shared has none of these, and then schema validation is off, saying so.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface SchemaVersion {
  repository: string;
  commit: string;
  date?: string;
  file: string;
  license: string;
}

/** What an ajv validator reports, the part used here. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export interface ComposeSchema {
  schema: Record<string, unknown>;
  validate: ValidateFunction;
  version: SchemaVersion;
}

export type SchemaLoad = { ok: true; schema: ComposeSchema } | { ok: false; reason: string };

export const SCHEMA_FILES = { schema: 'compose-spec.json', validator: 'compose-spec.validate.js', version: 'compose-spec.version.json' } as const;

/** `compose-spec 170098b (2026-06-23)`: how the version is shown to users. */
export function describeSchemaVersion(version: SchemaVersion): string {
  return `Compose Specification schema ${version.commit.slice(0, 7)}${version.date ? ` (${version.date})` : ''}`;
}

const cache = new Map<string, SchemaLoad>();

/** Loads (once per folder) the schema files the build put in `dir`. */
export function loadComposeSchema(dir: string = defaultSchemaDir()): SchemaLoad {
  let load = cache.get(dir);
  if (load === undefined) cache.set(dir, (load = readSchema(dir)));
  return load;
}

/** The folder of the running bundle: dist/ for dist/server.js and dist/cli.js. */
export function defaultSchemaDir(): string {
  return __dirname;
}

function readSchema(dir: string): SchemaLoad {
  const schemaFile = path.join(dir, SCHEMA_FILES.schema);
  let schemaText: string;
  try {
    schemaText = readFileSync(schemaFile, 'utf8');
  } catch {
    return {
      ok: false,
      reason: `this build has no Compose schema (${schemaFile} is missing: it was built without ../shared/schemas/compose-spec), so compose schema validation is off; the other compose rules still run`,
    };
  }
  try {
    const schema = JSON.parse(schemaText) as Record<string, unknown>;
    const version = JSON.parse(readFileSync(path.join(dir, SCHEMA_FILES.version), 'utf8')) as SchemaVersion;
    // A path known only at run time: the validator is a file beside the bundle, not part of it.
    const loaded = require(path.join(dir, SCHEMA_FILES.validator)) as ValidateFunction | { default: ValidateFunction };
    const validate = typeof loaded === 'function' ? loaded : loaded.default;
    if (typeof validate !== 'function') throw new Error(`${SCHEMA_FILES.validator} exports no validator`);
    return { ok: true, schema: { schema, validate, version } };
  } catch (error) {
    return { ok: false, reason: `the Compose schema in ${dir} cannot be used (${error instanceof Error ? error.message : String(error)}), so compose schema validation is off` };
  }
}
