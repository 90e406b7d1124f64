import { Controller, Get, HTMLResponse } from '@arobase/core';
import type { BlogStore } from '../db/store';

/** A page a person or a load balancer can open. */
@Controller()
export class HealthController {
  private readonly started = new Date();

  constructor(private readonly store: BlogStore) {}

  @Get('/health', {
    responseClass: HTMLResponse,
    headers: { 'Cache-Control': 'no-store' },
    summary: 'A page saying the API and its database answer',
  })
  async health() {
    // A query proves the database answers; only numbers and dates go into the HTML.
    const posts = await this.store.countPosts();
    return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>blog: healthy</title></head>
<body>
<h1>OK</h1>
<p>${posts} post${posts === 1 ? '' : 's'} &middot; up since ${this.started.toISOString()} &middot; pid ${process.pid}</p>
</body>
</html>
`;
  }
}
