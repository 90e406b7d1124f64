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
import type { BlogStore, UserRow } from '../db/store';
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
  create(@Body() body: PostIn, @Depends(CurrentUser) user: UserRow, @Res() res: Response) {
    const post = this.store.createPost(user.id, body.title, body.body);
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
  list(@Query() page: PageQuery, @Res() res: Response) {
    res.headers.set('X-Total-Count', String(this.store.countPosts()));
    // Shared caches may keep a page a few seconds: a new post shows up at most 5 s late.
    res.headers.set('Cache-Control', 'public, max-age=5');
    return this.store.posts(page.limit, page.offset);
  }

  @Get('/latest', {
    status: 307,
    responseClass: RedirectResponse,
    summary: 'Redirect to the newest post',
    responses: { 404: { description: 'No post yet' } },
  })
  latest() {
    const id = this.store.latestPostId();
    if (id === undefined) throw new HttpException(404, 'No post yet');
    return new RedirectResponse(`/posts/${id}`);
  }

  @Get('/:id', { summary: 'A post', responses: { 404: { description: 'Post not found' } } })
  @ResponseModel(PostOut)
  get(@Param('id', { description: "The post's id" }) id: number) {
    const post = this.store.post(positiveId(id, 'Post'));
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
    },
  })
  @ResponseModel(PostOut)
  put(
    @Param('id', { description: "The post's id" }) id: number,
    @Body() body: PostIn,
    @Depends(CurrentUser) user: UserRow,
    @Res() res: Response,
  ) {
    positiveId(id, 'Post');
    const existing = this.store.post(id);
    if (existing === undefined) {
      res.status = 201;
      res.headers.set('Location', `/posts/${id}`);
      return this.store.createPost(user.id, body.title, body.body, id);
    }
    if (existing.author.id !== user.id) throw new HttpException(403, 'Only the author can change this post');
    return this.store.updatePost(id, body.title, body.body);
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
  remove(@Param('id', { description: "The post's id" }) id: number, @Depends(CurrentUser) user: UserRow) {
    const post = this.store.post(positiveId(id, 'Post'));
    if (post === undefined) throw new HttpException(404, 'Post not found');
    if (post.author.id !== user.id) throw new HttpException(403, 'Only the author can delete this post');
    this.store.deletePost(id);
  }
}
