// What a person types into the Build args, Run environment and Run ports boxes, split into entries
// as the commands split it (commands/build.ts splitArgs is splitWords) and then checked.
import * as assert from 'node:assert/strict';
import { parseKeyValues, parsePortMappings, splitWords } from '../../client/src/engine/validate';

describe('engine layer: typed KEY=VALUE and port lists', () => {
  it('a build arg value may hold commas and `=`: only the first `=` ends the name', () => {
    assert.deepEqual(splitWords('A=a,b'), ['A=a,b']);
    assert.deepEqual(parseKeyValues(splitWords('A=a,b URL=http://x/?q=1&r=2,3 EMPTY='), 'Build arg'), {
      ok: true,
      value: { A: 'a,b', URL: 'http://x/?q=1&r=2,3', EMPTY: '' },
    });
  });

  it('entries are separated by white space; quotes keep spaces in a value and go', () => {
    assert.deepEqual(splitWords('  A=1\tB=two \n C=3  '), ['A=1', 'B=two', 'C=3']);
    assert.deepEqual(splitWords(`MSG="hello, world" 'Q=it''s' X=""`), ['MSG=hello, world', 'Q=its', 'X=']);
    assert.deepEqual(parseKeyValues(splitWords('GREETING="a b=c"')), { ok: true, value: { GREETING: 'a b=c' } });
    assert.deepEqual(splitWords(`A="it's" B='say "hi"'`), [`A=it's`, 'B=say "hi"']);
  });

  it('backslashes are kept (Windows paths); an unclosed quote runs to the end', () => {
    assert.deepEqual(splitWords('TOOLS=C:\\tools\\bin OUT="C:\\Program Files\\x'), ['TOOLS=C:\\tools\\bin', 'OUT=C:\\Program Files\\x']);
    assert.deepEqual(splitWords(''), []);
    assert.deepEqual(splitWords('   '), []);
  });

  it('a bad entry is still named', () => {
    const r = parseKeyValues(splitWords('A=1 b'), 'Build arg');
    assert.deepEqual(r, { ok: false, message: `Build arg "b" has no '='. Write KEY=VALUE.` });
  });

  it('ports: spaces or commas separate them (a port holds no comma)', () => {
    const r = parsePortMappings(splitWords('8080:80,127.0.0.1::81 53:53/udp'));
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((p) => `${p.hostIp}|${p.hostPort}|${p.containerPort}/${p.protocol}`),
      ['|8080|80/tcp', '127.0.0.1||81/tcp', '|53|53/udp'],
    );
  });
});
