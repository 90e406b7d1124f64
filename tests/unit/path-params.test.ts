import { pathParamNames } from '@arobase/core/internal';
import { expect } from 'chai';

describe('pathParamNames: route parameters as find-my-way reads them', () => {
  const cases: [string, string[]][] = [
    ['/', []],
    ['/users', []],
    ['/users/:id', ['id']],
    ['/users/:userId/posts/:postId', ['userId', 'postId']],
    ['/flights/:from-:to', ['from', 'to']],
    ['/files/:name.:ext', ['name', 'ext']],
    ['/years/:year(^\\d{4}$)', ['year']],
    ['/at/:hour(^\\d{2})h:minute(^\\d{2})m', ['hour', 'minute']],
    ['/re/:id(^(a|b):\\d+$)/x', ['id']],
    ['/static/*', ['*']],
    ['/time::now', []],
    ['/a::b/:c', ['c']],
    ['/posts/:id?', ['id']],
    ['/snake/:user_id/:v2', ['user_id', 'v2']],
  ];
  for (const [path, names] of cases) {
    it(`${path} -> [${names.join(', ')}]`, () => {
      expect(pathParamNames(path)).to.deep.equal(names);
    });
  }
});
