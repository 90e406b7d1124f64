import {
  Body,
  Controller,
  Delete,
  Depends,
  Get,
  HttpException,
  Param,
  Post,
  Put,
  Query,
  RedirectResponse,
  Res,
  type Response,
  ResponseModel,
} from '@arobase/core';
import { CurrentUser } from '../auth/current-user';
import { type BlogStore, MAX_PUT_ID, type UserRow } from '../db/store';
import { PageQuery, PostIn, PostOut } from '../models/post';
import { positiveId } from './ids';

/** Posts: anyone reads, a signed-in user writes. */
@Controller('/posts')
export class PostsController {
  constructor(private readonly store: BlogStore) {}

  @Post('/', {
    status: 201,
    summary: 'Write a post',
    responses: {
      201: { headers: { Location: { description: 'The new post: /posts/{id}' } } },
      401: { description: 'Not authenticated' },
    },
  })
  @ResponseModel(PostOut)
  async create(@Body() body: PostIn, @Depends(CurrentUser) user: UserRow, @Res() res: Response) {
    const post = await this.store.createPost(user.id, body.title, body.body);
    res.headers.set('Location', `/posts/${post.id}`);
    return post;
  }

  @Get('/', {
    summary: 'List posts, newest first',
    responses: {
      200: {
        headers: {
          'X-Total-Count': { description: 'How many posts there are in all' },
          'Cache-Control': { description: 'public, max-age=5' },
        },
      },
    },
  })
  @ResponseModel([PostOut])
  async list(@Query() page: PageQuery, @Res() res: Response) {
    const [total, posts] = await Promise.all([
      this.store.countPosts(),
      this.store.posts(page.limit, page.offset),
    ]);
    res.headers.set('X-Total-Count', String(total));
    // Shared caches may keep a page a few seconds: a new post shows up at most 5 s late.
    res.headers.set('Cache-Control', 'public, max-age=5');
    return posts;
  }

  @Get('/latest', {
    status: 307,
    responseClass: RedirectResponse,
    summary: 'Redirect to the newest post',
    responses: { 404: { description: 'No post yet' } },
  })
  async latest() {
    const id = await this.store.latestPostId();
    if (id === undefined) throw new HttpException(404, 'No post yet');
    return new RedirectResponse(`/posts/${id}`);
  }

  @Get('/:id', { summary: 'A post', responses: { 404: { description: 'Post not found' } } })
  @ResponseModel(PostOut)
  async get(@Param('id', { description: "The post's id" }) id: number) {
    const post = await this.store.post(positiveId(id, 'Post'));
    if (post === undefined) throw new HttpException(404, 'Post not found');
    return post;
  }

  /** Replaces the post, or creates it under this id: 200 or 201, decided per request. */
  @Put('/:id', {
    summary: 'Replace a post, or create it under this id',
    responses: {
      200: { description: 'Replaced' },
      201: {
        description: 'Created',
        model: PostOut,
        headers: { Location: { description: 'The post: /posts/{id}' } },
      },
      401: { description: 'Not authenticated' },
      403: { description: 'Only the author can change this post' },
      404: { description: 'Post not found: the id is not a positive integer' },
    },
  })
  @ResponseModel(PostOut)
  async put(
    @Param('id', { description: "The post's id" }) id: number,
    @Body() body: PostIn,
    @Depends(CurrentUser) user: UserRow,
    @Res() res: Response,
  ) {
    const result = await this.store.putPost(positiveId(id, 'Post'), user.id, body.title, body.body);
    if (result.outcome === 'forbidden') throw new HttpException(403, 'Only the author can change this post');
    if (result.outcome === 'missing') {
      throw new HttpException(422, [
        {
          loc: ['path', 'id'],
          msg: `A post can be created under an id up to ${MAX_PUT_ID}`,
          type: 'less_than_equal',
          input: id,
        },
      ]);
    }
    if (result.outcome === 'created') {
      res.status = 201;
      res.headers.set('Location', `/posts/${id}`);
    }
    return result.post;
  }

  /** Deletes the author's own post: 204 with no body (returning nothing is fine, none is sent). */
  @Delete('/:id', {
    status: 204,
    summary: "Delete one's own post",
    responses: {
      401: { description: 'Not authenticated' },
      403: { description: 'Only the author can delete this post' },
      404: { description: 'Post not found' },
    },
  })
  async remove(
    @Param('id', { description: "The post's id" }) id: number,
    @Depends(CurrentUser) user: UserRow,
  ) {
    const outcome = await this.store.deletePost(positiveId(id, 'Post'), user.id);
    if (outcome === 'missing') throw new HttpException(404, 'Post not found');
    if (outcome === 'forbidden') throw new HttpException(403, 'Only the author can delete this post');
  }
}
