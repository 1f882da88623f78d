import { createHash } from 'node:crypto';
import { csvText } from '../files/csv.js';
import { z } from 'zod';
import { ulid } from 'ulid';
import {
  PERSONAL_INFORMATION_COPY_SCHEMA_ID,
  PersonalInformationCopySchema,
  type BuildPackageInput,
  type DiscoveryCategory,
  type DiscoveryResult,
  type PackageJob,
  type PersonalInformationCopy,
} from '../../../shared/request-views.js';
import type { DataSubjectRequest } from '../../../shared/requests.js';
import { CustosError } from '../../../shared/errors.js';
import { renderPdf, type ReportTable } from '../reports/pdf.js';
import { NOT_HELD_WORDS, REPORT_WORDS, type ReportLanguage } from './report-text.js';
import { cellText, fieldLabel, presentFields, recordLabel, uniqueHeaders } from './present.js';

/**
 * The personal-information copy (个人信息副本): a zip with data.json (versioned; its JSON Schema
 * beside it as schema.json), one CSV per category, report.pdf in the subject's language, and
 * manifest.json with the SHA-256 of every other file. With a password the zip is AES-256
 * encrypted (WinZip AE-2: 7-Zip, macOS Archive Utility via third-party tools, WinRAR open it).
 */
export const PACKAGE_FILES = { data: 'data.json', schema: 'schema.json', report: 'report.pdf', manifest: 'manifest.json' } as const;

export interface PackageResult {
  fileName: string;
  bytes: Uint8Array;
  sha256: string;
  items: number;
  encrypted: boolean;
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export function copySchemaJson(): string {
  return JSON.stringify({ ...z.toJSONSchema(PersonalInformationCopySchema), $id: PERSONAL_INFORMATION_COPY_SCHEMA_ID, title: 'Custos personal-information copy, version 1' }, null, 2);
}


export async function buildPackage(
  input: BuildPackageInput,
  request: DataSubjectRequest,
  discovery: DiscoveryResult,
  controller: string,
  onStep: (step: PackageJob['step']) => void,
): Promise<PackageResult> {
  onStep('collect');
  const lang = request.language as ReportLanguage;
  const w = REPORT_WORDS[lang];
  const chosen = new Map(input.items.map((i) => [`${i.entity}:${i.id}`, i.redact]));
  const categories: PersonalInformationCopy['categories'] = {};
  let count = 0;
  for (const { category, items } of discovery.categories) {
    const picked = items.filter((i) => chosen.has(`${i.entity}:${i.id}`));
    if (picked.length === 0) continue;
    // Every value in words of the subject's language: the copy is read by a person (JSON included).
    categories[category] = picked.map((i) => {
      const redact = chosen.get(`${i.entity}:${i.id}`)! && i.thirdParty;
      return { entity: i.entity, id: i.id, at: i.at, redacted: redact, fields: presentFields(lang, category, redact ? i.redacted : i.fields) };
    });
    count += picked.length;
  }
  if (count === 0) throw new CustosError('INVALID_INPUT', 'None of the chosen records is in the cache any more.');
  // Looked up once per record: a search of every discovered item per record was quadratic (bench: 0.4 s at 2,000 records).
  const subjectOf = new Map(discovery.categories.flatMap((c) => c.items).map((d) => [`${d.entity}:${d.id}`, d.subjectId]));
  const subjectIds = new Set([...Object.values(categories)].flat().map((i) => subjectOf.get(`${i.entity}:${i.id}`)));
  const copy: PersonalInformationCopy = {
    $schema: PERSONAL_INFORMATION_COPY_SCHEMA_ID,
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    controller: { name: controller },
    request: { reference: request.reference, type: w.vocab.requestType[request.type] ?? request.type, receivedOn: request.receivedOn, language: request.language },
    subjects: discovery.subjects.filter((s) => !s.candidate && subjectIds.has(s.id)).map((s) => ({ entity: s.entity, id: s.id, name: s.name })),
    categories,
    notHeld: discovery.notHeld,
  };
  PersonalInformationCopySchema.parse(copy);

  onStep('json');
  const files: { path: string; bytes: Uint8Array }[] = [];
  const text = (path: string, body: string) => files.push({ path, bytes: new TextEncoder().encode(body) });
  text(PACKAGE_FILES.data, JSON.stringify(copy, null, 2));
  text(PACKAGE_FILES.schema, copySchemaJson());

  onStep('csv');
  for (const [category, items] of Object.entries(categories)) {
    // Headers in words, each once (the record's time is one of its fields, not a second column).
    const columns = [...new Set(items.flatMap((i) => Object.keys(i.fields)))];
    const header = uniqueHeaders([w.csv.id, ...columns.map((c) => fieldLabel(w, c)), w.csv.redacted]);
    const rows = items.map((i) => [i.id, ...columns.map((c) => cellText(lang, i.fields[c])), cellText(lang, i.redacted)]);
    text(`csv/${category}.csv`, csvText(header, rows));
  }

  onStep('pdf');
  const tables: ReportTable[] = Object.entries(categories).map(([category, items]) => ({
    heading: `${w.categories[category as DiscoveryCategory]} (${items.length})`,
    columns: w.columns,
    widths: [2, 1.3, 5],
    rows: items.map((i) => [
      recordLabel(category as DiscoveryCategory, i.fields),
      (i.at ?? '').slice(0, 10),
      Object.entries(i.fields)
        .filter(([, v]) => v !== null && v !== '')
        .map(([k, v]) => `${fieldLabel(w, k)}: ${cellText(lang, v)}`)
        .join('\n'),
    ]),
  }));
  const pdf = await renderPdf({
    title: w.title,
    lang: request.language,
    facts: [
      [w.reference, request.reference],
      [w.received, request.receivedOn],
      [w.generated, copy.generatedAt.slice(0, 16).replace('T', ' ') + ' UTC'],
      [w.controller, controller],
      [w.subject, copy.subjects.map((s) => s.name).join(', ')],
      [w.items, String(count)],
      [w.note, w.redactionNote],
      [w.notHeld, copy.notHeld.map((n) => NOT_HELD_WORDS[lang][n] ?? n).join(', ')],
    ],
    tables,
    footer: `${w.footer} · ${request.reference}`,
    createdAt: new Date(copy.generatedAt),
  });
  files.push({ path: PACKAGE_FILES.report, bytes: new Uint8Array(pdf) });

  onStep('zip');
  const manifest = {
    schemaVersion: 1,
    reference: request.reference,
    generatedAt: copy.generatedAt,
    algorithm: 'SHA-256',
    files: files.map((f) => ({ path: f.path, bytes: f.bytes.length, sha256: sha256(f.bytes) })),
  };
  // Loaded on first use, not at start-up (npm run bench: cold start).
  const { configure, TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } = await import('@zip.js/zip.js');
  configure({ useWebWorkers: false });
  const zip = new ZipWriter(new Uint8ArrayWriter(), input.password ? { password: input.password, encryptionStrength: 3 } : {});
  for (const f of files) await zip.add(f.path, new Uint8ArrayReader(f.bytes));
  await zip.add(PACKAGE_FILES.manifest, new TextReader(JSON.stringify(manifest, null, 2)));
  const bytes = await zip.close();
  onStep('done');
  return { fileName: `${request.reference || 'request'}-personal-information.zip`, bytes, sha256: sha256(bytes), items: count, encrypted: input.password !== null };
}

/** How long a built package stays in memory for the console to fetch it. */
const PACKAGE_KEPT_MS = 600_000;

/** Package builds run in the background; the renderer polls their progress. Results are kept for ten minutes. */
export class PackageJobs {
  private jobs = new Map<string, PackageJob & { expires: number }>();

  constructor(private readonly onFailure: (error: unknown) => void) {}

  start(run: (onStep: (step: PackageJob['step']) => void) => Promise<PackageResult>): string {
    const id = ulid();
    const total = 5;
    const job: PackageJob & { expires: number } = { state: 'running', step: 'collect', done: 0, total, error: null, result: null, expires: Date.now() + PACKAGE_KEPT_MS };
    this.jobs.set(id, job);
    // Forgotten when it expires even if nobody asks again: a package holds personal data, and
    // the retention screen says none is kept longer.
    setTimeout(() => {
      if (this.jobs.get(id) === job) this.jobs.delete(id);
    }, PACKAGE_KEPT_MS + 1000).unref();
    const order = ['collect', 'json', 'csv', 'pdf', 'zip', 'done'] as const;
    run((step) => {
      job.step = step;
      job.done = order.indexOf(step);
    }).then(
      (r) => {
        job.state = 'done';
        job.result = { fileName: r.fileName, contentBase64: Buffer.from(r.bytes).toString('base64'), sha256: r.sha256, items: r.items, encrypted: r.encrypted };
      },
      (e: unknown) => {
        this.onFailure(e);
        job.state = 'failed';
        job.error = e instanceof CustosError ? e.message : 'The package could not be built.';
      },
    );
    return id;
  }

  /** Forgets every built package (they hold personal data): on sign-out. */
  clear(): void {
    this.jobs.clear();
  }

  /** Whether a package is still being built (a restart to update waits for it). */
  running(): boolean {
    for (const j of this.jobs.values()) if (j.state === 'running') return true;
    return false;
  }

  get(id: string): PackageJob {
    const now = Date.now();
    for (const [k, j] of this.jobs) if (j.expires < now) this.jobs.delete(k);
    const job = this.jobs.get(id);
    if (!job) throw new CustosError('NOT_FOUND', 'No such package job (it may have expired).');
    const { expires: _expires, ...view } = job;
    return view;
  }
}
