// What the linter says about a hostile file must be safe to print: control characters never reach
// a terminal raw, and text quoted from the file into a message is cut to a readable length.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lint } from '../../server/src/lint';
import { MAX_FINDINGS_PER_RULE, MAX_MESSAGE_LENGTH, MAX_QUOTED_LENGTH, boundMessage } from '../../server/src/messages';
import { formatText } from '../../server/src/cli/formats';
import { terminalSafe } from '../../server/src/cli/terminal';
import { buildCli, runCli, type CliResult } from '../support/cli';

// Sets the terminal title, then clears the screen.
const HOSTILE = '\x1b]0;pwned\x07\x1b[2J';
// Anything a terminal would act on: C0 but tab, DEL, C1 (0x9b is a one-byte CSI), bidi overrides.
const RAW_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function run(args: string[], cwd: string): Promise<CliResult> {
  return runCli(args, { cwd });
}

describe('output safety', () => {
  describe('terminalSafe', () => {
    it('escapes C0, DEL, C1 and bidi controls as \\xHH / \\uHHHH, and keeps tab and ordinary text', () => {
      assert.equal(terminalSafe(HOSTILE), '\\x1b]0;pwned\\x07\\x1b[2J');
      assert.equal(terminalSafe('a\r\nb\x7f\x9b\u202ec\td'), 'a\\x0d\\x0ab\\x7f\\x9b\\u202ec\td');
      assert.equal(terminalSafe('C:\\app ü 日本'), 'C:\\app ü 日本');
    });
  });

  describe('messages quoting the file', () => {
    it('cut a long token to the quoted length with an ellipsis, and the whole message to its bound', () => {
      const token = 'X'.repeat(1_000_000);
      const findings = lint(`FROM alpine\n${token} a\nRUN echo ${'y'.repeat(5000)} && ${'z '.repeat(5000)}\n`);
      const unknown = findings.find((f) => f.rule === 'unknown-instruction');
      assert.ok(unknown, 'unknown-instruction should fire on the long word');
      assert.ok(unknown.message.length <= MAX_MESSAGE_LENGTH, `message of ${unknown.message.length} characters`);
      assert.match(unknown.message, new RegExp(`^Unknown instruction: X{${MAX_QUOTED_LENGTH - 1}}…`));
      for (const f of findings) {
        assert.ok(f.message.length <= MAX_MESSAGE_LENGTH, `${f.rule}: message of ${f.message.length} characters`);
        for (const fix of f.fixes) assert.ok(fix.title.length <= MAX_MESSAGE_LENGTH, `${f.rule}: fix title of ${fix.title.length} characters`);
      }
    });

    it('list at most MAX_FINDINGS_PER_RULE findings of a rule per file, the first ones, and count the rest in one more', () => {
      // 1 MiB of `RUNN x` lines made 149k findings, 233 MB of SARIF and a 1.1 GB peak.
      const lines = 1000;
      const findings = lint(`FROM alpine\n${'RUNN x\n'.repeat(lines)}`).filter((f) => f.rule === 'unknown-instruction');
      assert.equal(findings.length, MAX_FINDINGS_PER_RULE + 1);
      const listed = findings.slice(0, MAX_FINDINGS_PER_RULE);
      assert.deepEqual(listed.map((f) => f.range.start.line), Array.from({ length: MAX_FINDINGS_PER_RULE }, (_, i) => i + 1));
      const more = findings[MAX_FINDINGS_PER_RULE];
      assert.equal(more.range.start.line, MAX_FINDINGS_PER_RULE + 1, 'the summary sits at the first finding left out');
      assert.equal(more.severity, 'error');
      assert.equal(more.message, `${lines - MAX_FINDINGS_PER_RULE} more unknown-instruction findings in this file are not listed (at most ${MAX_FINDINGS_PER_RULE} per rule per file).`);
      assert.deepEqual(more.fixes, []);
    });

    it('keeps short messages as they are and the end of a long one', () => {
      assert.equal(boundMessage('Unknown instruction: RUNN (did you mean RUN?)'), 'Unknown instruction: RUNN (did you mean RUN?)');
      const long = `Start ${'word '.repeat(1000)}the end.`;
      const bounded = boundMessage(long);
      assert.ok(bounded.length <= MAX_MESSAGE_LENGTH);
      assert.ok(bounded.startsWith('Start word') && bounded.endsWith('the end.') && bounded.includes('…'));
      // Never half a surrogate pair at a cut.
      const emoji = boundMessage('😀'.repeat(300));
      assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(emoji), 'a cut split a surrogate pair');
    });

    it('cuts each long run of non-space characters, whatever separates them, and only those', () => {
      const run = 'x'.repeat(MAX_QUOTED_LENGTH + 50);
      const short = 'y'.repeat(MAX_QUOTED_LENGTH);
      // A no-break space separates words as \s does: both runs are cut, the one at the limit is not.
      const bounded = boundMessage(`path ${run}\u00a0${run} and ${short} end`);
      const cut = `${'x'.repeat(MAX_QUOTED_LENGTH - 1)}…`;
      assert.equal(bounded, `path ${cut}\u00a0${cut} and ${short} end`);
      // Many short runs: longer than the limit in all, nothing to cut.
      const words = 'short words only '.repeat(20);
      assert.equal(boundMessage(words), words);
    });
  });

  describe('text output', () => {
    it('escapes control characters in messages and paths (formatText)', () => {
      const findings = lint(`FROM alpine\n${HOSTILE} echo\n`);
      assert.ok(findings.some((f) => f.message.includes('\x1b')), 'the finding should quote the hostile keyword');
      const text = formatText([{ displayPath: `evil${HOSTILE}.Dockerfile`, absolutePath: undefined, findings, fixed: 0 }], false);
      assert.ok(!RAW_CONTROL.test(text.replace(/\n/g, '')), JSON.stringify(text));
      assert.ok(text.includes('\\x1b]0;pwned\\x07\\x1b[2J'));
    });

    describe('through the CLI', function () {
      let tmp: string;
      before(function () {
        this.timeout(120_000);
        buildCli();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-output-'));
        fs.writeFileSync(path.join(tmp, 'Dockerfile'), `FROM alpine\n${HOSTILE} echo\nRUN echo \x1b[31mred\n`);
      });
      after(() => fs.rmSync(tmp, { recursive: true, force: true }));

      it('lint text: nothing raw on stdout or stderr', async () => {
        const r = await run(['lint', 'Dockerfile'], tmp);
        assert.equal(r.code, 1, r.stderr);
        assert.ok(!RAW_CONTROL.test(r.stdout.replace(/\n/g, '')), JSON.stringify(r.stdout));
        assert.ok(r.stdout.includes('\\x1b]0;pwned\\x07'));
      });

      it('errors on stderr: a hostile path is escaped', async () => {
        const r = await run(['lint', `missing${HOSTILE}`], tmp);
        assert.equal(r.code, 2);
        assert.ok(!RAW_CONTROL.test(r.stderr.replace(/\n/g, '')), JSON.stringify(r.stderr));
        assert.match(r.stderr, /missing\\x1b/);
      });

      it('lint json and sarif: valid JSON that keeps the text exactly', async () => {
        for (const format of ['json', 'sarif']) {
          const r = await run(['lint', '--format', format, 'Dockerfile'], tmp);
          assert.ok(JSON.stringify(JSON.parse(r.stdout)).includes('\\u001b]0;pwned\\u0007'), format);
        }
      });

      it('parse text and buildkit: nothing raw on stdout or stderr', async () => {
        for (const format of ['text', 'buildkit']) {
          const r = await run(['parse', '--format', format, 'Dockerfile'], tmp);
          assert.equal(r.code, 1, r.stderr);
          assert.ok(!RAW_CONTROL.test(r.stdout.replace(/\n/g, '')), `${format} stdout: ${JSON.stringify(r.stdout)}`);
          assert.ok(!RAW_CONTROL.test(r.stderr.replace(/\n/g, '')), `${format} stderr: ${JSON.stringify(r.stderr)}`);
        }
      });
    });
  });
});
