/** Waiting in tests that drive real processes: poll until a probe answers, with a deadline. */
export { processAlive } from '../../src/db/embedded';

/** Polls `probe` every 100 ms until it returns something other than null; throws after `ms`. */
export async function until<T>(what: string, ms: number, probe: () => Promise<T | null> | T | null): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got !== null) return got;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
