import { execFileSync } from 'node:child_process';
import { expect } from 'chai';

// What an app pays at start-up for importing @arobase/core: the libraries only some routes need
// (class-validator with validator.js and libphonenumber-js, @fastify/send with its mime table) are
// loaded by the first route or response that uses them, not by the import.
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
});
