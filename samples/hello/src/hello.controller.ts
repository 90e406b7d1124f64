import { Controller, Cookie, Get, Param, Res, type Response } from '@arobase/core';

@Controller('/hello')
export class HelloController {
  @Get('/:name')
  greet(@Param('name') name: string, @Cookie('visits') visits = '0', @Res() res: Response) {
    const count = Number(visits) + 1;
    res.setCookie('visits', String(count), { maxAge: 3600 });
    res.headers.set('Cache-Control', 'no-store');
    return { hello: name, visits: count };
  }
}
