/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   response bodies are untyped JSON here. */
import { request as httpRequest } from 'node:http';
import { createPrincipal } from '@openpayer/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW, claimJson } from './__fixtures__/harness.ts';
import { createApp } from './app.ts';
import { openServices } from './bootstrap.ts';
import { connect } from 'node:net';
import { type RunningServer, createNodeApp, startServer } from './server.ts';
import type { ApiServices } from './services.ts';

/** The API as integrators meet it: a real server on loopback, real HTTP, the embedded database. */

let services: ApiServices;
let close: () => Promise<void>;
let server: RunningServer;
let key: string;
let adminKey: string;

beforeAll(async () => {
  const opened = await openServices({ now: () => FIXED_NOW });
  services = opened.services;
  close = () => opened.store.close();
  key = opened.seed?.keys['demo-hospital'] ?? '';
  adminKey = opened.seed?.keys['demo-admin'] ?? '';
  server = await startServer({
    services,
    port: 0,
    maxBodyBytes: 32 * 1024,
    rateLimit: { perSecond: 10_000, burst: 10_000 },
  });
});
afterAll(async () => {
  await server.close().catch(() => undefined);
  await close();
});

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the API on a listening server', () => {
  it('listens on loopback and answers health, readiness, docs and the OpenAPI document', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ status: 'ok' });
    expect(await (await fetch(`${server.url}/ready`)).json()).toEqual({
      status: 'ready',
      database: 'pglite',
    });
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Body;
    for (const path of [
      '/v1/claims/settle',
      '/v1/settlements/{id}/reverse',
      '/v1/catalog/coverage',
      '/v1/policies/{id}/activate',
      '/v1/approvals/{id}/approve',
      '/v1/accumulators/{personId}/{year}',
    ]) {
      expect(Object.keys(doc['paths'])).toContain(path);
    }
    expect(doc['components']['schemas']).toHaveProperty('Claim');
    expect((await fetch(`${server.url}/docs`)).status).toBe(200);
  });

  it('settles over HTTP, and 200 concurrent identical requests with one key settle once', async () => {
    const claim = claimJson({ id: 'C-HTTP-IDEM', personId: 'P-500001' });
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        post('/v1/claims/settle', claim, { 'idempotency-key': 'http-200' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(199);
    const ids = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as Body)['id'])),
    );
    expect(ids.size).toBe(1);
    const list = (await (
      await fetch(`${server.url}/v1/settlements?claim=C-HTTP-IDEM`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).json()) as Body;
    expect(list['items']).toHaveLength(1);
  });

  it('answers 413 above the body limit and never a 500 for bad input', async () => {
    const big = post(
      '/v1/claims/settle',
      { padding: 'x'.repeat(40 * 1024) },
      { 'idempotency-key': 'big' },
    );
    const res = await big;
    expect(res.status).toBe(413);
    expect(((await res.json()) as Body)['error']['code']).toBe('payload_too_large');
    for (const body of [
      '',
      'null',
      '[]',
      '{"id":1}',
      '{"lines":"x"}',
      '\u0000',
      '{"a":'.repeat(50),
    ]) {
      const answer = await post('/v1/claims/settle', body, { 'idempotency-key': 'junk' });
      expect(answer.status, body).toBeGreaterThanOrEqual(400);
      expect(answer.status, body).toBeLessThan(500);
    }
  });

  it('closes the connection after a 413, so no later request is read from the refused body', async () => {
    const { port, hostname } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const body = JSON.stringify({ padding: 'x'.repeat(40 * 1024) });
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        resolve();
      }),
    );
    socket.write(
      `POST /v1/claims/settle HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Type: application/json\r\nIdempotency-Key: big-2\r\nContent-Length: ${body.length}\r\n` +
        `Connection: keep-alive\r\n\r\n${body}`,
    );
    await closed;
    const answer = Buffer.concat(received).toString('latin1');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /u);
    expect(answer.toLowerCase()).toContain('connection: close');
    // One answer on the socket: nothing of the refused body was taken for a second request.
    expect(answer.match(/HTTP\/1\.1 /gu)).toHaveLength(1);
  });

  it('finishes requests in flight when it shuts down, then refuses connections', async () => {
    // Each request sends its headers and half its body, so the server is inside it (not idle)
    // when the shutdown starts; the rest of the body follows only after the listener is closed.
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      partialPost(
        '/v1/claims/settle',
        JSON.stringify(
          claimJson({ id: `C-DRAIN-${i}`, personId: `P-5100${String(i).padStart(2, '0')}` }),
        ),
        { 'idempotency-key': `drain-${i}` },
      ),
    );
    await Promise.all(inFlight.map((r) => r.headersSent));
    // The server has read every request's headers (on a busy machine that may take a while):
    // only then is each connection busy rather than idle when the shutdown starts.
    for (let waited = 0; server.inFlight() < inFlight.length && waited < 30_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(server.inFlight()).toBe(inFlight.length);
    const closing = server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    for (const request of inFlight) request.finish();
    const statuses = await Promise.all(inFlight.map((r) => r.status));
    await closing;
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 201));
  });
});

/** A POST whose body is held back half-way until `finish()`. */
function partialPost(path: string, body: string, headers: Record<string, string>) {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  const url = new URL(path, server.url);
  let finish = () => {};
  let headersSent: Promise<void> = Promise.resolve();
  const status = new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(bytes.length),
          authorization: `Bearer ${key}`,
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    headersSent = new Promise((sent) =>
      req.write(bytes.subarray(0, half), () => {
        sent();
      }),
    );
    finish = () => req.end(bytes.subarray(half));
  });
  return {
    status,
    finish: () => {
      finish();
    },
    headersSent,
  };
}

describe('limits', () => {
  it('rate-limits per principal with 429 and Retry-After; another principal is unaffected', async () => {
    const app = createApp({ services, rateLimit: { perSecond: 1, burst: 5 } });
    const other = await createPrincipal(services.store, {
      id: 'rate-other',
      name: 'x',
      role: 'auditor',
      institutionCode: null,
    });
    if (!other.ok) throw new Error('principal');
    const get = (k: string) =>
      app.request('/v1/policies', { headers: { authorization: `Bearer ${k}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await get(adminKey)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await get(adminKey);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as Body)['error']['code']).toBe('rate_limited');
    expect((await get(other.value.apiKey)).status).toBe(200);
  });

  it('answers readiness 503 while draining', async () => {
    const app = createApp({ services, draining: () => true });
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not_ready', reason: 'draining' });
  });
});

describe('the access log', () => {
  it('records route patterns, statuses and principals — never patient identifiers', async () => {
    const lines: string[] = [];
    const app = createApp({ services, log: (e) => lines.push(JSON.stringify(e)) });
    const claim = claimJson({ id: 'C-LOG', personId: 'P-777123' });
    await app.request('/v1/claims/settle', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
        'idempotency-key': 'log-1',
      },
      body: JSON.stringify(claim),
    });
    await app.request('/v1/accumulators/P-777123/2025', {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({
      method: 'GET',
      route: '/v1/accumulators/:personId/:year',
      status: 200,
      principal: 'demo-hospital',
    });
    const all = lines.join('\n');
    expect(all).not.toContain('P-777123');
    expect(all).not.toContain('1962-08-19');
  });
});

describe('serving the built admin UI', () => {
  it('answers files, the app for any screen URL a browser opens, and 404 for missing assets', async () => {
    const { mkdtemp, mkdir, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'openpayer-admin-dir-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    const app = createNodeApp({ services, adminDir: dir });
    const html = { accept: 'text/html,application/xhtml+xml' };
    try {
      const asset = await app.request('/assets/app.js');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/u);
      for (const screen of ['/', '/catalog', '/settlements/stl_0001']) {
        const page = await app.request(screen);
        expect(await page.text(), screen).toContain('id="root"');
      }
      // A policy version id looks like a file extension: a browser navigation still gets the app.
      const policy = await app.request('/policies/demo-230100-2025.1', { headers: html });
      expect(await policy.text()).toContain('id="root"');
      // A script that is not there is a 404, not the app; so is a path out of the folder.
      expect((await app.request('/assets/missing.js')).status).toBe(404);
      expect((await app.request('/assets/../../package.json')).status).toBe(404);
      // The API keeps its own answers under /v1.
      const api = await app.request('/v1/me', { headers: html });
      expect(api.status).toBe(401);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
