import type { ChildProcess } from 'node:child_process';

/**
 * Sends `message` to a helper process (a socket holder) and waits for the first reply `accept` takes; a reply
 * `{ error }` or the child's exit rejects, naming `what`.
 */
export function requestChild<From extends object, T extends From>(
  child: ChildProcess,
  message: unknown,
  accept: (reply: From) => reply is T,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: From) => {
      if ('error' in reply) {
        cleanup();
        reject(new Error(`${what}: ${String(reply.error)}`));
      } else if (accept(reply)) {
        cleanup();
        resolve(reply);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${what} exited with ${code}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message as object);
  });
}
