import { Controller, FileResponse, Get, StreamingResponse } from '@arobase/core';
import type { PostExport } from '../export/post-export';

/** The posts as CSV: a file download, and a stream from the database. */
@Controller('/posts')
export class ExportController {
  constructor(private readonly exporter: PostExport) {}

  @Get('/export.csv', {
    responseClass: FileResponse,
    summary: 'Every post as a CSV file (ranges, ETag, conditional GET)',
    responses: {
      200: {
        mediaType: 'text/csv',
        headers: {
          'Content-Disposition': { description: 'attachment; filename="posts.csv"' },
          ETag: {},
          'Last-Modified': {},
        },
      },
      206: { description: 'Partial Content: the ranges asked for', mediaType: 'text/csv' },
      304: { description: 'Not Modified' },
      416: { description: 'Range Not Satisfiable' },
    },
  })
  async download() {
    return new FileResponse(await this.exporter.snapshot(), { filename: 'posts.csv', mediaType: 'text/csv' });
  }

  @Get('/export.stream.csv', {
    responseClass: StreamingResponse,
    summary: 'Every post as CSV, streamed from the database',
    responses: {
      200: {
        mediaType: 'text/csv',
        headers: { 'Content-Disposition': { description: 'attachment; filename="posts.csv"' } },
      },
    },
  })
  stream() {
    return new StreamingResponse(this.exporter.stream(), {
      mediaType: 'text/csv',
      headers: { 'Content-Disposition': 'attachment; filename="posts.csv"', 'Cache-Control': 'no-store' },
    });
  }
}
