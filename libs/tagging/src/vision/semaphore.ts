/** At most `limit` holders at once; others wait in order, each no longer than its own deadline. */
export class Semaphore {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves with a release function, or with undefined when no slot frees up within `waitMs`. */
  acquire(waitMs: number): Promise<(() => void) | undefined> {
    if (this.held < this.limit) {
      this.held += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const grant = () => {
        clearTimeout(timer);
        resolve(this.releaser());
      };
      timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        resolve(undefined);
      }, waitMs);
      this.waiting.push(grant);
    });
  }

  /** Calls holding a slot, and calls waiting for one. */
  load(): { inFlight: number; waiting: number } {
    return { inFlight: this.held, waiting: this.waiting.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `held` stays the same.
      if (next) next();
      else this.held -= 1;
    };
  }
}
