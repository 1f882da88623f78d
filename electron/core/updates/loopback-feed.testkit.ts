import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { channelFileName, type UpdateChannel } from '../../../shared/updates.js';

/**
 * Test kit (never imported by the app): an electron-builder generic feed on loopback with
 * channel files and a fake installer served in slow chunks, so progress can be watched.
 */
export class LoopbackFeed {
  server!: Server;
  url = '';
  hits: string[] = [];
  artifact = Buffer.alloc(256 * 1024, 7);
  files = new Map<string, string>();
  down = false;

  sha512(bytes = this.artifact) {
    return createHash('sha512').update(bytes).digest('base64');
  }

  publish(channel: UpdateChannel, version: string, opts: { sha512?: string; yaml?: string } = {}) {
    const name = `Custos-Setup-${version}.exe`;
    this.files.set(
      channelFileName(channel, 'win32'),
      opts.yaml ??
        [
          `version: ${version}`,
          'files:',
          `  - url: ${name}`,
          `    sha512: ${opts.sha512 ?? this.sha512()}`,
          `    size: ${this.artifact.length}`,
          `path: ${name}`,
          `sha512: ${opts.sha512 ?? this.sha512()}`,
          `releaseDate: '2026-11-20T08:00:00.000Z'`,
        ].join('\n'),
    );
  }

  async start() {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '/').replace(/^\/feed\//, ''));
      this.hits.push(path);
      if (this.down) return void res.destroy();
      const yml = this.files.get(path);
      if (yml) return void res.writeHead(200, { 'content-type': 'text/yaml' }).end(yml);
      if (path.endsWith('.exe')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(this.artifact.length) });
        const chunk = 32 * 1024;
        let sent = 0;
        const next = () => {
          if (sent >= this.artifact.length) return void res.end();
          res.write(this.artifact.subarray(sent, sent + chunk));
          sent += chunk;
          setTimeout(next, 5);
        };
        return next();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/feed/`;
  }

  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

