import { Body, Controller, createApp, Post } from '@arobase/core';
import { expect } from 'chai';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsOptional,
  IsString,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { FastifyInstance } from 'fastify';

// A custom constraint keeps the model off the compiled input path: class-transformer and
// class-validator read and check it.
@ValidatorConstraint({ name: 'anything' })
class Anything implements ValidatorConstraintInterface {
  validate() {
    return true;
  }
}

class TreeNode {
  @IsString() @Validate(Anything) name!: string;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TreeNode)
  children?: TreeNode[];
}

@Controller('/tree')
class TreeController {
  @Post('/')
  create(@Body() tree: TreeNode) {
    return { name: tree.name };
  }
}

/** `depth` levels of `{"name":"x","children":[...]}`, a few kilobytes of JSON. */
function nested(depth: number): string {
  return `${'{"name":"x","children":['.repeat(depth)}{"name":"x"}${']}'.repeat(depth)}`;
}

describe('deeply nested input on the class-validator path', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [TreeController], fastify: { logger: false } });
  });
  after(() => app.close());

  it('is read, or a 422 when too deep to check, never a 500', async () => {
    // Where the stack runs out depends on the machine: walk through the depths where it does.
    for (let depth = 100; depth <= 3000; depth += 100) {
      const res = await app.inject({
        method: 'POST',
        url: '/tree',
        payload: nested(depth),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, `depth ${depth}: ${res.body}`).to.be.oneOf([200, 422]);
      if (res.statusCode === 422) {
        expect(res.json().detail).to.deep.equal([
          { loc: ['body'], msg: 'Input could not be read as TreeNode', type: 'model_parsing' },
        ]);
      }
    }
  });
});
