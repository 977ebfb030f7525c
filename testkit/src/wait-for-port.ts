import net from 'node:net';

/**
 * Resolves once 127.0.0.1:`port` accepts a connection. Rejects at `deadline` (epoch ms), or as soon as
 * `failed()` returns a reason (the process exited), naming `what` and the `details()` (its output).
 */
export function waitForPort(
  port: number,
  options: { deadline: number; what: string; failed?: () => string | null; details?: () => string },
): Promise<void> {
  const details = () => (options.details ? `:\n${options.details()}` : '');
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const failure = options.failed?.();
      if (failure) return reject(new Error(`${options.what} ${failure}${details()}`));
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > options.deadline) reject(new Error(`${options.what} did not listen on ${port}${details()}`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}
