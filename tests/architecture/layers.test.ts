import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'chai';

// The arrows between the folders of packages/core/src. A file at the root (app.ts, index.ts,
// options.ts, internal.ts) assembles everything and may import any of them.
const ALLOWED: Record<string, readonly string[]> = {
  http: ['models'],
  models: [],
  metadata: ['http', 'models'],
  decorators: ['metadata', 'http', 'runtime'],
  runtime: ['http', 'models'],
  compile: ['metadata', 'models', 'runtime', 'http'],
  openapi: ['compile', 'metadata', 'models', 'runtime', 'http'],
};
// Packages a folder may not import: models/ knows nothing of HTTP.
const FORBIDDEN_PACKAGES: Record<string, RegExp> = { models: /^(fastify|@fastify\/)/ };

const SRC = resolve(__dirname, '../../../packages/core/src');
const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('architecture: the layers of @arobase/core import one way', () => {
  it('has only the folders the layering knows', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(folders.map((f) => f.name).filter((f) => !(f in ALLOWED))).to.deep.equal([]);
  });

  it('no file imports a folder its layer may not', () => {
    const wrong: string[] = [];
    for (const file of sources(SRC)) {
      const from = relative(SRC, file).split('/')[0];
      const layer = from.endsWith('.ts') ? undefined : from;
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2];
        if (!spec.startsWith('.')) {
          if (layer && FORBIDDEN_PACKAGES[layer]?.test(spec)) wrong.push(`${relative(SRC, file)} -> ${spec}`);
          continue;
        }
        const to = relative(SRC, resolve(dirname(file), spec)).split('/')[0];
        if (layer === undefined || to === layer || to.startsWith('..')) continue;
        if (!ALLOWED[layer].includes(to)) wrong.push(`${relative(SRC, file)} -> ${spec}`);
      }
    }
    expect(wrong, 'imports against the layering').to.deep.equal([]);
  });

  it('reads private library internals only in models/vendor/', () => {
    const readers = sources(SRC)
      .filter((f) => /['"]class-(transformer|validator)\/cjs\//.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(
      readers.every((f) => f.startsWith('models/vendor/')),
      readers.join(', '),
    ).to.equal(true);
    expect(readers).to.not.be.empty;
  });

  it('keeps every source file under 320 lines', () => {
    const long = sources(SRC)
      .map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 320);
    expect(long).to.deep.equal([]);
  });
});
