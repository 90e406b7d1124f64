import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

// What an app pays at start-up for importing @arobase/core: the libraries only some routes need
// (class-validator with validator.js and libphonenumber-js, @fastify/send with its mime table, and
// Node's own Headers, which loads undici) are loaded by the first route or response that uses them,
// not by the import or by start-up.
function loadedBy(script: string): string[] {
  const out = execFileSync(
    process.execPath,
    ['-e', `require('reflect-metadata'); ${script}; console.log(JSON.stringify(Object.keys(require.cache)))`],
    { cwd: __dirname, encoding: 'utf8' },
  );
  return JSON.parse(out) as string[];
}

const packageOf = (files: string[], name: string) => files.some((f) => f.includes(`/node_modules/${name}/`));

describe('architecture: importing @arobase/core loads only what every app needs', () => {
  it('loads neither class-validator nor @fastify/send until a route uses them', () => {
    const files = loadedBy("require('@arobase/core')");
    expect(packageOf(files, 'class-validator'), 'class-validator').to.equal(false);
    expect(packageOf(files, '@fastify/send'), '@fastify/send').to.equal(false);
  });

  it('an app whose routes touch no validation rule, file or response header loads none of them to start and answer', () => {
    const out = execFileSync(process.execPath, [join(__dirname, '../fixtures/plain-app.js')], {
      encoding: 'utf8',
    });
    const seen = JSON.parse(out);
    expect(seen.status).to.equal(200);
    expect(seen.body).to.deep.equal({ id: 7, name: 'Ada' });
    expect(seen.setCookie).to.match(/^seen=7; /);
    expect(seen.list).to.equal('[{"id":7}]');
    expect(seen.undici, "Node's Headers (undici)").to.equal(false);
    expect(seen.classValidator, 'class-validator').to.equal(false);
    expect(seen.send, '@fastify/send').to.equal(false);
  });
});
