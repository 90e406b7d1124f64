import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves once `condition()` holds, polling every 2 ms; rejects after `ms`. */
export async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms`);
    await sleep(2);
  }
}

/** The text of a fetch body read to its end, or as far as it came when the server cut it short. */
export async function readUntilEnd(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (chunk.done) return text;
    text += decoder.decode(chunk.value, { stream: true });
  }
}
