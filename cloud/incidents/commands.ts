import { and, eq, ilike } from 'drizzle-orm';
import {
  closeRefusals,
  missingItems,
  noticesDueOn,
  REGISTERS_SCOPE,
  regulatorDueAt,
  unnotified,
  type IncidentEvent,
  type IncidentFacts,
  type SecurityIncident,
} from '../../shared/incidents.js';
import { checkComplianceUser, Rejected, visibleRow, type CommandContext, type Handlers } from '../commands/context.js';
import type { IncidentCommand } from '../commands/names.js';
import type { CloudTx } from '../db/open.js';
import { securityIncident } from '../db/schema.js';
import type { SyncedRow } from '../sync/entities.js';
import { insertRows, lockRow, patchRow } from '../sync/rows.js';

/**
 * The incident register. Every step appends a coded event to the incident's own history (the
 * regulator's report prints it as the timeline) besides the tenant's audit chain, which gets
 * codes, dates and counts: never the description, the items or the people.
 */
type IncidentRow = SyncedRow & SecurityIncident;

const event = (ctx: CommandContext, action: string, detail: IncidentEvent['detail']): IncidentEvent => ({ at: ctx.now().toISOString(), by: ctx.userId, action, detail });

async function openIncident(tx: CloudTx, ctx: CommandContext, id: string): Promise<IncidentRow> {
  const row = (await visibleRow(tx, ctx, 'securityIncident', id)) as IncidentRow;
  if (row.status === 'closed') throw new Rejected('invalid', 'This incident is closed.');
  return row;
}

async function write(tx: CloudTx, ctx: CommandContext, row: IncidentRow, patch: Partial<SecurityIncident>, ev: IncidentEvent) {
  const version = await patchRow(tx, ctx, 'securityIncident', row, { ...patch, history: [...row.history, ev] });
  return { version, target: { type: 'securityIncident' as const, id: row.id }, details: { ...ev.detail, reference: row.reference } };
}

function checkFacts(facts: Pick<IncidentFacts, 'discoveredAt' | 'occurredFrom' | 'occurredTo'>, now: Date) {
  // A minute's grace for the console's clock.
  if (Date.parse(facts.discoveredAt) > now.getTime() + 60_000) throw new Rejected('invalid', 'discoveredAt: an incident cannot be discovered in the future.');
  if (facts.occurredFrom && facts.occurredTo && Date.parse(facts.occurredFrom) > Date.parse(facts.occurredTo)) throw new Rejected('invalid', 'occurredTo: before occurredFrom.');
}

export const incidentHandlers: Handlers<IncidentCommand> = {
  'incident.record': async (tx, ctx, facts) => {
    if (await lockRow(tx, ctx.tenantId, 'securityIncident', facts.id)) throw new Rejected('invalid', 'An incident with this id already exists.');
    checkFacts(facts, ctx.now());
    await checkComplianceUser(tx, ctx, facts.ownerId, 'ownerId');
    const year = new Date(facts.discoveredAt).getUTCFullYear();
    const sameYear = await tx
      .select({ id: securityIncident.id })
      .from(securityIncident)
      .where(and(eq(securityIncident.tenantId, ctx.tenantId), ilike(securityIncident.reference, `INC-${year}-%`)));
    const reference = `INC-${year}-${String(sameYear.length + 1).padStart(4, '0')}`;
    const clocks = { regulatorDueAt: regulatorDueAt(facts), noticesDueOn: noticesDueOn(facts) };
    const ev = event(ctx, 'incident.record', { ...clocks, euSubjects: facts.euSubjects, sensitive: facts.sensitive, fields: facts.fields.length });
    const data: SecurityIncident = {
      ...facts,
      reference,
      status: 'open',
      ...clocks,
      affected: [],
      affectedCriteria: null,
      items: {},
      deliveries: [],
      announcement: null,
      regulatorReport: null,
      history: [ev],
      createdAt: ctx.now().toISOString(),
    };
    const version = await insertRows(tx, ctx, 'securityIncident', [{ data, scope: [REGISTERS_SCOPE] }]);
    return { version, target: { type: 'securityIncident', id: facts.id }, details: { reference, ...ev.detail } };
  },

  'incident.update': async (tx, ctx, { id, patch }) => {
    const row = await openIncident(tx, ctx, id);
    const next = { ...row, ...patch };
    checkFacts(next, ctx.now());
    if (patch.ownerId !== undefined) await checkComplianceUser(tx, ctx, patch.ownerId, 'ownerId');
    // The clocks follow the facts they are counted from.
    const clocks = { regulatorDueAt: regulatorDueAt(next), noticesDueOn: noticesDueOn(next) };
    const detail: IncidentEvent['detail'] = { fields: Object.keys(patch).sort().join(',') };
    if (patch.status) detail.status = patch.status;
    if (clocks.regulatorDueAt !== row.regulatorDueAt) detail.regulatorDueAt = clocks.regulatorDueAt;
    if (clocks.noticesDueOn !== row.noticesDueOn) detail.noticesDueOn = clocks.noticesDueOn;
    return write(tx, ctx, row, { ...patch, ...clocks }, event(ctx, 'incident.update', detail));
  },

  'incident.setAffected': async (tx, ctx, { id, people, criteria }) => {
    const row = await openIncident(tx, ctx, id);
    const seen = new Set<string>();
    const unique = people.filter((p) => {
      const k = `${p.subjectType}:${p.subjectId}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
    const byLanguage = (l: string) => unique.filter((p) => p.language === l).length;
    return write(tx, ctx, row, { affected: unique, affectedCriteria: criteria }, event(ctx, 'incident.setAffected', { people: unique.length, zhCN: byLanguage('zh-CN'), en: byLanguage('en'), fr: byLanguage('fr') }));
  },

  'incident.setItems': async (tx, ctx, { id, language, items }) => {
    const row = await openIncident(tx, ctx, id);
    const filled = Object.values(items).filter((v) => v.trim() !== '').length;
    return write(tx, ctx, row, { items: { ...row.items, [language]: items } }, event(ctx, 'incident.setItems', { language, filled }));
  },

  'incident.logDeliveries': async (tx, ctx, { id, entries }) => {
    const row = await openIncident(tx, ctx, id);
    const affected = new Set(row.affected.map((p) => `${p.subjectType}:${p.subjectId}`));
    const stranger = entries.find((e) => !affected.has(`${e.subjectType}:${e.subjectId}`));
    if (stranger) throw new Rejected('invalid', 'entries: a delivery to someone not among the affected people.');
    const delivered = entries.filter((e) => e.outcome === 'delivered').length;
    return write(tx, ctx, row, { deliveries: [...row.deliveries, ...entries] }, event(ctx, 'incident.logDeliveries', { entries: entries.length, delivered, failed: entries.length - delivered }));
  },

  'incident.announce': async (tx, ctx, { id, text, reason, on }) => {
    const row = await openIncident(tx, ctx, id);
    const uncovered = unnotified(row).length;
    return write(tx, ctx, row, { announcement: { text, reason, on, by: ctx.userId } }, event(ctx, 'incident.announce', { reason, on, covers: uncovered }));
  },

  'incident.reportRegulator': async (tx, ctx, { id, at, reference }) => {
    const row = await openIncident(tx, ctx, id);
    if (Date.parse(at) > ctx.now().getTime() + 60_000) throw new Rejected('invalid', 'at: a report cannot be sent in the future.');
    const late = row.regulatorDueAt !== null && Date.parse(at) > Date.parse(row.regulatorDueAt);
    return write(tx, ctx, row, { regulatorReport: { at: new Date(at).toISOString(), reference, by: ctx.userId } }, event(ctx, 'incident.reportRegulator', { at: new Date(at).toISOString(), late }));
  },

  'incident.close': async (tx, ctx, { id }) => {
    const row = await openIncident(tx, ctx, id);
    const refusals = closeRefusals(row);
    if (refusals.includes('items_missing')) {
      const missing = missingItems(row);
      throw new Rejected('invalid', `The notice is not complete: ${missing.map((m) => `${m.language} ${m.item}`).join(', ')}.`);
    }
    if (refusals.includes('not_notified')) throw new Rejected('invalid', `${unnotified(row).length} affected people are neither told nor covered by a public announcement.`);
    return write(tx, ctx, row, { status: 'closed' }, event(ctx, 'incident.close', { people: row.affected.length, deliveries: row.deliveries.length, announcement: row.announcement !== null }));
  },
};
