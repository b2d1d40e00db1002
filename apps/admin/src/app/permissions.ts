import type { Principal } from '../session/session.ts';

/**
 * What each role may do, as the UI reflects it (the API enforces the same rules: a hidden button
 * is a courtesy, never the check). Mirrors `allow(...)` on the API's routes.
 */
export type Action =
  | 'catalog.import'
  | 'policy.upload'
  | 'policy.activate'
  | 'approval.request'
  | 'approval.decide'
  | 'claim.settle'
  | 'settlement.reverse';

const ALLOWED: Record<Action, readonly Principal['role'][]> = {
  'catalog.import': ['administrator'],
  'policy.upload': ['administrator'],
  'policy.activate': ['administrator'],
  'approval.request': ['administrator', 'institution_integrator'],
  'approval.decide': ['administrator', 'reviewer'],
  'claim.settle': ['administrator', 'institution_integrator'],
  'settlement.reverse': ['administrator', 'institution_integrator'],
};

export function can(principal: Principal, action: Action): boolean {
  return ALLOWED[action].includes(principal.role);
}
