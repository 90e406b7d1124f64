import {
  Body,
  Controller,
  Cookie,
  Get,
  Header,
  HTMLResponse,
  Param,
  Post,
  Query,
  ResponseModel,
} from '@arobase/core';
import { getController, getParams, getResponseModel } from '@arobase/core/internal';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import { IsString } from 'class-validator';

class ItemIn {
  @IsString() name!: string;
}

class ItemOut {
  @Expose() name!: string;
}

@Controller('/items', { responseClass: HTMLResponse, tags: ['items'] })
class Documented {
  @Get('/:id')
  read(
    @Param('id', { description: 'the item id', example: 7 }) id: number,
    @Query('q', { required: true, description: 'search text', deprecated: true }) q: string,
    @Header('x-trace', { description: 'a trace id' }) trace: string,
    @Cookie('session', { signed: true, required: true }) session: string,
  ) {
    return { id, q, trace, session };
  }

  @Post('/')
  @ResponseModel(ItemOut, { excludeNone: true, include: ['name'], byAlias: false })
  create(@Body(ItemIn, { description: 'the new item' }) item: ItemIn, @Body({ raw: true }) raw: unknown) {
    return { item, raw };
  }
}

describe('parameter and response model options reach the metadata the OpenAPI document reads', () => {
  it('each parameter decorator records required and its documentation', () => {
    const params = getParams(Documented, 'read');
    expect(params.map((p) => [p.source, p.name, p.required, p.doc])).to.deep.equal([
      ['path', 'id', false, { description: 'the item id', deprecated: undefined, example: 7 }],
      ['query', 'q', true, { description: 'search text', deprecated: true, example: undefined }],
      ['header', 'x-trace', false, { description: 'a trace id', deprecated: undefined, example: undefined }],
      ['cookie', 'session', true, undefined],
    ]);
    expect(params[3].signed).to.equal(true);
  });

  it('@Body(Model) records the class; @Body({ raw: true }) records raw', () => {
    const [named, raw] = getParams(Documented, 'create');
    expect(named.type).to.equal(ItemIn);
    expect(named.doc?.description).to.equal('the new item');
    expect(raw.raw).to.equal(true);
    expect(raw.type).to.equal(undefined);
  });

  it('the response model keeps its options, the controller its response class and tags', () => {
    expect(getResponseModel(Documented, 'create')?.options).to.deep.equal({
      excludeNone: true,
      include: ['name'],
      byAlias: false,
    });
    expect(getController(Documented)?.options).to.deep.equal({
      responseClass: HTMLResponse,
      tags: ['items'],
    });
  });
});
