import type { Issue } from '@openpayer/domain';
import { apiFetch } from '../session/session.ts';

/** What `POST /v1/claims/validate` answers (200), or the machine-readable error of a 4xx. */
export type ValidationOutcome =
  | {
      readonly kind: 'valid';
      readonly claimId: string;
      readonly lineCount: number;
      readonly totalAmount: string;
      readonly issues: readonly Issue[];
    }
  | { readonly kind: 'invalid'; readonly issues: readonly Issue[] }
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly code: string;
      readonly message: string;
    };

interface ValidationBody {
  readonly ok: boolean;
  readonly value?: {
    readonly claimId: string;
    readonly lineCount: number;
    readonly totalAmount: string;
  };
  readonly issues?: readonly Issue[];
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * Sends the text exactly as typed: the API is the one judge of the claim, including of JSON that
 * does not parse (it answers 400 `malformed_json`), so the page shows what an integrator would get.
 */
export async function validateClaimText(
  text: string,
  signal?: AbortSignal,
): Promise<ValidationOutcome> {
  const response = await apiFetch('/v1/claims/validate', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
    ...(signal ? { signal } : {}),
  });
  const body = (await response.json()) as ValidationBody;
  if (!response.ok || body.error !== undefined) {
    return {
      kind: 'rejected',
      status: response.status,
      code: body.error?.code ?? 'unexpected_response',
      message: body.error?.message ?? `the API answered ${response.status}`,
    };
  }
  if (body.ok && body.value !== undefined)
    return { kind: 'valid', ...body.value, issues: body.issues ?? [] };
  return { kind: 'invalid', issues: body.issues ?? [] };
}
