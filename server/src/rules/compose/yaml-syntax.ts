import type { ComposeRule } from '../types';

export const composeYamlSyntax: ComposeRule = {
  id: 'compose-yaml-syntax',
  language: 'compose',
  severity: 'error',
  category: 'compose',
  summary: 'The compose file is not valid YAML.',
  docs: [
    'Compose reads the file as YAML first; a file YAML cannot read is refused before anything runs.',
    'Typical causes: a tab used for indentation, a key indented one space off, an unclosed quote, the same key twice',
    'in one mapping (Compose refuses duplicate keys), or a backslash escape YAML does not know inside double quotes',
    '(`"C:\\data"`: use single quotes for Windows paths, `\'C:\\data\'`).',
    '',
    'The message is the YAML parser\'s (the `yaml` package), at the place it stopped.',
  ].join('\n'),
  check(model) {
    return model.syntaxErrors.map((e) => ({ range: e.range, message: e.message }));
  },
};
