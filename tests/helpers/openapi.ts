import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';

/** Asserts that a document is valid OpenAPI 3.1 (the official meta-schema), listing the errors if not. */
export async function expectValidOpenAPI(document: unknown): Promise<void> {
  const result = await new Validator().validate(document as Parameters<Validator['validate']>[0]);
  expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).to.deep.equal([]);
  expect(result.valid).to.equal(true);
}
