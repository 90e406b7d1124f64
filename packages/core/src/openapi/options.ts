/** Where and what the OpenAPI document and its docs page serve. */
export interface OpenAPIOptions {
  /** The document's URL; default `/openapi.json`. */
  path?: string;
  /** The interactive docs page's URL; default `/docs`; `false` serves no page. */
  docsPath?: string | false;
  info?: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
}
