import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../../shared/contract.js';
import type { UpdateChannel } from '../../shared/updates.js';

/** This computer's preferences, not anyone's data: they are read before anyone signs in and survive a wipe. */
export interface PreferenceValues {
  language?: Language;
  updateChannel?: UpdateChannel;
  idleLockMinutes?: number;
}

/** `<data>/preferences.json`, written atomically. */
export class Preferences {
  private values: PreferenceValues;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'preferences.json');
    try {
      this.values = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as PreferenceValues) : {};
    } catch {
      this.values = {};
    }
  }

  get<K extends keyof PreferenceValues>(key: K): NonNullable<PreferenceValues[K]> | null {
    return this.values[key] ?? null;
  }

  set<K extends keyof PreferenceValues>(key: K, value: PreferenceValues[K]): void {
    this.values = { ...this.values, [key]: value };
    mkdirSync(join(this.file, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.values), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
  }

  /** Takes what an older cache held, where this computer has no value yet. */
  adopt(values: PreferenceValues): void {
    for (const [k, v] of Object.entries(values) as [keyof PreferenceValues, never][]) if (v !== null && v !== undefined && this.values[k] === undefined) this.set(k, v);
  }
}
