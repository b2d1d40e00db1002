import type { Result } from '@openpayer/domain';
import demoAnomalyRulesJson from '../../data/kpis/demo-anomaly-rules-230100.json' with { type: 'json' };
import demoBudgetsJson from '../../data/kpis/demo-budgets-230100-2025.json' with { type: 'json' };
import demoKpisJson from '../../data/kpis/demo-kpi-definitions.json' with { type: 'json' };
import { type AnomalyIssueCode, type AnomalyRuleSet, loadAnomalyRules } from './anomalies.ts';
import { type BudgetIssueCode, type BudgetSet, loadBudgets } from './budgets.ts';
import { type KpiDefinitionSet, type KpiIssueCode, loadKpiDefinitions } from './definitions.ts';

/**
 * The demo region's KPI definitions, anomaly rules and 2025 budgets (PRODUCT.md §5 and §8's
 * thresholds; the budget amounts are demo values sized to the demo ledger).
 */
export function demoKpiDefinitions(): Result<KpiDefinitionSet, KpiIssueCode> {
  const { $comment: _comment, ...wire } = demoKpisJson;
  return loadKpiDefinitions(wire);
}

export function demoAnomalyRules(kpis: KpiDefinitionSet): Result<AnomalyRuleSet, AnomalyIssueCode> {
  const { $comment: _comment, ...wire } = demoAnomalyRulesJson;
  return loadAnomalyRules(wire, kpis);
}

export function demoBudgets(kpis: KpiDefinitionSet): Result<BudgetSet, BudgetIssueCode> {
  const { $comment: _comment, ...wire } = demoBudgetsJson;
  return loadBudgets(wire, kpis);
}
