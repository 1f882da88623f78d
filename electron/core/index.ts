import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../shared/roles.js';
import { dispatch, type Handlers } from './api/dispatch.js';
import { CloudClient } from './cloud/client.js';
import { openCache, type Cache } from './db/open.js';
import { loadMigrations } from './db/migrate.js';
import { AccountStore } from './accounts/store.js';
import { derivedKeyProvider, fileKeyProvider, keychainKeyProvider, plainKeyProvider, type CacheKeyProvider } from './accounts/keys.js';
import { legacyCacheKey, migrateLegacyCache } from './accounts/legacy.js';
import { Preferences } from './preferences.js';
import { keychainTokenStore, type KeychainCipher } from './session/token-file.js';
import { createLogger, type Logger } from './logging.js';
import { listDepartmentEmployees, listDepartments } from './org/queries.js';
import { SessionManager, type SessionClosedReason, type TokenStore } from './session/session.js';
import { hash, verify } from '@node-rs/argon2';
import type { Tokens } from '../../shared/cloud-protocol.js';
import type { SessionUser } from '../../shared/domain.js';
import { wipeCache } from './session/wipe.js';
import { SessionLock } from './session/lock.js';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../shared/contract.js';
import { readSetting, writeSetting } from './settings.js';
import { SyncEngine, type SyncEngineOptions } from './sync/engine.js';
import { buildLookupIndex, clearSyncedData, readCursor } from './sync/apply.js';
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
import type { UpdateState } from '../../shared/updates.js';
import { adminNames, checkRequestCommand, findRequest, pinnedSubject, getRequest, listAssignees, listRequests, recountPreview, requestCounts, requestHistory } from './requests/queries.js';
import { checkHolidayCommand, listHolidayYears } from './holidays/queries.js';
import { checkIncidentCommand, getIncident, incidentCounts, listIncidents, noticesFile } from './incidents/queries.js';
import { findAffected } from './incidents/affected.js';
import { incidentReport } from './incidents/report.js';

/** Today on this computer's calendar (the day an admin means by "today"). */
const localDay = () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export interface CoreOptions {
  dataDir: string;
  /**
   * CUSTOS_DB_KEY and tests: a master key from which each account's cache key is derived; null
   * only for tests that must read the raw files. Ignored when `keys` or `keychain` is given.
   */
  cacheKey?: Buffer | null;
  /** How each account's cache key is kept (default: from `keychain`, else `cacheKey`, else a 0600 key file per account). */
  keys?: CacheKeyProvider;
  /**
   * The desktop's OS keychain (Electron safeStorage, handed over by the host): each account's
   * cache key and session tokens are stored only encrypted by it, in that account's folder.
   */
  keychain?: KeychainCipher;
  /** What an older single-cache install kept, when the host holds it (the desktop: key and tokens through its keychain). */
  legacy?: { key: Buffer | null; tokens: Tokens | null };
  /** The user accepted an unprotected cache where the keychain is only obfuscation (CUSTOS_ACCEPT_UNPROTECTED_CACHE). */
  acceptUnprotectedCache?: boolean;
  cloudUrl: string;
  host: 'electron' | 'browser';
  migrationsDir: string;
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
  /** The signed-in account's sync engine and cache; both throw UNAUTHENTICATED when nobody is signed in. */
  readonly sync: SyncEngine;
  readonly cache: Cache;
  /** The signed-in account's cache file (tests read its raw bytes). */
  cacheFile(): string | null;
  /** Resolves once an older install is migrated and the last session's cache reopened (invoke waits for it). */
  ready(): Promise<void>;
  updates: UpdateController;
  close(): Promise<void>;
}

/** One account's open cache and what works on it; only the signed-in account's is ever open. */
interface Workspace {
  id: string;
  cache: Cache;
  session: SessionManager;
  sync: SyncEngine;
  lock: SessionLock;
  transfer: OrgTransfer;
}

interface CacheOwner {
  userId: string;
  tenantId: string;
}

/**
 * The host-agnostic console core: opens the signed-in account's cache, wires session, sync and
 * queries to the contract. Both hosts (Electron IPC and the browser host's HTTP) call `invoke`
 * and nothing else.
 */
export function createCore(opts: CoreOptions): Core {
  const logger = opts.logger ?? createLogger('core');
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const preferences = new Preferences(opts.dataDir);
  const accounts = new AccountStore(opts.dataDir);
  const keys =
    opts.keys ??
    (opts.keychain
      ? keychainKeyProvider(opts.keychain, opts.acceptUnprotectedCache === true)
      : opts.cacheKey === null
        ? plainKeyProvider()
        : opts.cacheKey
          ? derivedKeyProvider(opts.cacheKey)
          : fileKeyProvider());
  const keychain = opts.keychain;
  /** The desktop keeps tokens in the account's keychain file; otherwise they live in the account's encrypted cache (the default store). */
  const tokenStoreFor = (dir: string): TokenStore | undefined => (keychain ? keychainTokenStore(join(dir, 'session.enc'), keychain) : undefined);
  const migrated = migrateLegacyCache({
    dataDir: opts.dataDir,
    store: accounts,
    keys,
    legacyKey: () => (opts.legacy ? opts.legacy.key : legacyCacheKey(opts)),
    legacyTokens: () => (opts.legacy ? opts.legacy.tokens : keychain ? keychainTokenStore(join(opts.dataDir, 'session.enc'), keychain).read() : null),
    keepTokens: (dir, tokens) => {
      if (keychain) keychainTokenStore(join(dir, 'session.enc'), keychain).write(tokens);
    },
    preferences,
    migrationsDir: opts.migrationsDir,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    logger,
  });
  const schemaVersion = loadMigrations(opts.migrationsDir).length;
  const cloud = new CloudClient(opts.cloudUrl);
  const language = () => preferences.get('language') ?? 'en';

  /** The signed-in account's workspace, or none: then every data operation is refused before it is read. */
  let ws: Workspace | null = null;
  const current = (): Workspace => {
    if (!ws) throw new CustosError('UNAUTHENTICATED', 'Sign in to continue.');
    return ws;
  };
  const db = () => current().cache.db;
  const sync = () => current().sync;
  const lock = () => current().lock;
  const transfer = () => current().transfer;
  const session = {
    user: () => ws?.session.user() ?? null,
    accessToken: () => current().session.accessToken(),
  };

  /** Opens one account's cache (its key from the key provider) with its session, sync and lock. Throws CACHE_KEY_LOST, CACHE_UNREADABLE. */
  const openWorkspace = async (id: string): Promise<Workspace> => {
    const dir = accounts.ensure(id);
    const cache = openCache({ file: accounts.cacheFile(id), key: await keys.keyFor(dir, id), migrationsDir: opts.migrationsDir, nativeBinding: opts.nativeBinding });
    try {
      const s = new SessionManager(cache.db, cloud, logger, Date.now, tokenStoreFor(dir));
      const engine = new SyncEngine(cache.db, cloud, s, logger, opts.sync);
      // A refreshed token with another role: what it may no longer see goes at once; the pull brings back the rest.
      s.onRoleChange = () => clearSyncedData(cache.db);
      buildLookupIndex(cache.db);
      ensureSubjectKeys(cache.db);
      return { id, cache, session: s, sync: engine, lock: new SessionLock(cache.db), transfer: new OrgTransfer(cache.db, language) };
    } catch (err) {
      cache.close();
      throw err;
    }
  };

  const closeWorkspace = async () => {
    const open = ws;
    if (!open) return;
    ws = null;
    await open.sync.stop();
    open.cache.close();
  };

  /**
   * Before an account's cached rows are shown after sign-in: if the cloud now scopes it
   * differently (a narrower role, fewer departments), it answers `reset` to the cursor the cache
   * was built under, and the synced rows are emptied first. Offline, nothing more can be known.
   */
  const checkScope = async (w: Workspace) => {
    const { cursor, scope } = readCursor(w.cache.db);
    if (cursor === 0) return;
    try {
      const page = await cloud.pull(await w.session.accessToken(), w.session.syncKey(), cursor, 1, scope);
      if (page.kind === 'reset') {
        clearSyncedData(w.cache.db);
        logger.info('scope changed since the last sign-in: synced rows emptied');
      }
    } catch (err) {
      logger.warn('scope check failed', { code: err instanceof CustosError ? err.code : 'INTERNAL' });
    }
  };

  /** Restart: the account whose session was open gets its cache back; no other cache is opened. */
  const reopen = async (): Promise<Workspace | null> => {
    const id = accounts.current();
    if (!id) return null;
    try {
      const w = await openWorkspace(id);
      if (w.session.user()) return w;
      w.cache.close();
    } catch (err) {
      logger.warn('cache of the last account not opened', { code: err instanceof CustosError ? err.code : 'INTERNAL' });
    }
    accounts.setCurrent(null);
    return null;
  };
  const init = (async () => {
    await migrated;
    ws = await reopen();
    if (opts.autoSync !== false) ws?.sync.start();
  })();
  init.catch((err: unknown) => logger.error('accounts not opened', { code: err instanceof CustosError ? err.code : 'INTERNAL' }));

  const packages = new PackageJobs((e) => logger.error('package build failed', { error: e instanceof Error ? e.name : 'unknown' }));
  const now = () => new Date().toISOString();
  /** The cloud's operation-log events about a request's matched person (none for an unmatched one). */
  const subjectAuditItems = async (request: ReturnType<typeof findRequest>) => {
    const pinned = pinnedSubject(request);
    if (!pinned) return { items: [], truncated: false };
    const audit = await cloud.subjectAudit(await session.accessToken(), pinned.entity, pinned.id);
    return { items: auditItems(db(), audit.events, pinned.id, adminNames(db(), session.user())), truncated: audit.truncated };
  };
  /** Data-subject request commands: checked against the cached request, then queued. */
  const queueRequest = <N extends CommandName>(name: N, args: CommandArgs<N>) => {
    checkRequestCommand(db(), name, args as { id: string }, localDay());
    return queue(name, args);
  };
  /** Incident commands: checked against the cached register, then queued. */
  const queueIncident = <N extends CommandName>(name: N, args: CommandArgs<N>) => {
    checkIncidentCommand(db(), name, args as { id: string } & Record<string, unknown>);
    return queue(name, args);
  };
  const longWork = new LongWork();
  /** A signed-in console that is locked (a signed-out one shows the sign-in screen instead). */
  const locked = () => ws !== null && ws.session.user() !== null && ws.lock.isLocked();
  const updateOpts = opts.updates ?? { driver: null, unsupported: 'browser-host' as const, feedUrl: null };
  const updates = new UpdateController({
    currentVersion: opts.version,
    unsupported: updateOpts.unsupported,
    feedUrl: updateOpts.feedUrl,
    driver: updateOpts.driver,
    channel: {
      get: () => preferences.get('updateChannel') ?? defaultChannel(opts.version),
      set: (channel) => preferences.set('updateChannel', channel),
    },
    busy: () => (ws?.sync.status().state === 'syncing' ? 'sync' : packages.running() ? 'export' : longWork.current()),
    logger,
  });
  /**
   * Checks a command against the cache (immediate answers, even offline), applies it to the
   * cache and queues it for the cloud, then asks the engine to send it.
   */
  const queue = <N extends CommandName>(name: N, args: CommandArgs<N>) => {
    checkCommand(db(), name, args);
    const mutationId = queueCommand(db(), name, args as { id: string }, now());
    sync().nudge();
    return { mutationId };
  };

  /**
   * Signing out, by choice or after too many wrong unlock passwords: tokens, the lock and built
   * packages go, then the account's cache is closed (kept, or wiped first) and no cache is open.
   */
  const endSession = async (wipe = false) => {
    const w = ws;
    if (!w) return;
    await w.session.signOut();
    w.lock.clear();
    packages.clear();
    w.sync.cancel();
    await w.sync.stop();
    if (wipe) {
      // Nothing left to sign in to offline.
      accounts.removeVerifier(w.id);
      const { tables } = wipeCache(w.cache);
      logger.info('cache wiped', { tables });
    }
    accounts.setCurrent(null);
    await closeWorkspace();
  };

  /** Opens an account's workspace; a cache this computer can no longer decrypt is set aside first when `discardUnreadable`. */
  const openOrRecreate = async (id: string, discardUnreadable: boolean): Promise<Workspace> => {
    try {
      return await openWorkspace(id);
    } catch (err) {
      if (!discardUnreadable || !(err instanceof CustosError) || (err.code !== 'CACHE_KEY_LOST' && err.code !== 'CACHE_UNREADABLE')) throw err;
      // The cache can no longer be read here (copied profile, reinstalled system): set aside, downloaded again.
      logger.warn('account cache unreadable, downloading again', { code: err.code });
      await keys.forget(accounts.dir(id));
      accounts.discard(id);
      return openWorkspace(id);
    }
  };

  /** What the sign-in screen says about the last offline session the cloud ended. */
  let closedReason: SessionClosedReason | null = null;

  /** Wires what happens when the cloud confirms or refuses an offline session. */
  const watchOffline = (w: Workspace) => {
    w.session.onConfirmed = (tokens) => writeSetting(w.cache.db, 'lastUser', tokens.user);
    w.session.onRefused = (reason) => {
      closedReason = reason;
      // Refused: no more offline sign-in for it here until the cloud accepts it again.
      accounts.removeVerifier(w.id);
      // Closed after the run that asked has ended (it is waiting on this very answer).
      setImmediate(() => {
        if (ws !== w) return;
        w.lock.clear();
        packages.clear();
        accounts.setCurrent(null);
        void closeWorkspace();
      });
    };
  };

  /** Online sign-in: the account's own cache (checked to be this account's), scope checked before anything is shown. */
  const signIn = async (email: string, password: string) => {
    let tokens: Tokens;
    try {
      tokens = await cloud.signIn(email, password);
    } catch (err) {
      if (err instanceof CustosError && err.code === 'CLOUD_UNREACHABLE') return signInOffline(email, password);
      throw err;
    }
    closedReason = null;
    const id = AccountStore.idFor(tokens.user.email);
    // Another account's session still open (signing in over it): it is signed out first, its cache kept.
    if (ws && ws.id !== id) await endSession();
    let w = ws ?? (await openOrRecreate(id, true));
    const owner = readSetting<CacheOwner>(w.cache.db, 'owner');
    if (owner && (owner.userId !== tokens.user.id || owner.tenantId !== tokens.user.tenantId)) {
      // The address now names another account (or another tenant): the old cache is not theirs.
      ws = null;
      await w.sync.stop();
      w.cache.close();
      await keys.forget(accounts.dir(id));
      accounts.discard(id);
      w = await openWorkspace(id);
    }
    writeSetting(w.cache.db, 'owner', { userId: tokens.user.id, tenantId: tokens.user.tenantId } satisfies CacheOwner);
    writeSetting(w.cache.db, 'lastUser', tokens.user);
    const user = w.session.begin(tokens);
    ws = w;
    watchOffline(w);
    accounts.setCurrent(id);
    await checkScope(w);
    const hashed = await hash(password);
    await w.lock.remember(password, hashed);
    accounts.writeVerifier(id, { userId: tokens.user.id, tenantId: tokens.user.tenantId, hash: hashed });
    if (opts.autoSync !== false) w.sync.start();
    void w.sync.syncNow();
    return user;
  };

  /**
   * The cloud out of reach: an account that signed in on this computer before signs in against
   * its verifier, on its own cache only, and the session stays "offline" until the cloud confirms
   * it. Never signed in here (or wiped since): there is nothing to check against, and it says so.
   */
  const signInOffline = async (email: string, password: string) => {
    const id = AccountStore.idFor(email);
    const verifier = accounts.readVerifier(id);
    if (!verifier || !accounts.has(id)) {
      throw new CustosError(
        'OFFLINE_SIGN_IN_UNAVAILABLE',
        'The cloud cannot be reached, and this account has never signed in on this computer (or its cache was wiped), so it cannot sign in offline. Connect to the network and sign in.',
      );
    }
    if (!(await verify(verifier.hash, password).catch(() => false))) {
      const left = accounts.recordOfflineFailure(id);
      throw new CustosError('WRONG_CREDENTIALS', left > 0 ? 'The email or password is incorrect.' : 'The email or password is incorrect. Too many wrong passwords offline: this account must now sign in online.');
    }
    if (verifier.failures) accounts.writeVerifier(id, { userId: verifier.userId, tenantId: verifier.tenantId, hash: verifier.hash });
    if (ws && ws.id !== id) await endSession();
    let w: Workspace;
    try {
      w = ws ?? (await openWorkspace(id));
    } catch (err) {
      if (err instanceof CustosError && (err.code === 'CACHE_KEY_LOST' || err.code === 'CACHE_UNREADABLE'))
        throw new CustosError('CACHE_KEY_LOST', 'This computer can no longer decrypt this account’s cache. Sign in again while online: the data is downloaded again.');
      throw err;
    }
    const owner = readSetting<CacheOwner>(w.cache.db, 'owner');
    const last = readSetting<SessionUser>(w.cache.db, 'lastUser');
    if (!owner || !last || owner.userId !== verifier.userId || owner.tenantId !== verifier.tenantId || last.id !== owner.userId) {
      if (!ws) w.cache.close();
      throw new CustosError('OFFLINE_SIGN_IN_UNAVAILABLE', 'This account’s cache on this computer cannot be used offline. Connect to the network and sign in.');
    }
    closedReason = null;
    const user = w.session.beginOffline(last, password);
    ws = w;
    watchOffline(w);
    accounts.setCurrent(id);
    await w.lock.remember(password, verifier.hash);
    if (opts.autoSync !== false) w.sync.start();
    void w.sync.syncNow();
    return user;
  };

  /** Puts a file that left the console on the audit trail (queued like any command, so offline exports are recorded later). */
  const recordExport = (args: Omit<CommandArgs<'export.record'>, 'at'>) => queue('export.record', { ...args, at: now() });

  const handlers: Handlers = {
    'app.info': () => ({
      version: opts.version,
      host: opts.host,
      cloudUrl: opts.cloudUrl,
      cacheSchemaVersion: schemaVersion,
      cacheEncrypted: keys.encrypted,
      language: preferences.get('language'),
      idleLockMinutes: preferences.get('idleLockMinutes') ?? DEFAULT_IDLE_LOCK_MINUTES,
    }),
    'session.get': () => ({
      user: session.user(),
      locked: locked(),
      ...(ws?.session.isOffline() ? { offline: true as const } : {}),
      ...(closedReason && !ws ? { closed: closedReason } : {}),
    }),
    'setup.chooseCloud': () => {
      throw new CustosError('INVALID_INPUT', 'This console already has its cloud; the first-run choice is over.');
    },
    'session.lock': () => {
      lock().lock();
      logger.info('console locked');
      return { locked: true as const };
    },
    'session.unlock': async ({ password }) => {
      const r = await lock().unlock(password);
      if (r.outcome === 'unlocked') return { locked: false as const };
      if (r.outcome === 'wrong') throw new CustosError('WRONG_CREDENTIALS', `Wrong password; ${r.left} attempt(s) left before sign-out.`);
      await endSession();
      logger.warn('signed out after wrong unlock passwords');
      throw new CustosError('UNAUTHENTICATED', 'Too many wrong passwords: you are signed out. The cached data is kept.');
    },
    'settings.setIdleLock': ({ minutes }) => {
      preferences.set('idleLockMinutes', minutes);
      return { minutes };
    },
    'session.signIn': async ({ email, password }) => ({ user: await signIn(email, password) }),
    'session.signOut': async ({ wipe }) => {
      await endSession(wipe === true);
      return { ok: true as const };
    },
    'settings.setLanguage': ({ language }) => {
      preferences.set('language', language);
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
      return { ...page, names: auditNames(db(), page.events) };
    },
    'audit.facets': async () => cloud.auditFacets(await session.accessToken()),
    'audit.verify': async () => cloud.auditVerify(await session.accessToken()),
    'audit.export': async ({ filter, format }) => {
      const token = await session.accessToken();
      const data = await longWork.track('export', () => cloud.auditExport(token, filter, format));
      const words = { language: language(), names: auditNames(db(), data.events) };
      return { ...auditFile(data, filter, format, session.user()?.tenantName ?? '', words), count: data.events.length, truncated: data.truncated };
    },
    'sync.status': () => sync().status(),
    'sync.now': async () => {
      await sync().syncNow();
      return sync().status();
    },
    'sync.cancel': () => {
      sync().cancel();
      return sync().status();
    },
    'sync.issues': () => ({ issues: listIssues(db()) }),
    'sync.retryIssue': ({ id, args }) => {
      const mutationId = retryIssue(db(), id, args, now());
      sync().nudge();
      return { mutationId };
    },
    'sync.discardIssue': ({ id }) => {
      discardIssue(db(), id);
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
    'org.search': (input) => searchEmployees(db(), input),
    'employees.get': ({ id }) => getEmployee(db(), id),
    'org.chart': ({ departmentId }) => orgChart(db(), departmentId),
    'roles.list': () => listRoleAssignments(db()),
    'org.importPreview': (input) => longWork.track('import', () => transfer().preview(input.fileName, input.bytes)),
    'org.importCommit': ({ previewId }) => queue('org.import', transfer().commit(previewId)),
    'org.export': async (input) => {
      const file = await longWork.track('export', () => transfer().exportOrg(input));
      // The whole organisation as this admin sees it: its top department (the root, or an org admin's own).
      const departments = listDepartments(db());
      const held = new Set(departments.map((d) => d.id));
      const id = input.departmentId ?? departments.find((d) => d.parentId === null || !held.has(d.parentId))?.id;
      if (id) recordExport({ id, kind: 'org', format: input.format, rows: file.rows });
      return file;
    },
    'employee.offboard': (args) => {
      checkOffboard(db(), args, localDay());
      return queue('employee.offboard', args);
    },
    'offboarding.cancel': (args) => {
      checkCancel(db(), args.id);
      return queue('offboarding.cancel', args);
    },
    'employee.rehire': (args) => {
      checkRehire(db(), args.id);
      return queue('employee.rehire', args);
    },
    'offboarding.impact': ({ employeeIds }) => offboardingImpact(db(), employeeIds),
    'offboarding.list': () => listOffboardings(db()),
    'offboarding.report': async ({ id, format }) => {
      const file = await longWork.track('export', () => handoverReport(db(), id, format, language()));
      recordExport({ id, kind: 'handover_report', format, rows: file.items });
      return file;
    },
    'offboarding.bulkPreview': ({ fileName, bytes }) => previewBulkOffboarding(db(), fileName, bytes, localDay()),
    'retention.setPolicy': (args) => {
      checkPolicy(args);
      return queue('retention.setPolicy', args);
    },
    'legalHold.place': (args) => {
      checkHold(db(), args);
      return queue('legalHold.place', args);
    },
    'legalHold.release': (args) => queue('legalHold.release', args),
    'retention.overview': () => retentionOverview(db()),
    'retention.dashboard': () => retentionDashboard(db(), new Date()),
    'retention.dryRun': async (policy) => cloud.retentionDryRun(await session.accessToken(), policy),
    'retention.runs': () => dispositionRuns(db(), session.user()!.tenantId, async () => cloud.retentionRuns(await session.accessToken()), now),
    'retention.runNow': async () => {
      const token = await session.accessToken();
      const run = await longWork.track('disposition', () => cloud.retentionRunNow(token));
      // Bring the disposed rows into the cache now rather than at the next pull.
      void sync().syncNow();
      return run;
    },
    'holidayCalendar.import': (args) => {
      checkHolidayCommand(db(), 'holidayCalendar.import', args);
      return queue('holidayCalendar.import', args);
    },
    'holidayCalendar.remove': (args) => {
      checkHolidayCommand(db(), 'holidayCalendar.remove', args);
      return queue('holidayCalendar.remove', args);
    },
    'holidays.list': () => listHolidayYears(db(), adminNames(db(), session.user())),
    'holidays.impact': ({ year, entries }) => recountPreview(db(), year, entries),
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
    'requests.list': (input) => listRequests(db(), input, localDay(), session.user()),
    'requests.counts': () => requestCounts(db(), localDay()),
    'requests.get': ({ id }) => getRequest(db(), id, localDay(), session.user()),
    'requests.assignees': () => listAssignees(db(), session.user()),
    'requests.discover': ({ requestId, ...given }) => {
      const request = requestId ? findRequest(db(), requestId) : null;
      const pinned = request ? pinnedSubject(request) : null;
      return discover(db(), request ? { ...request.identifiers, ...given } : given, pinned);
    },
    'requests.auditRecords': async ({ requestId }) => subjectAuditItems(findRequest(db(), requestId)),
    'requests.buildPackage': async (input) => {
      const request = findRequest(db(), input.requestId);
      if (request.status !== 'verified') throw new CustosError('INVALID_INPUT', "Verify the requester's identity before building their copy.", [{ path: 'status', message: 'not_verified' }]);
      const pinned = pinnedSubject(request);
      const discovery = discover(db(), request.identifiers, pinned);
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
      const { rows, ...file } = requestHistory(db(), id, format, session.user());
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
    'incidents.list': (input) => listIncidents(db(), input, new Date(), session.user()),
    'incidents.counts': () => incidentCounts(db(), new Date()),
    'incidents.get': ({ id, peopleLimit }) => getIncident(db(), id, peopleLimit, new Date(), session.user()),
    'incidents.findAffected': (input) => findAffected(db(), input),
    'incidents.notices': ({ id, format }) => {
      const file = noticesFile(db(), id, format);
      recordExport({ id, kind: 'incident_notices', format, rows: file.count });
      return file;
    },
    'incidents.report': async ({ id, format, language }) => {
      const file = await incidentReport(db(), id, format, language, adminNames(db(), session.user()));
      // Auditors read the report; their downloads are not queued commands (their role queues none).
      if (session.user()?.role !== 'auditor') recordExport({ id, kind: 'incident_report', format, rows: 1 });
      return file;
    },
    'customer.update': (args) => queue('customer.update', args),
    'contact.update': (args) => queue('contact.update', args),
    'customers.list': (input) => listCustomers(db(), input),
    'customers.get': ({ id }) => getCustomer(db(), id),
    'approvals.list': (input) => listApprovals(db(), input),
    'approvals.get': ({ id }) => getApproval(db(), id),
    'org.departments': () => ({ departments: listDepartments(db()) }),
    'org.employees': (input) => listDepartmentEmployees(db(), input),
  };

  const currentRole = () => session.user()?.role ?? null;
  if (updateOpts.autoCheck !== false) updates.start();

  return {
    invoke: async (name, input) => {
      await init.catch(() => undefined);
      return dispatch({ handlers, currentRole, locked, logger }, name, input);
    },
    ready: () => init,
    currentRole,
    get sync() {
      return sync();
    },
    get cache() {
      return current().cache;
    },
    cacheFile: () => (ws ? accounts.cacheFile(ws.id) : null),
    updates,
    async close() {
      updates.stop();
      await init.catch(() => undefined);
      await closeWorkspace();
    },
  };
}
