/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
   response bodies are untyped JSON here. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW } from '../__fixtures__/harness.ts';
import { openServices } from '../bootstrap.ts';
import { type RunningServer, startServer } from '../server.ts';

/**
 * Restriction editing over real HTTP (a listening server, the embedded database with the real
 * 2024 list): an administrator publishes a new dated release, the base stays as it was, the
 * author and the diff are recorded; every refusal names its field.
 */

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: RunningServer | undefined;
let close: (() => Promise<void>) | undefined;
let keys: Record<string, string>;
let item: Body;

const BASE = 'nrdl-2024';

async function call(
  method: 'GET' | 'POST',
  path: string,
  as = 'demo-admin',
  body?: unknown,
): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${server?.url ?? ''}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${keys[as] ?? ''}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Body };
}

const editPath = (itemId: string, release = BASE) =>
  `/v1/catalog/releases/${release}/items/${encodeURIComponent(itemId)}/restrictions`;

const adults = { kind: 'age', source: 'manual', text: '成人', minYears: 18 };

function editBody(overrides: Body = {}): Body {
  return {
    releaseId: 'nrdl-2024-e1',
    effectiveFrom: '2025-08-01',
    note: 'lead-in clause 成人 read by hand',
    restrictions: [...item['restrictions'], adults],
    indications: item['indications'],
    unparsed: [],
    ...overrides,
  };
}

beforeAll(async () => {
  const opened = await openServices({ now: () => FIXED_NOW });
  close = () => opened.store.close();
  keys = opened.seed?.keys ?? {};
  server = await startServer({
    services: opened.services,
    port: 0,
    rateLimit: { perSecond: 10_000, burst: 10_000 },
  });
  const page = await call('GET', `/v1/catalog/releases/${BASE}/items?unparsed=true&limit=50`);
  const found = (page.body['items'] as Body[]).find((i) => String(i['id']).includes('/'));
  if (found === undefined) throw new Error('no partly read item with "/" in its id');
  item = found;
}, 120_000);
afterAll(async () => {
  await server?.close().catch(() => undefined);
  await close?.();
});

describe('POST /v1/catalog/releases/{id}/items/{itemId}/restrictions', () => {
  it('publishes a new dated release with the author and the diff, the base unchanged', async () => {
    const res = await call('POST', editPath(item['id']), 'demo-admin', editBody());
    expect(res.status).toBe(201);
    expect(res.body['release']).toMatchObject({
      id: 'nrdl-2024-e1',
      effective: { start: '2025-08-01', end: null },
      publishedOn: '2025-07-01',
    });
    expect(res.body['edit']).toMatchObject({
      releaseId: 'nrdl-2024-e1',
      baseReleaseId: BASE,
      itemId: item['id'],
      author: 'demo-admin',
      note: 'lead-in clause 成人 read by hand',
      publishedOn: '2025-07-01',
    });
    expect(res.body['diff']['counts']).toMatchObject({ added: 0, removed: 0, changed: 1 });
    expect(res.body['diff']['changed'][0]['itemId']).toBe(item['id']);
    expect(res.body['diff']['changed'][0]['changes'][0]['kind']).toBe('restriction');

    const edited = await call(
      'GET',
      `/v1/catalog/releases/nrdl-2024-e1/items/${encodeURIComponent(item['id'])}`,
    );
    expect(edited.body['restrictions']).toContainEqual(adults);
    expect(edited.body['unparsed']).toEqual([]);
    expect(edited.body['structuring']).toBe('complete');
    const base = await call(
      'GET',
      `/v1/catalog/releases/${BASE}/items/${encodeURIComponent(item['id'])}`,
    );
    expect(base.body).toEqual(item);

    const record = await call('GET', '/v1/catalog/releases/nrdl-2024-e1/edit', 'demo-auditor');
    expect(record.status).toBe(200);
    expect(record.body).toEqual(res.body['edit']);
    expect((await call('GET', `/v1/catalog/releases/${BASE}/edit`)).status).toBe(404);

    const listed = await call('GET', '/v1/catalog/releases');
    expect(listed.body['items'].map((r: Body) => r['id'])).toEqual(
      expect.arrayContaining([BASE, 'nrdl-2024-e1']),
    );
    const diff = await call('GET', `/v1/catalog/diff?from=${BASE}&to=nrdl-2024-e1`);
    expect(diff.body['counts']['changed']).toBe(1);

    const again = await call('POST', editPath(item['id']), 'demo-admin', editBody());
    expect(again.status).toBe(409);
    expect(again.body['error']['issues'][0]).toMatchObject({
      code: 'catalog.release_exists',
      path: ['releaseId'],
    });
    // The base is now replaced from 2025-08-01 by the edit: a second edit of it from then is refused.
    const stale = await call(
      'POST',
      editPath(item['id']),
      'demo-admin',
      editBody({ releaseId: 'nrdl-2024-e2', effectiveFrom: '2025-09-01' }),
    );
    expect(stale.status).toBe(422);
    expect(stale.body['error']['issues'][0]).toMatchObject({
      code: 'catalog.edit_base_superseded',
      path: ['effectiveFrom'],
      data: { releaseId: 'nrdl-2024-e1' },
    });
  });

  it('is for administrators only', async () => {
    for (const as of ['demo-reviewer', 'demo-auditor', 'demo-hospital']) {
      const res = await call('POST', editPath(item['id']), as, editBody({ releaseId: 'nope' }));
      expect(res.status, as).toBe(403);
    }
  });

  it('names the field of an invalid restriction (400)', async () => {
    const res = await call(
      'POST',
      editPath(item['id']),
      'demo-admin',
      editBody({ releaseId: 'nrdl-2024-bad', restrictions: [{ ...adults, minYears: -1 }] }),
    );
    expect(res.status).toBe(400);
    expect(res.body['error']['issues'][0]['path']).toEqual(['restrictions', 0, 'minYears']);
  });

  it('refuses an edit of the past and a restriction claiming the importer read it (422)', async () => {
    const res = await call(
      'POST',
      editPath(item['id']),
      'demo-admin',
      editBody({
        releaseId: 'nrdl-2024-e9',
        effectiveFrom: '2025-07-01',
        restrictions: [...item['restrictions'], { ...adults, source: 'nrdl' }],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body['error']['issues'].map((i: Body) => [i['code'], i['path']])).toEqual([
      ['catalog.edit_retroactive', ['effectiveFrom']],
      ['catalog.edit_source_not_manual', ['restrictions', item['restrictions'].length, 'source']],
    ]);
  });

  it('answers 404 for an unknown release or item', async () => {
    const noRelease = await call('POST', editPath(item['id'], 'none'), 'demo-admin', editBody());
    expect(noRelease.status).toBe(404);
    expect(noRelease.body['error']['issues'][0]['path']).toEqual(['id']);
    const noItem = await call('POST', editPath('XX/不存在'), 'demo-admin', editBody());
    expect(noItem.status).toBe(404);
    expect(noItem.body['error']['issues'][0]).toMatchObject({
      code: 'catalog.item_not_found',
      path: ['itemId'],
    });
  });
});
