// The example of docs/getting-started.md, run as written (examples-in-sync.test.ts checks the page quotes it).
// biome-ignore-all lint/suspicious/noExportsInTest: the page shows src/notes.controller.ts, which exports its classes
import {
  Body,
  Controller,
  createApp,
  Get,
  HttpException,
  Param,
  Post,
  Req,
  Res,
  Response,
  ResponseModel,
} from '@arobase/core';
import { arobaseChai, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';

chai.use(arobaseChai);

export class NoteIn {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  text!: string;
}

export class NoteOut {
  @Expose() id!: number;
  @Expose() text!: string;
}

interface Note {
  id: number;
  text: string;
  authorIp: string;
}

@Controller('/notes')
export class NotesController {
  private readonly notes = new Map<number, Note>();

  @Post('/', { status: 201 })
  @ResponseModel(NoteOut)
  create(@Body() body: NoteIn, @Req() req: FastifyRequest, @Res() res: Response) {
    const note = { id: this.notes.size + 1, text: body.text, authorIp: req.ip };
    this.notes.set(note.id, note);
    res.headers.set('Location', `/notes/${note.id}`);
    res.setCookie('last_note', String(note.id), { maxAge: 3600 });
    return note; // authorIp stays on the server: NoteOut does not declare it
  }

  @Get('/:id')
  @ResponseModel(NoteOut)
  get(@Param('id') id: number) {
    const note = this.notes.get(id);
    if (note === undefined) throw new HttpException(404, 'Note not found');
    return note;
  }
}

describe('notes', () => {
  let client: TestClient;
  beforeEach(async () => {
    client = new TestClient(await createApp({ controllers: [NotesController] }));
  });

  it('creates a note and reads it back', async () => {
    const created = await client.post('/notes', { json: { text: 'Buy milk' } });
    expect(created).to.have.status(201).and.header('location', '/notes/1');
    expect(created).to.have.cookie('last_note', '1').that.is.httpOnly.and.secure;
    expect(created.json()).to.deep.equal({ id: 1, text: 'Buy milk' });

    const read = await client.get('/notes/1');
    expect(read).to.have.status(200);
    expect(read.json()).to.deep.equal({ id: 1, text: 'Buy milk' });
  });

  it('refuses an empty note with a 422 that names the field', async () => {
    const res = await client.post('/notes', { json: { text: '' } });
    expect(res).to.have.status(422);
    expect(res.json().detail[0].loc).to.deep.equal(['body', 'text']);
  });

  it('answers 404 for a note that does not exist', async () => {
    const res = await client.get('/notes/42');
    expect(res).to.have.status(404);
    expect(res.json()).to.deep.equal({ detail: 'Note not found' });
  });
});
