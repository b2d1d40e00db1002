import {
  type CalendarDate,
  DEFAULT_POLICY_TIME_ZONE,
  type Issue,
  todayIn,
} from '@openpayer/domain';
import {
  POLICY_LAYERS,
  POLICY_PARAMETERS,
  type PolicyLayer,
  type PolicyParameter,
  type VersionStatus,
} from '@openpayer/pricing';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';

/**
 * What the policies screens know beyond the API: the words for layers, parameters and keys, the
 * status of a version today, and where in a YAML/JSON document an issue's path points.
 */

export const LAYER_LABELS: Readonly<Record<PolicyLayer, { en: string; zh: string }>> = {
  basic_medical_insurance: { en: 'Basic medical insurance', zh: '基本医疗保险' },
  critical_illness_insurance: { en: 'Critical illness insurance', zh: '大病保险' },
  medical_assistance: { en: 'Medical assistance', zh: '医疗救助' },
  commercial_supplementary: { en: 'Commercial supplementary insurance', zh: '商业补充保险' },
  multi_party_sharing: { en: 'Multi-party sharing', zh: '多方共付' },
  drg_case_payment: { en: 'DRG case payment', zh: 'DRG 付费' },
  dip_payment: { en: 'DIP payment', zh: 'DIP 按病种分值付费' },
  case_reconciliation: { en: 'Period reconciliation', zh: '结算清算' },
  value_based_payment: { en: 'Value-based payment', zh: '按价值付费' },
};

export const PARAMETER_LABELS: Readonly<
  Record<PolicyParameter, { en: string; zh: string; about: string }>
> = {
  firstSelfPayRatio: {
    en: 'First self-pay ratio',
    zh: '乙类先行自付比例',
    about: 'Share of a class-B item the patient pays before the policy applies.',
  },
  deductible: {
    en: 'Deductible',
    zh: '起付线',
    about: 'Per admission (a later admission in the year: subsequent) or per year.',
  },
  reimbursement: {
    en: 'Reimbursement ratio',
    zh: '报销比例',
    about: 'By band of the eligible amount above the deductible.',
  },
  annualCap: {
    en: 'Annual cap of the basic fund',
    zh: '年度最高支付限额',
    about: 'The fund never pays past it in a year.',
  },
  poolingArea: {
    en: 'Pooling area',
    zh: '统筹区',
    about:
      'The regions (each with the regions within it) whose institutions are not out-of-region care.',
  },
  outOfRegion: {
    en: 'Care outside the insured region',
    zh: '异地就医',
    about: 'The ratio replacing the bands, registered or not.',
  },
  criticalIllness: {
    en: 'Critical illness insurance',
    zh: '大病保险',
    about: 'Yearly threshold on the eligible out-of-pocket after basic insurance, then bands.',
  },
  medicalAssistance: {
    en: 'Medical assistance',
    zh: '医疗救助',
    about: 'Ratio of the remaining eligible out-of-pocket, by person category.',
  },
  commercial: {
    en: 'Commercial supplementary',
    zh: '惠民保等',
    about: 'Deductible, ratio, whether self-pay is covered, cap.',
  },
  sharing: {
    en: 'Designated therapies',
    zh: '多方共付',
    about: 'A designated therapy split in shares among parties, outside the layers.',
  },
  drgCoefficient: {
    en: 'DRG coefficient',
    zh: '调节系数',
    about: 'Multiplier on the DRG standard.',
  },
  drgOutliers: {
    en: 'DRG outliers',
    zh: '高低倍率病例',
    about: 'High-cost and low-cost cases.',
  },
  drgQualityUplift: {
    en: 'DRG quality uplift',
    zh: '质量加成',
    about: 'Weight uplift for a case without complication and a stay below the average.',
  },
  drgDomesticDeviceUplift: {
    en: 'DRG domestic device uplift',
    zh: '国产器械加成',
    about: 'Uplift when a domestic device was used.',
  },
  drgTechniqueSubgroups: {
    en: 'DRG technique subgroups',
    zh: '技术细分组',
    about: 'The same DRG paid by technique, with its own weight or standard.',
  },
  dipOutliers: {
    en: 'DIP outliers',
    zh: '高低倍率病例',
    about:
      "High-multiplier cases above highMultiple × the group's average cost, low-multiplier below lowFraction ×.",
  },
  dipHospitalCoefficient: {
    en: 'DIP hospital coefficient',
    zh: '医疗机构系数',
    about: "Multiplier on a case's points, by institution, tier or for all.",
  },
  drgWeightYear: {
    en: 'DRG weight table year',
    zh: '权重表年度',
    about: 'The weight table and base rate year a case is paid with (else the case’s own year).',
  },
  caseReconciliation: {
    en: 'Period reconciliation',
    zh: '结余留用 超支分担',
    about:
      'Of a net surplus the hospital retains a share (part to the care team); of a net overrun it bears a share.',
  },
  specialCaseReview: {
    en: 'Special-case review',
    zh: '特病单议',
    about:
      'An approved case is paid a share of its actual cost instead of its group standard; at most a share of the cases may be approved.',
  },
  itemStandards: {
    en: 'Item payment standards',
    zh: '支付标准',
    about: 'The base payment standard of an item (e.g. a gene test per test).',
  },
  temporaryPrices: {
    en: 'Temporary payment prices',
    zh: '临时支付价格',
    about:
      'An innovative therapy paid at a temporary price until it expires, re-evaluated by a date.',
  },
  lifecycleSchedules: {
    en: 'Lifecycle schedules',
    zh: '生命周期支付标准',
    about: 'A standard that steps down over the years of a maturing technology.',
  },
  standardCoefficients: {
    en: 'Standard coefficients',
    zh: '支付标准调节系数',
    about: 'Regional, population and domestic-device coefficients on an item standard.',
  },
  serviceUnits: {
    en: 'Service units',
    zh: '按服务单元付费',
    about:
      'A service paid by its units (equipment, operation) within floors and caps; consumables at purchase cost.',
  },
  caseAddOns: {
    en: 'Case add-ons',
    zh: '病种加成',
    about:
      'A fixed amount per case for a procedure and technique (robotic rectal cancer surgery …).',
  },
  capitation: {
    en: 'Capitation',
    zh: '按人头付费',
    about: 'Per member per year, with bonuses and withholds on measured indicators.',
  },
  steppedP4P: {
    en: 'Stepped P4P',
    zh: '阶梯式按绩效付费',
    about: 'A per-case standard stepped up or down by complication and survival rates.',
  },
  valueScore: {
    en: 'Value score',
    zh: '价值评分',
    about: 'Weighted outcome, cost and experience scores; a band raises or lowers the payment.',
  },
  payForResponse: {
    en: 'Pay for response',
    zh: '按疗效付费',
    about: 'A course of therapy paid on by its response at evaluation points.',
  },
  riskSharing: {
    en: 'Risk-sharing contracts',
    zh: '风险分担协议',
    about:
      'A manufacturer refunds a share of a one-time payment when the cohort outcome falls short.',
  },
  dynamicAdjustments: {
    en: 'Dynamic adjustments',
    zh: '动态调整',
    about: 'Measured facts about an item propose a new dated standard or a review.',
  },
  icerThreshold: {
    en: 'ICER threshold',
    zh: '增量成本效果比阈值',
    about: 'Cost per QALY above which a technology is not cost-effective (admission decisions).',
  },
};

/** The parameters of each layer, in the engine's order. */
export const LAYERS: readonly { layer: PolicyLayer; parameters: PolicyParameter[] }[] =
  POLICY_LAYERS.map((layer) => ({
    layer,
    parameters: (Object.keys(POLICY_PARAMETERS) as PolicyParameter[]).filter(
      (p) => POLICY_PARAMETERS[p] === layer,
    ),
  }));

export const KEY_LABELS: Readonly<Record<string, string>> = {
  region: 'Region',
  insuranceType: 'Insurance',
  tier: 'Institution level',
  claimType: 'Claim type',
  personCategory: 'Person',
  institution: 'Institution',
};

export const KEY_VALUE_LABELS: Readonly<Record<string, string>> = {
  employee: 'employee 职工',
  resident: 'resident 居民',
  primary: 'primary 基层',
  secondary: 'secondary 二级',
  tertiary: 'tertiary 三级',
  inpatient: 'inpatient 住院',
  outpatient: 'outpatient 门诊',
  chronic_outpatient: 'chronic outpatient 门诊慢特病',
  pharmacy: 'pharmacy 定点药店',
  child: 'child 儿童',
  student: 'student 学生',
  elderly: 'elderly 老年人',
  retired: 'retired 退休',
  low_income: 'low income 低保',
  extreme_poverty: 'extreme poverty 特困',
  low_income_edge: 'low-income edge 低保边缘',
  poverty_risk: 'poverty risk 防返贫监测',
  rare_disease: 'rare disease 罕见病',
  severe_disability: 'severe disability 重度残疾',
  entitled_veteran: 'entitled veteran 优抚对象',
};

export const PARTY_LABELS: Readonly<Record<string, string>> = {
  basic_fund: 'basic fund 基本医保',
  critical_illness: 'critical illness 大病保险',
  medical_assistance: 'medical assistance 医疗救助',
  commercial: 'commercial 商业保险',
  hospital: 'hospital 医院',
  manufacturer: 'manufacturer 企业',
  civil_assistance: 'civil assistance 民政',
  charity: 'charity 慈善',
  provincial_fund: 'provincial fund 省级基金',
  local_fund: 'local fund 市级基金',
  patient: 'patient 个人',
};

// ---------------------------------------------------------------------------------------------
// Version status

/** The words for `versionStates`' statuses (the rule itself is @openpayer/pricing's). */
export const STATUS_LABELS: Readonly<Record<VersionStatus, string>> = {
  active: 'Active',
  scheduled: 'Scheduled',
  superseded: 'Superseded',
  not_activated: 'Not activated',
};

/** Today in the policies' time zone (YYYY-MM-DD), whatever the reader's browser is set to. */
export function today(now = new Date()): CalendarDate {
  return todayIn(DEFAULT_POLICY_TIME_ZONE, now);
}

// ---------------------------------------------------------------------------------------------
// Issues located in the document

export type DocumentFormat = 'yaml' | 'json';

/** Guess the format of pasted text or a file: a file's extension wins, then the first character. */
export function guessFormat(text: string, fileName?: string): DocumentFormat {
  if (fileName !== undefined) {
    if (/\.json$/iu.test(fileName)) return 'json';
    if (/\.ya?ml$/iu.test(fileName)) return 'yaml';
  }
  return /^\s*[{[]/u.test(text) ? 'json' : 'yaml';
}

export interface LocatedIssue {
  readonly issue: Issue;
  /** 1-based line of the field the issue names (or of its nearest existing parent), if known. */
  readonly line: number | null;
  /** True when the line is the field itself, false when only a parent could be found. */
  readonly exact: boolean;
}

/**
 * Where each issue's path is in the text: the document is parsed with positions (the yaml
 * package reads JSON too) and the path followed key by key; a field that does not exist (a
 * missing parameter) points at its parent. A syntax issue carries its own line.
 */
export function locateIssues(text: string, issues: readonly Issue[]): LocatedIssue[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  return issues.map((issue) => {
    const line = issue.data?.['line'];
    if (typeof line === 'number') return { issue, line, exact: true };
    if (issue.code === 'policy.syntax') {
      const first = document.errors[0];
      return { issue, line: first === undefined ? null : lineAt(first.pos[0]), exact: false };
    }
    let node: unknown = document.contents;
    let found: number | null = null;
    let exact = true;
    for (const segment of issue.path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isScalar(p.key) && String(p.key.value) === String(segment),
        );
        const keyRange = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
        if (pair === undefined || keyRange === undefined || keyRange === null) {
          exact = false;
          break;
        }
        found = lineAt(keyRange[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        const range = isMap(item) || isSeq(item) || isScalar(item) ? item.range : undefined;
        if (range === undefined || range === null) {
          exact = false;
          break;
        }
        found = lineAt(range[0]);
        node = item;
      } else {
        exact = false;
        break;
      }
    }
    if (found === null && isMap(document.contents)) {
      found = lineAt(document.contents.range[0]);
    }
    return { issue, line: found, exact };
  });
}

/** The issue's path as the API prints it: parameters.reimbursement[0].value. */
export function pathText(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, segment) =>
      typeof segment === 'number'
        ? `${text}[${segment}]`
        : text === ''
          ? segment
          : `${text}.${segment}`,
    '',
  );
}
