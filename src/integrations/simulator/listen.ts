import type { FastifyInstance } from 'fastify';

export interface RunningSimulator {
  /** The address it answers at, e.g. http://127.0.0.1:4010 */
  url: string;
  close(): Promise<void>;
}

/** Starts a simulator's server and says where it listens. */
export async function listenSimulator(
  app: FastifyInstance,
  port: number,
  host = '127.0.0.1',
): Promise<RunningSimulator> {
  await app.listen({ port, host });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${host}:${actual}`, close: () => app.close() };
}
