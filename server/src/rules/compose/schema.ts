import { schemaProblems } from '../../compose/validate';
import type { ComposeRule } from '../types';

export const composeSchema: ComposeRule = {
  id: 'compose-schema',
  language: 'compose',
  severity: 'error',
  category: 'compose',
  summary: 'The compose file does not match the Compose Specification schema.',
  docs: [
    'The file is checked against the JSON schema of the Compose Specification (the one `docker compose` validates',
    'against), shipped with the extension and the CLI; its commit is shown in hover and by `docker-workbench --help`.',
    'Each finding points at the key or value it is about: an unknown property (`contxt:` for `context:`), a value of the',
    'wrong type, a value outside an enumeration (`restart: sometimes`), a required property missing.',
    '',
    'When a key allows several shapes (`build:` is a path or a mapping), only the shape the file evidently meant is',
    'reported. Values under a `!reset` tag are left out, as Compose drops them before validating.',
    '',
    'A build made without `../shared/schemas/compose-spec` has no schema: then this rule reports once, as information,',
    'that schema validation is off, and the other compose rules still run.',
  ].join('\n'),
  check(model, context) {
    const load = context.schema;
    if (load === undefined) return [];
    if (!load.ok) return [{ range: model.lines.range(0, 0), message: `Compose schema validation is off: ${load.reason}.`, severity: 'info' }];
    return schemaProblems(model, load.schema).map((p) => ({ range: p.range, message: p.message }));
  },
};
