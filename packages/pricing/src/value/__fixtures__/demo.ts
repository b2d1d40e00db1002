import { readFileSync } from 'node:fs';
import { Ratio } from '@openpayer/domain';
import { type Policy, type PolicyWire, loadPolicy } from '../../policy/policy.ts';
import type { Indicators } from '../indicators.ts';

/**
 * What the value-based payment tests share: their golden fixtures (this folder), the shipped demo
 * policy as written, and the demo policy with a fixture's rules in place of its own.
 */

/** A fixture of this folder, parsed (`name` without `.json`). */
export function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8'));
}

/** The shipped demo policy document as written. */
export const DEMO_WIRE = JSON.parse(
  readFileSync(new URL('../../../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
) as PolicyWire;

/** The demo policy document with `rules` in place of its own lists of those names. */
export const withRules = (rules: Partial<PolicyWire['parameters']>): PolicyWire => ({
  ...DEMO_WIRE,
  parameters: { ...DEMO_WIRE.parameters, ...rules },
});

/** The demo policy loaded with `rules` (throws with the issues if it does not load). */
export function policyWith(rules: Partial<PolicyWire['parameters']> = {}): Policy {
  const result = loadPolicy(withRules(rules));
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
}

/** Indicator rates as a fixture writes them ("0.82") as the models read them. */
export const indicatorsOf = (wire: Readonly<Record<string, string>>): Indicators =>
  Object.fromEntries(Object.entries(wire).map(([k, v]) => [k, Ratio.of(v)]));
