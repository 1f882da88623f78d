import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fault-injecting HTTP proxy on loopback, between a console core and the cloud. Each request
 * draws its fate from the configured probabilities: dropped before it reaches the cloud,
 * dropped after the cloud answered (the answer is lost: the classic double-apply trap), a 5xx
 * instead of the answer, or extra latency. It can also go fully down (offline) and rewrite pull
 * answers (tampering). Randomness comes from the caller so a failing run can be replayed.
 */
export interface FaultPlan {
  dropBefore: number;
  dropAfter: number;
  serverError: number;
  latency: number;
  latencyMs: number;
}

export const NO_FAULTS: FaultPlan = { dropBefore: 0, dropAfter: 0, serverError: 0, latency: 0, latencyMs: 0 };

export interface FaultProxy {
  url: string;
  plan: FaultPlan;
  down: boolean;
  /** Rewrites a pull answer's JSON text before it reaches the client (tamper tests). */
  rewritePull: ((body: string) => string) | null;
  stats: { requests: number; droppedBefore: number; droppedAfter: number; serverErrors: number; delayed: number };
  /** The `limit` of every pull asked for, in order. */
  pullLimits: number[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, random: () => number = Math.random, plan: FaultPlan = NO_FAULTS): Promise<FaultProxy> {
  const upstream = new URL(target);
  const state: FaultProxy = {
    url: '',
    plan: { ...plan },
    down: false,
    rewritePull: null,
    pullLimits: [],
    stats: { requests: 0, droppedBefore: 0, droppedAfter: 0, serverErrors: 0, delayed: 0 },
    close: async () => {},
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    state.stats.requests++;
    if (req.url?.startsWith('/sync/pull')) state.pullLimits.push(Number(new URL(req.url, 'http://proxy').searchParams.get('limit')));
    const p = state.plan;
    if (state.down || random() < p.dropBefore) {
      if (!state.down) state.stats.droppedBefore++;
      req.socket.destroy();
      return;
    }
    if (random() < p.latency) {
      state.stats.delayed++;
      await new Promise((r) => setTimeout(r, p.latencyMs));
    }
    const body: Buffer[] = [];
    for await (const chunk of req) body.push(chunk as Buffer);
    const answer = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(chunks) }));
        r.on('error', reject);
      });
      out.on('error', reject);
      out.end(Buffer.concat(body));
    });
    // Decided after the cloud answered: the cloud has applied whatever it applies.
    if (random() < p.dropAfter) {
      state.stats.droppedAfter++;
      req.socket.destroy();
      return;
    }
    if (random() < p.serverError) {
      state.stats.serverErrors++;
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
      return;
    }
    let payload = answer.body;
    if (state.rewritePull && req.url?.startsWith('/sync/pull')) payload = Buffer.from(state.rewritePull(payload.toString('utf8')));
    const headers: Record<string, string | string[] | undefined> = { ...answer.headers, 'content-length': String(payload.length) };
    delete headers['transfer-encoding'];
    res.writeHead(answer.status, headers);
    res.end(payload);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
