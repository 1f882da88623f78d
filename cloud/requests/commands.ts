import { and, eq, gte, ilike, inArray, isNull, or } from 'drizzle-orm';
import { CATEGORY_RULES } from '../../shared/retention.js';
import {
  COMPLIANCE_SCOPE,
  dueDate,
  erasureBlockers,
  latestExtension,
  openPause,
  OPEN_REQUEST_STATUSES,
  pausedDaysOn,
  pauseRefusal,
  resumedDeadlines,
  resumeRefusal,
  type DataSubjectRequest,
  type RequestEvent,
  type RequestStatus,
} from '../../shared/requests.js';
import { checkComplianceUser, Rejected, visibleRow, type CommandContext, type Handlers } from '../commands/context.js';
import type { RequestCommand } from '../commands/names.js';
import type { CloudTx } from '../db/open.js';
import { consentRecord, dataSubjectRequest, followUp, legalHold } from '../db/schema.js';
import { tenantCalendar } from '../holidays/calendar.js';
import { tenantDay } from '../offboarding/handover.js';
import { anonymisedPatch } from '../retention/disposition.js';
import type { SyncedRow } from '../sync/entities.js';
import { insertRows, liveRows, lockRow, patchRow } from '../sync/rows.js';

/**
 * The register of data-subject requests. Every step appends to the request's own history
 * (who, when, what, in codes and dates) besides the tenant's audit chain, so the history can be
 * handed to a regulator without the rest of the audit. Identity must be verified before
 * anything is fulfilled; refusal only on a listed ground; erasure never under a hold or a floor.
 */
type RequestRow = SyncedRow & DataSubjectRequest;

const event = (ctx: CommandContext, action: string, detail: RequestEvent['detail']): RequestEvent => ({ at: ctx.now().toISOString(), by: ctx.userId, action, detail });

async function openRequest(tx: CloudTx, ctx: CommandContext, id: string): Promise<RequestRow> {
  const row = (await visibleRow(tx, ctx, 'dataSubjectRequest', id)) as RequestRow;
  if (!OPEN_REQUEST_STATUSES.includes(row.status)) throw new Rejected('invalid', `This request is closed (${row.status}).`);
  return row;
}

/** Appends the event to the request's history; the audit chain gets its codes, dates and counts (`private`: free text kept out of the chain). */
async function write(tx: CloudTx, ctx: CommandContext, row: RequestRow, patch: Partial<DataSubjectRequest>, ev: RequestEvent, opts: { private?: string[] } = {}) {
  const version = await patchRow(tx, ctx, 'dataSubjectRequest', row, { ...patch, history: [...row.history, ev] });
  const details = Object.fromEntries(Object.entries(ev.detail).filter(([k]) => !opts.private?.includes(k)));
  return { version, target: { type: 'dataSubjectRequest' as const, id: row.id }, details: { ...details, reference: row.reference } };
}

/** Steps that close or reshape the deadline wait for a paused clock to resume. */
function notWhilePaused(row: RequestRow) {
  if (openPause(row.history)) throw new Rejected('invalid', 'The deadline is paused: resume it first.');
}

async function checkSubject(tx: CloudTx, ctx: CommandContext, subjectType: string, subjectId: string | null) {
  if (subjectType === 'employee' || subjectType === 'contact') await visibleRow(tx, ctx, subjectType, subjectId!);
}

async function holdInForce(tx: CloudTx, tenantId: string, subjects: { type: string; id: string }[]): Promise<boolean> {
  const rows = await tx
    .select({ id: legalHold.id })
    .from(legalHold)
    .where(
      and(
        eq(legalHold.tenantId, tenantId),
        eq(legalHold.deleted, false),
        isNull(legalHold.releasedAt),
        or(...subjects.map((s) => and(eq(legalHold.subjectType, s.type as 'employee'), eq(legalHold.subjectId, s.id)))),
      ),
    );
  return rows.length > 0;
}

export const requestHandlers: Handlers<RequestCommand> = {
  'request.register': async (tx, ctx, intake) => {
    if (await lockRow(tx, ctx.tenantId, 'dataSubjectRequest', intake.id)) throw new Rejected('invalid', 'A request with this id already exists.');
    const today = tenantDay(ctx.now());
    // A day's grace: the console's calendar may be a time zone ahead of the tenant's.
    if (intake.receivedOn > dueDateGrace(today)) throw new Rejected('invalid', 'receivedOn: a request cannot be received in the future.');
    await checkSubject(tx, ctx, intake.subjectType, intake.subjectId);
    await checkComplianceUser(tx, ctx, intake.assigneeId, 'assigneeId');
    const year = intake.receivedOn.slice(0, 4);
    const sameYear = await tx
      .select({ id: dataSubjectRequest.id })
      .from(dataSubjectRequest)
      .where(and(eq(dataSubjectRequest.tenantId, ctx.tenantId), ilike(dataSubjectRequest.reference, `DSR-${year}-%`)));
    const reference = `DSR-${year}-${String(sameYear.length + 1).padStart(4, '0')}`;
    // A fee may be charged for a repeated request: the same subject, the same type, within a year.
    const yearAgo = new Date(ctx.now().getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
    const earlier = intake.subjectId
      ? await tx
          .select({ id: dataSubjectRequest.id })
          .from(dataSubjectRequest)
          .where(
            and(
              eq(dataSubjectRequest.tenantId, ctx.tenantId),
              eq(dataSubjectRequest.subjectId, intake.subjectId),
              eq(dataSubjectRequest.type, intake.type),
              gte(dataSubjectRequest.receivedOn, yearAgo),
              eq(dataSubjectRequest.deleted, false),
            ),
          )
      : [];
    const dueOn = dueDate(intake.regime, intake.receivedOn, await tenantCalendar(tx, ctx.tenantId));
    const ev = event(ctx, 'request.register', { type: intake.type, channel: intake.channel, regime: intake.regime, dueOn });
    const data: DataSubjectRequest = {
      ...intake,
      reference,
      dueOn,
      extendedDueOn: null,
      extensionReason: null,
      status: 'received',
      verification: null,
      refusal: null,
      repeatFee: earlier.length >= 2,
      fulfilment: null,
      delivery: null,
      history: [ev],
      createdAt: ctx.now().toISOString(),
    };
    const version = await insertRows(tx, ctx, 'dataSubjectRequest', [{ data, scope: [COMPLIANCE_SCOPE] }]);
    return { version, target: { type: 'dataSubjectRequest', id: intake.id }, details: { reference, type: intake.type, subjectType: intake.subjectType, subjectId: intake.subjectId, dueOn } };
  },

  'request.update': async (tx, ctx, { id, patch }) => {
    const row = await openRequest(tx, ctx, id);
    const subjectType = patch.subjectType ?? row.subjectType;
    const subjectId = patch.subjectId !== undefined ? patch.subjectId : row.subjectId;
    if ((subjectType === 'unmatched') !== (subjectId === null)) throw new Rejected('invalid', 'subjectId: an employee or contact needs its id; an unmatched subject has none.');
    if (patch.subjectType !== undefined || patch.subjectId !== undefined) await checkSubject(tx, ctx, subjectType, subjectId);
    if (patch.assigneeId !== undefined) await checkComplianceUser(tx, ctx, patch.assigneeId, 'assigneeId');
    const detail: RequestEvent['detail'] = { fields: Object.keys(patch).sort().join(',') };
    if (patch.subjectType !== undefined) detail.subjectType = patch.subjectType;
    if (patch.assigneeId !== undefined) detail.assigneeId = patch.assigneeId;
    return write(tx, ctx, row, patch, event(ctx, 'request.update', detail));
  },

  'request.extend': async (tx, ctx, { id, extendedDueOn, reason }) => {
    const row = await openRequest(tx, ctx, id);
    notWhilePaused(row);
    const calendar = await tenantCalendar(tx, ctx.tenantId);
    const latest = latestExtension(row.regime, row.receivedOn, pausedDaysOn(row, calendar), calendar);
    if (latest === null) throw new Rejected('invalid', 'This regime allows no extension.');
    const current = row.extendedDueOn ?? row.dueOn;
    if (extendedDueOn <= current) throw new Rejected('invalid', `extendedDueOn: must be after the current deadline ${current}.`);
    if (extendedDueOn > latest) throw new Rejected('invalid', `extendedDueOn: the regime allows no later than ${latest}.`);
    return write(tx, ctx, row, { extendedDueOn, extensionReason: reason }, event(ctx, 'request.extend', { from: current, to: extendedDueOn }));
  },

  'request.verify': async (tx, ctx, { id, method, evidence }) => {
    const row = await openRequest(tx, ctx, id);
    if (row.status !== 'received') throw new Rejected('invalid', 'The requester has already been verified.');
    const at = ctx.now().toISOString();
    return write(tx, ctx, row, { status: 'verified', verification: { method, evidence, by: ctx.userId, at } }, event(ctx, 'request.verify', { method }));
  },

  'request.refuse': async (tx, ctx, { id, ground, rationale }) => {
    const row = await openRequest(tx, ctx, id);
    if (row.status === 'fulfilled') throw new Rejected('invalid', 'This request has been fulfilled; record its delivery instead.');
    notWhilePaused(row);
    const at = ctx.now().toISOString();
    return write(tx, ctx, row, { status: 'refused', refusal: { ground, rationale, by: ctx.userId, at } }, event(ctx, 'request.refuse', { ground }));
  },

  'request.fulfil': async (tx, ctx, { id, summary, packageSha256, items }) => {
    const row = await openRequest(tx, ctx, id);
    if (row.status !== 'verified') throw new Rejected('invalid', row.status === 'received' ? "Verify the requester's identity before fulfilling the request." : 'This request has already been fulfilled.');
    notWhilePaused(row);
    if (['access', 'copy', 'portability'].includes(row.type) && !packageSha256) throw new Rejected('invalid', 'packageSha256: a copy of the personal information must be built first.');
    const at = ctx.now().toISOString();
    return write(tx, ctx, row, { status: 'fulfilled', fulfilment: { summary, packageSha256, items, by: ctx.userId, at } }, event(ctx, 'request.fulfil', { items, packageSha256 }));
  },

  'request.deliver': async (tx, ctx, { id, method, on }) => {
    const row = (await visibleRow(tx, ctx, 'dataSubjectRequest', id)) as RequestRow;
    if (row.status !== 'fulfilled' && row.status !== 'refused') throw new Rejected('invalid', 'Only a fulfilled or refused request can be delivered.');
    if (row.delivery) throw new Rejected('invalid', 'The delivery has already been recorded.');
    if (on < row.receivedOn || on > dueDateGrace(tenantDay(ctx.now()))) throw new Rejected('invalid', 'on: between the day the request was received and today.');
    const status: RequestStatus = row.status === 'fulfilled' ? 'delivered' : 'refused';
    return write(tx, ctx, row, { status, delivery: { method, on, by: ctx.userId } }, event(ctx, 'request.deliver', { method, on }));
  },

  'subject.erase': async (tx, ctx, { id, subjectType, subjectId }) => {
    const row = await openRequest(tx, ctx, id);
    if (row.status !== 'verified') throw new Rejected('invalid', "Verify the requester's identity before erasing anything.");
    if (!['deletion', 'account_cancellation'].includes(row.type)) throw new Rejected('invalid', 'Only a deletion or account cancellation request erases its subject.');
    if (row.subjectType !== subjectType || row.subjectId !== subjectId) throw new Rejected('invalid', "subjectId: not this request's subject.");
    const subject = (await visibleRow(tx, ctx, subjectType, subjectId)) as SyncedRow & { status?: string; departedAt?: string | null; customerId?: string; name: string; mobile: string | null; email: string | null };
    const holdSubjects: { type: string; id: string }[] = [{ type: subjectType, id: subjectId }];
    if (subjectType === 'contact') holdSubjects.push({ type: 'customer', id: subject.customerId! });
    const category = subjectType === 'employee' ? 'departed_employee_profile' : 'customer_contact';
    const blockers = erasureBlockers({
      subjectType,
      holdInForce: await holdInForce(tx, ctx.tenantId, holdSubjects),
      employeeStatus: subject.status,
      departedAt: subject.departedAt ?? null,
      floorMonths: CATEGORY_RULES[category].floor.months,
      floorReason: CATEGORY_RULES[category].floor.reason,
      today: tenantDay(ctx.now()),
    });
    if (blockers.length > 0) {
      const why = blockers.map((b) => (b.code === 'legal_hold' ? 'a legal hold is in force' : b.code === 'still_employed' ? 'the person is still employed (offboard first)' : `records must be kept until ${b.until} (${b.reason})`));
      throw new Rejected('invalid', `Cannot erase: ${why.join('; ')}.`);
    }
    const at = ctx.now().toISOString();
    await patchRow(tx, ctx, subjectType, subject, anonymisedPatch(subjectType, category, subject));
    let followUps = 0;
    if (subjectType === 'contact') {
      // Follow-ups of the contact's customer that name them lose their text (no mapping kept).
      const mentions = [subject.name, subject.mobile, subject.email].filter((v): v is string => !!v && v.length >= 2);
      const rows = (await tx
        .select()
        .from(followUp)
        .where(and(eq(followUp.tenantId, ctx.tenantId), eq(followUp.customerId, subject.customerId!), eq(followUp.deleted, false)))) as unknown as (SyncedRow & { content: string })[];
      for (const f of rows.filter((r) => mentions.some((m) => r.content.includes(m)))) {
        await patchRow(tx, ctx, 'followUp', f, anonymisedPatch('followUp', 'follow_up', f));
        followUps++;
      }
    }
    // Consent records stay (proof of consent has its own floor); only their subject is gone.
    const ev = event(ctx, 'subject.erase', { subjectType, followUps, at });
    return write(tx, ctx, row, {}, ev);
  },

  'consent.withdraw': async (tx, ctx, { id, consentIds }) => {
    const row = await openRequest(tx, ctx, id);
    if (row.status !== 'verified') throw new Rejected('invalid', "Verify the requester's identity before recording a withdrawal.");
    if (row.subjectId === null) throw new Rejected('invalid', 'Match the request to a person first.');
    const consents = (await liveRows(tx, ctx.tenantId, 'consentRecord', consentIds)) as (SyncedRow & { subjectId: string; subjectType: string; purpose: string; granted: boolean })[];
    if (consents.length !== consentIds.length || consents.some((c) => c.subjectId !== row.subjectId)) throw new Rejected('invalid', "consentIds: not all of them are this subject's consents.");
    const at = ctx.now().toISOString();
    const existing = await tx
      .select({ id: consentRecord.id })
      .from(consentRecord)
      .where(and(eq(consentRecord.tenantId, ctx.tenantId), inArray(consentRecord.id, consentIds.map((c) => `${c}-w-${id}`))));
    if (existing.length > 0) throw new Rejected('invalid', 'These withdrawals have already been recorded.');
    await insertRows(
      tx,
      ctx,
      'consentRecord',
      consents.map((c) => ({ data: { id: `${c.id}-w-${id}`, subjectType: c.subjectType, subjectId: c.subjectId, purpose: c.purpose, granted: false, at, channel: 'request' }, scope: c.scope })),
    );
    return write(tx, ctx, row, {}, event(ctx, 'consent.withdraw', { consents: consents.length }));
  },

  'request.pause': async (tx, ctx, { id, reason, note, from }) => {
    const row = await openRequest(tx, ctx, id);
    const refusal = pauseRefusal(row, from, dueDateGrace(tenantDay(ctx.now())));
    if (refusal) throw new Rejected('invalid', PAUSE_REFUSALS[refusal]);
    // The note (what was asked of the requester) stays in the request's history, out of the audit chain.
    return write(tx, ctx, row, {}, event(ctx, 'request.pause', { reason, from, note }), { private: ['note'] });
  },

  'request.resume': async (tx, ctx, { id, on }) => {
    const row = await openRequest(tx, ctx, id);
    const refusal = resumeRefusal(row, on, dueDateGrace(tenantDay(ctx.now())));
    if (refusal) throw new Rejected('invalid', PAUSE_REFUSALS[refusal]);
    const from = openPause(row.history)!.from;
    const moved = resumedDeadlines(row, on, await tenantCalendar(tx, ctx.tenantId));
    const detail: RequestEvent['detail'] = { from, to: on, days: moved.days, dueOn: moved.dueOn };
    if (moved.extendedDueOn) detail.extendedDueOn = moved.extendedDueOn;
    return write(tx, ctx, row, { dueOn: moved.dueOn, extendedDueOn: moved.extendedDueOn }, event(ctx, 'request.resume', detail));
  },
};

const PAUSE_REFUSALS: Record<NonNullable<ReturnType<typeof pauseRefusal> | ReturnType<typeof resumeRefusal>>, string> = {
  closed: 'Only a received or verified request can be paused.',
  already_paused: 'The deadline is already paused.',
  before_received: 'from: the clock cannot pause before the request was received.',
  future: 'The day cannot be in the future.',
  overlaps: 'from: the clock cannot pause before its last resumption.',
  not_paused: 'The deadline is not paused.',
  before_pause: 'on: the clock cannot resume before it was paused.',
};

/** Tomorrow: the console's calendar may be ahead of the tenant's by a time zone. */
function dueDateGrace(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
