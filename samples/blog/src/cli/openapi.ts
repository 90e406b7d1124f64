import { openapiDocument } from '@arobase/core';
import { createBlogApp } from '../app';

/** `blog openapi`: the document of an app on an in-memory database, which it opens and closes. */
export async function openapiJson(): Promise<string> {
  const app = await createBlogApp({ db: ':memory:' });
  try {
    await app.ready();
    return `${JSON.stringify(openapiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
