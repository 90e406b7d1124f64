// @arobase/core reads class-transformer's metadata from its own copy of the package (a module-level
// store), not from bench/node_modules' copy: the arobase server's models must be decorated with
// core's copies, or no field would be exposed.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as Core from '@arobase/core';
import type * as ClassTransformer from 'class-transformer';
import type * as ClassValidator from 'class-validator';

const core = dirname(require.resolve('@arobase/core/package.json'));

/**
 * `--core before` on a server's command line: the copy of core's build kept in
 * packages/core/.before (made by hand before a change), so that --callgrind counts a change's
 * effect in one run. Its libraries resolve from the same place as core's.
 */
export const BEFORE = join(core, '.before');
export const hasBefore = () => existsSync(join(BEFORE, 'dist', 'index.js'));
const before =
  process.argv.includes('--core') && process.argv[process.argv.indexOf('--core') + 1] === 'before';

/** @arobase/core, or its kept copy with `--core before`. */
export const arobase: typeof Core = require(before ? BEFORE : '@arobase/core');

export const transformer: typeof ClassTransformer = require(
  require.resolve('class-transformer', { paths: [core] }),
);
/**
 * class-validator, loaded on first use: the start-up apps declare no validation rule, and an app
 * that declares none does not load class-validator's 300 modules (core loads it lazily too).
 */
export function validator(): typeof ClassValidator {
  return require(require.resolve('class-validator', { paths: [core] }));
}
