import { describe, expect, it } from 'vitest';
import { ACTIONS, PERMISSIONS, PRINCIPAL_ROLES, may } from './permissions.ts';

describe('permissions', () => {
  it('lets only administrators manage keys, catalogs and policies', () => {
    for (const action of [
      'import_catalog',
      'upload_policy',
      'activate_policy',
      'manage_principals',
      'manage_rules',
    ] as const) {
      expect(PRINCIPAL_ROLES.filter((r) => may(r, action))).toEqual(['administrator']);
    }
  });

  it('lets the roles that move money settle and reverse, and never an auditor or a reviewer', () => {
    for (const action of ['settle', 'reverse', 'request_approval'] as const) {
      expect(may('administrator', action)).toBe(true);
      expect(may('institution_integrator', action)).toBe(true);
      expect(may('auditor', action)).toBe(false);
      expect(may('reviewer', action)).toBe(false);
    }
  });

  it('lets reviewers decide approvals, and not the integrators who asked for them', () => {
    expect(may('reviewer', 'decide_approval')).toBe(true);
    expect(may('institution_integrator', 'decide_approval')).toBe(false);
  });

  it('lets reviewers run the post-payment review and release held claims; hospitals answer findings', () => {
    for (const action of ['run_review', 'release_claim'] as const) {
      expect(PRINCIPAL_ROLES.filter((r) => may(r, action))).toEqual(['administrator', 'reviewer']);
    }
    expect(may('institution_integrator', 'respond_finding')).toBe(true);
    expect(may('reviewer', 'respond_finding')).toBe(false);
  });

  it('lets every role read and pre-check', () => {
    for (const role of PRINCIPAL_ROLES) {
      expect(may(role, 'read')).toBe(true);
      expect(may(role, 'precheck')).toBe(true);
    }
  });

  it('gives every action at least one role, each a known one, named once', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ACTIONS].sort());
    for (const action of ACTIONS) {
      const roles = PERMISSIONS[action];
      expect(roles.length).toBeGreaterThan(0);
      expect(new Set(roles).size).toBe(roles.length);
      for (const role of roles) expect(PRINCIPAL_ROLES).toContain(role);
    }
  });

  it('lets an auditor do nothing that changes state', () => {
    // Reading the audit log changes nothing either (its head is signed once per tree size).
    expect(ACTIONS.filter((a) => may('auditor', a))).toEqual(['read', 'precheck', 'read_audit']);
  });
});
