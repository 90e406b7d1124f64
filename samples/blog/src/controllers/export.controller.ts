import { Controller, FileResponse, Get, StreamingResponse } from '@arobase/core';
import type { PostExport } from '../export/post-export';

/** The posts as CSV: a file download, and a stream from the database. */
@Controller('/posts')
export class ExportController {
  constructor(private readonly exporter: PostExport) {}

  @Get('/export.csv', { responseClass: FileResponse })
  async download() {
    return new FileResponse(await this.exporter.snapshot(), { filename: 'posts.csv', mediaType: 'text/csv' });
  }

  @Get('/export.stream.csv', { responseClass: StreamingResponse })
  stream() {
    return new StreamingResponse(this.exporter.stream(), {
      mediaType: 'text/csv',
      headers: { 'Content-Disposition': 'attachment; filename="posts.csv"', 'Cache-Control': 'no-store' },
    });
  }
}
