import {
  Background,
  type BackgroundTasks,
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
import { Transaction } from '../db/transaction';
import { PageQuery, PostBatchIn, PostIn, PostOut, PostViewsOut } from '../models/post';
import { positiveId } from './ids';

/** Posts: anyone reads, a signed-in user writes. */
@Controller('/posts')
export class PostsController {
  constructor(private readonly store: BlogStore) {}

  @Post('/', { status: 201 })
  @ResponseModel(PostOut)
  create(@Body() body: PostIn, @Depends(CurrentUser) user: UserRow, @Res() res: Response) {
    const post = this.store.createPost(user.id, body.title, body.body);
    res.headers.set('Location', `/posts/${post.id}`);
    return post;
  }

  /**
   * Several posts at once, all or none: they are written in one transaction, which a conflict (an
   * id already taken) rolls back before the 409 is sent.
   */
  @Post('/batch', { status: 201 })
  @ResponseModel([PostOut])
  batch(@Body() body: PostBatchIn, @Depends(CurrentUser) user: UserRow, @Depends(Transaction) tx: BlogStore) {
    return body.posts.map((post) => {
      if (post.id !== undefined && tx.post(post.id) !== undefined) {
        throw new HttpException(409, `Post ${post.id} already exists: none of the batch was written`);
      }
      return tx.createPost(user.id, post.title, post.body, post.id ?? null);
    });
  }

  @Get('/')
  @ResponseModel([PostOut])
  list(@Query() page: PageQuery, @Res() res: Response) {
    res.headers.set('X-Total-Count', String(this.store.countPosts()));
    // Shared caches may keep a page a few seconds: a new post shows up at most 5 s late.
    res.headers.set('Cache-Control', 'public, max-age=5');
    return this.store.posts(page.limit, page.offset);
  }

  @Get('/latest', { status: 307, responseClass: RedirectResponse })
  latest() {
    const id = this.store.latestPostId();
    if (id === undefined) throw new HttpException(404, 'No post yet');
    return new RedirectResponse(`/posts/${id}`);
  }

  @Get('/:id')
  @ResponseModel(PostOut)
  get(@Param('id') id: number, @Background() tasks: BackgroundTasks) {
    const post = this.store.post(positiveId(id, 'Post'));
    if (post === undefined) throw new HttpException(404, 'Post not found');
    // Counted once the reader has the post: the answer does not wait for the write.
    tasks.add((postId: number) => this.store.countView(postId), post.id);
    return post;
  }

  @Get('/:id/views')
  @ResponseModel(PostViewsOut)
  views(@Param('id') id: number) {
    const post = this.store.post(positiveId(id, 'Post'));
    if (post === undefined) throw new HttpException(404, 'Post not found');
    return { id: post.id, views: this.store.views(post.id) };
  }

  /** Replaces the post, or creates it under this id: 200 or 201, decided per request. */
  @Put('/:id')
  @ResponseModel(PostOut)
  put(
    @Param('id') id: number,
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
  @Delete('/:id', { status: 204 })
  remove(@Param('id') id: number, @Depends(CurrentUser) user: UserRow) {
    const post = this.store.post(positiveId(id, 'Post'));
    if (post === undefined) throw new HttpException(404, 'Post not found');
    if (post.author.id !== user.id) throw new HttpException(403, 'Only the author can delete this post');
    this.store.deletePost(id);
  }
}
