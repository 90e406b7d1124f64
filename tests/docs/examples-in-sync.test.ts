// The code on the docs pages is the code the docs suites run: every TypeScript block that declares a
// controller must be quoted, piece by piece, from tests/docs/<page>.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The pieces of a block to find in the suite: imports and the app start-up (`async function main()
 * { ... }` and its call, since CommonJS has no top-level await) are the page's own.
 */
function pieces(block: string): string[] {
  const body = block
    .replace(/^import [\s\S]*?;\n/gm, '')
    .replace(/^async function main\(\) \{\n[\s\S]*?^\}\n/gm, '')
    .replace(/^main\(\);.*\n/gm, '');
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trimEnd())
    .filter((p) => p.trim().length > 0);
}

for (const page of ['cookies', 'headers', 'models', 'getting-started', 'testing', 'openapi']) {
  describe(`docs/${page}.md quotes tests/docs/${page}.test.ts`, () => {
    const markdown = readFileSync(join(ROOT, 'docs', `${page}.md`), 'utf8');
    const suite = readFileSync(join(ROOT, 'tests', 'docs', `${page}.test.ts`), 'utf8');
    const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .filter((b) => b.includes('@Controller('));

    it('has at least one controller example', () => {
      expect(blocks.length).to.be.greaterThan(0);
    });

    blocks.forEach((block, i) => {
      it(`example ${i + 1} is the tested code`, () => {
        for (const piece of pieces(block)) expect(suite.includes(piece), piece).to.equal(true);
      });
    });
  });
}
