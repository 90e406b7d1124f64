import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

const APP = join(__dirname, '../fixtures/internals-app.js');

function run(env: Record<string, string>) {
  const child = spawnSync(process.execPath, [APP], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, AROBASE_PRINT_GENERATED: '', ...env },
  });
  expect(child.status, child.stderr).to.equal(0);
  return { stdout: JSON.parse(child.stdout), stderr: child.stderr };
}

describe('AROBASE_PRINT_GENERATED=1: the generated code, printed at start-up', () => {
  it('prints each model’s serializer and each input’s validator, strict and named, and the app works the same', () => {
    const printed = run({ AROBASE_PRINT_GENERATED: '1' });
    const quiet = run({});
    expect(quiet.stderr).to.equal('');
    expect(printed.stdout.get).to.deep.equal(quiet.stdout.get);
    expect(printed.stdout.bad).to.deep.equal(quiet.stdout.bad);

    const files = [...printed.stderr.matchAll(/^\/\/ ---- (\S+) \(parameters: [^)]*\)$/gm)].map((m) => m[1]);
    expect(files).to.have.members(['arobase/UserOut.serializer.js', 'arobase/UserIn.input.js']);
    for (const file of files) {
      const start = printed.stderr.indexOf(`// ---- ${file}`);
      const source = printed.stderr.slice(start, printed.stderr.indexOf(`//# sourceURL=${file}`, start));
      expect(source.split('\n')[1]).to.equal('"use strict";');
    }
    // The field names are in the source as string literals, the readable names around them.
    expect(printed.stderr).to.include('field = object["email"];');
    expect(printed.stderr).to.include('const value = instance["password"];');
  });
});
