/** One task: a function and the arguments it is called with. */
type Task = readonly [fn: (...args: any[]) => unknown, args: readonly unknown[]];

/**
 * Work to do after the response has been sent: the client does not wait for it. Injected with
 * `@Background()` (one per request, shared with its dependencies), or given to any response as
 * `init.background`. Tasks run one after another, in the order they were added; a task that throws
 * (or rejects) is logged with the request id and the next one still runs. They do not run when the
 * request ended in an unexpected error (a 500), and `app.close()` waits for those already running.
 *
 * @example
 * ```ts
 * @Get('/posts/:id')
 * get(@Param('id') id: number, @Background() tasks: BackgroundTasks) {
 *   tasks.add((postId: number) => db.countView(postId), id);
 *   return db.post(id);
 * }
 * ```
 */
export class BackgroundTasks {
  private readonly tasks: Task[] = [];

  /** Adds `fn(...args)` to run after the response; throws a `TypeError` if `fn` is not a function. */
  add<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): this {
    if (typeof fn !== 'function') {
      throw new TypeError(`BackgroundTasks.add: a task must be a function, got ${typeof fn}`);
    }
    this.tasks.push([fn, args]);
    return this;
  }

  /** How many tasks were added. */
  get size(): number {
    return this.tasks.length;
  }

  /**
   * @internal Runs every task in order; `failed` hears each error. A task may add another: it runs
   * after the rest.
   */
  async run(failed: (error: unknown, task: string) => void): Promise<void> {
    for (let i = 0; i < this.tasks.length; i++) {
      const [fn, args] = this.tasks[i];
      try {
        await fn(...args);
      } catch (error) {
        failed(error, fn.name || `task #${i + 1}`);
      }
    }
  }
}
