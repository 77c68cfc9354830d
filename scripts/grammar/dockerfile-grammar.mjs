// Source of syntaxes/dockerfile.tmLanguage.json. The escape directive changes which character
// continues a line, and TextMate repositories cannot take parameters, so every rule that depends
// on the escape character is built twice from one template: once for `\` and once for a backtick.
// `npm run gen` writes the JSON; test/unit/generated.test.ts fails when it is stale.

const SCOPE = 'dockerfile';
const s = (name) => `${name}.${SCOPE}`;

const KEY_VALUE = ['ENV', 'ARG', 'LABEL'];
const PLAIN = ['USER', 'WORKDIR', 'MAINTAINER'];

// Docker reads a directive as `#` key `=` value, key alphanumeric.
const DIRECTIVE_LOOKAHEAD = String.raw`[ \t]*#[ \t]*[A-Za-z][A-Za-z0-9]*[ \t]*=`;
// A JSON string as Docker's decoder sees it: escapes are always backslashes, whatever the escape directive.
const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;

function keywordBegin(keywords) {
  return String.raw`^[ \t]*(?:(?i:(ONBUILD))[ \t]+)?(?i:(${keywords.join('|')}))(?=[ \t]|$)`;
}

const keywordCaptures = {
  1: { name: s('keyword.other.instruction.onbuild') },
  2: { name: s('keyword.other.instruction') },
};

/**
 * The rules that depend on the escape character `esc`. Names get `suffix` so both variants live in
 * one repository; rules that do not depend on it are shared (see `sharedRules`).
 */
function escapeRules(esc, suffix) {
  const E = esc === '\\' ? '\\\\' : '`';
  const ref = (name) => ({ include: `#${name}${suffix}` });
  // A continuation is an escape character at the end of a line that is not itself escaped
  // (BuildKit: `([^\\])\\[ \t]*$|^\\[ \t]*$`). The escaped form `\\` at the end of a line is not one.
  const CONTINUATION = String.raw`(?<!${E})(${E})(?=[ \t]*$)`;
  // One character of an unquoted word, stopping before a continuation.
  const WORD_CHAR = String.raw`(?:[^\s${E}]|${E}(?![ \t]*$))`;
  const NOT_FLAG_START = String.raw`(?=\S)(?!--[A-Za-z])`;

  const argsRegion = (patterns) => ({
    begin: NOT_FLAG_START,
    end: '$',
    name: s('meta.arguments'),
    patterns: [ref('continuation'), ...patterns],
  });
  const heredocArgsRegion = (patterns) => {
    const region = argsRegion(patterns);
    region.patterns.splice(1, 0, ref('heredoc-terminator'));
    return region;
  };

  const instruction = (name, keywords, patterns) => ({
    name: s(`meta.instruction.${name}`),
    begin: keywordBegin(keywords),
    beginCaptures: keywordCaptures,
    end: '$',
    patterns: [ref('continuation'), ref('flag'), ...patterns],
  });

  const shellWords = [ref('heredoc-run'), ref('escaped-char'), ref('string-double'), ref('string-single'), { include: '#variable' }, { include: '#shell-operator' }];
  const fileWords = [ref('heredoc-file'), ref('escaped-char'), ref('string-double'), ref('string-single'), { include: '#variable' }];
  const plainWords = [ref('escaped-char'), ref('string-double'), ref('string-single'), { include: '#variable' }];

  const rules = {
    body: {
      patterns: [
        { include: '#comment' },
        ref('instruction-from'),
        ref('instruction-healthcheck'),
        ref('instruction-run'),
        ref('instruction-cmd'),
        ref('instruction-copy'),
        ref('instruction-volume'),
        ref('instruction-key-value'),
        ref('instruction-expose'),
        ref('instruction-stopsignal'),
        ref('instruction-plain'),
        ref('instruction-onbuild'),
        ref('instruction-unknown'),
      ],
    },

    continuation: {
      // Begins at the escape character and stays open over comment lines and empty lines, which
      // Docker skips inside a continued instruction; it closes where the next real line begins.
      begin: CONTINUATION,
      beginCaptures: { 1: { name: s('punctuation.separator.continuation.line') } },
      end: String.raw`^(?![ \t]*(?:#|$))`,
      patterns: [{ include: '#continuation-comment' }],
    },

    'escaped-char': {
      match: String.raw`${E}[^ \t\n]`,
      name: s('constant.character.escape'),
    },

    flag: {
      match: String.raw`(?<![^ \t])(--[A-Za-z][A-Za-z0-9-]*)(?:(=)((?:"[^"]*"|'[^']*'|${WORD_CHAR})*))?`,
      captures: {
        1: { name: s('entity.other.attribute-name.flag') },
        2: { name: s('keyword.operator.assignment') },
        3: { name: s('string.unquoted.flag-value'), patterns: [{ include: '#variable' }] },
      },
    },

    'string-double': {
      name: s('string.quoted.double'),
      begin: '"',
      beginCaptures: { 0: { name: s('punctuation.definition.string.begin') } },
      end: '(")|$',
      endCaptures: { 1: { name: s('punctuation.definition.string.end') } },
      patterns: [ref('continuation'), ref('escaped-char'), { include: '#variable' }],
    },

    'string-single': {
      name: s('string.quoted.single'),
      begin: "'",
      beginCaptures: { 0: { name: s('punctuation.definition.string.begin') } },
      end: "(')|$",
      endCaptures: { 1: { name: s('punctuation.definition.string.end') } },
      // A continuation inside quotes is still the Dockerfile's, not the shell's.
      patterns: [ref('continuation')],
    },

    'exec-form': {
      // Only where Docker would decode it: the whole argument text is one JSON array of strings
      // (or a line of one that continues). Anything else is shell form, and is highlighted as such.
      name: s('meta.exec-form'),
      begin: String.raw`(\[)(?=(?:[ \t]*${JSON_STRING}[ \t]*(?:,[ \t]*${JSON_STRING}[ \t]*)*)?\][ \t]*$|(?:[ \t]*${JSON_STRING}[ \t]*,?)*[ \t]*${E}[ \t]*$|[ \t]*$)`,
      beginCaptures: { 1: { name: s('punctuation.definition.array.begin') } },
      end: String.raw`(\])|$`,
      endCaptures: { 1: { name: s('punctuation.definition.array.end') } },
      patterns: [ref('continuation'), { include: '#json-string' }, { match: ',', name: s('punctuation.separator.array') }],
    },

    'heredoc-run': heredoc(s('meta.embedded.block.shellscript'), [{ include: 'source.shell' }], shellWordsCapture()),
    'heredoc-file': heredoc(s('string.unquoted.heredoc'), [], fileWordsCapture()),

    'heredoc-terminator': {
      // See heredoc(): the line a heredoc body stopped at.
      match: String.raw`^\t*([A-Za-z_][A-Za-z0-9_]*)(?=[ \t]*$)`,
      captures: { 1: { name: s('entity.name.tag.heredoc') } },
    },

    'instruction-from': instruction('from', ['FROM'], [
      {
        begin: String.raw`${NOT_FLAG_START}(${WORD_CHAR}+)`,
        beginCaptures: { 1: { name: s('entity.name.type.image'), patterns: [{ include: '#image-parts' }] } },
        end: '$',
        patterns: [
          ref('continuation'),
          {
            match: String.raw`(?<![^ \t])(?i:(AS))(?:[ \t]+([^\s${E}]+))?`,
            captures: { 1: { name: s('keyword.other.as') }, 2: { name: s('entity.name.type.stage') } },
          },
        ],
      },
    ]),

    'instruction-healthcheck': instruction('healthcheck', ['HEALTHCHECK'], [
      { match: String.raw`(?<![^ \t])(?i:NONE)(?!\S)`, name: s('constant.language.none') },
      {
        begin: String.raw`(?<![^ \t])(?i:(CMD))(?=[ \t]|$)`,
        // Not `keyword.other.instruction`: it does not start an instruction of its own.
        beginCaptures: { 1: { name: s('keyword.other.healthcheck-cmd') } },
        end: '$',
        patterns: [ref('continuation'), ref('exec-form'), argsRegion(shellWords)],
      },
    ]),

    'instruction-run': instruction('run', ['RUN'], [ref('exec-form'), heredocArgsRegion(shellWords)]),
    // Heredocs belong to RUN, COPY and ADD only.
    'instruction-cmd': instruction('cmd', ['CMD', 'ENTRYPOINT', 'SHELL'], [ref('exec-form'), argsRegion([...plainWords, { include: '#shell-operator' }])]),
    'instruction-copy': instruction('copy', ['COPY', 'ADD'], [ref('exec-form'), heredocArgsRegion(fileWords)]),
    'instruction-volume': instruction('volume', ['VOLUME'], [ref('exec-form'), argsRegion(plainWords)]),

    'instruction-key-value': instruction('key-value', KEY_VALUE, [
      argsRegion([
        {
          match: String.raw`(?<![^ \t])((?:[^\s="'${E}]|${E}\S)+|"[^"]*")(=)`,
          captures: { 1: { name: s('variable.other.key') }, 2: { name: s('keyword.operator.assignment') } },
        },
        {
          // `ARG NAME` without a default, and the legacy `ENV NAME value` form's name.
          match: String.raw`\G([A-Za-z_][A-Za-z0-9_.-]*)(?=[ \t]|$)`,
          captures: { 1: { name: s('variable.other.key') } },
        },
        ...plainWords,
      ]),
    ]),

    'instruction-expose': instruction('expose', ['EXPOSE'], [
      argsRegion([
        {
          match: String.raw`(?<![^ \t])([0-9]+(?:-[0-9]+)?)(?:(/)((?i:tcp|udp|sctp)))?(?!\S)`,
          captures: {
            1: { name: s('constant.numeric.port') },
            2: { name: s('punctuation.separator.protocol') },
            3: { name: s('support.constant.protocol') },
          },
        },
        ...plainWords,
      ]),
    ]),

    'instruction-stopsignal': instruction('stopsignal', ['STOPSIGNAL'], [
      argsRegion([{ match: String.raw`(?<![^ \t])(?:(?i:SIG[A-Z0-9+-]+)|[0-9]+)(?!\S)`, name: s('constant.language.signal') }, ...plainWords]),
    ]),

    'instruction-plain': instruction('plain', PLAIN, [argsRegion(plainWords)]),

    'instruction-onbuild': {
      // ONBUILD with a trigger the other rules do not know.
      name: s('meta.instruction.onbuild'),
      begin: String.raw`^[ \t]*(?i:(ONBUILD))(?=[ \t]|$)`,
      beginCaptures: { 1: { name: s('keyword.other.instruction.onbuild') } },
      end: '$',
      patterns: [ref('continuation'), argsRegion(plainWords)],
    },

    'instruction-unknown': {
      // Not highlighted as a keyword (the linter reports it), but its continuation is still followed
      // so the lines it swallows are not read as instructions.
      name: s('meta.instruction.unknown'),
      begin: String.raw`^[ \t]*(?=[^\s#])`,
      end: '$',
      patterns: [ref('continuation'), argsRegion(plainWords)],
    },
  };
  return rules;

  function heredoc(contentName, bodyPatterns, restOfLine) {
    // `<<EOF`, `<<-EOF`, `<<"EOF"`; the rest of the opening line is still instruction arguments.
    // A while rule rather than begin/end: the terminator test runs at the start of every line even
    // when an embedded grammar is inside an unclosed construct (a stray quote in a shell script),
    // so a body can never swallow the rest of the Dockerfile. The terminator line itself is then
    // scoped by `heredoc-terminator` in the arguments.
    return {
      name: s('meta.heredoc'),
      begin: String.raw`(<<-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)(\2)(.*)$`,
      beginCaptures: {
        1: { name: s('keyword.operator.heredoc') },
        2: { name: s('punctuation.definition.string.begin') },
        3: { name: s('entity.name.tag.heredoc') },
        4: { name: s('punctuation.definition.string.end') },
        5: { patterns: restOfLine },
      },
      while: String.raw`^(?!\t*\3[ \t]*$)`,
      contentName,
      // vscode-textmate drops a rule whose only pattern is a grammar that is not installed, so the
      // embedded grammar always has a local fallback beside it.
      patterns: [...bodyPatterns, { include: '#variable' }],
    };
  }
  function shellWordsCapture() {
    return [ref('escaped-char'), ref('string-double'), ref('string-single'), { include: '#variable' }, { include: '#shell-operator' }];
  }
  function fileWordsCapture() {
    return [ref('escaped-char'), ref('string-double'), ref('string-single'), { include: '#variable' }];
  }
}

function sharedRules() {
  return {
    prologue: {
      // Parser directives: only the uninterrupted run of `# key=value` lines at the very top.
      // A directive-shaped comment anywhere else is a plain comment to Docker.
      begin: String.raw`\A(?=${DIRECTIVE_LOOKAHEAD})`,
      end: String.raw`^(?!${DIRECTIVE_LOOKAHEAD})`,
      patterns: [{ include: '#escape-backtick' }, { include: '#directive' }],
    },
    'escape-backtick': {
      // From here to the end of the file a backtick continues lines and `\` is an ordinary character.
      begin: String.raw`^[ \t]*(#)[ \t]*((?i:escape))[ \t]*(=)[ \t]*(\`)[ \t]*$`,
      beginCaptures: {
        0: { name: s('meta.directive') },
        1: { name: s('punctuation.definition.directive') },
        2: { name: s('keyword.other.directive') },
        3: { name: s('keyword.operator.assignment') },
        4: { name: s('constant.character.escape.directive-value') },
      },
      // Never ends: the directive holds for the whole file.
      end: '(?!)',
      patterns: [{ include: '#body-backtick' }],
    },
    directive: {
      match: String.raw`^[ \t]*(#)[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*(=)[ \t]*(.*?)[ \t]*$`,
      name: s('meta.directive'),
      captures: {
        1: { name: s('punctuation.definition.directive') },
        2: { name: s('keyword.other.directive') },
        3: { name: s('keyword.operator.assignment') },
        4: { name: s('string.unquoted.directive-value') },
      },
    },
    comment: {
      match: String.raw`^[ \t]*((#).*)$`,
      captures: { 1: { name: s('comment.line.number-sign') }, 2: { name: s('punctuation.definition.comment') } },
    },
    'continuation-comment': {
      match: String.raw`^[ \t]*((#).*)$`,
      captures: { 1: { name: s('comment.line.number-sign.continuation') }, 2: { name: s('punctuation.definition.comment') } },
    },
    'json-string': {
      name: s('string.quoted.double.json'),
      begin: '"',
      beginCaptures: { 0: { name: s('punctuation.definition.string.begin') } },
      end: '(")|$',
      endCaptures: { 1: { name: s('punctuation.definition.string.end') } },
      patterns: [
        { match: String.raw`\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})`, name: s('constant.character.escape.json') },
        // Docker's JSON decoder rejects these, and then silently runs the line as shell form.
        { match: String.raw`\\.`, name: s('invalid.illegal.unrecognized-string-escape') },
      ],
    },
    variable: {
      patterns: [
        {
          name: s('meta.variable.braced'),
          begin: String.raw`(\$\{)([A-Za-z_][A-Za-z0-9_]*)?`,
          beginCaptures: { 1: { name: s('punctuation.definition.variable.begin') }, 2: { name: s('variable.other') } },
          end: String.raw`(\})|$`,
          endCaptures: { 1: { name: s('punctuation.definition.variable.end') } },
          patterns: [
            { match: String.raw`\G(?::?[-+?]|#{1,2}|%{1,2}|/{1,2})`, name: s('keyword.operator.expansion') },
            { include: '#variable' },
            { match: String.raw`[^}$]+`, name: s('string.unquoted.expansion-word') },
          ],
        },
        {
          match: String.raw`(\$)([A-Za-z_][A-Za-z0-9_]*)`,
          captures: { 1: { name: s('punctuation.definition.variable') }, 2: { name: s('variable.other') } },
        },
      ],
    },
    'image-parts': {
      patterns: [
        { include: '#variable' },
        {
          match: String.raw`(@)([A-Za-z0-9_+.-]+:[A-Fa-f0-9]+)$`,
          captures: { 1: { name: s('punctuation.separator.digest') }, 2: { name: s('constant.other.image-digest') } },
        },
        {
          match: String.raw`(?<=[^/:])(:)([A-Za-z0-9_$][A-Za-z0-9_.\${}:-]*)(?=@|$)`,
          captures: { 1: { name: s('punctuation.separator.tag') }, 2: { name: s('constant.other.image-tag'), patterns: [{ include: '#variable' }] } },
        },
      ],
    },
    'shell-operator': {
      match: String.raw`&&|\|\||;`,
      name: s('keyword.operator.logical.shell'),
    },
  };
}

export function buildGrammar() {
  const backslash = escapeRules('\\', '');
  const backtick = escapeRules('`', '-backtick');
  const shared = sharedRules();
  const repository = { ...shared };
  for (const [name, rule] of Object.entries(backslash)) repository[name] = rule;
  for (const [name, rule] of Object.entries(backtick)) repository[`${name}-backtick`] = rule;
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Dockerfile',
    scopeName: 'source.dockerfile',
    comment: 'Generated by scripts/gen-grammar.mjs from scripts/grammar/dockerfile-grammar.mjs; edit those, not this file.',
    patterns: [{ include: '#prologue' }, { include: '#body' }],
    repository,
  };
}
