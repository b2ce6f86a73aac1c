// A TCP port free on loopback now (bound to port 0, read, released) for a server a test starts
// next. Another process could take it in between; on a test machine that has not been seen.
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}
