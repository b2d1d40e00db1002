/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

/**
 * A supervision case over HTTP, from a finding to its decision, with a deadline missed and
 * escalated. Time is the harness's fixed clock (2025-07-01 in Beijing); each step names its day
 * (`on`, never after today), so the test walks the spring of 2025 through the demo case rules
 * (answer within 30 days, 15 working days to appeal) and the national holiday calendar.
 */

let api: TestApi;
type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

async function call(path: string, body: unknown, as: As = 'reviewer'): Promise<[number, Body]> {
  const res = await api.request(path, { json: body, as });
  return [res.status, await json(res)];
}

describe('/v1/cases', () => {
  it('takes a finding to a decision, escalating the missed answer, every step audited', async () => {
    const [openedStatus, opened] = await call('/v1/cases', {
      region: '230100',
      origin: 'finding',
      institution: 'H23010300012',
      doctor: 'D-00012-07',
      claimId: 'C-CASE-1',
      reference: 'finding DEMO-LONG-001',
      summary: '长处方超过 12 周',
      on: '2025-03-03',
    });
    expect(openedStatus).toBe(201);
    const id = opened['case']['id'] as string;
    expect(opened['case']).toMatchObject({ state: 'open', deadline: null, origin: 'finding' });

    const [, notified] = await call(`/v1/cases/${id}/steps`, { event: 'notify', on: '2025-03-03' });
    expect([notified['case']['state'], notified['case']['deadline']]).toEqual([
      'awaiting_response',
      '2025-04-02',
    ]);
    // Overdue on the fixed "today" (1 July): listed, then escalated over the Qingming holiday.
    const overdue = await json(await api.request('/v1/cases?overdue=true', { as: 'auditor' }));
    expect(overdue['items'].map((i: Body) => i['case']['id'])).toContain(id);
    const [, escalation] = await call('/v1/cases/escalations', { on: '2025-04-03' });
    const escalated = escalation['escalated'].find((i: Body) => i['case']['id'] === id);
    expect([escalated['case']['escalation'], escalated['case']['deadline']]).toEqual([
      1,
      '2025-04-11',
    ]);

    // The hospital answers its own case; another hospital may not.
    const [otherStatus] = await call(
      `/v1/cases/${id}/replies`,
      { event: 'respond', on: '2025-04-10', note: 'x' },
      'otherHospital',
    );
    expect(otherStatus).toBe(403);
    const [, answered] = await call(
      `/v1/cases/${id}/replies`,
      { event: 'respond', on: '2025-04-10', note: '已整改：处方改为 4 周' },
      'hospital',
    );
    expect(answered['case']['state']).toBe('under_review');
    const [noAmount, noAmountBody] = await call(`/v1/cases/${id}/steps`, {
      event: 'decide',
      on: '2025-04-18',
      outcome: { kind: 'deduct', amount: null, reason: '超长处方' },
    });
    expect([noAmount, noAmountBody['error']['issues'][0]['path']]).toEqual([
      422,
      ['outcome', 'amount'],
    ]);
    const [, decided] = await call(`/v1/cases/${id}/steps`, {
      event: 'decide',
      on: '2025-04-18',
      outcome: { kind: 'deduct', amount: '1280.00', reason: '超长处方' },
    });
    expect([decided['case']['state'], decided['case']['deadline']]).toEqual([
      'decided',
      '2025-05-13',
    ]);
    const [lateStatus, late] = await call(
      `/v1/cases/${id}/replies`,
      { event: 'appeal', on: '2025-05-14', note: '不服' },
      'hospital',
    );
    expect([lateStatus, late['error']['issues'][0]['code']]).toEqual([409, 'case.appeal_too_late']);
    const [, closed] = await call(`/v1/cases/${id}/steps`, { event: 'close', on: '2025-05-14' });
    expect(closed['case']['state']).toBe('closed');

    const read = await json(await api.request(`/v1/cases/${id}`, { as: 'hospital' }));
    expect(read['case']['transitions'].map((t: Body) => [t['event'], t['on'], t['by']])).toEqual([
      ['notify', '2025-03-03', 'demo-reviewer'],
      ['escalate', '2025-04-03', 'demo-reviewer'],
      ['respond', '2025-04-10', 'demo-hospital'],
      ['decide', '2025-04-18', 'demo-reviewer'],
      ['close', '2025-05-14', 'demo-reviewer'],
    ]);
    const audit = await json(await api.request(`/v1/audit/objects/case/${id}`, { as: 'auditor' }));
    expect(
      audit['items'].map((i: Body) => [i['entry']['kind'], i['entry']['event']['event']]),
    ).toEqual([
      ['case.transitioned', 'open'],
      ['case.transitioned', 'notify'],
      ['case.transitioned', 'escalate'],
      ['case.transitioned', 'respond'],
      ['case.transitioned', 'decide'],
      ['case.transitioned', 'close'],
    ]);
  });

  it('answers a complaint within 5 working days, and names what is wrong', async () => {
    const [, complaint] = await call('/v1/cases', {
      region: '230100',
      origin: 'complaint',
      institution: 'H23010300012',
      summary: '投诉：被要求院外购药',
      on: '2025-06-27',
    });
    // Fri 27 June: 30 June, 1, 2, 3, 4 July.
    expect(complaint['case']['deadline']).toBe('2025-07-04');
    const [future, futureBody] = await call('/v1/cases', {
      region: '230100',
      origin: 'complaint',
      institution: 'H23010300012',
      summary: 'x',
      on: '2025-07-02',
    });
    expect([future, futureBody['error']['issues'][0]['path']]).toEqual([422, ['on']]);
    const [noRules, noRulesBody] = await call('/v1/cases', {
      region: '110100',
      origin: 'finding',
      institution: 'H23010300012',
      summary: 'x',
    });
    expect([noRules, noRulesBody['error']['issues'][0]['code']]).toEqual([422, 'case.no_rules']);
    const [wrong, wrongBody] = await call(`/v1/cases/${complaint['case']['id']}/steps`, {
      event: 'close',
    });
    expect([wrong, wrongBody['error']['issues'][0]['path']]).toEqual([409, ['event']]);
    const [bad] = await call('/v1/cases', { region: '230100', origin: 'rumour' });
    expect(bad).toBe(400);
    expect((await api.request('/v1/cases/case_none')).status).toBe(404);
    const [hospitalOpens] = await call(
      '/v1/cases',
      { region: '230100', origin: 'finding', institution: 'H23010300012', summary: 'x' },
      'hospital',
    );
    expect(hospitalOpens).toBe(403);
    const own = await json(await api.request('/v1/cases', { as: 'otherHospital' }));
    expect(own['items']).toEqual([]);
  });

  it('suspends a doctor after 3 violations in a year, and settlement then deducts their lines', async () => {
    const doctor = 'D-SUS-0042';
    // Three findings against the doctor, each decided with a deduction (the answer missed).
    for (const [i, decidedOn] of ['2025-02-20', '2025-04-21', '2025-05-20'].entries()) {
      const [, opened] = await call('/v1/cases', {
        region: '230100',
        origin: 'finding',
        institution: 'H23010300012',
        doctor,
        summary: `违规 ${String(i + 1)}`,
        on: '2025-01-02',
      });
      const id = opened['case']['id'] as string;
      await call(`/v1/cases/${id}/steps`, { event: 'notify', on: '2025-01-02' });
      const [status, decided] = await call(`/v1/cases/${id}/steps`, {
        event: 'decide',
        on: decidedOn,
        outcome: { kind: 'deduct', amount: '300.00', reason: '超量开药' },
      });
      expect([status, decided['case']['state']]).toEqual([200, 'decided']);
    }
    const suspensions = await json(
      await api.request('/v1/cases/suspensions?region=230100', { as: 'auditor' }),
    );
    const own = suspensions['items'].filter((s: Body) => s['doctor'] === doctor);
    expect(own.map((s: Body) => [s['from'], s['to'], s['cases'].length])).toEqual([
      ['2025-05-20', '2025-08-20', 3],
    ]);
    // The violations counted: the doctor's three, and as many (at least) for the institution.
    const counted = await json(
      await api.request('/v1/cases/violations?period=2025', { as: 'hospital' }),
    );
    const mine = counted['items'].filter((v: Body) => v['doctor'] === doctor);
    expect(mine.map((v: Body) => [v['institution'], v['count']])).toEqual([['H23010300012', 3]]);
    const institution = counted['items'].find((v: Body) => v['doctor'] === null);
    expect(institution['count']).toBeGreaterThanOrEqual(3);
    const [badPeriod] = [
      (await api.request('/v1/cases/violations?period=2025-Q9', { as: 'auditor' })).status,
    ];
    expect(badPeriod).toBe(400);
    // A claim the doctor prescribes on 15 June: the line is deducted, the fund pays nothing.
    const claim = { ...claimJson({ id: 'C-SUS-1', personId: 'P-SUS-1', date: '2025-06-15' }) };
    const settled = await api.request('/v1/claims/settle', {
      json: { ...claim, attendingPrescriber: { id: doctor, title: 'attending' } },
      as: 'hospital',
      headers: { 'idempotency-key': 'k-C-SUS-1' },
    });
    const body = await json(settled);
    expect(settled.status, JSON.stringify(body)).toBe(201);
    const findings = body['settlement']['findings'] as Body[];
    expect(
      findings
        .filter((f) => f['rule']['code'] === 'CASE-SUS-001')
        .map((f) => [f['action'], f['lineIds']]),
    ).toEqual([['deduct', ['L1']]]);
    expect(body['settlement']['payers']['basic_fund']).toBe('0.00');
    const [badRegion] = await call('/v1/cases', {}, 'reviewer');
    expect(badRegion).toBe(400);
    const noRules = await api.request('/v1/cases/suspensions?region=110100');
    expect(noRules.status).toBe(422);
  });
});
