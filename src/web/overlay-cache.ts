/**
 * Difference overlays are drawn on request and cost real CPU (two decodes, an alignment, a PNG): a few
 * are drawn at a time, the latest are kept, and a request beyond the queue is told to come back.
 */
export class OverlayCache {
  private readonly done = new Map<string, Uint8Array>();
  private readonly drawing = new Map<string, Promise<Uint8Array>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly draw: (key: string) => Promise<Uint8Array>,
    private readonly opts = { keep: 64, atOnce: 2, queue: 16 },
  ) {}

  /** The overlay for `key`, or null when too many are being drawn already. */
  async get(key: string): Promise<Uint8Array | null> {
    const kept = this.done.get(key);
    if (kept) {
      // Most recently used last.
      this.done.delete(key);
      this.done.set(key, kept);
      return kept;
    }
    const pending = this.drawing.get(key);
    if (pending) return pending;
    if (this.running >= this.opts.atOnce && this.waiting.length >= this.opts.queue) return null;
    const work = this.run(key).finally(() => this.drawing.delete(key));
    this.drawing.set(key, work);
    return work;
  }

  private async run(key: string): Promise<Uint8Array> {
    if (this.running >= this.opts.atOnce) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      const png = await this.draw(key);
      this.done.set(key, png);
      if (this.done.size > this.opts.keep) this.done.delete(this.done.keys().next().value!);
      return png;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
