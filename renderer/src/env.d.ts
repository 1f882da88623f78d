/// <reference lib="dom" />
import type { Envelope } from '../../shared/contract.js';

declare global {
  /** What the Electron preload exposes through contextBridge (nothing else). */
  interface CustosBridge {
    invoke(name: string, input: unknown): Promise<Envelope<unknown>>;
  }
  interface Window {
    custos?: CustosBridge;
  }
  /** Vite's import.meta.glob, declared locally because the renderer loads no ambient types. */
  interface ImportMeta {
    glob<T = unknown>(
      pattern: string | string[],
      options?: { eager?: boolean; query?: string; import?: string },
    ): Record<string, T>;
  }
}

declare module '*.css';

export {};
