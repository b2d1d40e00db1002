import { claimWith, validInpatientClaim } from '@openpayer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from './__fixtures__/harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => api.close());

const app = {
  request: (path: string, init: RequestInit = {}) => api.request(path, init),
};

function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface IssueBody {
  code: string;
  severity: string;
  path: (string | number)[];
  message: string;
  data?: Record<string, unknown>;
}
type ValidationBody =
  | {
      ok: true;
      value: { claimId: string; lineCount: number; totalAmount: string };
      issues: IssueBody[];
    }
  | { ok: false; issues: IssueBody[] };
type ErrorResponse = { error: { code: string; message: string } };

describe('GET /health', () => {
  it('answers ok with the service version', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'openpayer-api', version: '0.1.0' });
  });
});

describe('POST /v1/claims/validate', () => {
  it('accepts a valid claim built from real national codes', async () => {
    const res = await postJson('/v1/claims/validate', validInpatientClaim());
    expect(res.status).toBe(200);
    const body = (await res.json()) as ValidationBody;
    expect(body).toEqual({
      ok: true,
      value: { claimId: 'C-2025-000001', lineCount: 3, totalAmount: '1582.50' },
      issues: [],
    });
  });

  it('names the field of every schema problem, including unknown fields', async () => {
    const res = await postJson(
      '/v1/claims/validate',
      claimWith((c) => {
        delete (c as Partial<typeof c>).admissionDate;
        c.lines[0]!.amount = 997.5 as unknown as string;
        c['surprise'] = true;
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as ValidationBody;
    expect(body.ok).toBe(false);
    const byPath = Object.fromEntries(body.issues.map((i) => [i.path.join('.'), i.code]));
    expect(byPath).toMatchObject({
      admissionDate: 'schema.invalid_type',
      'lines.0.amount': 'schema.invalid_type',
      '': 'schema.unrecognized_keys',
    });
    expect(body.issues.find((i) => i.code === 'schema.unrecognized_keys')?.data).toEqual({
      keys: ['surprise'],
    });
  });

  it('reports invalid national codes at the code they belong to', async () => {
    const res = await postJson(
      '/v1/claims/validate',
      claimWith((c) => {
        c.diagnoses[1]!.code = 'I10.X00';
        c.lines[1]!.code = '00110900001020';
        c.procedures![0]!.code = '60.5x2';
      }),
    );
    const body = (await res.json()) as ValidationBody;
    expect(body.ok).toBe(false);
    const paths = body.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['diagnoses.1.code', 'lines.1.code', 'procedures.0.code']),
    );
    for (const i of body.issues) expect(i.code).toMatch(/^code\./);
  });

  it('reports inconsistent dates', async () => {
    const res = await postJson(
      '/v1/claims/validate',
      claimWith((c) => {
        c.lines[2]!.date = '2025-03-20';
        c.procedures![0]!.date = '2025-02-28';
      }),
    );
    const body = (await res.json()) as ValidationBody;
    expect(body.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['claim.line_date_outside_encounter', 'lines.2.date'],
      ['claim.procedure_date_outside_encounter', 'procedures.0.date'],
    ]);
  });

  it('reports a line whose amount is not quantity × unit price, with the expected amount', async () => {
    const res = await postJson(
      '/v1/claims/validate',
      claimWith((c) => {
        c.lines[0]!.amount = '997.49';
        c.totalAmount = '1582.49';
      }),
    );
    const body = (await res.json()) as ValidationBody;
    expect(body.ok).toBe(false);
    expect(body.issues).toEqual([
      expect.objectContaining({
        code: 'claim.line_amount_mismatch',
        path: ['lines', 0, 'amount'],
        data: { amount: '997.49', expected: '997.50', quantity: '28', unitPrice: '35.625' },
      }),
    ]);
  });

  it('answers malformed JSON with 400 and a machine-readable error, never 500', async () => {
    for (const bad of ['{"id": "C-1",', '{', 'not json', '']) {
      const res = await postJson('/v1/claims/validate', bad);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as ErrorResponse;
      expect(body.error.code).toBe('malformed_json');
    }
  });

  it('answers a non-object JSON body with schema issues, not a crash', async () => {
    for (const body of [null, 42, 'claim', [1, 2]]) {
      const res = await postJson('/v1/claims/validate', JSON.stringify(body));
      expect(res.status).toBe(200);
      const result = (await res.json()) as ValidationBody;
      expect(result.ok).toBe(false);
      expect(result.issues[0]?.code).toBe('schema.invalid_type');
    }
  });

  it('answers an oversized body with 413, with or without a Content-Length', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });
    const res = await postJson('/v1/claims/validate', big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorResponse).error.code).toBe('payload_too_large');

    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(encoder.encode('x'.repeat(1024)));
        controller.close();
      },
    });
    // Node's Request needs `duplex` for a streamed body; the DOM typings do not know it.
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit;
    const streamed = await app.request('/v1/claims/validate', init);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as ErrorResponse).error.code).toBe('payload_too_large');
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await app.request('/v1/claims/validate', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorResponse).error.code).toBe('unsupported_media_type');
  });

  it('answers unknown routes with a machine-readable 404', async () => {
    const res = await app.request('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorResponse).error.code).toBe('not_found');
  });
});

describe('OpenAPI', () => {
  it('documents the validate operation from the zod schemas, money as fixed-scale strings', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
      components: {
        schemas: Record<
          string,
          {
            properties?: Record<string, { type?: unknown; pattern?: string }>;
            additionalProperties?: boolean;
          }
        >;
      };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(
      doc.paths['/v1/claims/validate']?.['post']?.requestBody?.content['application/json']?.schema,
    ).toEqual({
      $ref: '#/components/schemas/Claim',
    });
    const line = doc.components.schemas['ClaimLine']!;
    expect(line.properties?.['amount']).toMatchObject({
      type: 'string',
      pattern: '^-?\\d{1,15}\\.\\d{2}$',
    });
    expect(line.additionalProperties).toBe(false);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Claim', 'InsuredPerson', 'Institution', 'Issue', 'ErrorBody']),
    );
  });

  it('serves interactive docs at /docs', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).toContain('<div id="swagger-ui">');
  });
});
