// The shell steps of docs/getting-started.md and docs/testing.md, checked against the repository:
// a reader copies them as they are, so a missing folder or a stale version is a failed install.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const json = (path: string) => JSON.parse(read(path));

const root = json('package.json');
const core = json('packages/core/package.json');
const testing = json('packages/testing/package.json');
/** Every version the repository pins: what the docs must tell a new project to install. */
const PINNED: Record<string, string> = { ...root.devDependencies, ...core.dependencies };

function shellBlocks(page: string): string[] {
  return [...read(page).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

for (const page of ['docs/getting-started.md', 'docs/testing.md']) {
  describe(`${page} install steps`, () => {
    const blocks = shellBlocks(page);
    const installs = blocks.join('\n').replace(/\\\n/g, ' ');

    it('pins the versions the repository is built and tested with', () => {
      const pins = [...installs.matchAll(/(?:^|\s)((?:@[\w.-]+\/)?[\w.-]+)@(\d[\w.-]*)/g)];
      expect(pins.length).to.be.greaterThan(0);
      for (const [, name, version] of pins) expect(`${name}@${version}`).to.equal(`${name}@${PINNED[name!]}`);
    });

    it('installs the tarballs npm pack writes', () => {
      const tarballs = [...installs.matchAll(/arobase-(core|testing)-([\w.-]+)\.tgz/g)];
      expect(tarballs.length).to.be.greaterThan(0);
      for (const [file, which] of tarballs) {
        const pkg = which === 'core' ? core : testing;
        expect(file).to.equal(`${pkg.name.replace('@', '').replace('/', '-')}-${pkg.version}.tgz`);
      }
    });
  });
}

describe('docs/getting-started.md packs into a folder that exists', () => {
  it('creates the --pack-destination folder before npm pack', () => {
    const block = shellBlocks('docs/getting-started.md').find((b) => b.includes('npm pack'))!;
    const destination = /--pack-destination (\S+)/.exec(block)![1]!;
    const mkdir = block.indexOf(`mkdir -p ${destination}\n`);
    expect(mkdir, `mkdir -p ${destination}`).to.be.greaterThan(-1);
    expect(mkdir).to.be.lessThan(block.indexOf('npm pack'));
  });
});
