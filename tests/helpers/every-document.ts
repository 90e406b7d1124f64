// A mocha root hook (.mocharc.json requires it): every OpenAPI document an app of the suite serves is
// validated against the OpenAPI 3.1 meta-schema once the run is over, so no test app's document is
// left unchecked: one no request asked for is built after its test.
import { buildObservedDocuments, observeDocuments } from '@arobase/core/internal';
import { Validator } from '@seriousme/openapi-schema-validator';

const documents = new Map<string, string>();
let current = '(before the first test)';

observeDocuments((document) => {
  const text = JSON.stringify(document);
  if (!documents.has(text)) documents.set(text, current);
});

export const mochaHooks = {
  beforeEach(this: Mocha.Context) {
    current = this.currentTest?.fullTitle() ?? current;
  },
  afterEach() {
    buildObservedDocuments();
  },
  async afterAll() {
    if (process.env.SHOW_DOCUMENTS) console.log(`validating ${documents.size} documents`);
    const invalid: string[] = [];
    for (const [text, near] of documents) {
      const result = await new Validator().validate(JSON.parse(text));
      if (!result.valid) invalid.push(`near "${near}": ${JSON.stringify(result.errors).slice(0, 500)}`);
    }
    if (invalid.length > 0) {
      throw new Error(
        `${invalid.length} of ${documents.size} OpenAPI documents are not valid OpenAPI 3.1:\n${invalid.join('\n')}`,
      );
    }
  },
};
