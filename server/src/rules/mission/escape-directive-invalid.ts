import type { Rule } from '../types';

export const escapeDirectiveInvalid: Rule = {
  id: 'escape-directive-invalid',
  severity: 'error',
  category: 'mission',
  summary: 'The escape directive must be a backslash or a backtick.',
  docs: [
    'Docker accepts only `\\` (the default) or `` ` `` (a backtick) as the value of `# escape=`.',
    'Any other value fails the build with `invalid escape token ... does not match ` or \\`.',
    '',
    'On Windows, use `# escape=`` ` so that a backslash is an ordinary path separator and a backtick',
    'continues a line, as in PowerShell.',
  ].join('\n'),
  check(model) {
    const invalid = model.directives.filter((d) => d.active && d.name === 'escape' && d.value !== '\\' && d.value !== '`');
    if (invalid.length === 0) return [];
    // Prefer the character the file already uses at the ends of its lines. Counted once: the top
    // of a file can hold thousands of such directives (7800 of them took 3 s, a pass each).
    let backticks = 0;
    let backslashes = 0;
    for (const line of model.lines) {
      const t = line.trimEnd();
      if (t.endsWith('`')) backticks++;
      else if (t.endsWith('\\') && !t.endsWith('\\\\')) backslashes++;
    }
    return invalid.map((d) => ({
      range: d.valueRange,
      message: `Invalid escape character ${JSON.stringify(d.value)}: Docker accepts only \\ or \` and fails the build otherwise.`,
      fixes: [
        { title: 'Use a backtick (`) as the escape character', preferred: backticks > backslashes, edits: [{ range: d.valueRange, newText: '`' }] },
        { title: 'Use a backslash (\\) as the escape character', preferred: backslashes > backticks, edits: [{ range: d.valueRange, newText: '\\' }] },
      ],
    }));
  },
};
