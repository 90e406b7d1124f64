import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

const FIXTURES = join(__dirname, '../fixtures');

function run(preload: string[]): any {
  const child = spawnSync(
    process.execPath,
    [...preload.flatMap((p) => ['-r', p]), join(FIXTURES, 'internals-app.js')],
    { encoding: 'utf8', timeout: 20_000 },
  );
  expect(child.status, child.stderr).to.equal(0);
  return JSON.parse(child.stdout);
}

describe('library internals: a release that moved them leaves the app on the reference paths', () => {
  it('with the internals, the model and the input take the compiled paths', () => {
    const seen = run([]);
    const route = seen.log.find((l: any) => l.route === 'Users.get');
    expect(route.serializer).to.equal('compiled');
    expect(seen.get).to.deep.equal({ status: 200, body: { id: 1, email: 'ada@example.com' } });
  });

  it('without them, the app still starts, filters, validates and says why at start-up', () => {
    const seen = run([join(FIXTURES, 'hide-library-internals.js')]);
    // The response model still whitelists: the reference path is class-transformer's public API.
    expect(seen.get).to.deep.equal({ status: 200, body: { id: 1, email: 'ada@example.com' } });
    expect(seen.good).to.deep.equal({
      status: 200,
      body: { created: 'ada@example.com', keys: ['email', 'password'] },
    });
    expect(seen.bad.status).to.equal(422);
    expect(seen.bad.body.detail.map((i: any) => i.loc.join('.'))).to.deep.equal([
      'body.email',
      'body.password',
    ]);
    const route = seen.log.find((l: any) => l.route === 'Users.get');
    expect(route.serializer).to.equal('reference');
    expect(route.reason).to.match(/class-transformer's internals are not available/);
    const warning = seen.log.find((l: any) => l.level === 40);
    expect(warning?.msg).to.match(/class-transformer's internals are not available/);
  });
});
