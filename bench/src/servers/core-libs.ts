// @arobase/core reads class-transformer's metadata from its own copy of the package (a module-level
// store), not from bench/node_modules' copy: the arobase server's models must be decorated with
// core's copies, or no field would be exposed.
import { dirname } from 'node:path';
import type * as ClassTransformer from 'class-transformer';
import type * as ClassValidator from 'class-validator';

const core = dirname(require.resolve('@arobase/core/package.json'));

export const transformer: typeof ClassTransformer = require(
  require.resolve('class-transformer', { paths: [core] }),
);
export const validator: typeof ClassValidator = require(
  require.resolve('class-validator', { paths: [core] }),
);
