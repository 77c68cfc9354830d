// Whether this build has the Compose schema: the build copies it into dist/ from
// ../shared/schemas/compose-spec. Tests that need it skip, saying why, when ../shared has none,
// and fail when ../shared has one that dist/ lacks (a stale build).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SHARED_COMPOSE_SCHEMA = path.resolve(ROOT, '..', 'shared', 'schemas', 'compose-spec', 'compose-spec.json');
export const BUILT_COMPOSE_SCHEMA = path.join(ROOT, 'dist', 'compose-spec.json');

export function needComposeSchema(ctx: Mocha.Context): void {
  if (fs.existsSync(BUILT_COMPOSE_SCHEMA)) return;
  if (fs.existsSync(SHARED_COMPOSE_SCHEMA)) assert.fail('../shared has the Compose schema but dist/ does not: run the build');
  console.log('      (skipped: no ../shared/schemas/compose-spec, so this build has no Compose schema)');
  ctx.skip();
}
