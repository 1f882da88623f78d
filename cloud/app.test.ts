import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { PULL_LIMIT_MAX, PullPageSchema, TokensSchema, type Change, type PullPage } from '../shared/cloud-protocol.js';
import { ErrorBodySchema } from '../shared/errors.js';
import { createCloudApp } from './app.js';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT } from './auth/endpoints.js';
import { addressFromHeader } from './server.js';
import { hashPassword } from './auth/passwords.js';
import { loadServiceSecret } from './auth/secret.js';
import { adminUser, auditEvent, tenant } from './db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID, seedDemo } from './seed/demo.js';
import { BACKENDS, type TestDb } from './test/backends.js';
import { deleteDepartment, deleteEmployee, renameDepartment, updateEmployee } from './sync/versioning.js';

type App = ReturnType<typeof createCloudApp>;
type Page = Extract<PullPage, { kind: 'page' }>;

const SEED = { scale: 'S' as const, seed: 'test-seed', departments: 40, employees: 260, customers: 120, approvals: 80 };
/** Rows the seed writes (every entity); set once seeded. */
let TOTAL = 0;

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`cloud API on ${backend.name}`, () => {
    let t: TestDb;
    let app: App;
    let clock = Date.now();
    const now = () => new Date(clock);

    const post = (path: string, body: unknown) =>
      app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const signIn = (email: string, password: string) => post('/auth/sign-in', { email, password });
    let access = '';
    const pull = async (cursor: number | string, limit?: number, token = access) =>
      app.request(`/sync/pull?cursor=${cursor}&scope=all${limit ? `&limit=${limit}` : ''}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const pullPage = async (cursor: number, limit?: number): Promise<Page> => {
      const res = await pull(cursor, limit);
      expect(res.status).toBe(200);
      const page = PullPageSchema.parse(await res.json());
      if (page.kind !== 'page') throw new Error('expected a page');
      return page;
    };
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const text = await res.text();
      expect(text).not.toMatch(/\bat .+:\d+:\d+|stack/i);
      const body = ErrorBodySchema.parse((JSON.parse(text) as { error: unknown }).error);
      expect(body.code).toBe(code);
      return body;
    };
    const addUser = async (id: string, email: string, opts: { disabled?: boolean } = {}) => {
      await t.db.insert(adminUser).values({ id, tenantId: DEMO_TENANT_ID, email, name: id, passwordHash: await hashPassword('correct horse'), role: 'org_admin', disabled: opts.disabled ?? false });
    };

    beforeAll(async () => {
      t = await backend.create();
      const seeded = await seedDemo(t.db, SEED);
      TOTAL = seeded.rows;
      expect(TOTAL).toBeGreaterThan(SEED.departments + SEED.employees + SEED.customers * 3 + SEED.approvals * 3);
      expect(seeded).toMatchObject({ created: true, departments: SEED.departments, employees: SEED.employees, head: TOTAL });
      app = createCloudApp({ db: t.db, kind: t.kind, secret: await loadServiceSecret(t.db), now });
      const res = await signIn(DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
      expect(res.status).toBe(200);
      access = TokensSchema.parse(await res.json()).accessToken;
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('answers /health', async () => {
      const res = await app.request('/health');
      expect(await res.json()).toEqual({ ok: true, database: t.kind, version: expect.any(String) });
    });

    it('seeding again does nothing', async () => {
      expect((await seedDemo(t.db, SEED)).created).toBe(false);
    });

    it('signs in (email case-insensitive) and returns the session user', async () => {
      const res = await signIn('  Admin@Custos-Demo.example ', DEMO_ADMIN_PASSWORD);
      expect(res.status).toBe(200);
      const tokens = TokensSchema.parse(await res.json());
      expect(tokens.user).toMatchObject({ email: DEMO_ADMIN_EMAIL, role: 'super_admin', tenantId: DEMO_TENANT_ID });
      expect(Date.parse(tokens.accessExpiresAt) - clock).toBeGreaterThan(14 * 60_000);
    });

    it('refuses a wrong password and an unknown email with the same message', async () => {
      const a = await expectError(await signIn(DEMO_ADMIN_EMAIL, 'nope'), 401, 'WRONG_CREDENTIALS');
      const b = await expectError(await signIn('nobody@custos-demo.example', 'nope'), 401, 'WRONG_CREDENTIALS');
      expect(a.message).toBe(b.message);
    });

    it('after 5 failures from one address the wait grows, for a real account and an unknown email alike (one answer)', async () => {
      await addUser('lock-me', 'lock@custos-demo.example');
      for (const email of ['lock@custos-demo.example', 'ghost@custos-demo.example']) {
        for (let i = 0; i < 4; i++) expect((await expectError(await signIn(email, 'bad'), 401, 'WRONG_CREDENTIALS')).message).toBe('Wrong email or password.');
        const fifth = await expectError(await signIn(email, 'bad'), 401, 'WRONG_CREDENTIALS');
        expect(fifth.message, email).toMatch(/too many attempts, try again in 30 s/i);
        // Waiting: even the right password is refused, with the same words.
        const waiting = await expectError(await signIn(email, 'correct horse'), 401, 'WRONG_CREDENTIALS');
        expect(waiting.message, email).toMatch(/too many attempts, try again in 30 s/i);
      }
      clock += 31_000;
      const sixth = await expectError(await signIn('lock@custos-demo.example', 'bad'), 401, 'WRONG_CREDENTIALS');
      expect(sixth.message).toMatch(/try again in 60 s/);
      clock += 61_000;
      expect((await signIn('lock@custos-demo.example', 'correct horse')).status).toBe(200);
    });

    describe('sign-in limits by address', () => {
      const limits = { freeFailures: 5, firstWaitSeconds: 30, maxWaitSeconds: 900, perAddressPerMinute: 1000, globalPerMinute: 1000 };
      const limited = (over: Partial<typeof limits> = {}) => {
        const a = createCloudApp({ db: t.db, kind: t.kind, secret: new Uint8Array(32), now, signInLimits: { ...limits, ...over }, clientAddress: addressFromHeader('x-forwarded-for') });
        return async (email: string, password: string, address: string) => {
          const res = await a.request('/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.9.9, ${address}` }, body: JSON.stringify({ email, password }) });
          return { status: res.status, message: ((await res.json()) as { error?: { message: string } }).error?.message ?? 'ok' };
        };
      };

      it('nobody can lock an admin out from elsewhere: the wait is per account and address', async () => {
        await addUser('target-admin', 'target@custos-demo.example');
        const attempt = limited();
        for (let i = 0; i < 6; i++) await attempt('target@custos-demo.example', 'guess', '203.0.113.9');
        expect((await attempt('target@custos-demo.example', 'correct horse', '203.0.113.9')).message).toMatch(/too many attempts/i);
        expect(await attempt('target@custos-demo.example', 'correct horse', '198.51.100.7')).toEqual({ status: 200, message: 'ok' });
      });

      it('reserves an attempt before checking the password: 60 parallel guesses check 5 passwords, no more', async () => {
        await addUser('parallel', 'parallel@custos-demo.example');
        const attempt = limited();
        const answers = await Promise.all(Array.from({ length: 60 }, () => attempt('parallel@custos-demo.example', 'guess', '203.0.113.10')));
        expect(answers.filter((a) => a.message === 'Wrong email or password.')).toHaveLength(4);
        expect(answers.filter((a) => /too many attempts/i.test(a.message))).toHaveLength(56);
        // Each password checked and wrong is one event on the audit chain (written after the answer): 5, not 60.
        const checked = async () =>
          (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvent).where(and(eq(auditEvent.action, 'auth.signInFailed'), eq(auditEvent.targetId, 'parallel'))))[0]!.n;
        await expect.poll(checked).toBe(5);
      });

      it('limits attempts per address whatever the emails, and in all', async () => {
        const perAddress = limited({ perAddressPerMinute: 10 });
        for (let i = 0; i < 10; i++) expect((await perAddress(`spray${i}@custos-demo.example`, 'guess', '203.0.113.11')).message).toBe('Wrong email or password.');
        expect((await perAddress('spray10@custos-demo.example', 'guess', '203.0.113.11')).message).toMatch(/too many attempts/i);
        expect((await perAddress('spray10@custos-demo.example', 'guess', '203.0.113.12')).message).toBe('Wrong email or password.');
        // Not this machine's own addresses (the demo cloud, tests; a proxy on the same host passes the client's address instead).
        for (let i = 0; i < 11; i++) expect((await perAddress(`local${i}@custos-demo.example`, 'guess', '::ffff:127.0.0.1')).message).toBe('Wrong email or password.');
        const global = limited({ globalPerMinute: 10 });
        for (let i = 0; i < 10; i++) expect((await global('anyone@custos-demo.example', 'guess', `198.51.100.${i}`)).message).toMatch(/wrong email|too many/i);
        expect((await global(DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, '198.51.100.200')).message).toMatch(/too many attempts/i);
        clock += 61_000;
        expect((await global(DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, '198.51.100.200')).status).toBe(200);
      });
    });

    it('refuses a body beyond its route\'s limit with 413 before parsing it, with a length or streamed', async () => {
      const tooBig = await post('/auth/sign-in', { email: 'a@custos-demo.example', password: 'x'.repeat(BODY_LIMITS['POST /auth/sign-in']!) });
      expect((await expectError(tooBig, 413, 'PAYLOAD_TOO_LARGE')).issues).toEqual([{ path: 'limit', message: String(BODY_LIMITS['POST /auth/sign-in']) }]);
      // 100 MiB without a length: refused once the limit is passed, not after reading it all.
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(ctrl) {
          if (sent >= 100) return ctrl.close();
          sent++;
          ctrl.enqueue(new Uint8Array(1024 * 1024).fill(32));
        },
      });
      await expectError(await app.request('/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit), 413, 'PAYLOAD_TOO_LARGE');
      expect(sent).toBeLessThan(5);
      // A push may be large (an import): past the size gate, refused here for want of a token.
      await expectError(await post('/sync/push', 'x'.repeat(DEFAULT_BODY_LIMIT * 4)), 401, 'UNAUTHENTICATED');
      await expectError(await post('/audit/events', 'x'.repeat(DEFAULT_BODY_LIMIT + 1)), 413, 'PAYLOAD_TOO_LARGE');
      // Every route named in the limits exists.
      const routes = new Set(app.routes.map((r) => `${r.method} ${r.path}`));
      for (const route of Object.keys(BODY_LIMITS)) expect(routes, route).toContain(route);
    });

    it('refuses a disabled account with FORBIDDEN', async () => {
      await addUser('disabled', 'disabled@custos-demo.example', { disabled: true });
      await expectError(await signIn('disabled@custos-demo.example', 'correct horse'), 403, 'FORBIDDEN');
    });

    it('rotates refresh tokens and refuses reuse of a rotated one', async () => {
      const first = TokensSchema.parse(await (await signIn(DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)).json());
      const res = await post('/auth/refresh', { refreshToken: first.refreshToken });
      expect(res.status).toBe(200);
      const second = TokensSchema.parse(await res.json());
      expect(second.refreshToken).not.toBe(first.refreshToken);
      // Reuse of the rotated token is refused and revokes the whole family.
      await expectError(await post('/auth/refresh', { refreshToken: first.refreshToken }), 401, 'SESSION_EXPIRED');
      await expectError(await post('/auth/refresh', { refreshToken: second.refreshToken }), 401, 'SESSION_EXPIRED');
      await expectError(await post('/auth/refresh', { refreshToken: 'x'.repeat(43) }), 401, 'SESSION_EXPIRED');
    });

    it('sign-out revokes the refresh token', async () => {
      const tokens = TokensSchema.parse(await (await signIn(DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)).json());
      expect((await post('/auth/sign-out', { refreshToken: tokens.refreshToken })).status).toBe(200);
      await expectError(await post('/auth/refresh', { refreshToken: tokens.refreshToken }), 401, 'SESSION_EXPIRED');
    });

    it('rejects pulls without a valid token', async () => {
      await expectError(await pull(0, 10, ''), 401, 'UNAUTHENTICATED');
      await expectError(await pull(0, 10, 'not.a.jwt'), 401, 'UNAUTHENTICATED');
      const saved = clock;
      clock += 16 * 60_000;
      await expectError(await pull(0, 10), 401, 'SESSION_EXPIRED');
      clock = saved;
    });

    it('validates input: cursor=-1, limit too large, bad JSON', async () => {
      const body = await expectError(await pull(-1), 400, 'INVALID_INPUT');
      expect(body.issues?.[0]?.path).toBe('cursor');
      await expectError(await pull('abc'), 400, 'INVALID_INPUT');
      await expectError(await pull(0, PULL_LIMIT_MAX + 1), 400, 'INVALID_INPUT');
      await expectError(await post('/auth/sign-in', '{not json'), 400, 'INVALID_INPUT');
      await expectError(await post('/auth/sign-in', { email: 'not-an-email', password: 'x' }), 400, 'INVALID_INPUT');
      await expectError(await app.request('/nope'), 404, 'NOT_FOUND');
    });

    let head = 0;
    it('pages through every row exactly once, with consistent from/to/head/remaining', async () => {
      const seen = new Map<string, Change>();
      let cursor = 0;
      let pages = 0;
      for (;;) {
        const page = await pullPage(cursor, 37);
        pages++;
        expect(page.from).toBe(cursor);
        expect(page.head).toBe(TOTAL);
        let prev = cursor;
        for (const ch of page.changes) {
          expect(ch.version).toBeGreaterThan(prev);
          prev = ch.version;
          const key = `${ch.entity}:${ch.id}`;
          expect(seen.has(key)).toBe(false);
          seen.set(key, ch);
          expect(ch.deleted).toBe(false);
          expect(ch.data).not.toBeNull();
        }
        expect(page.remaining).toBe(TOTAL - seen.size);
        if (page.remaining > 0) expect(page.to).toBe(page.changes.at(-1)?.version);
        else expect(page.to).toBe(page.head);
        cursor = page.to;
        if (page.to === page.head) break;
      }
      expect(pages).toBe(Math.ceil(TOTAL / 37));
      expect(seen.size).toBe(TOTAL);
      expect([...seen.keys()].filter((k) => k.startsWith('department:'))).toHaveLength(SEED.departments);
      head = cursor;
      // Caught up: an empty page at head.
      const empty = await pullPage(head);
      expect(empty).toMatchObject({ from: head, to: head, head, remaining: 0, changes: [] });
    });

    it('sends a later change with a higher version, and tombstones with data null', async () => {
      const v1 = await renameDepartment(t.db, DEMO_TENANT_ID, 'd00002', 'Renamed 重命名');
      const v2 = await updateEmployee(t.db, DEMO_TENANT_ID, 'e000010', { title: 'Chief Tester' });
      const v3 = await deleteDepartment(t.db, DEMO_TENANT_ID, 'd00003');
      const v4 = await deleteEmployee(t.db, DEMO_TENANT_ID, 'e000011');
      expect([v1, v2, v3, v4]).toEqual([head + 1, head + 2, head + 3, head + 4]);
      const page = await pullPage(head, 2);
      expect(page).toMatchObject({ from: head, to: head + 2, head: head + 4, remaining: 2 });
      expect(page.changes[0]).toMatchObject({ entity: 'department', id: 'd00002', version: head + 1, deleted: false, data: { name: 'Renamed 重命名' } });
      expect(page.changes[1]).toMatchObject({ entity: 'employee', id: 'e000010', version: head + 2, data: { title: 'Chief Tester' } });
      const rest = await pullPage(page.to);
      expect(rest).toMatchObject({ from: head + 2, to: head + 4, head: head + 4, remaining: 0 });
      expect(rest.changes).toEqual([
        { entity: 'department', id: 'd00003', version: head + 3, deleted: true, data: null },
        { entity: 'employee', id: 'e000011', version: head + 4, deleted: true, data: null },
      ]);
      const [row] = await t.db.select({ version: tenant.version }).from(tenant).where(eq(tenant.id, DEMO_TENANT_ID));
      expect(row?.version).toBe(head + 4);
      head += 4;
    });

    it('answers reset when the cursor is beyond head', async () => {
      const res = await pull(head + 1);
      expect(res.status).toBe(200);
      expect(PullPageSchema.parse(await res.json())).toMatchObject({ kind: 'reset', reason: expect.any(String) });
    });
  });
}
