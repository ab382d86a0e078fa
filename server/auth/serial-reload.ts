/**
 * Runs a reload so that every caller's promise settles with a load that began after the call:
 * one load at a time, and calls made during a load share the next one. A slow load that read
 * older rows can therefore never overwrite what a later one applied.
 */
export class SerialReload {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly load: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.running) {
      this.running = this.load().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.run();
      });
    return this.queued;
  }
}
