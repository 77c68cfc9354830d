// The model printed in BuildKit's parser.Node.Dump() format. BuildKit's own result files are checked
// by the conformance tier; these are the shapes those files do not show, each worked out from
// BuildKit's line parsers (parser/line_parsers.go) and Go's strconv.Quote.
import * as assert from 'node:assert/strict';
import { dumpBuildkit, goQuote } from '../../server/src/dockerfile/dump';
import { parseDockerfile } from '../../server/src/dockerfile/parser';

const dump = (text: string) => dumpBuildkit(parseDockerfile(text));

describe('BuildKit dump format', () => {
  it('keeps one empty node for an unknown instruction, whatever follows it', () => {
    assert.deepEqual(dump('FROM a\nFOO bar baz\nFOO\n'), ['(from "a")', '(foo "")', '(foo "")']);
  });

  it('lower-cases the keyword and prints empty instructions bare', () => {
    assert.deepEqual(dump('FrOm a\nRUN\nENV\nLABEL\nARG\nONBUILD\nHEALTHCHECK\nUSER\n'), [
      '(from "a")',
      '(run)',
      '(env)',
      '(label)',
      '(arg)',
      '(onbuild)',
      '(healthcheck)',
      '(user)',
    ]);
  });

  it('nests the ONBUILD trigger with its own flags, after the ONBUILD flags', () => {
    assert.deepEqual(dump('FROM a\nONBUILD COPY --from=b x /y\nONBUILD --z RUN ["a", "b"]\n'), [
      '(from "a")',
      '(onbuild (copy ["--from=b"] "x" "/y"))',
      '(onbuild ["--z"] (run "a" "b"))',
    ]);
  });

  it('prints flag words with their quotes and backslashes resolved', () => {
    assert.deepEqual(dump('FROM a\nCOPY --chown="a b" --x=\'1\' --y=c\\ d s /t\n'), ['(from "a")', '(copy ["--chown=a b" "--x=1" "--y=c d"] "s" "/t")']);
  });

  it('reads HEALTHCHECK as a type word and parseMaybeJSON for the rest, whatever the type', () => {
    assert.deepEqual(dump('FROM a\nHEALTHCHECK NONE\nHEALTHCHECK FOO ["x"]\nHEALTHCHECK cmd  echo  hi\n'), [
      '(from "a")',
      '(healthcheck "NONE")',
      '(healthcheck "FOO" "x")',
      '(healthcheck "cmd" "echo  hi")',
    ]);
  });

  it('splits the legacy ENV form once, at the first run of [\\t\\v\\f\\r ]', () => {
    assert.deepEqual(dump('FROM a\nENV k\t \tv  w\nLABEL a=1 "b c"=\'d\'\n'), ['(from "a")', '(env "k" "v  w" "")', '(label "a" "1" "=" "\\"b c\\"" "\'d\'" "=")']);
  });

  it('prints the command of a heredoc, never its body', () => {
    assert.deepEqual(dump('FROM a\nRUN <<EOF\necho hi\nEOF\nCOPY <<A /a\nx\nA\n'), ['(from "a")', '(run "<<EOF")', '(copy "<<A" "/a")']);
  });

  it('prints COPY and VOLUME exec form as its values, shell form as whitespace-delimited words', () => {
    assert.deepEqual(dump('FROM a\nCOPY ["a b", "/c"]\nVOLUME /x  "/y z"\n'), ['(from "a")', '(copy "a b" "/c")', '(volume "/x" "\\"/y" "z\\"")']);
  });
});

describe("Go's strconv.Quote", () => {
  it('escapes quotes, backslashes and control characters the Go way', () => {
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('\x07\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"');
    assert.equal(goQuote('\x00\x1b\x7f'), '"\\x00\\x1b\\x7f"');
  });

  it('keeps printable characters and escapes the rest as \\u or \\U', () => {
    assert.equal(goQuote('é♥☃😀'), '"é♥☃😀"');
    assert.equal(goQuote('a\u00a0b\u0085\u200b'), '"a\\u00a0b\\u0085\\u200b"');
    assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"');
  });

  it('prints a lone surrogate as U+FFFD, which is what Go decodes a JSON "\\ud800" to', () => {
    assert.deepEqual(dump('FROM a\nCMD ["\\ud800"]\n'), ['(from "a")', '(cmd "\ufffd")']);
  });
});
