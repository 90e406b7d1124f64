// getting-started prescribes CommonJS (module node20), where a top-level `await` is error TS1309:
// every TypeScript example on the docs pages and in the README must await inside a function.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..', '..');
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => join('docs', f))].filter((f) =>
  f.endsWith('.md'),
);

/** Lines of a block that await outside any function: `await` in code written at indentation 0. */
function topLevelAwaits(block: string): string[] {
  return block
    .split('\n')
    .filter((line) => /^\S/.test(line) && /\bawait\b/.test(line.replace(/\/\/.*$/, '')));
}

describe('docs examples compile as CommonJS', () => {
  for (const page of PAGES) {
    it(`${page} has no top-level await`, () => {
      const markdown = readFileSync(join(ROOT, page), 'utf8');
      const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(blocks.flatMap(topLevelAwaits)).to.deep.equal([]);
    });
  }
});
