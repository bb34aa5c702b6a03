/**
 * Requests served in the order they arrived, one started per turn of the event loop.
 *
 * Node reads every socket that is ready in one pass and, with synchronous SQLite, runs each request's
 * handler to the end inside that pass; busy keep-alive connections are always ready again by the next
 * pass, so a new connection's request was read only after whole passes over everyone else, and under
 * load it waited until the load stopped. Starting one request per turn (setImmediate) lets the loop
 * accept and read new connections between requests, and they join the back of the same queue.
 */
export class FairQueue {
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private scheduled = false;

  /** `concurrency`: requests whose handlers may wait on I/O (password hashing, workers) at once. */
  constructor(private readonly concurrency = 8) {}

  get queued(): number {
    return this.waiting.length;
  }

  run<T>(work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        this.running++;
        let result: Promise<T>;
        try {
          result = Promise.resolve(work());
        } catch (e) {
          result = Promise.reject(e);
        }
        result.then(resolve, reject).finally(() => {
          this.running--;
          this.schedule();
        });
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      this.schedule();
    });
  }
}
