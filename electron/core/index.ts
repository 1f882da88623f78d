import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../../shared/contract.js';
import type { Role } from '../../shared/roles.js';
import { dispatch, type Handlers } from './api/dispatch.js';
import { CloudClient } from './cloud/client.js';
import { openCache, type Cache } from './db/open.js';
import { createLogger, type Logger } from './logging.js';
import { listDepartmentEmployees, listDepartments } from './org/queries.js';
import { SessionManager, type TokenStore } from './session/session.js';
import { wipeCache } from './session/wipe.js';
import { SessionLock } from './session/lock.js';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../shared/contract.js';
import { readSetting, writeSetting } from './settings.js';
import { SyncEngine, type SyncEngineOptions } from './sync/engine.js';
import { buildLookupIndex } from './sync/apply.js';
import { dispositionRuns } from './retention/runs.js';
import { discardIssue, listIssues, queueCommand, retryIssue } from './sync/outbox.js';
import { getCustomer, listCustomers } from './customers/queries.js';
import { getApproval, listApprovals } from './approvals/queries.js';
import type { CommandArgs, CommandName } from '../../shared/commands.js';
import { CustosError } from '../../shared/errors.js';
import { checkCommand } from './org/checks.js';
import { getEmployee, listRoleAssignments, orgChart, searchEmployees } from './org/queries.js';
import { pinyinOf } from './org/search-terms.js';
import { OrgTransfer } from './org/transfer/service.js';
import { previewBulkOffboarding } from './offboarding/bulk.js';
import { checkCancel, checkOffboard, checkRehire, listOffboardings, offboardingImpact } from './offboarding/queries.js';
import { handoverReport } from './offboarding/report.js';
import { checkHold, checkPolicy, retentionDashboard, retentionOverview } from './retention/queries.js';
import { auditItems, discover, ensureSubjectKeys } from './requests/discovery.js';
import { buildPackage, PackageJobs } from './requests/package.js';
import { UpdateController, type UpdateDriver } from './updates/controller.js';
import { LongWork } from './updates/long-work.js';
import { auditFile } from './audit/export.js';
import { auditNames } from './audit/names.js';
import { defaultChannel } from './updates/policy.js';
import type { UpdateChannel, UpdateState } from '../../shared/updates.js';
import { adminNames, checkRequestCommand, findRequest, pinnedSubject, getRequest, listAssignees, listRequests, recountPreview, requestCounts, requestHistory } from './requests/queries.js';
import { checkHolidayCommand, listHolidayYears } from './holidays/queries.js';
import { checkIncidentCommand, getIncident, incidentCounts, listIncidents, noticesFile } from './incidents/queries.js';
import { findAffected } from './incidents/affected.js';
import { incidentReport } from './incidents/report.js';

/** Today on this computer's calendar (the day an admin means by "today"). */
const localDay = () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export interface CoreOptions {
  dataDir: string;
  /** 32-byte cache key; null only for tests that must read the raw file. */
  cacheKey: Buffer | null;
  cloudUrl: string;
  host: 'electron' | 'browser';
  migrationsDir: string;
  /** Where session tokens are kept; default: the encrypted cache (the desktop passes a safeStorage store). */
  tokenStore?: TokenStore;
  /** See OpenCacheOptions.nativeBinding. */
  nativeBinding?: string;
  version: string;
  logger?: Logger;
  sync?: SyncEngineOptions;
  /** Start the background pull loop (off in tests that drive sync by hand). */
  autoSync?: boolean;
  /** Self-update: the desktop host passes electron-updater's driver; the browser host has none. */
  updates?: { driver: UpdateDriver | null; unsupported: UpdateState['unsupported']; feedUrl: string | null; autoCheck?: boolean };
}

export interface Core {
  invoke(name: string, input: unknown): ReturnType<typeof dispatch>;
  currentRole(): Role | null;
  sync: SyncEngine;
  cache: Cache;
  updates: UpdateController;
  close(): Promise<void>;
}

/**
 * The host-agnostic console core: opens the cache, wires session, sync and queries to the
 * contract. Both hosts (Electron IPC and the browser host's HTTP) call `invoke` and nothing else.
 */
export function createCore(opts: CoreOptions): Core {
  const logger = opts.logger ?? createLogger('core');
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const cache = openCache({ file: join(opts.dataDir, 'cache.sqlite'), key: opts.cacheKey, migrationsDir: opts.migrationsDir, nativeBinding: opts.nativeBinding });
  const cloud = new CloudClient(opts.cloudUrl);
  const session = new SessionManager(cache.db, cloud, logger, Date.now, opts.tokenStore);
  const sync = new SyncEngine(cache.db, cloud, session, logger, opts.sync);

  buildLookupIndex(cache.db);
  ensureSubjectKeys(cache.db);
  const packages = new PackageJobs((e) => logger.error('package build failed', { error: e instanceof Error ? e.name : 'unknown' }));
  const now = () => new Date().toISOString();
  /** The cloud's operation-log events about a request's matched person (none for an unmatched one). */
  const subjectAuditItems = async (request: ReturnType<typeof findRequest>) => {
    const pinned = pinnedSubject(request);
    if (!pinned) return { items: [], truncated: false };
    const audit = await cloud.subjectAudit(await session.accessToken(), pinned.entity, pinned.id);
    return { items: auditItems(cache.db, audit.events, pinned.id, adminNames(cache.db, session.user())), truncated: audit.truncated };
  };
  /** Data-subject request commands: checked against the cached request, then queued. */
  const queueRequest = <N extends CommandName>(name: N, args: CommandArgs<N>) => {
    checkRequestCommand(cache.db, name, args as { id: string }, localDay());
    return queue(name, args);
  };
  /** Incident commands: checked against the cached register, then queued. */
  const queueIncident = <N extends CommandName>(name: N, args: CommandArgs<N>) => {
    checkIncidentCommand(cache.db, name, args as { id: string } & Record<string, unknown>);
    return queue(name, args);
  };
  const longWork = new LongWork();
  const lock = new SessionLock(cache.db);
  /** A signed-in console that is locked (a signed-out one shows the sign-in screen instead). */
  const locked = () => session.user() !== null && lock.isLocked();
  const updateOpts = opts.updates ?? { driver: null, unsupported: 'browser-host' as const, feedUrl: null };
  const updates = new UpdateController({
    currentVersion: opts.version,
    unsupported: updateOpts.unsupported,
    feedUrl: updateOpts.feedUrl,
    driver: updateOpts.driver,
    channel: {
      get: () => readSetting<UpdateChannel>(cache.db, 'updateChannel') ?? defaultChannel(opts.version),
      set: (channel) => writeSetting(cache.db, 'updateChannel', channel),
    },
    busy: () => (sync.status().state === 'syncing' ? 'sync' : packages.running() ? 'export' : longWork.current()),
    logger,
  });
  const transfer = new OrgTransfer(cache.db, () => readSetting<Language>(cache.db, 'language') ?? 'en');
  /**
   * Checks a command against the cache (immediate answers, even offline), applies it to the
   * cache and queues it for the cloud, then asks the engine to send it.
   */
  const queue = <N extends CommandName>(name: N, args: CommandArgs<N>) => {
    checkCommand(cache.db, name, args);
    const mutationId = queueCommand(cache.db, name, args as { id: string }, now());
    sync.nudge();
    return { mutationId };
  };

  /** Signing out, by choice or after too many wrong unlock passwords: tokens, the lock and built packages go. */
  const endSession = async () => {
    await session.signOut();
    lock.clear();
    packages.clear();
  };

  /** Puts a file that left the console on the audit trail (queued like any command, so offline exports are recorded later). */
  const recordExport = (args: Omit<CommandArgs<'export.record'>, 'at'>) => queue('export.record', { ...args, at: now() });

  const handlers: Handlers = {
    'app.info': () => ({
      version: opts.version,
      host: opts.host,
      cloudUrl: opts.cloudUrl,
      cacheSchemaVersion: cache.schemaVersion,
      cacheEncrypted: cache.encrypted,
      language: readSetting<Language>(cache.db, 'language'),
      idleLockMinutes: readSetting<number>(cache.db, 'idleLockMinutes') ?? DEFAULT_IDLE_LOCK_MINUTES,
    }),
    'setup.chooseCloud': () => {
      throw new CustosError('INVALID_INPUT', 'This console already has its cloud; the first-run choice is over.');
    },
    'session.get': () => ({ user: session.user(), locked: locked() }),
    'session.lock': () => {
      lock.lock();
      logger.info('console locked');
      return { locked: true as const };
    },
    'session.unlock': async ({ password }) => {
      const r = await lock.unlock(password);
      if (r.outcome === 'unlocked') return { locked: false as const };
      if (r.outcome === 'wrong') throw new CustosError('WRONG_CREDENTIALS', `Wrong password; ${r.left} attempt(s) left before sign-out.`);
      await endSession();
      logger.warn('signed out after wrong unlock passwords');
      throw new CustosError('UNAUTHENTICATED', 'Too many wrong passwords: you are signed out. The cached data is kept.');
    },
    'settings.setIdleLock': ({ minutes }) => {
      writeSetting(cache.db, 'idleLockMinutes', minutes);
      return { minutes };
    },
    'session.signIn': async ({ email, password }) => {
      const user = await session.signIn(email, password);
      await lock.remember(password);
      void sync.syncNow();
      return { user };
    },
    'session.signOut': async ({ wipe }) => {
      await endSession();
      if (wipe) {
        sync.cancel();
        await sync.settled();
        const { tables } = wipeCache(cache);
        logger.info('cache wiped', { tables });
      }
      return { ok: true as const };
    },
    'settings.setLanguage': ({ language }) => {
      writeSetting(cache.db, 'language', language);
      return { language };
    },
    'updates.status': () => updates.state(),
    'updates.check': () => updates.check('user'),
    'updates.setChannel': ({ channel }) => updates.setChannel(channel),
    'updates.install': () => {
      updates.install();
      return { ok: true as const };
    },
    'audit.events': async (query) => {
      const page = await cloud.auditEvents(await session.accessToken(), query);
      return { ...page, names: auditNames(cache.db, page.events) };
    },
    'audit.facets': async () => cloud.auditFacets(await session.accessToken()),
    'audit.verify': async () => cloud.auditVerify(await session.accessToken()),
    'audit.export': async ({ filter, format }) => {
      const token = await session.accessToken();
      const data = await longWork.track('export', () => cloud.auditExport(token, filter, format));
      const words = { language: readSetting<Language>(cache.db, 'language') ?? 'en', names: auditNames(cache.db, data.events) };
      return { ...auditFile(data, filter, format, session.user()?.tenantName ?? '', words), count: data.events.length, truncated: data.truncated };
    },
    'sync.status': () => sync.status(),
    'sync.now': async () => {
      await sync.syncNow();
      return sync.status();
    },
    'sync.cancel': () => {
      sync.cancel();
      return sync.status();
    },
    'sync.issues': () => ({ issues: listIssues(cache.db) }),
    'sync.retryIssue': ({ id, args }) => {
      const mutationId = retryIssue(cache.db, id, args, now());
      sync.nudge();
      return { mutationId };
    },
    'sync.discardIssue': ({ id }) => {
      discardIssue(cache.db, id);
      return { ok: true as const };
    },
    'department.create': (args) => queue('department.create', args),
    'department.update': (args) => queue('department.update', args),
    'department.delete': (args) => queue('department.delete', args),
    'department.merge': (args) => queue('department.merge', args),
    'employee.create': (args) => queue('employee.create', { ...args, values: { ...args.values, pinyin: args.values.pinyin || pinyinOf(args.values.name) } }),
    'employee.update': (args) =>
      queue('employee.update', args.patch.name !== undefined && args.patch.pinyin === undefined ? { ...args, patch: { ...args.patch, pinyin: pinyinOf(args.patch.name) } } : args),
    'adminRole.assign': (args) => queue('adminRole.assign', args),
    'adminRole.revoke': (args) => queue('adminRole.revoke', args),
    // The cloud reads the value and records the reveal in one transaction: no reveal offline,
    // and none that is not on the audit chain (a role that may not reveal has only masks here).
    'employees.reveal': async ({ id, field }) => {
      try {
        return await cloud.reveal(await session.accessToken(), { id, field });
      } catch (err) {
        if (err instanceof CustosError && err.code === 'CLOUD_UNREACHABLE') throw new CustosError('CLOUD_UNREACHABLE', 'Showing a sensitive field needs the cloud (each reveal is recorded there); try again when online.');
        throw err;
      }
    },
    'org.search': (input) => searchEmployees(cache.db, input),
    'employees.get': ({ id }) => getEmployee(cache.db, id),
    'org.chart': ({ departmentId }) => orgChart(cache.db, departmentId),
    'roles.list': () => listRoleAssignments(cache.db),
    'org.importPreview': (input) => longWork.track('import', () => transfer.preview(input.fileName, input.bytes)),
    'org.importCommit': ({ previewId }) => queue('org.import', transfer.commit(previewId)),
    'org.export': async (input) => {
      const file = await longWork.track('export', () => transfer.exportOrg(input));
      // The whole organisation as this admin sees it: its top department (the root, or an org admin's own).
      const departments = listDepartments(cache.db);
      const held = new Set(departments.map((d) => d.id));
      const id = input.departmentId ?? departments.find((d) => d.parentId === null || !held.has(d.parentId))?.id;
      if (id) recordExport({ id, kind: 'org', format: input.format, rows: file.rows });
      return file;
    },
    'employee.offboard': (args) => {
      checkOffboard(cache.db, args, localDay());
      return queue('employee.offboard', args);
    },
    'offboarding.cancel': (args) => {
      checkCancel(cache.db, args.id);
      return queue('offboarding.cancel', args);
    },
    'employee.rehire': (args) => {
      checkRehire(cache.db, args.id);
      return queue('employee.rehire', args);
    },
    'offboarding.impact': ({ employeeIds }) => offboardingImpact(cache.db, employeeIds),
    'offboarding.list': () => listOffboardings(cache.db),
    'offboarding.report': async ({ id, format }) => {
      const file = await longWork.track('export', () => handoverReport(cache.db, id, format, readSetting<Language>(cache.db, 'language') ?? 'en'));
      recordExport({ id, kind: 'handover_report', format, rows: file.items });
      return file;
    },
    'offboarding.bulkPreview': ({ fileName, bytes }) => previewBulkOffboarding(cache.db, fileName, bytes, localDay()),
    'retention.setPolicy': (args) => {
      checkPolicy(args);
      return queue('retention.setPolicy', args);
    },
    'legalHold.place': (args) => {
      checkHold(cache.db, args);
      return queue('legalHold.place', args);
    },
    'legalHold.release': (args) => queue('legalHold.release', args),
    'retention.overview': () => retentionOverview(cache.db),
    'retention.dashboard': () => retentionDashboard(cache.db, new Date()),
    'retention.dryRun': async (policy) => cloud.retentionDryRun(await session.accessToken(), policy),
    'retention.runs': () => dispositionRuns(cache.db, session.user()!.tenantId, async () => cloud.retentionRuns(await session.accessToken()), now),
    'retention.runNow': async () => {
      const token = await session.accessToken();
      const run = await longWork.track('disposition', () => cloud.retentionRunNow(token));
      // Bring the disposed rows into the cache now rather than at the next pull.
      void sync.syncNow();
      return run;
    },
    'holidayCalendar.import': (args) => {
      checkHolidayCommand(cache.db, 'holidayCalendar.import', args);
      return queue('holidayCalendar.import', args);
    },
    'holidayCalendar.remove': (args) => {
      checkHolidayCommand(cache.db, 'holidayCalendar.remove', args);
      return queue('holidayCalendar.remove', args);
    },
    'holidays.list': () => listHolidayYears(cache.db, adminNames(cache.db, session.user())),
    'holidays.impact': ({ year, entries }) => recountPreview(cache.db, year, entries),
    'request.register': (args) => queueRequest('request.register', args),
    'request.update': (args) => queueRequest('request.update', args),
    'request.extend': (args) => queueRequest('request.extend', args),
    'request.verify': (args) => queueRequest('request.verify', args),
    'request.refuse': (args) => queueRequest('request.refuse', args),
    'request.fulfil': (args) => queueRequest('request.fulfil', args),
    'request.deliver': (args) => queueRequest('request.deliver', args),
    'subject.erase': (args) => queueRequest('subject.erase', args),
    'consent.withdraw': (args) => queueRequest('consent.withdraw', args),
    'request.pause': (args) => queueRequest('request.pause', args),
    'request.resume': (args) => queueRequest('request.resume', args),
    'requests.list': (input) => listRequests(cache.db, input, localDay(), session.user()),
    'requests.counts': () => requestCounts(cache.db, localDay()),
    'requests.get': ({ id }) => getRequest(cache.db, id, localDay(), session.user()),
    'requests.assignees': () => listAssignees(cache.db, session.user()),
    'requests.discover': ({ requestId, ...given }) => {
      const request = requestId ? findRequest(cache.db, requestId) : null;
      const pinned = request ? pinnedSubject(request) : null;
      return discover(cache.db, request ? { ...request.identifiers, ...given } : given, pinned);
    },
    'requests.auditRecords': async ({ requestId }) => subjectAuditItems(findRequest(cache.db, requestId)),
    'requests.buildPackage': async (input) => {
      const request = findRequest(cache.db, input.requestId);
      if (request.status !== 'verified') throw new CustosError('INVALID_INPUT', "Verify the requester's identity before building their copy.", [{ path: 'status', message: 'not_verified' }]);
      const pinned = pinnedSubject(request);
      const discovery = discover(cache.db, request.identifiers, pinned);
      // Operation-log events chosen in the review come from the cloud again (online), as they are now.
      if (input.items.some((i) => i.entity === 'auditEvent')) {
        const audit = await subjectAuditItems(request);
        discovery.categories.push({ category: 'operation_log', items: audit.items });
        discovery.notHeld = discovery.notHeld.filter((n) => n !== 'audit_log');
      }
      const jobId = packages.start((onStep) => buildPackage(input, request, discovery, session.user()?.tenantName ?? '', onStep));
      return { jobId };
    },
    'requests.packageJob': ({ jobId }) => packages.get(jobId),
    'requests.history': ({ id, format }) => {
      const { rows, ...file } = requestHistory(cache.db, id, format, session.user());
      recordExport({ id, kind: 'request_history', format, rows });
      return file;
    },
    'incident.record': (args) => queueIncident('incident.record', args),
    'incident.update': (args) => queueIncident('incident.update', args),
    'incident.setAffected': (args) => queueIncident('incident.setAffected', args),
    'incident.setItems': (args) => queueIncident('incident.setItems', args),
    'incident.logDeliveries': (args) => queueIncident('incident.logDeliveries', args),
    'incident.announce': (args) => queueIncident('incident.announce', args),
    'incident.reportRegulator': (args) => queueIncident('incident.reportRegulator', args),
    'incident.close': (args) => queueIncident('incident.close', args),
    'incidents.list': (input) => listIncidents(cache.db, input, new Date(), session.user()),
    'incidents.counts': () => incidentCounts(cache.db, new Date()),
    'incidents.get': ({ id, peopleLimit }) => getIncident(cache.db, id, peopleLimit, new Date(), session.user()),
    'incidents.findAffected': (input) => findAffected(cache.db, input),
    'incidents.notices': ({ id, format }) => {
      const file = noticesFile(cache.db, id, format);
      recordExport({ id, kind: 'incident_notices', format, rows: file.count });
      return file;
    },
    'incidents.report': async ({ id, format, language }) => {
      const file = await incidentReport(cache.db, id, format, language, adminNames(cache.db, session.user()));
      // Auditors read the report; their downloads are not queued commands (their role queues none).
      if (session.user()?.role !== 'auditor') recordExport({ id, kind: 'incident_report', format, rows: 1 });
      return file;
    },
    'customer.update': (args) => queue('customer.update', args),
    'contact.update': (args) => queue('contact.update', args),
    'customers.list': (input) => listCustomers(cache.db, input),
    'customers.get': ({ id }) => getCustomer(cache.db, id),
    'approvals.list': (input) => listApprovals(cache.db, input),
    'approvals.get': ({ id }) => getApproval(cache.db, id),
    'org.departments': () => ({ departments: listDepartments(cache.db) }),
    'org.employees': (input) => listDepartmentEmployees(cache.db, input),
  };

  const currentRole = () => session.user()?.role ?? null;
  if (opts.autoSync !== false) sync.start();
  if (updateOpts.autoCheck !== false) updates.start();

  return {
    invoke: (name, input) => dispatch({ handlers, currentRole, locked, logger }, name, input),
    currentRole,
    sync,
    cache,
    updates,
    async close() {
      updates.stop();
      await sync.stop();
      cache.close();
    },
  };
}
