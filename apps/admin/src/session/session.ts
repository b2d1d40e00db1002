import type { PrincipalRole } from '@openpayer/domain';

/**
 * The signed-in API key. It lives in sessionStorage (gone when the tab closes) and travels as
 * `Authorization: Bearer <key>` on every API call; the UI has exactly the rights of that key.
 */

const STORAGE_KEY = 'openpayer.apiKey';

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly role: PrincipalRole;
  readonly institutionCode: string | null;
}

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, key);
}

/** fetch() with the signed-in key. */
export function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const key = storedKey();
  if (key !== null) headers.set('authorization', `Bearer ${key}`);
  return fetch(path, { ...init, headers });
}

export type SignInOutcome =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly message: string };

/** Ask the API who a key belongs to (GET /v1/me). */
export async function whoIs(key: string, signal?: AbortSignal): Promise<SignInOutcome> {
  const response = await fetch('/v1/me', {
    headers: { authorization: `Bearer ${key}` },
    ...(signal ? { signal } : {}),
  });
  const body = (await response.json()) as Principal & { error?: { message: string } };
  if (!response.ok) {
    return { ok: false, message: body.error?.message ?? `the API answered ${response.status}` };
  }
  return { ok: true, principal: body };
}
