/**
 * Which cloud a console talks to (issue 28 item 11). The embedded demo cloud has published
 * credentials: a packaged app never starts it by itself. On its first run it asks for the
 * enterprise's cloud address (the demo is offered there as an explicit choice) and keeps the answer
 * in `cloud.json` in its data folder. Development and the browser host keep starting the demo when
 * nothing is configured, so `npm start` shows data at once. Host-agnostic: both hosts use this,
 * and the decision is tested under Node (electron/core/cloud/choice.test.ts).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { contract, type Envelope } from '../../../shared/contract.js';
import { CustosError, toErrorBody } from '../../../shared/errors.js';
import { secureTransportUrl, transportProblem } from '../../../shared/transport.js';
import type { Logger } from '../logging.js';
import { CloudClient } from './client.js';

/** What a person chose on the first-run screen, as `cloud.json` keeps it. */
export type SavedCloud = { url: string } | { demo: true };

export type CloudChoice =
  | { kind: 'url'; url: string; source: 'env' | 'saved' }
  | { kind: 'demo'; source: 'saved' | 'default' }
  /** Ask on the first-run screen: nothing (valid) was configured and this build must not assume the demo. */
  | { kind: 'ask' };

export const CLOUD_CHOICE_FILE = 'cloud.json';

const SavedCloudSchema = z.union([z.object({ url: z.string().max(2048) }).strict(), z.object({ demo: z.literal(true) }).strict()]);

/**
 * The cloud to use. `CUSTOS_CLOUD_URL` wins (an administrator's deployment setting); then what
 * was chosen on a first run; then a packaged app asks, while development and the browser host
 * start the embedded demo. A saved address that is no longer acceptable (edited to plain http to
 * another machine, damaged) counts as nothing saved: the app asks again rather than guess.
 */
export function chooseCloud(input: { packaged: boolean; envUrl?: string | undefined; saved: SavedCloud | null }): CloudChoice {
  if (input.envUrl) return { kind: 'url', url: input.envUrl, source: 'env' };
  if (input.saved && 'demo' in input.saved) return { kind: 'demo', source: 'saved' };
  if (input.saved && secureTransportUrl(input.saved.url)) return { kind: 'url', url: input.saved.url, source: 'saved' };
  return input.packaged ? { kind: 'ask' } : { kind: 'demo', source: 'default' };
}

/** The parsed `cloud.json`, or null when there is none or it cannot be read as one. */
export function parseSavedCloud(text: string): SavedCloud | null {
  try {
    const parsed = SavedCloudSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function readSavedCloud(dataDir: string, logger?: Logger): SavedCloud | null {
  const file = join(dataDir, CLOUD_CHOICE_FILE);
  if (!existsSync(file)) return null;
  const saved = parseSavedCloud(readFileSync(file, 'utf8'));
  if (!saved) logger?.warn('the saved cloud choice cannot be read; asking again', { file: CLOUD_CHOICE_FILE });
  return saved;
}

/** Writes `cloud.json` (0600, through a temporary file so a crash never leaves half of it). */
export function saveCloudChoice(dataDir: string, saved: SavedCloud): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, CLOUD_CHOICE_FILE);
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(saved)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** Does a Custos cloud answer at this address? (Its /health, read as the protocol says.) */
export async function cloudAnswers(url: string, timeoutMs = 8_000): Promise<boolean> {
  try {
    const health = await new CloudClient(url, timeoutMs).health();
    return health.ok;
  } catch {
    return false;
  }
}

export interface CloudSetupOptions {
  dataDir: string;
  /** Starts the chosen cloud (the demo in-process, or nothing for an address) and the core on it; resolves once the core answers. */
  start(choice: Extract<CloudChoice, { kind: 'url' | 'demo' }>): Promise<void>;
  /** Whether a cloud answers at an address (default: its /health). */
  probe?: (url: string) => Promise<boolean>;
  logger: Logger;
}

/**
 * What answers the renderer while no cloud is chosen, in place of the core: `setup.chooseCloud`
 * checks the address (the shared transport rule, then that a Custos cloud answers there), starts
 * the cloud and the core through the host, and only then saves the choice, so a failed start asks
 * again on the next launch. Every other operation is answered SETUP_REQUIRED, which the renderer
 * shows as the first-run screen.
 */
export class CloudSetup {
  private busy = false;
  private done = false;

  constructor(private readonly opts: CloudSetupOptions) {}

  async invoke(name: string, rawInput: unknown): Promise<Envelope<unknown>> {
    try {
      if (name !== 'setup.chooseCloud') throw new CustosError('SETUP_REQUIRED', 'Choose the cloud this console works with first.');
      const parsed = contract['setup.chooseCloud'].input.safeParse(rawInput ?? {});
      if (!parsed.success) throw new CustosError('INVALID_INPUT', 'Give a cloud address or choose the demo.', [{ path: 'url', message: 'empty' }]);
      if (this.done || this.busy) throw new CustosError('INVALID_INPUT', 'The cloud is already being chosen.');
      this.busy = true;
      try {
        const choice = await this.check(parsed.data);
        await this.opts.start(choice);
        saveCloudChoice(this.opts.dataDir, choice.kind === 'demo' ? { demo: true } : { url: choice.url });
        this.done = true;
        this.opts.logger.info('cloud chosen on first run', { cloud: choice.kind });
        return { ok: true, value: { cloud: choice.kind } };
      } finally {
        this.busy = false;
      }
    } catch (err) {
      return { ok: false, error: toErrorBody(err) };
    }
  }

  private async check(input: { url: string } | { demo: true }): Promise<Extract<CloudChoice, { kind: 'url' | 'demo' }>> {
    if ('demo' in input) return { kind: 'demo', source: 'saved' };
    const problem = transportProblem(input.url);
    if (problem) throw new CustosError('INVALID_INPUT', 'The cloud address must start with https:// (http:// only to this computer), without a user name or password.', [{ path: 'url', message: problem }]);
    const url = new URL(input.url.trim()).toString().replace(/\/$/, '');
    if (!(await (this.opts.probe ?? cloudAnswers)(url))) throw new CustosError('CLOUD_UNREACHABLE', 'No Custos cloud answered at this address.', [{ path: 'url', message: 'unreachable' }]);
    return { kind: 'url', url, source: 'saved' };
  }
}
