/**
 * The remark parser's regression corpus: restriction texts (most from the 2024 national list,
 * some written in its style to cover a kind or an error class) with the structure a careful
 * human reader gives them. Written by reading each text, not by copying parser output.
 *
 * `all` lists the restrictions that must always hold, `any` the alternatives (each an all-of
 * list). Each expected restriction names its kind and the fields that matter; diagnosis entries
 * name their conditions (and prefixes where the case is about the mapping). A case whose text is
 * only partly computable says so with `structuring` and lists what must (still) have been read —
 * never more: a reading with an extra requirement fails the case.
 */

export type Expected = { readonly kind: string } & Readonly<Record<string, unknown>>;

export interface CorpusCase {
  readonly text: string;
  readonly structuring: 'complete' | 'partial' | 'unparsed' | 'none_needed';
  readonly all?: readonly Expected[];
  readonly any?: readonly (readonly Expected[])[];
  /** Why the case is here (an error class of the independent check, a kind, a look-alike). */
  readonly note?: string;
}

const dx = (...conditions: string[]): Expected => ({ kind: 'diagnosis', conditions });
const dxc = (conditions: string[], icdPrefixes: string[]): Expected => ({
  kind: 'diagnosis',
  conditions,
  icdPrefixes,
});
const ev = (test: string, result: 'positive' | 'negative', variants?: string[]): Expected =>
  variants === undefined
    ? { kind: 'evidence', test, result, variants: undefined }
    : { kind: 'evidence', test, result, variants };
const age = (minYears?: number, maxYears?: number): Expected => ({
  kind: 'age',
  minYears,
  maxYears,
});
const prior = (
  therapies: string[],
  outcomes: string[],
  require: 'any' | 'all' = 'any',
): Expected => ({ kind: 'prior_therapy', therapies, outcomes, require });
const syndromes = (...names: string[]): Expected => ({ kind: 'tcm_syndrome', syndromes: names });
const procedure = (...procedures: string[]): Expected => ({ kind: 'procedure', procedures });
const adult: Expected = age(18);
/** What EGFR敏感突变 stands for (the import settings' variantWords). */
const EGFR_SENSITISING = ['EXON19DEL', 'L858R', 'G719', 'L861Q', 'S768I'];
const child: Expected = age(undefined, 17);
const line = (minLine: number, maxLine?: number): Expected => ({
  kind: 'line_of_therapy',
  minLine,
  maxLine,
});
const tier = (minTier: 'secondary' | 'tertiary'): Expected => ({
  kind: 'institution_tier',
  minTier,
});
const inpatient: Expected = { kind: 'setting', settings: ['inpatient'] };
const outpatient: Expected = { kind: 'setting', settings: ['outpatient'] };
const course = (maxDays: number): Expected => ({ kind: 'course', maxDays });
const months = (maxMonths: number): Expected => ({ kind: 'month_limit', maxMonths });
const approval: Expected = { kind: 'approval' };
const scheme = (s: 'work_injury' | 'maternity'): Expected => ({ kind: 'scheme', schemes: [s] });
const sex = (s: 'male' | 'female'): Expected => ({ kind: 'sex', sex: s });
const lab = (
  tests: string[],
  comparator: 'gt' | 'gte' | 'lt' | 'lte',
  value: string,
  unit: string | null,
): Expected => ({ kind: 'lab', tests, comparator, value, unit });
const combo = (names: string[], require: 'any' | 'all' = 'any'): Expected => ({
  kind: 'combination',
  with: names,
  require,
});
const cap = (
  maxQuantity: string,
  window: 'lifetime' | 'first_year' | 'per_year',
  perEye: boolean,
): Expected => ({ kind: 'cumulative_quantity', maxQuantity, window, perEye });
const first = (fields: Record<string, unknown>): Expected => ({
  kind: 'first_prescription',
  ...fields,
});

const NSCLC = '非小细胞肺癌';
/** Chronic HCV infection: B18.2, and the cirrhosis after hepatitis C (alone or with others). */
const CHRONIC_HCV = [
  'B18.2',
  'K74.600x002',
  'K74.603',
  'O98.403',
  'K74.600x027',
  'K74.600x028',
  'K74.600x029',
  'K74.600x034',
  'K74.600x035',
  'K74.600x039',
  'K74.600x040',
];
/** Generalised myasthenia gravis: the list's generalised forms of G70.0 and the myasthenic crises. */
const GENERALISED_MG = [
  'G70.000x002',
  'G70.000x004',
  'G70.000x005',
  'G70.001',
  'G70.003',
  'G70.004',
  'G70.005',
  'G70.006',
  'G70.007',
];
/** Organ (not tissue or marrow) transplant status and organ failure or rejection. */
const ORGAN_TRANSPLANT = [
  'Z94.000',
  'Z94.002',
  'Z94.1',
  'Z94.2',
  'Z94.3',
  'Z94.4',
  'Z94.801',
  'Z94.803',
  '=T86.100',
  'T86.100x001',
  'T86.100x002',
  'T86.100x003',
  'T86.102',
  'T86.104',
  'T86.106',
  'T86.2',
  'T86.3',
  '=T86.400',
  'T86.400x001',
  'T86.400x003',
  'T86.400x006',
  'T86.400x007',
  'T86.400x017',
  'T86.401',
  'T86.800x011',
  'T86.800x021',
  'T86.800x807',
  'T86.800x808',
  'T86.803',
  'T86.804',
];

export const CORPUS: readonly CorpusCase[] = [
  // ── Biomarker variants ─────────────────────────────────────────────────────────────────
  {
    note: 'exon 19 deletion or L858R, one evidence with both variants',
    text: '限表皮生长因子受体(EGFR)19号外显子缺失突变或21号外显子L858R置换突变的局部晚期或转移性非小细胞肺癌(NSCLC)患者的一线治疗。',
    structuring: 'complete',
    all: [ev('EGFR', 'positive', ['EXON19DEL', 'L858R']), dx(NSCLC), line(1, 1)],
  },
  {
    note: 'exon order written the other way round',
    text: '限具有表皮生长因子受体(EGFR)外显子19缺失或外显子21(L858R)置换突变的局部晚期或转移性非小细胞肺癌(NSCLC)成人患者的一线治疗。',
    structuring: 'complete',
    all: [ev('EGFR', 'positive', ['EXON19DEL', 'L858R']), dx(NSCLC), adult, line(1, 1)],
  },
  {
    note: 'T790M after a prior TKI: the TKI read as a prior therapy, 并且 only joins the two',
    text: '限既往经表皮生长因子受体(EGFR)酪氨酸激酶抑制剂(TKI)治疗时或治疗后出现疾病进展，并且经检测确认存在EGFR T790M突变阳性的局部晚期或转移性非小细胞肺癌(NSCLC)成人患者。',
    structuring: 'complete',
    all: [prior(['EGFR-TKI'], ['failed']), ev('EGFR', 'positive', ['T790M']), dx(NSCLC), adult],
  },
  {
    text: '限EGFR T790M突变阳性的局部晚期或转移性非小细胞肺癌成人患者。',
    structuring: 'complete',
    all: [ev('EGFR', 'positive', ['T790M']), dx(NSCLC), adult],
  },
  {
    note: 'exon 20 insertion',
    text: '限表皮生长因子受体(EGFR)20号外显子插入突变的局部晚期或转移性非小细胞肺癌成人患者。',
    structuring: 'complete',
    all: [ev('EGFR', 'positive', ['EXON20INS']), dx(NSCLC), adult],
  },
  {
    text: '限既往经含铂化疗治疗出现疾病进展的表皮生长因子受体(EGFR)外显子20插入突变的局部晚期或转移性非小细胞肺癌成人患者。',
    structuring: 'complete',
    all: [prior(['含铂化疗'], ['failed']), ev('EGFR', 'positive', ['EXON20INS']), dx(NSCLC), adult],
  },
  {
    note: 'MET exon 14 skipping',
    text: '限携带间质上皮转化因子(MET)外显子14跳变的局部晚期或转移性非小细胞肺癌成人患者。',
    structuring: 'complete',
    all: [ev('MET', 'positive', ['EXON14SKIP']), dx(NSCLC), adult],
  },
  {
    text: '限MET14号外显子跳跃突变的局部晚期或转移性非小细胞肺癌患者。',
    structuring: 'complete',
    all: [ev('MET', 'positive', ['EXON14SKIP']), dx(NSCLC)],
  },
  {
    note: 'BRAF V600E',
    text: '限BRAF V600E突变阳性的不可切除或转移性黑色素瘤。',
    structuring: 'complete',
    all: [ev('BRAF', 'positive', ['V600E']), dx('黑色素瘤')],
  },
  {
    note: 'BRAF V600 (any V600 variant)',
    text: '限BRAF V600突变阳性的转移性非小细胞肺癌患者。',
    structuring: 'complete',
    all: [ev('BRAF', 'positive', ['V600']), dx(NSCLC)],
  },
  {
    note: 'ALK fusion',
    text: '限ALK融合阳性的局部晚期或转移性非小细胞肺癌患者。',
    structuring: 'complete',
    all: [ev('ALK', 'positive', ['FUSION']), dx(NSCLC)],
  },
  {
    note: 'ALK positive without a variant',
    text: '限间变性淋巴瘤激酶(ALK)阳性的局部晚期或转移性的非小细胞肺癌(NSCLC)患者。',
    structuring: 'complete',
    all: [ev('ALK', 'positive'), dx(NSCLC)],
  },
  {
    text: '限ROS1阳性的局部晚期或转移性非小细胞肺癌(NSCLC)成人患者。',
    structuring: 'complete',
    all: [ev('ROS1', 'positive'), dx(NSCLC), adult],
  },
  {
    text: '限RET融合阳性的局部晚期或转移性非小细胞肺癌成人患者。',
    structuring: 'complete',
    all: [ev('RET', 'positive', ['FUSION']), dx(NSCLC), adult],
  },
  {
    text: '限KRAS G12C突变的局部晚期或转移性非小细胞肺癌成人患者。',
    structuring: 'complete',
    all: [ev('KRAS', 'positive', ['G12C']), dx(NSCLC), adult],
  },
  {
    note: 'PDGFRA exon 18 including D842V',
    text: '限携带血小板衍生生长因子受体α(PDGFRA)外显子18突变的不可切除或转移性胃肠道间质瘤成人患者。',
    structuring: 'complete',
    all: [ev('PDGFRA', 'positive', ['EXON18']), dx('胃肠道间质瘤'), adult],
  },
  {
    text: '限：1.ALK阳性的局部晚期或转移性非小细胞肺癌患者；2.ROS1阳性的晚期非小细胞肺癌患者。',
    structuring: 'complete',
    any: [
      [ev('ALK', 'positive'), dx(NSCLC)],
      [ev('ROS1', 'positive'), dx(NSCLC)],
    ],
  },
  {
    text: '限HER2阳性的转移性乳腺癌。',
    structuring: 'complete',
    all: [ev('HER2', 'positive'), dx('乳腺癌')],
  },
  {
    text: '限BRCA突变的晚期卵巢癌患者。',
    structuring: 'complete',
    all: [ev('BRCA', 'positive'), dx('卵巢癌')],
  },
  {
    text: '限NTRK融合阳性的晚期实体瘤患者。',
    structuring: 'complete',
    all: [ev('NTRK', 'positive', ['FUSION']), dx('实体瘤')],
  },
  {
    text: '限FGFR2融合或重排的晚期胃癌患者。',
    structuring: 'complete',
    all: [ev('FGFR2', 'positive', ['FUSION']), dx('胃癌')],
  },

  // ── Negations and look-alikes ──────────────────────────────────────────────────────────
  {
    note: 'at least one chemotherapy regimen received: a prior therapy, not the second line (seed-24 check)',
    text: '限既往接受过至少一种化疗方案的复发或转移性乳腺癌患者。',
    structuring: 'complete',
    all: [prior(['化疗'], ['received']), dx('乳腺癌')],
  },
  {
    note: '表皮生长因子受体-2 is HER2, not EGFR',
    text: '限激素受体阳性、表皮生长因子受体-2阴性、绝经后晚期女性乳腺癌患者。',
    // 绝经后 (postmenopausal) is not computable: read the rest, flag it.
    structuring: 'partial',
    all: [ev('HR', 'positive'), ev('HER2', 'negative'), sex('female'), dx('乳腺癌')],
  },
  {
    text: '限激素受体(HR)阳性、人表皮生长因子受体2(HER2)阴性的局部晚期或转移性乳腺癌。',
    structuring: 'complete',
    all: [ev('HR', 'positive'), ev('HER2', 'negative'), dx('乳腺癌')],
  },
  {
    note: 'HER-2 with a hyphen',
    text: '限HER-2阳性的晚期胃癌患者。',
    structuring: 'complete',
    all: [ev('HER2', 'positive'), dx('胃癌')],
  },
  {
    text: '限人类表皮生长因子受体2(HER2)阳性的早期乳腺癌患者。',
    structuring: 'complete',
    all: [ev('HER2', 'positive'), dx('乳腺癌')],
  },
  {
    note: 'EGFR and ALK negative',
    text: '限表皮生长因子受体(EGFR)基因突变阴性和间变性淋巴瘤激酶(ALK)阴性、不可手术切除的局部晚期或转移性非鳞状非小细胞肺癌(NSCLC)的一线治疗。',
    structuring: 'complete',
    all: [ev('EGFR', 'negative'), ev('ALK', 'negative'), dx('非鳞状非小细胞肺癌'), line(1, 1)],
  },
  {
    note: '三阴性 does not turn the PD-L1-positive requirement negative',
    text: '限经充分验证的检测评估PD-L1阳性(CPS≥1)的复发或转移性三阴性乳腺癌(TNBC)的一线治疗。',
    structuring: 'complete',
    all: [
      ev('PD-L1', 'positive'),
      lab(['PD-L1 CPS'], 'gte', '1', null),
      ev('ER', 'negative'),
      ev('PR', 'negative'),
      ev('HER2', 'negative'),
      dx('乳腺癌'),
      line(1, 1),
    ],
  },
  {
    text: '限EGFR基因突变阴性的晚期非小细胞肺癌。',
    structuring: 'complete',
    all: [ev('EGFR', 'negative'), dx(NSCLC)],
  },
  {
    text: '限RAS野生型的转移性结直肠癌。',
    structuring: 'complete',
    all: [ev('RAS', 'negative'), dx('结直肠癌')],
  },
  {
    note: '肿瘤坏死因子 is not a tumour',
    text: '限对肿瘤坏死因子α(TNFα)拮抗剂应答不足的克罗恩病。',
    structuring: 'complete',
    all: [prior(['TNF抑制剂'], ['failed']), dx('克罗恩病')],
  },

  // ── Line of therapy ────────────────────────────────────────────────────────────────────
  {
    note: 'at least two prior systemic chemotherapies → line ≥ 3',
    text: '限至少经过二线系统化疗的复发或难治性经典型霍奇金淋巴瘤成人患者。',
    structuring: 'complete',
    all: [line(3), dx('经典型霍奇金淋巴瘤'), adult],
  },
  {
    text: '限既往接受过至少两种系统性治疗的复发或难治性滤泡性淋巴瘤成人患者。',
    structuring: 'complete',
    all: [line(3), dx('滤泡性淋巴瘤'), adult],
  },
  {
    text: '限既往至少接受过2种系统化疗后进展或复发的广泛期小细胞肺癌。',
    structuring: 'partial',
    all: [line(3), dx('小细胞肺癌')],
  },
  {
    text: '限既往至少接受过一种治疗的成人套细胞淋巴瘤(MCL)患者。',
    structuring: 'complete',
    all: [line(2), adult, dx('套细胞淋巴瘤')],
  },
  {
    text: '限既往至少经过一线标准治疗的复发或难治的外周T细胞淋巴瘤(PTCL)成人患者。',
    structuring: 'complete',
    all: [line(2), dx('外周T细胞淋巴瘤'), adult],
  },
  {
    text: '限既往至少接受过一线系统性治疗的复发或难治的外周T细胞淋巴瘤(r/rPTCL)成人患者。',
    structuring: 'complete',
    all: [line(2), adult, dx('外周T细胞淋巴瘤')],
  },
  {
    text: '限既往经过二线及以上化疗的晚期卵巢癌患者。',
    structuring: 'complete',
    all: [line(3), dx('卵巢癌')],
  },
  {
    text: '限既往接受过三种治疗的多发性骨髓瘤成人患者。',
    structuring: 'complete',
    all: [line(4), dx('多发性骨髓瘤'), adult],
  },
  {
    text: '限二线用药。',
    structuring: 'complete',
    all: [line(2)],
  },
  {
    text: '限中重度特应性皮炎患者的二线用药。',
    structuring: 'complete',
    all: [dx('特应性皮炎'), line(2)],
  },
  {
    text: '限：1.肝细胞癌二线治疗；2.转移性结直肠癌三线治疗；3.胃肠道间质瘤三线治疗。',
    structuring: 'complete',
    any: [
      [dx('肝细胞癌'), line(2)],
      [dx('结直肠癌'), line(3)],
      [dx('胃肠道间质瘤'), line(3)],
    ],
  },
  {
    note: 'first line and the cytokine-pretreated group: not first line only',
    text: '限晚期肾细胞癌患者的一线治疗和曾经接受过细胞因子治疗的晚期肾细胞癌的治疗。',
    structuring: 'partial',
    all: [dx('肾细胞癌')],
  },
  {
    text: '限不可切除或转移性肝细胞癌患者的一线治疗。',
    structuring: 'complete',
    all: [dx('肝细胞癌'), line(1, 1)],
  },
  {
    text: '限既往未接受过全身系统性治疗的不可切除肝细胞癌患者。',
    structuring: 'complete',
    all: [line(1, 1), dx('肝细胞癌')],
  },
  {
    note: 'a severity range is a severity (轻中度 / 中重度 are not read either)',
    text: '限轻度至中度阿尔茨海默病。',
    structuring: 'complete',
    all: [dx('阿尔茨海默病')],
  },
  {
    note: 'HBeAg is its own test (a claim records an HBeAg result as HBeAg, not as HBV)',
    text: '限HBeAg阳性的慢性乙型肝炎患者。',
    structuring: 'complete',
    all: [ev('HBeAg', 'positive'), dx('慢性乙型肝炎')],
  },
  {
    note: 'severity written with 、, here a term of its own: 轻、中度 names the codes (not 高血压3级, 恶性高血压 or the hypertensive emergencies)',
    text: '限轻、中度原发性高血压。',
    structuring: 'complete',
    all: [dx('轻、中度原发性高血压')],
  },
  {
    note: '局部复发或转移性 is a stage wording, not an alternative condition',
    text: '限局部复发或转移性鼻咽癌患者的一线治疗。',
    structuring: 'complete',
    all: [dx('鼻咽癌'), line(1, 1)],
  },
  // ── Prevention: 预防X names what is prevented, not a diagnosis ─────────────────────────
  {
    note: 'prophylaxis in the critically ill: they do not have a stress ulcer, so none is required',
    text: '限预防重症患者应激性溃疡出血。',
    structuring: 'unparsed',
    all: [],
  },
  {
    note: 'the recipients are required; the CMV infection prevented is not',
    text: '限用于接受异基因造血干细胞移植(HSCT)的巨细胞病毒(CMV)血清学阳性的成人受者[R+]预防巨细胞病毒感染和巨细胞病毒病。',
    structuring: 'partial',
    all: [dx('异基因造血干细胞移植'), ev('CMV-IgG', 'positive'), adult],
  },
  {
    note: '预防…发作: attacks of a disease the patient has, so the disease is required',
    text: '限12岁及以上患者预防遗传性血管性水肿(HAE)发作。',
    structuring: 'complete',
    all: [age(12), dx('遗传性血管性水肿')],
  },
  {
    note: 'moderate to severe UC: the 医保版 list codes severity, so the mild codes are not paid',
    text: '限对一种或多种TNF抑制剂应答不佳或不耐受或禁忌的中度至重度活动性溃疡性结肠炎成人患者。',
    structuring: 'complete',
    all: [
      prior(['TNF抑制剂'], ['failed', 'intolerant', 'contraindicated']),
      dxc(
        ['中度至重度活动性溃疡性结肠炎'],
        [
          'K51.000',
          'K51.002',
          'K51.003',
          'K51.200',
          'K51.202',
          'K51.203',
          'K51.300',
          'K51.302',
          'K51.303',
          'K51.5',
          'K51.8',
          'K51.900',
          'K51.902',
          'K51.903',
          'K51.904',
        ],
      ),
      adult,
    ],
  },
  {
    note: 'the recovery phase of the infarction has its own code (I69.300x003), not the acute I63',
    text: '限中风病中经络(轻中度脑梗塞)恢复期患者。',
    structuring: 'complete',
    all: [dxc(['中风病中经络(轻中度脑梗塞)恢复期'], ['I69.300x003'])],
  },
  {
    note: '急性期 is told by the codes: unstable angina, acute infarction, TIA — not I25 or sequelae',
    text: '限缺血性心脑血管疾病急性期住院患者 ，支付不超过14天。',
    structuring: 'complete',
    all: [
      dxc(
        ['缺血性心脑血管疾病急性期'],
        [
          'I20.0',
          'I21',
          'I22',
          'I23',
          'I24',
          'G45.0',
          'G45.1',
          'G45.2',
          'G45.3',
          'G45.8',
          'G45.9',
          'I63',
          'O99.400x033',
          'O99.431',
          'P91.0',
          'I66.900x003',
          'I66.903',
          'I67.806',
          'P29.4',
        ],
      ),
      { kind: 'setting', settings: ['inpatient'] },
      course(14),
    ],
  },
  {
    note: 'the list spells 单纯型 also as 单纯性型: background and pre-proliferative retinopathy only',
    text: '限2型糖尿病视网膜病变单纯性型。',
    structuring: 'complete',
    all: [dx('2型糖尿病视网膜病变单纯性型')],
  },
  // ── Emergency or rescue care ──────────────────────────────────────────────────────────
  {
    note: 'emergency or rescue care only',
    text: '限急救、 抢救。',
    structuring: 'complete',
    all: [{ kind: 'emergency' }],
  },
  {
    note: 'a diagnosis, in emergency care; 急性 keeps the recovery phase out',
    text: '限急性脑梗死的急救抢救。',
    structuring: 'complete',
    all: [dx('急性脑梗死'), { kind: 'emergency' }],
  },
  {
    note: 'cerebral infarction, its phase not said: the recovery phase too, not the sequelae (seed-20261221 check)',
    text: '限中重度脑梗塞、 冠心病心绞痛患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['脑梗塞', '心绞痛'],
        ['I63', 'I66.900x003', 'I66.903', 'O99.431', 'P91.000x002', 'I69.300x003', 'I20'],
      ),
    ],
  },
  {
    note: 'acute thrombotic infarction: thrombosis codes only, as 新发的急性血栓性脑梗死',
    text: '限轻-中度急性血栓性脑梗死',
    structuring: 'complete',
    all: [dxc(['急性血栓性脑梗死'], ['I63.0', 'I63.3', 'I66.903'])],
  },
  {
    note: 'febrile convulsions (R56.0), in emergency care',
    text: '限高热惊厥急救、 抢救时使用。',
    structuring: 'complete',
    all: [dxc(['高热惊厥'], ['R56.0']), { kind: 'emergency' }],
  },
  // ── TCM syndromes (中医证候) ──────────────────────────────────────────────────────────
  {
    note: 'a disease and the TCM syndrome written right after it',
    text: '限广泛性焦虑症心脾两虚证。',
    structuring: 'complete',
    all: [dx('广泛性焦虑'), syndromes('心脾两虚证')],
  },
  {
    note: 'a patent medicine: what it does (功能) is description; 症见… lists symptoms to the end',
    text: '活血行气,降脂祛浊。用于高脂血症属血瘀气滞证者,症见胸胁胀痛、心前区刺痛、胸闷、舌尖边有瘀点或瘀斑、脉弦或涩。',
    structuring: 'complete',
    all: [dx('高脂血症'), syndromes('血瘀气滞证')],
  },
  {
    note: 'a compound syndrome (two patterns at once) is one requirement',
    text: '益气、养阴、补肾。适用于轻、中度抑郁症中医辨证属气阴两虚、肾气不足证,症见情绪低落、多思善虑、健忘,舌质淡红或偏红、舌苔白或花剥,脉细弱等。',
    structuring: 'complete',
    all: [dx('轻、中度抑郁症'), syndromes('气阴两虚、肾气不足证')],
  },
  {
    note: '证属X: the pattern named after 证属, without a closing 证',
    text: '益气养血， 润肠通便 。 用于功能性便秘证属虚秘者。',
    structuring: 'complete',
    all: [dxc(['功能性便秘'], ['K59.000', 'K59.003']), syndromes('虚秘证')],
  },
  {
    note: 'the TCM name of the disease in brackets restates it; the syndrome after 中医辨证属',
    text: '补益肝肾,滋阴降火。用于女性更年期综合征(绝经前后诸证)中医辨证属肝肾阴虚证,症见烘热汗出,头晕,耳鸣。',
    structuring: 'complete',
    all: [sex('female'), dx('更年期综合征'), syndromes('肝肾阴虚证')],
  },
  {
    note: 'gouty arthritis: the joint codes of gout, not gout of the kidney or heart',
    text: '清热除湿祛风,活血通络止痛。用于急性痛风性关节炎风湿郁热证,症见关节疼痛、关节肿胀。',
    structuring: 'complete',
    all: [
      dxc(
        ['急性痛风性关节炎'],
        [
          '=M10.000',
          'M10.000x094',
          'M10.002',
          'M10.003',
          'M10.1',
          'M10.2',
          'M10.3',
          'M10.4',
          '=M10.900',
        ],
      ),
      syndromes('风湿郁热证'),
    ],
  },
  {
    note: 'a TCM disease name no ICD code holds (风温肺热病) stays for a reviewer; the syndrome is read',
    text: '清热,化痰,解毒。用于风温肺热病属风热袭肺证,症见发热,恶风,咳嗽。',
    structuring: 'partial',
    all: [syndromes('风热袭肺证')],
  },
  {
    note: '验证 is no syndrome: "经充分验证的检测方法" names how a test is done',
    text: '限经充分验证的检测方法诊断为ALK阳性的局部晚期或转移性非小细胞肺癌患者。',
    structuring: 'partial',
    all: [ev('ALK', 'positive'), dx('非小细胞肺癌')],
  },
  {
    note: "a syndrome the medicine's label names (说明书标明证候) is not named here: unread",
    text: '限有转氨酶增高的慢性乙肝患者且经过中医辨证有符合说明书标明证候的。',
    structuring: 'partial',
    all: [dx('慢性乙肝')],
  },
  {
    note: 'uncomplicated influenza (单纯性): respiratory influenza codes only, not pneumonia or encephalopathy (seed-20270102 check)',
    text: '限5至12岁以下单纯性甲型和乙型流感儿童患者。',
    structuring: 'complete',
    all: [
      age(5, 12),
      dxc(
        ['单纯性甲型和乙型流感'],
        [
          '=J10.100',
          'J10.100x001',
          'J10.100x002',
          'J10.100x003',
          'J10.100x004',
          'J10.101',
          '=J11.100',
          'J11.100x001',
          'J11.100x002',
          'J11.100x003',
          'J11.100x004',
          '=J09.x00',
        ],
      ),
    ],
  },
  {
    note: 'mild to moderate depression: the codes tell the degree, so the severe episodes stay out (seed-20270103 check)',
    text: '限轻、中度抑郁症患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['轻、中度抑郁症'],
        [
          'F32.0',
          'F32.1',
          '=F32.800',
          'F32.800x002',
          'F32.801',
          'F32.802',
          'F32.9',
          'F33.0',
          'F33.1',
          'F33.8',
          'F33.9',
          'F53.001',
          'F53.002',
        ],
      ),
    ],
  },
  {
    note: 'severe depression in adults: the severe and undegreed episodes, not the mild and moderate ones',
    text: '限成人重度抑郁症。',
    structuring: 'complete',
    all: [adult, dx('重度抑郁症')],
  },
  {
    note: 'primary liver cancer: carcinoma of the liver and its bleeding codes, not the liver sarcomas or hepatoblastoma (seed-20270104 check)',
    text: '限原发性肝癌、肺癌患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['原发性肝癌', '肺癌'],
        ['C22.0', 'C22.1', 'C22.7', 'C22.9', 'K76.814', 'K92.800x006', 'C34'],
      ),
    ],
  },
  // ── Procedures ────────────────────────────────────────────────────────────────────────
  {
    note: 'a procedure the drug is used in (cystoscopy)',
    text: '限膀胱镜检查使用。',
    structuring: 'complete',
    all: [procedure('膀胱镜检查')],
  },
  {
    note: 'either dialysis: one requirement with both procedures',
    text: '限接受血液透析(HD)或腹膜透析(PD)的成人慢性肾脏病(CKD)患者。',
    structuring: 'complete',
    all: [procedure('血液透析', '腹膜透析'), adult, dx('慢性肾脏病')],
  },
  {
    note: '非透析 rules dialysis out: nothing about it is required',
    text: '限非透析的成人慢性肾脏病(CKD)患者。',
    structuring: 'partial',
    all: [adult, dx('慢性肾脏病')],
  },
  {
    note: '尤其是 only stresses a group: dialysis is not required of the first indication',
    text: '限：1.慢性肾功能衰竭，尤其是接受血液透析患者之肾性骨营养不良症；2.低血磷性维生素D抵抗型佝偻病等。',
    structuring: 'partial',
    any: [[dx('慢性肾功能衰竭', '肾性骨营养不良')], [dx('低血磷性维生素D抵抗型佝偻病')]],
  },
  {
    note: 'one of a list of procedures (…等操作中) is no requirement of its own',
    text: '限血液透析、 体外循环、 导管术、 微血管手术等操作中及某些血液标本或器械的抗凝处理。',
    structuring: 'unparsed',
  },
  // ── Earlier therapies (prior_therapy) ────────────────────────────────────────────────
  {
    note: 'a named earlier therapy that failed',
    text: '限既往接受舒尼替尼或索拉非尼治疗失败的晚期肾细胞癌成人患者。',
    structuring: 'complete',
    all: [prior(['舒尼替尼', '索拉非尼'], ['failed']), dx('肾细胞癌'), adult],
  },
  {
    note: 'platinum-resistant: the list writes the outcome several ways',
    text: '限既往接受含铂化疗治疗失败的复发或转移性宫颈癌患者的治疗。',
    structuring: 'complete',
    all: [prior(['含铂化疗'], ['failed']), dx('宫颈癌')],
  },
  {
    note: 'failed, intolerant or contraindicated: any one of them',
    text: '限对传统治疗无效、有禁忌或不耐受的中重度特应性皮炎患者。',
    structuring: 'complete',
    all: [prior(['传统治疗'], ['failed', 'contraindicated', 'intolerant']), dx('特应性皮炎')],
  },
  {
    note: 'never given: 未经 / 未接受过',
    text: '限既往未接受过补体抑制剂治疗的阵发性睡眠性血红蛋白尿症(PNH)成人患者。',
    structuring: 'complete',
    all: [prior(['补体抑制剂'], ['not_received']), dx('阵发性睡眠性血红蛋白尿症'), adult],
  },
  {
    note: 'both therapies of a regimen (和): all required',
    text: '限经吸入型糖皮质激素和长效吸入型β2-肾上腺素受体激动剂治疗后，仍不能有效控制症状的支气管哮喘患者。',
    structuring: 'complete',
    all: [
      prior(['吸入型糖皮质激素', '长效吸入型β2-肾上腺素受体激动剂'], ['failed'], 'all'),
      dx('支气管哮喘'),
    ],
  },
  {
    note: 'A、B等: examples of a kind, any one suffices',
    text: '限既往对糖皮质激素、免疫球蛋白等治疗反应不佳的慢性原发免疫性血小板减少症(ITP)成人患者。',
    structuring: 'complete',
    all: [prior(['糖皮质激素', '免疫球蛋白'], ['failed']), dx('慢性原发免疫性血小板减少症'), adult],
  },
  {
    note: 'the therapies named in brackets after the number of lines',
    text: '限既往接受过至少两种治疗(包括来那度胺和一种蛋白酶体抑制剂)的多发性骨髓瘤成人患者。',
    structuring: 'complete',
    all: [
      line(3),
      prior(['来那度胺', '蛋白酶体抑制剂'], ['received'], 'all'),
      dx('多发性骨髓瘤'),
      adult,
    ],
  },
  {
    note: '不宜: patients refractory to the regimen are excluded, not required — nothing read there',
    text: '限既往接受过至少2种系统性治疗方案的多发性骨髓瘤成人患者，既往含免疫调节剂方案难治的患者不宜接受本联合方案治疗。',
    structuring: 'partial',
    all: [line(3), dx('多发性骨髓瘤'), adult],
  },
  {
    note: 'EGFR-TKI written out, progression during or after it',
    text: '限经表皮生长因子受体(EGFR)酪氨酸激酶抑制剂(TKI)治疗后进展的EGFR基因突变阳性的局部晚期或转移性非鳞状非小细胞肺癌(NSCLC)患者的治疗。',
    structuring: 'complete',
    all: [prior(['EGFR-TKI'], ['failed']), ev('EGFR', 'positive'), dx('非鳞状非小细胞肺癌')],
  },
  {
    text: '限三线治疗的转移性结直肠癌。',
    structuring: 'complete',
    all: [line(3), dx('结直肠癌')],
  },

  // ── First prescription ─────────────────────────────────────────────────────────────────
  {
    note: 'first prescription only, not an unconditional tier rule',
    text: '限二甲双胍等口服降糖药或胰岛素控制效果不佳的BMI≥25的患者，首次处方时需由二级及以上医疗机构专科医师开具处方。',
    structuring: 'complete',
    all: [
      prior(['口服降糖药', '胰岛素'], ['failed']),
      lab(['BMI'], 'gte', '25', null),
      first({ minTier: 'secondary', specialist: true }),
    ],
  },
  {
    text: '限2型糖尿病患者，首次处方时需由二级及以上医疗机构专科医师开具处方。',
    structuring: 'complete',
    all: [dx('2型糖尿病'), first({ minTier: 'secondary', specialist: true })],
  },
  {
    note: 'first prescription written the other way round',
    text: '限经二级及以上医疗机构专科医师首次处方的2型糖尿病患者。',
    structuring: 'complete',
    all: [first({ minTier: 'secondary', specialist: true }), dx('2型糖尿病')],
  },
  {
    text: '首次处方需由三级医院医师开具。',
    structuring: 'complete',
    all: [first({ minTier: 'tertiary', specialist: false })],
  },
  {
    text: '限首次处方时由三级医院副主任医师及以上开具处方。',
    structuring: 'complete',
    all: [first({ minTier: 'tertiary', minTitle: 'associate_chief', specialist: false })],
  },

  // ── Lead-in clauses ────────────────────────────────────────────────────────────────────
  {
    note: 'lead-in month limit applies to every item',
    text: '限以下情况方可支付，且支付不超过12个月：1.HER2阳性的乳腺癌患者的辅助治疗；2.HER2阳性的转移性胃癌患者。',
    structuring: 'partial',
    all: [months(12)],
    any: [
      [ev('HER2', 'positive'), dx('乳腺癌')],
      [ev('HER2', 'positive'), dx('胃癌')],
    ],
  },
  {
    note: 'lead-in evidence and age',
    text: '限以下CD30阳性的成人患者：1.复发或难治性系统性间变性大细胞淋巴瘤；2.复发或难治性经典型霍奇金淋巴瘤。',
    structuring: 'complete',
    all: [ev('CD30', 'positive'), adult],
    any: [[dx('间变性大细胞淋巴瘤')], [dx('经典型霍奇金淋巴瘤')]],
  },
  {
    note: 'lead-in adult',
    text: '限成人：1.类风湿关节炎；2.强直性脊柱炎。',
    structuring: 'complete',
    all: [adult],
    any: [[dx('类风湿关节炎')], [dx('强直性脊柱炎')]],
  },
  {
    text: '限儿童：1.癫痫；2.婴儿痉挛症。',
    structuring: 'complete',
    all: [child],
    any: [[dx('癫痫')], [dx('婴儿痉挛症')]],
  },
  {
    text: '限二级及以上医疗机构：1.重症感染；2.中枢神经系统感染。',
    structuring: 'partial',
    all: [tier('secondary')],
  },
  {
    text: '限以下情况方可支付：1.类风湿关节炎；2.强直性脊柱炎。',
    structuring: 'complete',
    any: [[dx('类风湿关节炎')], [dx('强直性脊柱炎')]],
  },

  // ── Descriptive sentences and scoped rules ────────────────────────────────────────────
  {
    note: 'a safety note about 0–6-year-olds is not an age requirement',
    text: '限法布雷病患者。尚未确定本品在0-6岁儿童中的安全性和有效性。',
    structuring: 'complete',
    all: [dx('法布雷病')],
  },
  {
    note: 'a duration rule for hepatitis is not a second required diagnosis',
    text: '限白血病、黑色素瘤、肾癌、多发性骨髓瘤、丙肝、慢性活动性乙肝。丙肝、慢性活动性乙肝连续使用6个月无效时停药，连续使用不超过12个月。',
    structuring: 'partial',
    all: [dx('白血病', '黑色素瘤', '肾癌', '多发性骨髓瘤', '丙肝', '慢性活动性乙肝')],
  },
  {
    text: '限：1.既往至少接受过一种治疗的套细胞淋巴瘤患者的治疗；2.华氏巨球蛋白血症患者的治疗，按说明书用药。',
    structuring: 'complete',
    any: [[line(2), dx('套细胞淋巴瘤')], [dx('华氏巨球蛋白血症')]],
  },
  {
    note: 'alternatives joined by 或 are alternatives (diagnoses any-of)',
    text: '限十二指肠溃疡或胃食管反流病。',
    structuring: 'complete',
    all: [
      dxc(
        ['十二指肠溃疡', '胃食管反流病'],
        [
          'K26.0',
          'K26.1',
          'K26.2',
          'K26.3',
          '=K26.400',
          'K26.401',
          'K26.5',
          'K26.6',
          'K26.7',
          'K26.9',
          'K27.900x001',
          'K27.900x002',
          'K27.400x002',
          'K27.500x002',
          'K27.600x001',
          'K21',
          'P78.806',
          'P92.100x001',
        ],
      ),
    ],
  },
  {
    text: '限急诊或住院患者。',
    structuring: 'unparsed',
    all: [],
  },
  {
    note: 'two conditions that must both hold: two diagnoses, not one of',
    text: '限有糖尿病诊断且有冠心病诊断的患者。',
    structuring: 'complete',
    all: [dx('糖尿病'), dx('冠心病')],
  },
  {
    text: '限缺血性心脑血管疾病急性期住院患者；限耳部血流及神经障碍患者。支付不超过14天。',
    structuring: 'partial',
    all: [course(14)],
  },

  // ── Lab thresholds ─────────────────────────────────────────────────────────────────────
  {
    text: '限AST或ALT大于120U/L的患者。',
    structuring: 'complete',
    all: [lab(['AST', 'ALT'], 'gt', '120', 'U/L')],
  },
  {
    text: '限ALT大于2倍正常值上限的慢性乙型肝炎患者。',
    structuring: 'complete',
    all: [lab(['ALT'], 'gt', '2', '×ULN'), dx('慢性乙型肝炎')],
  },
  {
    text: '限ALT>3×ULN的慢性乙型肝炎患者。',
    structuring: 'complete',
    all: [lab(['ALT'], 'gt', '3', '×ULN'), dx('慢性乙型肝炎')],
  },
  {
    text: '限BMI≥28kg/m2的成人2型糖尿病患者。',
    structuring: 'complete',
    all: [lab(['BMI'], 'gte', '28', 'kg/m2'), adult, dx('2型糖尿病')],
  },
  {
    text: '限eGFR≥30ml/min/1.73m2的2型糖尿病患者。',
    structuring: 'complete',
    all: [lab(['eGFR'], 'gte', '30', 'ml/min/1.73m2'), dx('2型糖尿病')],
  },
  {
    text: '限估算肾小球滤过率<15mL/min/1.73m2的慢性肾脏病患者。',
    structuring: 'complete',
    all: [lab(['eGFR'], 'lt', '15', 'mL/min/1.73m2'), dx('慢性肾脏病')],
  },
  {
    text: '限DAS28评分>5.1的类风湿关节炎患者。',
    structuring: 'complete',
    all: [lab(['DAS28'], 'gt', '5.1', null), dx('类风湿关节炎')],
  },
  {
    text: '限抢救、重症或因肝硬化、癌症引起胸腹水的患者，且白蛋白低于30g/L。',
    note: 'which part 或 joins cannot be told: nothing structured (the diagnosis is one alternative)',
    structuring: 'unparsed',
    all: [],
  },
  {
    text: '限射血分数降低的慢性心力衰竭(LVEF≤40%)成人患者。',
    structuring: 'partial',
    all: [lab(['LVEF'], 'lte', '40', '%'), adult, dx('慢性心力衰竭')],
  },
  {
    text: '限SLEDAI评分≥8的系统性红斑狼疮成人患者。',
    structuring: 'complete',
    all: [lab(['SLEDAI'], 'gte', '8', null), dx('系统性红斑狼疮'), adult],
  },
  {
    text: '限AFP≥400ng/mL的肝细胞癌患者的二线治疗。',
    structuring: 'complete',
    all: [lab(['AFP'], 'gte', '400', 'ng/mL'), dx('肝细胞癌'), line(2)],
  },
  {
    text: '限糖化血红蛋白≥7.0%的2型糖尿病患者。',
    structuring: 'complete',
    all: [lab(['HbA1c'], 'gte', '7.0', '%'), dx('2型糖尿病')],
  },
  {
    note: 'antibody positive is evidence',
    text: '限抗水通道蛋白4抗体(AQP4-IgG)阳性的视神经脊髓炎谱系疾病(NMOSD)成人患者。',
    structuring: 'complete',
    all: [ev('AQP4-IgG', 'positive'), dx('视神经脊髓炎谱系疾病'), adult],
  },
  {
    text: '限抗乙酰胆碱受体(AChR)抗体阳性的全身型重症肌无力(gMG)成人患者。',
    // 全身型 (generalised) is told by the list's generalised forms of G70.0, not by G70.0 itself.
    structuring: 'complete',
    all: [ev('AChR', 'positive'), dxc(['全身型重症肌无力'], GENERALISED_MG), adult],
  },

  // ── Combination ────────────────────────────────────────────────────────────────────────
  {
    text: '限与脂肪乳、氨基酸等肠外营养药物配合使用时支付，单独使用不予支付。',
    structuring: 'complete',
    all: [combo(['脂肪乳', '氨基酸', '肠外营养药物'], 'any')],
  },
  {
    text: '限与肠外营养药物配合使用时支付，单独使用不予支付。',
    structuring: 'complete',
    all: [combo(['肠外营养药物'])],
  },
  {
    text: '限配合肠外营养用。',
    structuring: 'complete',
    all: [combo(['肠外营养'])],
  },
  {
    text: '限与依维莫司联合，用于既往接受过酪氨酸激酶抑制剂治疗失败的晚期肾细胞癌(RCC)患者。',
    structuring: 'complete',
    all: [combo(['依维莫司']), prior(['酪氨酸激酶抑制剂'], ['failed']), dx('肾细胞癌')],
  },
  {
    text: '限联合奥妥珠单抗用于既往接受过至少二线系统性治疗的复发或难治性滤泡性淋巴瘤(FL)成人患者。',
    structuring: 'complete',
    all: [combo(['奥妥珠单抗'], 'all'), line(3), adult, dx('滤泡性淋巴瘤')],
  },
  {
    text: '限与芳香化酶抑制剂联合使用作为绝经后女性乳腺癌患者的初始内分泌治疗。',
    structuring: 'partial',
    all: [combo(['芳香化酶抑制剂']), sex('female'), dx('乳腺癌')],
  },
  {
    note: '"也可与顺铂联合" is optional, not required',
    text: '限卵巢癌的一线化疗，也可与顺铂联合应用。',
    structuring: 'partial',
    all: [dx('卵巢癌')],
  },

  // ── Caps, months, courses ──────────────────────────────────────────────────────────────
  {
    text: '限湿性年龄相关性黄斑变性。应同时符合以下条件：1.事前审查后方可用；2.每眼累计最多支付9支，第1年度最多支付5支。',
    // The 医保版 list tells wet from dry by extension code (H35.300x011 湿性).
    structuring: 'complete',
    all: [
      dxc(['湿性年龄相关性黄斑变性'], ['H35.300x011']),
      approval,
      cap('9', 'lifetime', true),
      cap('5', 'first_year', true),
    ],
  },
  {
    text: '每眼累计最多支付5支，每个年度最多支付2支。',
    structuring: 'complete',
    all: [cap('5', 'lifetime', true), cap('2', 'per_year', true)],
  },
  {
    text: '限HER2阳性早期乳腺癌患者的辅助治疗，支付不超过12个月。',
    structuring: 'partial',
    all: [ev('HER2', 'positive'), dx('乳腺癌'), months(12)],
  },
  {
    text: '限慢性乙型肝炎患者，连续使用不超过12个月。',
    structuring: 'complete',
    all: [dx('慢性乙型肝炎'), months(12)],
  },
  {
    text: '支付不超过14天。',
    structuring: 'complete',
    all: [course(14)],
  },
  {
    note: '急性 is told by the codes: not the sequelae (I69.3, I69.801) nor 慢性缺血性脑血管病',
    text: '限急性缺血性脑血管疾病，支付不超过14天。',
    structuring: 'complete',
    all: [dx('急性缺血性脑血管疾病'), course(14)],
  },
  {
    text: '限二级及以上医疗机构脑梗死恢复期患者，单次住院最多支付14天。',
    // The recovery phase has its own code: not the acute infarction of I63.
    structuring: 'complete',
    all: [tier('secondary'), dxc(['脑梗死恢复期'], ['I69.300x003']), course(14)],
  },
  {
    note: 'thrombotic infarction only (I63.0, I63.3); a new infarction is I63, an old one I69.3',
    text: '限新发的急性血栓性脑梗死，支付不超过14天。',
    structuring: 'complete',
    all: [course(14), dxc(['新发的急性血栓性脑梗死'], ['I63.0', 'I63.3', 'I66.903'])],
  },
  {
    text: '限脑外伤所致的脑功能障碍患者，支付不超过14天。',
    structuring: 'complete',
    all: [
      course(14),
      dxc(
        ['脑外伤所致的脑功能障碍'],
        ['S06', 'T90.5', 'F07.2', 'F07.800x003', 'F06.302', 'F06.802', 'F04.x00x001'],
      ),
    ],
  },

  // ── Diagnoses and abbreviations ───────────────────────────────────────────────────────
  {
    note: 'NSCLC written as an abbreviation',
    text: '限EGFR敏感突变的晚期NSCLC患者。',
    structuring: 'complete',
    all: [ev('EGFR', 'positive', EGFR_SENSITISING), dxc([NSCLC], ['C34'])],
  },
  {
    text: '限广泛期小细胞肺癌(ES-SCLC)的一线治疗。',
    structuring: 'partial',
    all: [dx('小细胞肺癌'), line(1, 1)],
  },
  {
    text: '限慢性髓性白血病(CML)慢性期成人患者。',
    structuring: 'complete',
    all: [dx('慢性髓性白血病(CML)慢性期'), adult],
  },
  {
    text: '限Ph+CML患者。',
    structuring: 'complete',
    all: [
      ev('BCR-ABL', 'positive'),
      // Not 慢性髓单核细胞性白血病 C92.100x004/x014 (CMML) inside C92.1.
      dxc(
        ['慢性髓性白血病'],
        [
          '=C92.100',
          'C92.100x001',
          'C92.100x002',
          'C92.100x011',
          'C92.100x012',
          'C92.100x016',
          'C92.100x017',
          'C92.100x018',
          'C92.100x019',
          'C92.101',
          'C92.102',
          'C92.103',
          'C92.200x001',
          'C92.200x011',
        ],
      ),
    ],
  },
  {
    text: '限复发或难治性ALL成人患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['急性淋巴细胞白血病'],
        ['C91.000', 'C91.001', 'C91.002', 'C91.003', 'C91.005', 'C91.006', 'C91.007', 'C91.008'],
      ),
      adult,
    ],
  },
  {
    text: '限AML患者。',
    structuring: 'complete',
    all: [dx('急性髓系白血病')],
  },
  {
    text: '限不可切除的HCC患者的一线治疗。',
    structuring: 'complete',
    all: [
      dxc(
        ['肝细胞癌'],
        [
          'C22.0',
          'K76.814',
          'K92.800x006',
          'M81700/3',
          'M81700/6',
          'M81710/3',
          'M81720/3',
          'M81730/3',
          'M81740/3',
          'M81750/3',
        ],
      ),
      line(1, 1),
    ],
  },
  {
    text: '限复发或难治性DLBCL成人患者。',
    structuring: 'complete',
    all: [dxc(['弥漫大B细胞淋巴瘤'], ['C83.3', 'C85.100x010']), adult],
  },
  {
    note: 'C64 holds nephroblastoma too: RCC by its morphology, at C64 or any site',
    text: '限晚期RCC患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['肾细胞癌'],
        ['C64', 'M83120/3', 'M83120/6', 'M83121/3', 'M83160/3', 'M83170/3', 'M83180/3', 'M83190/3'],
      ),
    ],
  },
  {
    text: '限成人慢性淋巴细胞白血病(CLL)/小淋巴细胞淋巴瘤(SLL)患者。',
    structuring: 'complete',
    all: [
      adult,
      dxc(
        ['慢性淋巴细胞白血病', '小淋巴细胞淋巴瘤'],
        ['C91.100', 'M98230/3', 'C83.000', 'C83.004', 'M96701/3'],
      ),
    ],
  },
  {
    note: 'AML inside TSC-AML is angiomyolipoma, not leukaemia',
    text: '限结节性硬化症相关的肾血管平滑肌脂肪瘤(TSC-AML)成人患者。',
    // "A相关的B" is A and B, not A or B; never acute myeloid leukaemia.
    structuring: 'complete',
    all: [dxc(['结节性硬化症'], ['Q85.1']), dxc(['肾血管平滑肌脂肪瘤'], ['D30.0']), adult],
  },
  {
    text: '限二级及以上医疗机构的冠心病稳定型心绞痛患者。',
    structuring: 'complete',
    all: [tier('secondary'), dxc(['稳定型心绞痛'], ['I20.801', 'I20.803', 'I20.806', 'I20.807'])],
  },
  {
    text: '限慢性阻塞性肺疾病。',
    structuring: 'complete',
    all: [
      dxc(
        ['慢性阻塞性肺疾病'],
        [
          'J44.0',
          'J44.1',
          '=J44.800',
          'J44.801',
          'J44.802',
          'J44.803',
          'J44.805',
          'J44.806',
          'J44.807',
          'J44.9',
          'J43.904',
        ],
      ),
    ],
  },
  {
    text: '限艾滋病病毒感染。',
    structuring: 'complete',
    all: [dx('艾滋病病毒感染')],
  },
  {
    text: '限2型糖尿病患者。',
    structuring: 'complete',
    all: [dxc(['2型糖尿病'], ['E11', 'O24.1', 'N48.400x008'])],
  },
  {
    text: '限特发性肺纤维化。',
    structuring: 'complete',
    all: [dxc(['特发性肺纤维化'], ['J84.104', 'J84.100x006'])],
  },
  {
    text: '限： 1.十二指肠溃疡； 2.反流性食管炎。',
    structuring: 'complete',
    any: [[dx('十二指肠溃疡')], [dx('反流性食管炎')]],
  },
  {
    text: '限肿瘤患者。',
    structuring: 'complete',
    all: [dx('肿瘤患者')],
  },
  {
    text: '限癫痫患者。',
    structuring: 'complete',
    all: [dx('癫痫')],
  },
  {
    text: '限乳腺增生。',
    structuring: 'complete',
    all: [dx('乳腺增生')],
  },
  {
    text: '限变应性鼻炎。',
    structuring: 'complete',
    all: [dx('变应性鼻炎')],
  },
  {
    text: '限慢性支气管炎、慢性肾功能不全的患者。',
    structuring: 'complete',
    all: [dx('慢性支气管炎', '慢性肾功能不全')],
  },

  // ── Age and sex ────────────────────────────────────────────────────────────────────────
  {
    text: '限儿童患者。',
    structuring: 'complete',
    all: [child],
  },
  {
    text: '限成人复发型多发性硬化。',
    // Relapsing forms have codes (relapsing-remitting, secondary progressive, progressive
    // relapsing); primary progressive G35.x02 is not paid.
    structuring: 'complete',
    all: [adult, dxc(['复发型多发性硬化'], ['G35.x01', 'G35.x03', 'G35.x04'])],
  },
  {
    note: 'idiopathic or heritable PAH (I27.0) or PAH with a congenital shunt (Eisenmenger, I27.801), not every group-1 code',
    text: '限3-12岁特发性或先天性肺动脉高压患者。',
    structuring: 'complete',
    all: [age(3, 12), dxc(['特发性或先天性肺动脉高压'], ['I27.0', 'I27.801'])],
  },
  {
    text: '限12岁及以上患者预防遗传性血管性水肿(HAE)发作。',
    structuring: 'complete',
    all: [age(12), dx('遗传性血管性水肿')],
  },
  {
    text: '限成人和12至<18岁青少年的慢性丙型肝炎病毒(HCV)感染。',
    structuring: 'complete',
    all: [age(12), dxc(['慢性丙型肝炎病毒(HCV)感染'], CHRONIC_HCV)],
  },
  {
    text: '限6-17岁儿童和青少年的注意缺陷多动障碍(ADHD)。',
    structuring: 'complete',
    all: [age(6, 17), dx('注意缺陷多动障碍')],
  },
  {
    text: '限2岁至11岁儿童慢性便秘。',
    structuring: 'complete',
    all: [age(2, 11), dx('慢性便秘')],
  },
  {
    text: '限≥12岁青少年及成人患者。',
    structuring: 'complete',
    all: [age(12)],
  },
  {
    note: 'primary ITP: the list codes it as ITP (D69.3, D69.400x002), an alias',
    text: '限成人(≥18周岁)慢性原发免疫性血小板减少症患者。',
    structuring: 'complete',
    all: [
      age(18),
      dxc(['慢性原发免疫性血小板减少症'], ['=D69.3', 'D69.300', 'D69.301', 'D69.400x002']),
    ],
  },
  {
    text: '限女性患者。',
    structuring: 'complete',
    all: [sex('female')],
  },
  {
    text: '限男性性腺功能减退症。',
    structuring: 'partial',
    all: [sex('male')],
  },
  {
    text: '限绝经后女性骨质疏松症。',
    // The dictionary's term 绝经后女性骨质疏松 (M80.0, M81.0) says female itself.
    structuring: 'complete',
    all: [dxc(['绝经后女性骨质疏松'], ['M80.0', 'M81.0'])],
  },
  {
    text: '限成人、儿童和青少年的法布雷病患者。',
    structuring: 'complete',
    all: [dxc(['法布雷病'], ['E75.205', 'E75.200x013'])],
  },

  // ── Tier, setting, scheme, approval, prescriber ───────────────────────────────────────
  {
    text: '限二级及以上医疗机构。',
    structuring: 'complete',
    all: [tier('secondary')],
  },
  {
    note: '三级 is the top tier: 三级医院 without 及以上 is tertiary all the same',
    text: '限三级医院使用。',
    structuring: 'complete',
    all: [tier('tertiary')],
  },
  {
    text: '限三级及以上医疗机构。',
    structuring: 'complete',
    all: [tier('tertiary')],
  },
  {
    text: '限二级及以上医疗机构癌症患者。',
    structuring: 'complete',
    all: [tier('secondary'), dx('癌症')],
  },
  {
    text: '限住院患者。',
    structuring: 'complete',
    all: [inpatient],
  },
  {
    text: '限门诊使用。',
    structuring: 'complete',
    all: [outpatient],
  },
  {
    text: '限工伤保险。',
    structuring: 'complete',
    all: [scheme('work_injury')],
  },
  {
    text: '限生育保险。',
    structuring: 'complete',
    all: [scheme('maternity')],
  },
  {
    text: '限事前审查后方可使用。',
    structuring: 'complete',
    all: [approval],
  },
  {
    text: '限重度感染患者，经审批后方可使用。',
    structuring: 'partial',
    all: [approval],
  },
  {
    text: '限需经营养风险筛查，明确具有营养风险的住院患者方予支付。',
    structuring: 'partial',
    all: [ev('NRS2002', 'positive'), inpatient],
  },
  {
    text: '限有明确药敏试验证据的患者。',
    structuring: 'complete',
    all: [ev('SUSCEPTIBILITY', 'positive')],
  },
  {
    text: '◇',
    structuring: 'none_needed',
  },
  {
    text: '',
    structuring: 'none_needed',
  },

  // ── Not computable: left for an administrator, never read wrongly ────────────────────
  {
    text: '限胃肠镜检查和腹部影像学检查。',
    structuring: 'unparsed',
    all: [],
  },
  {
    text: '限放化疗且吞咽困难的患者。',
    structuring: 'unparsed',
    all: [],
  },
  {
    text: '限急救、抢救。',
    structuring: 'complete',
    all: [{ kind: 'emergency' }],
  },
  {
    note: '手术患者 needs a list of operations: ICD-9-CM-3 chapters 01–86 hold acupuncture, dialysis, punctures',
    text: '限手术患者或产后出血患者。',
    structuring: 'unparsed',
    all: [],
  },
  {
    text: '限：1.十二指肠溃疡；2.放化疗且吞咽困难的患者。',
    // An unread alternative would make the any-of too narrow: none kept.
    structuring: 'unparsed',
    all: [],
  },
  {
    text: '限前次化疗曾发生重度中性粒细胞减少的患者。',
    structuring: 'partial',
    all: [dx('中性粒细胞减少')],
  },
  {
    text: '限头孢菌素耐药或重症感染患者。',
    structuring: 'unparsed',
    all: [],
  },
  {
    text: '因胰岛素抵抗无法使用葡萄糖的抢救患者，果糖总量每日不超过50g。',
    structuring: 'partial',
    all: [{ kind: 'emergency' }],
  },
  {
    text: '阿柏西普、雷珠单抗、康柏西普、法瑞西单抗的药品支数合并计算。',
    structuring: 'unparsed',
    all: [],
  },
  {
    note: 'a baseline condition at first prescription is not a first-prescription prescriber rule',
    text: '首次处方时病眼基线矫正视力0.05-0.5。',
    structuring: 'unparsed',
    all: [],
  },
  {
    note: 'an inadequate response after 3–6 months of cDMARDs is their failure, not just their use',
    text: '限诊断明确的类风湿关节炎经传统DMARDs治疗3-6个月疾病活动度下降低于50%者。',
    structuring: 'complete',
    all: [dx('类风湿关节炎'), prior(['cDMARDs'], ['failed'])],
  },
  {
    note: 'the bracket restates what the ankylosing-spondylitis codes leave out (nr-axSpA)',
    text: '限诊断明确的强直性脊柱炎(不含放射学前期中轴性脊柱关节炎)NSAIDs充分治疗3个月疾病活动度下降低于50%者。',
    structuring: 'complete',
    all: [
      dxc(['强直性脊柱炎(不含放射学前期中轴性脊柱关节炎)'], ['M45', 'M40.101', 'O99.800x216']),
      prior(['NSAID'], ['failed']),
    ],
  },

  // ── More look-alikes and joined tests ─────────────────────────────────────────────────
  {
    note: 'RAS/BRAF wild type: both required',
    text: '限与FOLFIRI方案联合用于一线治疗RAS/BRAF基因野生型的转移性结直肠癌。',
    structuring: 'complete',
    all: [
      combo(['FOLFIRI方案']),
      line(1, 1),
      ev('RAS', 'negative'),
      ev('BRAF', 'negative'),
      dx('结直肠癌'),
    ],
  },
  {
    note: 'ALK/ROS1阳性 could be either one: neither is required',
    text: '限ALK/ROS1阳性的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx(NSCLC)],
  },
  {
    text: '限三阴性乳腺癌。',
    structuring: 'complete',
    all: [ev('ER', 'negative'), ev('PR', 'negative'), ev('HER2', 'negative'), dx('乳腺癌')],
  },
  {
    text: '限HER-2阴性的晚期乳腺癌。',
    structuring: 'complete',
    all: [ev('HER2', 'negative'), dx('乳腺癌')],
  },
  {
    text: '限PD-L1表达阳性(TPS≥50%)的非小细胞肺癌一线治疗。',
    structuring: 'complete',
    all: [ev('PD-L1', 'positive'), lab(['PD-L1 TPS'], 'gte', '50', '%'), dx(NSCLC), line(1, 1)],
  },
  {
    text: '限ALT或AST≥2倍ULN的慢性乙型肝炎患者。',
    structuring: 'complete',
    all: [lab(['ALT', 'AST'], 'gte', '2', '×ULN'), dx('慢性乙型肝炎')],
  },
  {
    text: '限既往接受过二线及以上治疗的多发性骨髓瘤患者。',
    structuring: 'complete',
    all: [line(3), dx('多发性骨髓瘤')],
  },
  {
    text: '限二线及以上治疗的晚期胃癌。',
    structuring: 'complete',
    all: [line(2), dx('胃癌')],
  },
  {
    text: '限SCLC患者的二线治疗。',
    structuring: 'complete',
    all: [dxc(['小细胞肺癌'], ['C34']), line(2)],
  },
  {
    text: '限成人患者，支付不超过6个月。',
    structuring: 'complete',
    all: [adult, months(6)],
  },
  {
    text: '限每年最多支付2支。',
    structuring: 'complete',
    all: [cap('2', 'per_year', false)],
  },
  {
    text: '限中风病中经络(轻中度脑梗死)恢复期患者。',
    // The recovery phase has its own code: I69.300x003, not the acute infarction.
    structuring: 'complete',
    all: [dxc(['中风病中经络(轻中度脑梗死)恢复期'], ['I69.300x003'])],
  },
  {
    text: '限费城染色体阳性的慢性髓性白血病(Ph+CML)慢性期成人患者。',
    // The chronic phase has codes: not the blast crisis (C92.103, C92.100x002/x012/x017), the
    // accelerated phase or CMML (C92.100x004/x014), which C92.100 as a prefix would take.
    structuring: 'complete',
    all: [
      ev('BCR-ABL', 'positive'),
      dxc(
        ['慢性髓性白血病(Ph+CML)慢性期'],
        [
          '=C92.100',
          'C92.100x001',
          'C92.100x011',
          'C92.100x016',
          'C92.100x018',
          'C92.100x019',
          'C92.101',
          'C92.102',
        ],
      ),
      adult,
    ],
  },
  {
    note: 'Ph+ is a positive result by itself',
    text: '限Ph+ALL成人患者。',
    structuring: 'complete',
    all: [
      ev('BCR-ABL', 'positive'),
      dxc(
        ['急性淋巴细胞白血病'],
        ['C91.000', 'C91.001', 'C91.002', 'C91.003', 'C91.005', 'C91.006', 'C91.007', 'C91.008'],
      ),
      adult,
    ],
  },

  // ── Condition terms that carry their qualifier ────────────────────────────────────────
  {
    note: 'bleeding ulcer: only the haemorrhage subcategories of K25, K26 and of the peptic ulcer of unstated site (not stress ulcers)',
    text: '限伴有出血的胃、十二指肠溃疡。',
    structuring: 'complete',
    all: [
      dxc(
        ['伴有出血的胃、十二指肠溃疡'],
        [
          '=K25.000',
          'K25.000x001',
          'K25.001',
          'K25.2',
          'K25.4',
          'K25.6',
          'K26.0',
          'K26.2',
          '=K26.400',
          'K26.401',
          'K26.6',
          'K27.400x002',
          'K27.600x001',
          'K91.800x103',
          'K27.000',
          'K27.200',
          '=K27.400',
          'K27.400x001',
          'K27.400x004',
          '=K27.600',
        ],
      ),
    ],
  },
  {
    note: 'thrombophlebitis after infusion or injection is 输注后血栓性静脉炎 T80.100x001 (not its phlebitis without a clot), not the I80 of 血栓性静脉炎',
    text: '限由静脉输液或注射引起的血栓性静脉炎。',
    structuring: 'complete',
    all: [dxc(['由静脉输液或注射引起的血栓性静脉炎'], ['T80.100x001'])],
  },
  {
    note: 'a new infarction is I63; an old one is I69.3',
    text: '限新发的缺血性脑梗死，支付不超过14天。',
    structuring: 'complete',
    all: [
      dxc(['新发的缺血性脑梗死'], ['I63', 'I66.900x003', 'I66.903', 'O99.431', 'P91.000x002']),
      course(14),
    ],
  },
  {
    note: 'acute: without the chronic papillary ulcerative pyoderma L08.000x007 (bench/qualifier-audit.ts), the infected sinus tracts and the other chronic L08.8/L08.9 codes (seed-20270107 check); necrotising fasciitis with its diabetic codes (seed 20270116)',
    text: '限急性细菌性皮肤及皮肤软组织感染。',
    structuring: 'complete',
    all: [
      dxc(
        ['急性细菌性皮肤及皮肤软组织感染'],
        [
          'A46',
          'L00',
          '=L01.000',
          'L01.000x013',
          'L01.001',
          'L01.002',
          'L01.003',
          'L01.004',
          'L01.005',
          'L01.006',
          'L01.008',
          'L01.1',
          'L02',
          'L03',
          'L05.0',
          '=L08.000',
          'L08.000x001',
          'L08.000x005',
          'L08.000x006',
          'L08.000x010',
          'L08.001',
          'L08.002',
          'L08.003',
          '=L08.800',
          'L08.803',
          '=L08.900',
          'L08.901',
          'L08.902',
          'L08.903',
          'L08.904',
          'L08.905',
          'L08.906',
          'L08.907',
          'L08.908',
          'L08.909',
          'L08.910',
          'L08.911',
          'M72.6',
          'E10.600x911',
          'E11.600x911',
          'E14.600x911',
          'A48.0',
          'T79.3',
          'T81.400x001',
          'T81.400x012',
          'T81.406',
          'T81.407',
          'L73.800x006',
          'L73.800x007',
          '=J34.000',
          'J34.001',
          'J34.002',
          'J34.004',
          'J34.007',
          'J34.008',
          'H60.000x004',
          'H60.000x005',
          'H60.001',
          'H60.002',
          'H00.000x001',
          'N49.203',
          'N76.401',
          'O99.704',
          'H00.003',
          'H60.1',
          'K13.011',
          'N48.201',
          'N49.201',
          'N76.201',
          'A26.0',
          'O86.0',
          'O86.801',
          'O99.700x006',
          '=P39.400',
          'P39.401',
          'H60.000',
          'H60.000x002',
          'H00.002',
          'K13.000x018',
          'N48.203',
          'N49.204',
          'N76.400',
        ],
      ),
    ],
  },
  {
    note: 'anti-rejection therapy: organ transplant status or organ rejection',
    text: '限器官移植后的抗排异反应。',
    structuring: 'complete',
    all: [dxc(['器官移植后的抗排异反应'], ORGAN_TRANSPLANT)],
  },
  {
    text: '限器官移植后的排异反应。',
    structuring: 'complete',
    all: [dxc(['器官移植后的排异反应'], ORGAN_TRANSPLANT)],
  },
  {
    note: 'two conditions named side by side: either one',
    text: '限慢性支气管哮喘、慢性肾功能不全的患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['慢性支气管哮喘', '慢性肾功能不全'],
        [
          'J45',
          'J46',
          'O99.504',
          'O99.508',
          'J44.807',
          'N18.3',
          'N18.4',
          'N18.5',
          'N18.902',
          'N18.904',
          'I12.0',
          'I13.1',
          'I13.2',
          'O26.800x013',
          'E10.200x031',
          'E11.200x031',
          'E14.200x031',
          'E10.200x215',
          'E11.200x215',
          'E14.200x215',
          'N19.x01',
          'Z99.2',
        ],
      ),
    ],
  },
  {
    note: 'constipation and slow-transit constipation, not faecal impaction (K59.002)',
    text: '限成人慢性特发性便秘的治疗。',
    structuring: 'complete',
    all: [adult, dxc(['慢性特发性便秘'], ['K59.000', 'K59.003'])],
  },
  {
    note: 'the Niemann-Pick code, not the rest of E75.2 (Gaucher, Fabry, Krabbe)',
    text: '限C型尼曼匹克病患者。',
    structuring: 'complete',
    all: [dxc(['C型尼曼匹克病'], ['E75.203'])],
  },
  {
    note: 'A相关的B as one term: diabetic kidney disease of type 2 diabetes (E11.2 but its acute renal failure and papillary necrosis, seed-20261218 check)',
    text: '限2型糖尿病相关的慢性肾脏病成人患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['2型糖尿病相关的慢性肾脏病'],
        [
          '=E11.200',
          ...[11, 12, 13, 14, 15, 16, 17, 23, 24, 25, 26, 27, 28, 29, 30, 31].map(
            (n) => `E11.200x0${String(n)}`,
          ),
          ...[211, 212, 213, 214, 215].map((n) => `E11.200x${String(n)}`),
          'E11.201',
        ],
      ),
      adult,
    ],
  },
  {
    text: '限成人慢性丙型肝炎病毒(HCV)感染。',
    structuring: 'complete',
    all: [adult, dxc(['慢性丙型肝炎病毒(HCV)感染'], CHRONIC_HCV)],
  },
  {
    text: '限乙酰胆碱受体(AChR)抗体阳性的成人全身型重症肌无力(gMG)患者。',
    structuring: 'complete',
    all: [ev('AChR', 'positive'), adult, dxc(['全身型重症肌无力'], GENERALISED_MG)],
  },
  {
    text: '限：1.阵发性睡眠性血红蛋白尿症(PNH)的患者；2.非典型溶血性尿毒症综合征(aHUS)的患者；3.抗乙酰胆碱受体(AChR)抗体阳性的难治性全身型重症肌无力(gMG)成人患者。',
    structuring: 'complete',
    any: [
      [dx('阵发性睡眠性血红蛋白尿症')],
      [dxc(['非典型溶血性尿毒症综合征'], ['D59.301'])],
      [ev('AChR', 'positive'), dx('全身型重症肌无力'), adult],
    ],
  },
  {
    note: 'SMA types I-III; type IV has only an extension code beside non-5q forms',
    text: '限5q脊髓性肌萎缩症。',
    structuring: 'complete',
    all: [
      dxc(['5q脊髓性肌萎缩症'], ['G12.0', 'G12.100x001', 'G12.102', 'G12.103', 'G12.104', 'G12.9']),
    ],
  },
  {
    note: 'SMEI and Dravet syndrome restate one condition: its two codes, not all of G40.3',
    text: '限婴儿严重肌阵挛性癫痫(SMEI，Dravet综合征)患者。',
    structuring: 'complete',
    all: [dxc(['婴儿严重肌阵挛性癫痫', 'Dravet综合征'], ['G40.404', 'G40.300x014'])],
  },
  {
    note: 'lead-in adult, two indications',
    text: '限治疗成人：与亨廷顿病有关的舞蹈病；迟发性运动障碍。',
    structuring: 'complete',
    all: [adult],
    any: [[dxc(['亨廷顿病有关的舞蹈病'], ['=G10.x00', 'G10.x01'])], [dx('迟发性运动障碍')]],
  },
  {
    text: '限亨廷顿病相关的舞蹈症。',
    structuring: 'complete',
    all: [dxc(['亨廷顿病相关的舞蹈症'], ['=G10.x00', 'G10.x01'])],
  },
  {
    note: 'methicillin resistance is coded U82.1',
    text: '限甲氧西林耐药阳性球菌感染。',
    structuring: 'complete',
    all: [dxc(['甲氧西林耐药阳性球菌感染'], ['U82.1', 'A49.002', 'A49.003'])],
  },
  {
    text: '限甲氧西林耐药阳性球菌感染的二线治疗。',
    structuring: 'complete',
    all: [dx('甲氧西林耐药阳性球菌感染'), line(2)],
  },
  {
    note: 'an item of sub-items (1)/(2) is as many alternatives, each with the item lead-in',
    text: '限：1.复发或难治性经典型霍奇金淋巴瘤的治疗；2.非鳞状非小细胞肺癌：(1)EGFR基因突变阴性和ALK阴性的非鳞状非小细胞肺癌的一线治疗；(2)EGFR-TKI治疗失败的EGFR基因突变阳性的非鳞状非小细胞肺癌患者的治疗。',
    structuring: 'complete',
    any: [
      [dx('经典型霍奇金淋巴瘤')],
      [ev('EGFR', 'negative'), ev('ALK', 'negative'), dx('非鳞状非小细胞肺癌'), line(1, 1)],
      [prior(['EGFR-TKI'], ['failed']), ev('EGFR', 'positive'), dx('非鳞状非小细胞肺癌')],
    ],
  },
  {
    note: '初治 (untreated) is the first line',
    text: '限初治的急性早幼粒细胞白血病。',
    structuring: 'complete',
    all: [line(1, 1), dx('急性早幼粒细胞白血病')],
  },
  {
    note: 'invasive forms only: not aspergilloma, ABPA or other zygomycoses',
    text: '限侵袭性曲霉病或侵袭性毛霉病的成人患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['侵袭性曲霉病', '侵袭性毛霉病'],
        [
          'B44.0',
          'B44.7',
          'B44.803',
          'B44.102',
          'B44.800x005',
          'B46.0',
          'B46.1',
          'B46.2',
          'B46.3',
          'B46.4',
          'B46.5',
          'O98.800x033',
        ],
      ),
      adult,
    ],
  },
  {
    note: 'renal anaemia is its own extension code, not chronic kidney disease (N18)',
    text: '限肾性贫血患者。',
    structuring: 'complete',
    all: [dxc(['肾性贫血'], ['D64.900x005'])],
  },
  {
    note: 'Niemann-Pick disease of any type: its two codes, not the rest of E75.2',
    text: '限尼曼匹克病患者。',
    structuring: 'complete',
    all: [dxc(['尼曼匹克病'], ['E75.203', 'E75.200x012'])],
  },
  {
    note: 'type 1 Gaucher disease: the untyped code, not type II (E75.200x011) or the rest of E75.2',
    text: '限经CYP2D6基因型检测为弱代谢型(PMs)、 中间代谢型(IMs)或快代谢型(EMs)的 Ⅰ型戈谢病(GD1)成年患者。',
    structuring: 'partial',
    all: [adult, dxc(['I型戈谢病'], ['E75.201'])],
  },
  {
    text: '限戈谢病患者。',
    structuring: 'complete',
    all: [dxc(['戈谢病'], ['E75.201', 'E75.200x011'])],
  },
  {
    note: 'Fabry disease only (E75.205 and its classic name E75.200x013), not the rest of E75.2; 长期酶替代治疗 restates the drug',
    text: '限法布雷病(α-半乳糖苷酶A缺乏症)患者的长期酶替代治疗，适用于成人、 儿童和青少年 。 尚未确定本品在0-6岁儿童中的安全性和有效性。',
    structuring: 'complete',
    all: [dxc(['法布雷病'], ['E75.205', 'E75.200x013'])],
  },
  {
    note: 'hyperfibrinolytic bleeding, not disseminated intravascular coagulation (all of D65)',
    text: '限治疗血纤维蛋白溶解亢进引起出血的患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['血纤维蛋白溶解亢进引起出血'],
        ['D65.x02', 'D65.x03', 'O45.000x003', 'O46.000x003', 'O72.300x003'],
      ),
    ],
  },
  {
    note: 'induction therapy is given at the transplant: the solid-organ operation, not rejection or status codes',
    text: '限器官移植的诱导治疗。',
    structuring: 'complete',
    all: [procedure('器官移植')],
  },
  {
    note: 'written without 的: still organ transplant, not the 排异反应 inside it (all of T86)',
    text: '限口服吞咽困难的器官移植后抗排异反应。',
    structuring: 'partial',
    all: [dxc(['器官移植后抗排异反应'], ORGAN_TRANSPLANT)],
  },
  {
    note: 'induction at the transplant of those at high risk of rejection (高危人群 stays for a reviewer): the operation, not rejection; acute rejection without the chronic code',
    text: '限器官移植排斥反应高危人群的诱导治疗； 急性排斥反应的治疗； 重型再生障碍性贫血。',
    structuring: 'partial',
    any: [
      [procedure('器官移植')],
      [dx('急性排斥反应')],
      [dxc(['重型再生障碍性贫血'], ['D61.905', 'D61.800x002', 'D61.909'])],
    ],
  },
  {
    note: 'tyrosinaemia type I: the list has no code per type (an alias), not alkaptonuria or ochronosis (E70.2)',
    text: '限成人和儿童酪氨酸血症 Ⅰ型(HT-1)。',
    structuring: 'complete',
    all: [dxc(['酪氨酸血症I型'], ['E70.201', 'E70.205'])],
  },
  {
    note: 'severe aplastic anaemia: its two codes, not all of D61; ITP after failed steroids or immunoglobulin from age 6',
    text: '限： 1.既往对糖皮质激素、 免疫球蛋白等治疗反应不佳的成人和6岁及以上儿童慢性免疫性(特发性)血小板减少症(ITP)患者； 2.既往对免疫抑制治疗缓解不充分的重型再生障碍性贫血(SAA)患者。',
    structuring: 'complete',
    any: [
      [
        prior(['糖皮质激素', '免疫球蛋白'], ['failed']),
        age(6),
        dxc(['慢性免疫性(特发性)血小板减少症'], ['=D69.3', 'D69.300', 'D69.301', 'D69.400x002']),
      ],
      [
        prior(['免疫抑制治疗'], ['failed']),
        dxc(['重型再生障碍性贫血'], ['D61.905', 'D61.800x002', 'D61.909']),
      ],
    ],
  },
  {
    note: 'anaemia caused by chronic kidney disease is renal anaemia (D64.900x005), not N18',
    text: '限慢性肾脏病(CKD)引起的贫血。',
    structuring: 'complete',
    all: [dxc(['慢性肾脏病(CKD)引起的贫血'], ['D64.900x005'])],
  },
  {
    note: 'multidrug-resistant (and extensively drug-resistant) tuberculosis codes only, not all of A15-A19',
    text: '限耐多药结核患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['耐多药结核'],
        [
          'A15.000x016',
          'A15.000x026',
          'A15.100x005',
          'A15.100x010',
          'A15.500x016',
          'A15.500x017',
          'A15.500x026',
          'A15.500x027',
          'A19.800x016',
          'A19.800x017',
          'A19.800x026',
          'A19.800x027',
          'A15.000x014',
          'A15.000x024',
          'A15.100x004',
          'A15.100x009',
          'A15.500x014',
          'A15.500x015',
          'A15.500x024',
          'A15.500x025',
          'A19.800x014',
          'A19.800x015',
          'A19.800x024',
          'A19.800x025',
        ],
      ),
    ],
  },
  {
    note: 'corneal ulcer or corneal injury: the injury codes that name the cornea',
    text: '限有明确角膜溃疡或角膜损伤的患者。',
    structuring: 'complete',
    all: [
      dxc(
        ['角膜溃疡', '角膜损伤'],
        [
          'H16.0',
          'B49.x04',
          'E50.3',
          'S05.001',
          'S05.002',
          'S05.201',
          'S05.202',
          'S05.203',
          'S05.204',
          'S05.301',
          'S05.302',
          'S05.307',
          'S05.601',
          'S05.803',
          'T26.100x001',
          'T26.101',
          'T26.600x001',
          'T26.600x002',
          'T26.601',
          'T26.602',
          'T26.603',
          'T26.604',
          'H18.800x009',
          'H18.806',
          'H18.804',
          'T15.0',
          '=S05.000',
          '=T26.100',
          '=T26.600',
        ],
      ),
    ],
  },
  {
    note: 'hepatitis B cirrhosis: the K74.6 extension codes naming hepatitis B, not all cirrhosis',
    text: '限有乙肝导致肝硬化的明确诊断证据。',
    structuring: 'complete',
    all: [
      dxc(
        ['乙肝导致肝硬化'],
        [
          'K74.600x003',
          'K74.602',
          'K74.600x021',
          'K74.600x025',
          'K74.600x026',
          'K74.600x031',
          'K74.600x038',
          'K74.600x029',
          'K74.600x030',
          'K74.600x034',
          'K74.600x035',
          'K74.600x036',
          'K74.600x037',
          'K74.600x039',
          'K74.600x040',
        ],
      ),
    ],
  },
  {
    note: 'a clinical qualifier no claim field holds (需要雄激素去势治疗): the diagnosis alone is computable',
    text: '限需要雄激素去势治疗的前列腺癌患者。',
    structuring: 'complete',
    all: [dxc(['前列腺癌'], ['C61'])],
  },
  {
    note: 'a qualifier (血糖控制不佳) beside an adult limit and the diagnosis',
    text: '限血糖控制不佳的成人2型糖尿病患者。',
    structuring: 'complete',
    all: [adult, dx('2型糖尿病')],
  },
  {
    note: 'neuropathic pain of diabetic peripheral neuropathy is coded as the neuropathy',
    text: '限成人糖尿病性周围神经病理性疼痛。',
    structuring: 'complete',
    all: [adult, dx('糖尿病性周围神经病理性疼痛')],
  },
  {
    note: '已接受过至少一种既往治疗: at least one earlier line, so the second line or later',
    text: '限治疗已接受过至少一种既往治疗的多发性骨髓瘤成人患者。',
    structuring: 'complete',
    all: [line(2), adult, dx('多发性骨髓瘤')],
  },
  {
    note: 'on-demand use (出血时) for adults is a real limit no claim field shows: left for review',
    text: '限儿童甲(A)型血友病； 成人甲(A)型血友病限出血时使用。',
    structuring: 'partial',
    any: [
      [child, dxc(['甲(A)型血友病'], ['D66'])],
      [adult, dxc(['甲(A)型血友病'], ['D66'])],
    ],
  },
  {
    note: 'menopausal status is a real limit no claim field shows: the breast-cancer alternative stays for review',
    text: '限： 1.需要雄激素去势治疗的前列腺癌患者； 2.可用激素治疗的绝经前期及围绝经期妇女的乳腺癌。',
    structuring: 'partial',
    any: [[dx('前列腺癌')], [sex('female'), dx('乳腺癌')]],
  },
  {
    note: 'an on-demand drug for acute attacks (急性发作 restates its use); the ages read as ≥ 2',
    text: '限成人、 青少年和≥2 岁儿童的遗传性血管性水肿(HAE)急性发作。',
    structuring: 'complete',
    all: [age(2), dx('遗传性血管性水肿(HAE)急性发作')],
  },
  {
    note: '恢复早期 is a phase, as 恢复期: the recovery-phase codes of haemorrhagic stroke are in',
    text: '限出血性中风急性期及恢复早期。',
    structuring: 'complete',
    // 出血性中风 written with both phases it covers (not the acute-phase term inside it).
    all: [
      dxc(
        ['出血性中风急性期及恢复早期'],
        ['I60', 'I61', 'I62.9', 'O99.430', 'I69.000x002', 'I69.100x002'],
      ),
    ],
  },
  {
    note: '患者或 between two groups each read whole: alternatives (a diagnosis, or the maternity scheme)',
    text: '限子宫肌瘤患者或生育保险。',
    structuring: 'complete',
    any: [[dx('子宫肌瘤')], [scheme('maternity')]],
  },
  {
    note: 'ALK or ROS1: two groups of one cancer joined by 患者或, alternatives, each with its own test',
    text: '限间变性淋巴瘤激酶(ALK)阳性的局部晚期或转移性非小细胞肺癌患者或 ROS1阳性的晚期非小细胞肺癌患者。',
    structuring: 'complete',
    any: [
      [ev('ALK', 'positive'), dx(NSCLC)],
      [ev('ROS1', 'positive'), dx(NSCLC)],
    ],
  },
  {
    note: 'written in the list’s style: each group of patients keeps its own age',
    text: '限成人类风湿关节炎患者或6岁及以上幼年特发性关节炎患者。',
    structuring: 'complete',
    any: [
      [adult, dx('类风湿关节炎')],
      [age(6), dx('幼年特发性关节炎')],
    ],
  },
  {
    note: 'written in the list’s style: a tier before 患者或 may mean both groups, so no split',
    text: '限二级及以上医疗机构的类风湿关节炎患者或强直性脊柱炎患者。',
    structuring: 'complete',
    all: [tier('secondary'), dx('类风湿关节炎', '强直性脊柱炎')],
  },
  {
    note: '稳定性 of plaque psoriasis is the list’s wording of the one code; 局部治疗 restates a cream’s use',
    text: '限成人轻至中度稳定性寻常型银屑病的局部治疗。',
    structuring: 'complete',
    all: [adult, dxc(['稳定性寻常型银屑病'], ['L40.0'])],
  },
  {
    note: '且 joins what was read (a prior platinum failure, PD-L1 with its CPS, the cancer)',
    text: '限既往接受含铂化疗治疗失败的复发或转移性且PD-L1表达阳性(CPS≥1)的宫颈癌患者。',
    structuring: 'complete',
    all: [
      prior(['含铂化疗'], ['failed']),
      lab(['PD-L1 CPS'], 'gte', '1', null),
      ev('PD-L1', 'positive'),
      dx('宫颈癌'),
    ],
  },
  {
    note: 'written in the list’s style: X引起的Y is Y caused by X — both diagnoses, not X or Y',
    text: '限糖尿病引起的心律失常。',
    structuring: 'complete',
    all: [dx('糖尿病'), dx('心律失常')],
  },
  {
    note: 'A及B所致C may be A, or C caused by B: not read as A and C',
    text: '限冠心病心绞痛及冠心病所致左心功能不全的患者。',
    structuring: 'unparsed',
    all: [],
  },
  {
    note: 'a plain list of causes: any of them, and the condition they cause',
    text: '限肝硬化、脂肪肝、肝炎所致的高血氨症。',
    structuring: 'complete',
    all: [dx('肝硬化', '脂肪肝', '肝炎'), dx('高血氨症')],
  },
  {
    note: '相关 inside a disease name of a list item joins nothing across the items',
    text: '限幼年特发性关节炎，包括：(1)多关节型幼年特发性关节炎，(2)附着点炎相关关节炎，(3)幼年银屑病关节炎。',
    structuring: 'unparsed',
    all: [],
  },
  {
    note: 'HER2 过表达 (IHC 2+ or 3+, in disitamab vedotin’s label) is not HER2 positive (IHC 2+ needs ISH+): left for a reviewer',
    text: '限既往接受过含铂化疗且HER2过表达局部晚期或转移性尿路上皮癌。',
    structuring: 'partial',
    all: [prior(['含铂化疗'], ['received']), dx('尿路上皮癌')],
  },
  {
    note: 'one or more earlier anti-HER2 drugs: received (how many does not matter)',
    text: '限既往接受过一种或一种以上抗HER2药物治疗的不可切除或转移性HER2阳性成人乳腺癌患者。',
    structuring: 'complete',
    all: [prior(['抗HER2治疗'], ['received']), ev('HER2', 'positive'), adult, dx('乳腺癌')],
  },
  {
    note: '可单独或与X联合用于: alone is allowed, and 用于 is no partner drug',
    text: '限饮食控制以外的辅助治疗，可单独或与HMG-CoA还原酶抑制剂(他汀类)联合用于治疗原发性(杂合子家族性或非家族性)高胆固醇血症。',
    structuring: 'partial',
    all: [dxc(['原发性(杂合子家族性或非家族性)高胆固醇血症'], ['E78.000', 'E78.001', 'E78.002'])],
  },
  {
    note: 'basal cell carcinoma is told at C44 by its morphology (a skin squamous carcinoma is not it)',
    text: '限局部晚期基底细胞癌(BCC)成年患者。',
    structuring: 'complete',
    all: [age(18), dx('基底细胞癌')],
  },
  {
    note: '与X联合适用于: the partner is X, the 适 belongs to 适用于',
    text: '限与地塞米松联合适用于治疗复发或难治性多发性骨髓瘤成人患者。',
    structuring: 'complete',
    all: [combo(['地塞米松']), adult, dx('多发性骨髓瘤')],
  },
  {
    note: '联合X适用于: the partner is X, not X适',
    text: '限联合曲美替尼适用于治疗BRAF V600突变阳性的不可切除或转移性黑色素瘤患者。',
    structuring: 'complete',
    all: [combo(['曲美替尼'], 'all'), ev('BRAF', 'positive', ['V600']), dx('黑色素瘤')],
  },
  {
    note: '非肝硬化 excludes cirrhosis: never read as a second payable condition; left for a reviewer',
    text: '限初治的基因1b型慢性丙型肝炎病毒感染的非肝硬化成人患者。',
    structuring: 'partial',
    all: [line(1, 1), adult, dx('慢性丙型肝炎')],
  },
  {
    note: 'LGS患者癫痫: the epilepsy of LGS patients is LGS (its codes lie inside G40), not any epilepsy',
    text: '限2岁及以上Lennox-Gastaut综合征(LGS)患者癫痫发作的联合治疗。',
    structuring: 'partial',
    all: [age(2), dxc(['Lennox-Gastaut综合征'], ['G40.400x002', 'G40.401'])],
  },
  {
    note: '未经系统治疗 without 既往: untreated, so first line',
    text: '限未经系统治疗的携带间质上皮转化因子(MET)外显子14跳跃突变的局部晚期或转移性非小细胞肺癌成人患者。',
    structuring: 'complete',
    all: [line(1, 1), adult, ev('MET', 'positive', ['EXON14SKIP']), dx(NSCLC)],
  },
  {
    note: 'post-herpetic neuralgia with its sequela code B94.801; 成人 belongs to the first item only',
    text: '限： 1.治疗成人糖尿病性周围神经病理性疼痛； 2.带状疱疹后神经痛。',
    structuring: 'complete',
    any: [
      [adult, dx('糖尿病性周围神经病理性疼痛')],
      [dxc(['带状疱疹后神经痛'], ['B02.201', 'B02.202', 'B02.206', 'B02.207', 'B94.801'])],
    ],
  },
  {
    note: '(例如…) gives examples of high disease activity, not requirements: no SLEDAI ≥ 8; the rest stays for a reviewer',
    text: '限在常规治疗基础上仍具有高疾病活动(例如： 抗ds-DNA抗体阳性及低补体、 SELENA-SLEDAI评分≥8)的活动性、 自身抗体阳性的系统性红斑狼疮(SLE)成年患者。',
    structuring: 'partial',
    all: [adult, dx('系统性红斑狼疮')],
  },
  {
    note: 'the anaemia of CKD patients is renal anaemia (D64.900x005), not CKD itself; a dialysis patient: the procedure, or the status diagnosis that shows it',
    text: '限接受血液透析的成人慢性肾脏病患者(CKD)的贫血。',
    structuring: 'complete',
    all: [procedure('血液透析'), adult, dxc(['慢性肾脏病患者(CKD)的贫血'], ['D64.900x005'])],
  },
  {
    note: 'a lower age and 儿童: from 3 years and still a child (the children age), not any age from 3',
    text: '限3岁及3岁以上伴有症状、 无法手术的丛状神经纤维瘤(PN)的I型神经纤维瘤病(NF1)儿童患者。',
    structuring: 'partial',
    all: [age(3, 17), dxc(['丛状神经纤维瘤', '神经纤维瘤病'], ['Q85.0'])],
  },
  {
    note: 'bradyarrhythmias only: AV and sinoatrial blocks, sinus arrest, sick sinus, bradycardia — not every arrhythmia',
    text: '限难治性缓慢型心律失常患者使用。',
    structuring: 'complete',
    all: [
      dxc(
        ['缓慢型心律失常'],
        [
          'I44.0',
          'I44.1',
          'I44.2',
          'I44.3',
          '=Q24.600',
          'Q24.601',
          'Q24.602',
          'Q24.603',
          'I45.500x002',
          'I45.501',
          'I45.502',
          'I49.5',
          'R00.1',
        ],
      ),
    ],
  },
  {
    note: 'NRAS is a test of its own (not RAS, not KRAS): tunlametinib needs the NRAS mutation',
    text: '限含抗PD-1/PD-L1治疗失败的NRAS基因突变的晚期黑色素瘤患者。',
    structuring: 'complete',
    all: [prior(['抗PD-1/PD-L1治疗'], ['failed']), ev('NRAS', 'positive'), dx('黑色素瘤')],
  },
  {
    note: 'a regimen named with its drugs in brackets (longer than 30 characters) is still the combination',
    text: '限： 1.既往至少接受过一次全身化疗的复发或难治的外周T细胞淋巴瘤(PTCL)患者； 2.联合R-CHOP(利妥昔单抗、 环磷酰胺、 阿霉素、 长春新碱和强的松)用于MYC和BCL2表达阳性的既往未经治疗的弥漫大B细胞淋巴瘤(DLBCL)患者。',
    structuring: 'complete',
    any: [
      [line(2), dx('外周T细胞淋巴瘤')],
      [
        combo(['R-CHOP'], 'all'),
        line(1, 1),
        ev('MYC', 'positive'),
        ev('BCL2', 'positive'),
        dx('弥漫大B细胞淋巴瘤'),
      ],
    ],
  },
  {
    note: 'item 1 the population, items 2 and 3 its regimens: the cancer and receptors hold for both regimens',
    text: '限： 1.激素受体(HR)阳性、 人表皮生长因子受体2(HER2)阴性局部晚期或转移性乳腺癌患者； 2.与芳香化酶抑制剂联合使用作为初始内分泌治疗； 3.与氟维司群联合用于既往曾接受内分泌治疗后出现疾病进展的患者。',
    structuring: 'partial',
    all: [ev('HR', 'positive'), ev('HER2', 'negative'), dx('乳腺癌')],
    any: [[combo(['芳香化酶抑制剂'])], [prior(['内分泌治疗'], ['failed']), combo(['氟维司群'])]],
  },
  {
    note: 'seasonal and perennial allergic rhinitis together: all allergic rhinitis, the unspecified code included',
    text: '限： 1.1岁至14岁儿童哮喘的预防和长期治疗； 2.2岁至14岁儿童季节性过敏性鼻炎和常年性过敏性鼻炎。',
    structuring: 'complete',
    any: [
      [age(1, 14), dx('哮喘')],
      [
        age(2, 14),
        dxc(
          ['季节性过敏性鼻炎和常年性过敏性鼻炎'],
          ['J30.1', 'J30.2', '=J30.300', 'J30.300x002', 'J30.4', 'J45.004'],
        ),
      ],
    ],
  },
  {
    note: 'an age bound written 3岁及3岁以上 is read whole',
    text: '限： 1.年龄大于2岁的β-地中海贫血患者； 2.10岁及10岁以上非输血依赖性地中海贫血综合征患者。',
    structuring: 'partial',
    // 非输血依赖性 stays unread: the item is flagged for review.
    any: [
      [age(3), dx('β-地中海贫血')],
      [age(10), dx('地中海贫血')],
    ],
  },
  {
    note: 'a term, a colon and a list of its kinds: the list alone (not every arrhythmia)',
    text: '限以下心律失常：心房颤动、心房扑动。',
    structuring: 'complete',
    all: [dx('心房颤动', '心房扑动')],
  },
  {
    note: 'a list after the colon that is not all kinds of the term before it is left for a reviewer',
    text: '限下列心律失常：心房颤动、高血压。',
    structuring: 'unparsed',
  },
  {
    note: 'a condition before a term and its list (心功能不全 and one of the arrhythmias) is left for a reviewer, with every alternative',
    text: '限： 1.手术过程中发生的下列快速性心律失常的紧急治疗： 心房纤颤、 心房扑动、 窦性心动过速； 2.手术后循环系统动态监护时发生的快速性心律失常的紧急治疗： 心房纤颤、 心房扑动、 窦性心动过速； 3.心功能不全患者发生下列快速性心律失常的治疗：心房纤颤、 心房扑动。',
    structuring: 'unparsed',
  },
  {
    note: 'a term the text rules out (除外) is never required: the solid tumour is read, the exclusion left for a reviewer',
    text: '限除外肺癌的实体瘤。',
    structuring: 'partial',
    all: [dx('实体瘤')],
  },
  {
    note: 'a list ruled out by 以外 after it: neither term is required',
    text: '限除肺癌、乳腺癌以外的实体瘤。',
    structuring: 'partial',
    all: [dx('实体瘤')],
  },
  {
    note: '除外 after the term rules it out as well',
    text: '限实体瘤，肺癌除外。',
    structuring: 'partial',
    all: [dx('实体瘤')],
  },
  {
    note: 'gestational diabetes is its own term, not every diabetes',
    text: '限妊娠期糖尿病。',
    structuring: 'complete',
    all: [dxc(['妊娠期糖尿病'], ['O24.4', 'O24.9'])],
  },
  {
    note: 'a text of nothing but a phase no claim shows is not complete with no restriction: the reviewer gets it',
    text: '限急性发作期。',
    structuring: 'unparsed',
  },
  {
    note: 'an intolerance written before the therapy (不能耐受X) reads as X intolerant',
    text: '限不能耐受二甲双胍的2型糖尿病患者。',
    structuring: 'complete',
    all: [prior(['二甲双胍'], ['intolerant']), dx('2型糖尿病')],
  },
  {
    note: 'Claudin 18.2 is a biomarker of its own (zolbetuximab), written either way',
    text: '限Claudin 18.2阳性、HER2阴性的胃或胃食管结合部腺癌。',
    structuring: 'complete',
    all: [ev('CLDN18.2', 'positive'), ev('HER2', 'negative'), dx('胃或胃食管结合部腺癌')],
  },
  {
    note: 'NSTEMI is its own term (I21.4), not an excluded STEMI: the term begins with 非',
    text: '限非ST段抬高型心肌梗死。',
    structuring: 'complete',
    all: [dxc(['非ST段抬高型心肌梗死'], ['I21.4'])],
  },
  {
    note: 'STEMI: the transmural infarctions, not the peri-procedural ones the codes do not type',
    text: '限急性ST段抬高型心肌梗死。',
    structuring: 'complete',
    all: [dxc(['急性ST段抬高型心肌梗死'], ['I21.0', 'I21.1', 'I21.2', '=I21.300', 'I21.300x004'])],
  },
  {
    note: 'diabetic ketoacidosis, not every diabetes and not ketosis without acidosis',
    text: '限糖尿病酮症酸中毒。',
    structuring: 'complete',
    all: [dx('糖尿病酮症酸中毒')],
  },
  {
    note: 'myasthenic crisis in its three forms, not every myasthenia',
    text: '限重症肌无力危象。',
    structuring: 'complete',
    all: [dxc(['重症肌无力危象'], ['G70.007', 'G70.000x002', 'G70.000x004', 'G70.000x005'])],
  },
  {
    note: 'A患者发生B / A患者出现B: patients with A who develop B, both required (not one of the two)',
    text: '限心功能不全患者发生房颤。',
    structuring: 'complete',
    all: [dx('心功能不全'), dx('房颤')],
  },
  {
    note: 'the same join with 出现 and a list of one-of terms on its right',
    text: '限心功能不全患者出现心房颤动或心房扑动。',
    structuring: 'complete',
    all: [dx('心功能不全'), dx('心房颤动', '心房扑动')],
  },
  {
    note: 'a negated result (非阳性) is not read as the result it negates: left for a reviewer',
    text: '限HER2非阳性的乳腺癌。',
    structuring: 'partial',
    all: [dx('乳腺癌')],
  },
  {
    note: '非阴性 is not negative',
    text: '限PD-L1非阴性的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'no amplification (无扩增) is not an amplification',
    text: '限HER2无扩增的胃癌。',
    structuring: 'partial',
    all: [dx('胃癌')],
  },
  {
    note: 'a negated variant (非G12C) is not that variant',
    text: '限KRAS非G12C突变的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'a variant ruled out in brackets after the result word is not required',
    text: '限EGFR突变(非20外显子插入)的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'a test negated before its name (非EGFR突变) is not read as positive',
    text: '限非EGFR突变的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'a result not detected (突变未检出) is not the result',
    text: '限EGFR突变未检出的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'non-triple-negative is not triple-negative: no ER/PR/HER2-negative results required',
    text: '限非三阴性乳腺癌。',
    structuring: 'partial',
    all: [dx('乳腺癌')],
  },
  {
    note: 'a word after the result that only follows it (不可切除, 非小细胞) is no negation of it',
    text: '限BRAF V600突变阳性不可切除的黑色素瘤。',
    structuring: 'complete',
    all: [ev('BRAF', 'positive', ['V600']), dx('黑色素瘤')],
  },
  {
    note: 'HRR (homologous recombination repair genes) is its own test, not HR (hormone receptors)',
    text: '限同源重组修复(HRR)基因突变的前列腺癌。',
    structuring: 'complete',
    all: [ev('HRR', 'positive'), dx('前列腺癌')],
  },
  {
    note: 'two syndromes joined by 或 are alternatives, each a syndrome of its own',
    text: '限中医辨证为风热犯肺证或痰热壅肺证的患者。',
    structuring: 'complete',
    all: [syndromes('风热犯肺证', '痰热壅肺证')],
  },
  {
    note: '和 after a 证 joins two syndromes; 和 inside a name (肝胃不和) does not',
    text: '限中医辨证属气滞血瘀证和肝郁脾虚证者。',
    structuring: 'complete',
    all: [syndromes('气滞血瘀证', '肝郁脾虚证')],
  },
  {
    note: '肝胃不和 is one syndrome',
    text: '限中医辨证属肝胃不和证者。',
    structuring: 'complete',
    all: [syndromes('肝胃不和证')],
  },
  {
    note: 'a lead-in saying all the conditions must hold makes the numbered items all required',
    text: '限同时满足以下条件：1.成人；2.2型糖尿病；3.HbA1c≥7%。',
    structuring: 'complete',
    all: [adult, dx('2型糖尿病'), lab(['HbA1c'], 'gte', '7', '%')],
  },
  {
    note: 'the same said after the list word (以下条件均需满足)',
    text: '限以下条件均需满足：1.类风湿关节炎；2.经甲氨蝶呤治疗失败。',
    structuring: 'complete',
    all: [dx('类风湿关节炎'), prior(['甲氨蝶呤'], ['failed'])],
  },
  {
    note: 'EGFR sensitising mutations are the variants the word stands for, not any EGFR positive (an exon-20 insertion is none)',
    text: '限EGFR敏感突变的非小细胞肺癌一线治疗。',
    structuring: 'complete',
    all: [ev('EGFR', 'positive', EGFR_SENSITISING), dx('非小细胞肺癌'), line(1, 1)],
  },
  {
    note: 'FLT3-ITD is the internal tandem duplication, not any FLT3 mutation',
    text: '限FLT3-ITD突变阳性的急性髓系白血病。',
    structuring: 'complete',
    all: [ev('FLT3', 'positive', ['ITD']), dx('急性髓系白血病')],
  },
  {
    note: 'a HER2 (ERBB2) mutation is no HER2 positive (overexpression, amplification): left for a reviewer, and ER is not read inside ERBB2',
    text: '限HER2(ERBB2)突变的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'MET amplification is no MET exon-14 skipping: left for a reviewer',
    text: '限MET扩增的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'a RET mutation is no RET fusion: left for a reviewer',
    text: '限RET突变的甲状腺髓样癌。',
    structuring: 'partial',
    all: [dx('甲状腺髓样癌')],
  },
  {
    note: 'a first prescription at a tier, without a doctor named: the tier holds for the first prescription only, not every refill',
    text: '首次处方时需由二级及以上医疗机构开具。',
    structuring: 'complete',
    all: [first({ minTier: 'secondary', specialist: false })],
  },
  {
    note: 'the same written tier first (三级医院首次处方)',
    text: '限三级医院首次处方。',
    structuring: 'complete',
    all: [first({ minTier: 'tertiary', specialist: false })],
  },
  {
    note: 'and with 为 (首次处方为三级医院)',
    text: '限首次处方为三级医院。',
    structuring: 'complete',
    all: [first({ minTier: 'tertiary', specialist: false })],
  },
  {
    note: 'partners joined by 或 are either one, not one partner named with its 或',
    text: '限与来曲唑或阿那曲唑联合使用。',
    structuring: 'complete',
    all: [combo(['来曲唑', '阿那曲唑'], 'any')],
  },
  {
    note: 'haemophilia A is D66 alone, not every haemophilia',
    text: '限甲型血友病。',
    structuring: 'complete',
    all: [dxc(['甲型血友病'], ['D66'])],
  },
  {
    note: 'HBsAg positive is a test result, and its 乙肝 is no second diagnosis (acute hepatitis B)',
    text: '限乙肝表面抗原阳性的慢性乙型肝炎。',
    structuring: 'complete',
    all: [ev('HBsAg', 'positive'), dx('慢性乙型肝炎')],
  },
  {
    note: 'non-squamous NSCLC written with 细胞 or 癌 is the non-squamous term, not every NSCLC',
    text: '限非鳞状细胞非小细胞肺癌。',
    structuring: 'complete',
    all: [dx('非鳞状细胞非小细胞肺癌')],
  },
  {
    note: 'lung adenocarcinoma is C34 told by an adenocarcinoma morphology',
    text: '限EGFR突变阳性的肺腺癌。',
    structuring: 'complete',
    all: [ev('EGFR', 'positive'), dx('肺腺癌')],
  },
  {
    note: 'lung squamous carcinoma reads as squamous NSCLC',
    text: '限肺鳞癌。',
    structuring: 'complete',
    all: [dx('肺鳞癌')],
  },
  {
    note: 'T790M negative: the variant is absent, not EGFR negative (the patient has a sensitising mutation) — left for a reviewer',
    text: '限EGFR T790M阴性的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'MSS / pMMR say their own result: MSI-H negative',
    text: '限错配修复功能完整(pMMR)的子宫内膜癌。',
    structuring: 'complete',
    all: [ev('MSI-H', 'negative'), dx('子宫内膜癌')],
  },
  {
    note: 'MSS inside MSSA (methicillin-sensitive Staphylococcus aureus) is no microsatellite result',
    text: '限MSSA感染。',
    structuring: 'unparsed',
  },
  {
    note: 'IDH2, NPM1 and c-KIT are tests of their own',
    text: '限IDH2突变的急性髓系白血病。',
    structuring: 'complete',
    all: [ev('IDH2', 'positive'), dx('急性髓系白血病')],
  },
  {
    note: 'Ph negative is BCR-ABL negative, as Ph+ is positive',
    text: '限Ph阴性的急性淋巴细胞白血病。',
    structuring: 'complete',
    all: [ev('BCR-ABL', 'negative'), dx('急性淋巴细胞白血病')],
  },
  {
    note: 'an age from months to years: from 3 completed months up to 12 years',
    text: '限3个月至12岁儿童。',
    structuring: 'complete',
    all: [{ kind: 'age', minMonths: 3, maxYears: 12 }],
  },
  {
    note: '急诊 is emergency care, as 急救 and 抢救 are',
    text: '限急诊使用。',
    structuring: 'complete',
    all: [{ kind: 'emergency' }],
  },
  {
    note: 'emergency or inpatient: two kinds joined by 或 cannot be all required — left for a reviewer',
    text: '限急诊或住院患者。',
    structuring: 'unparsed',
  },
  {
    note: 'settings listed with 及 are either one, not both at once (no claim is both): left for a reviewer',
    text: '限门诊及住院。',
    structuring: 'unparsed',
  },
  {
    note: 'two groups listed (women, children) are either one, not women who are children',
    text: '限女性及儿童。',
    structuring: 'unparsed',
  },
  {
    note: 'newborns and preterm infants: either group, not a preterm newborn only',
    text: '限新生儿及早产儿。',
    structuring: 'unparsed',
  },
  {
    note: 'ages joined by their group words still read as one age (the join is no list of groups)',
    text: '限6-17岁儿童和青少年的注意缺陷多动障碍(ADHD)。',
    structuring: 'complete',
    all: [age(6, 17), dx('注意缺陷多动障碍')],
  },
  {
    note: 'a cap on outpatient payment is neither an outpatient-only rule nor a course for inpatients',
    text: '限门诊最多支付14天。',
    structuring: 'unparsed',
  },
  {
    note: 'an institution able to resuscitate is no emergency-care requirement',
    text: '限有抢救条件的医疗机构使用。',
    structuring: 'unparsed',
  },
  {
    note: 'a discharge supply is no course for the stay',
    text: '限出院带药不超过7天。',
    structuring: 'unparsed',
  },
  {
    note: 'a therapy combined before (联合…治疗后仍未控制) is no partner to give now',
    text: '限吸入糖皮质激素联合长效β2受体激动剂治疗后仍未控制的重度哮喘。',
    structuring: 'partial',
    all: [dx('哮喘')],
  },
  {
    note: 'examples in brackets after 如 are not the requirement',
    text: '限严重的细菌感染(如下呼吸道感染、腹腔感染)。',
    structuring: 'unparsed',
  },
  {
    note: 'unstable angina is its own term: stable angina is not read inside it',
    text: '限不稳定型心绞痛患者。',
    structuring: 'complete',
    all: [dxc(['不稳定型心绞痛'], ['I20.0'])],
  },
  {
    note: 'secondary hypertension, not essential hypertension (which the codes tell apart)',
    text: '限继发性高血压。',
    structuring: 'complete',
    all: [dxc(['继发性高血压'], ['I15', 'O10.4'])],
  },
  {
    note: 'a list of two conditions both known: either one',
    text: '限类风湿关节炎、干燥综合征。',
    structuring: 'complete',
    all: [dx('类风湿关节炎', '干燥综合征')],
  },
  {
    note: 'TTP is its own term: the ITP inside its name is not read',
    text: '限血栓性血小板减少性紫癜。',
    structuring: 'complete',
    all: [dxc(['血栓性血小板减少性紫癜'], ['M31.101', 'M31.102'])],
  },
  {
    note: '成人 inside a condition’s name (adult-onset Still’s disease) is no age limit',
    text: '限成人斯蒂尔病。',
    structuring: 'complete',
    all: [dxc(['成人斯蒂尔病'], ['M06.1'])],
  },
  {
    note: 'chronic migraine is G44.001, not every migraine',
    text: '限慢性偏头痛。',
    structuring: 'complete',
    all: [dxc(['慢性偏头痛'], ['G44.001'])],
  },
  {
    note: 'a list one of whose conditions is unknown is left whole: the known one alone would refuse the other',
    text: '限阿尔茨海默病及血管性痴呆。',
    structuring: 'unparsed',
  },
  {
    note: 'words that qualify a term beside a list mark are no unknown item (the time windows stay unread)',
    text: '限急性心肌梗死发病12小时内、脑梗死发病3小时内的溶栓治疗。',
    structuring: 'partial',
    all: [dx('急性心肌梗死', '脑梗死')],
  },
  {
    note: 'lymphoma is a term; the lymphoma inside the ALK kinase’s name is none',
    text: '限间变性淋巴瘤激酶(ALK)阳性的淋巴瘤。',
    structuring: 'complete',
    all: [ev('ALK', 'positive'), dx('淋巴瘤')],
  },
  {
    note: 'a list of groups (children, and anyone who cannot swallow) is either one: not children only',
    text: '限儿童及吞咽困难患者。',
    structuring: 'unparsed',
  },
  {
    note: 'children and the elderly: either group',
    text: '限儿童及老年患者。',
    structuring: 'unparsed',
  },
  {
    note: 'primary osteoporosis leaves out the secondary forms the codes name (drug-induced, disuse …)',
    text: '限原发性骨质疏松症。',
    structuring: 'complete',
    all: [
      dxc(
        ['原发性骨质疏松症'],
        [
          'M80.0',
          'M80.5',
          'M80.800',
          'M80.801',
          'M80.9',
          'M81.0',
          'M81.5',
          'M81.800',
          'M81.800x091',
          'M81.9',
        ],
      ),
    ],
  },
  {
    note: 'secondary epilepsy leaves out the idiopathic epilepsies',
    text: '限继发性癫痫。',
    structuring: 'complete',
    all: [dxc(['继发性癫痫'], ['G40.1', 'G40.2', 'G40.800x004', 'T90.503', 'B69.002'])],
  },
  {
    note: 'CKD stages 3-5: not stages 1 and 2, which the codes tell',
    text: '限慢性肾脏病3-5期患者。',
    structuring: 'complete',
    all: [dx('慢性肾脏病3-5期')],
  },
  {
    note: 'young children and anyone who cannot swallow: either group (the age took 儿童 beside the mark)',
    text: '限6岁以下儿童及吞咽困难患者。',
    structuring: 'unparsed',
  },
  {
    note: 'inpatient use with a discharge supply: not inpatients only',
    text: '限住院期间使用，出院带药不超过7天。',
    structuring: 'unparsed',
  },
  {
    note: 'a negated group (非儿童) is not the group: left for a reviewer, never read as children only',
    text: '限非儿童患者。',
    structuring: 'unparsed',
  },
  {
    note: 'non-inpatients are not inpatients',
    text: '限非住院患者。',
    structuring: 'unparsed',
  },
  {
    note: 'not as first line is no first-line requirement',
    text: '限不作为一线用药。',
    structuring: 'unparsed',
  },
  {
    note: 'a condition the text says the patient has not (无肝硬化) is not required',
    text: '限无肝硬化的慢性丙型肝炎。',
    structuring: 'partial',
    all: [dx('慢性丙型肝炎')],
  },
  {
    note: 'the recovery phase of a brain haemorrhage is its I69 code, not the acute bleed',
    text: '限脑出血恢复期。',
    structuring: 'complete',
    all: [dxc(['脑出血恢复期'], ['I69.100x002'])],
  },
  {
    note: 'chronic cardiac insufficiency reads as chronic heart failure, without the acute codes',
    text: '限慢性心功能不全。',
    structuring: 'complete',
    all: [dx('慢性心功能不全')],
  },
  {
    note: 'the acute phase of haemorrhagic stroke leaves out the recovery-stage codes',
    text: '限出血性中风急性期。',
    structuring: 'complete',
    all: [dxc(['出血性中风急性期'], ['I60', 'I61', 'I62.9', 'O99.430'])],
  },
  {
    note: 'a cap on the first course (续用需评估) is no cap on every course',
    text: '限首次支付不超过3个月，续用需评估疗效。',
    structuring: 'unparsed',
  },
  {
    note: 'a course after which those who respond go on is no course limit for them',
    text: '限使用不超过12周，有效者可续用。',
    structuring: 'unparsed',
  },
  {
    note: 'an outpatient monthly cap is no outpatient-only rule',
    text: '限门诊每月最多支付2支。',
    structuring: 'unparsed',
  },
  {
    note: 'CKD stages 4-5 leave out stages 1-3, which the codes tell',
    text: '限慢性肾脏病4-5期。',
    structuring: 'complete',
    all: [dx('慢性肾脏病4-5期')],
  },
  {
    note: 'a first prescription by a named department’s associate chief: first prescription only, a specialist',
    text: '限中重度斑块状银屑病，首次处方需由皮肤科副主任医师及以上开具。',
    structuring: 'complete',
    all: [first({ minTitle: 'associate_chief', specialist: true }), dx('斑块状银屑病')],
  },
  {
    note: 'a first-year cap of 7 (首年), and a cap from the second year on that is not the first year’s',
    text: '限每眼首年最多支付7支，第二年起每年最多支付4支。',
    structuring: 'partial',
    all: [cap('7', 'first_year', true)],
  },
  {
    note: 'the recovery phase of ischaemic stroke is the cerebral-infarction recovery code',
    text: '限缺血性中风恢复期。',
    structuring: 'complete',
    all: [dxc(['缺血性中风恢复期'], ['I69.300x003'])],
  },
  {
    note: 'a therapy named as an example of a class (甲氨蝶呤等传统DMARDs) is not itself required',
    text: '限类风湿关节炎，需经甲氨蝶呤等传统DMARDs治疗3个月无效。',
    structuring: 'partial',
    all: [prior(['cDMARDs'], ['failed']), dx('类风湿关节炎')],
  },
  {
    note: 'psoriasis vulgaris includes guttate psoriasis (L40.4), which ICD-10 files apart',
    text: '限寻常型银屑病。',
    structuring: 'complete',
    all: [dxc(['寻常型银屑病'], ['L40.0', 'L40.4'])],
  },
  {
    note: 'settings listed with 与, / or 以及 are either one, as with 及',
    text: '限门诊与住院。',
    structuring: 'unparsed',
  },
  {
    note: 'emergency or inpatient, listed with 以及',
    text: '限急诊以及住院患者。',
    structuring: 'unparsed',
  },
  {
    note: 'a negation before two tests joined by / negates both (非MSI-H/dMMR)',
    text: '限非MSI-H/dMMR的子宫内膜癌。',
    structuring: 'partial',
    all: [dx('子宫内膜癌')],
  },
  {
    note: 'not carrying a mutation (未携带) is no mutation required',
    text: '限未携带EGFR突变的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'a group the text leaves out (不包括儿童) is no group required',
    text: '限以上均不包括儿童。',
    structuring: 'unparsed',
  },
  {
    note: 'the first visit at a tier (首诊需在三级医院) is a first-prescription condition',
    text: '限首诊需在三级医院。',
    structuring: 'complete',
    all: [first({ minTier: 'tertiary', specialist: false })],
  },
  {
    note: 'a cap on the first course (首个疗程) is no cap on every course',
    text: '限首个疗程不超过12周。',
    structuring: 'unparsed',
  },
  {
    note: 'per eye written 每只眼; a per-year cap after the first year (之后) is not the first year’s',
    text: '限每只眼首年最多支付7支，之后每年最多支付4支。',
    structuring: 'partial',
    all: [cap('7', 'first_year', true)],
  },
  {
    note: 'METex14跳变 is MET exon-14 skipping',
    text: '限METex14跳变的非小细胞肺癌。',
    structuring: 'complete',
    all: [ev('MET', 'positive', ['EXON14SKIP']), dx('非小细胞肺癌')],
  },
  {
    note: 'numbered items after an exclusion lead-in (以下情况除外) are ruled out, never required',
    text: '限2型糖尿病，以下情况除外：1.1型糖尿病；2.糖尿病酮症酸中毒。',
    structuring: 'partial',
    all: [dx('2型糖尿病')],
  },
  {
    note: 'and after 不适用于: nothing is required',
    text: '不适用于：1.1型糖尿病患者；2.糖尿病酮症酸中毒。',
    structuring: 'unparsed',
  },
  {
    note: 'a qualifier in brackets after a condition is for a reviewer, not a filler',
    text: '限高血压(继发性)。',
    structuring: 'partial',
    all: [dx('高血压')],
  },
  {
    note: 'secondary liver cancer is the metastasis C78.7, not primary liver cancer',
    text: '限转移性肝癌。',
    structuring: 'complete',
    all: [dxc(['转移性肝癌'], ['C78.7'])],
  },
  {
    note: 'secondary pulmonary hypertension is I27.2, not idiopathic PAH',
    text: '限继发性肺动脉高压。',
    structuring: 'complete',
    all: [dxc(['继发性肺动脉高压'], ['I27.2'])],
  },
  {
    note: 'the acute phase written before the condition (急性期脑梗死) leaves out the recovery code',
    text: '限急性期脑梗死。',
    structuring: 'complete',
    all: [dx('急性期脑梗死')],
  },
  {
    note: 'two biomarkers joined by 或 are alternatives: not the first one only',
    text: '限CD19阳性或CD22阳性的急性淋巴细胞白血病。',
    structuring: 'unparsed',
  },
  {
    note: 'other wordings of an all-of lead-in (同时满足以下条件的患者, 满足以下全部条件)',
    text: '限同时满足以下条件的患者：1.成人；2.2型糖尿病。',
    structuring: 'complete',
    all: [adult, dx('2型糖尿病')],
  },
  {
    note: 'a combination ruled out (不与…联合使用) is no partner required',
    text: '限不与他克莫司联合使用。',
    structuring: 'unparsed',
  },
  {
    note: 'cardiac asthma is left heart failure I50.104, not the asthma inside its name',
    text: '限心源性哮喘。',
    structuring: 'complete',
    all: [dxc(['心源性哮喘'], ['I50.104'])],
  },
  {
    note: 'acute hepatitis B is B16, not every hepatitis B',
    text: '限急性乙型肝炎。',
    structuring: 'complete',
    all: [dxc(['急性乙型肝炎'], ['B16'])],
  },
  {
    note: 'sequelae of cerebral infarction: not its recovery phase or the acute infarction',
    text: '限脑梗死后遗症期。',
    structuring: 'complete',
    all: [dxc(['脑梗死后遗症期'], ['=I69.300', 'I69.300x002'])],
  },
  {
    note: 'a group the text leaves out (儿童以外) is no group required',
    text: '限儿童以外的患者。',
    structuring: 'unparsed',
  },
  {
    note: 'outpatient-or-emergency (门急诊) is neither one alone',
    text: '限门急诊使用。',
    structuring: 'unparsed',
  },
  {
    note: 'two tests each positive joined by 及 may be two patient groups (drivers do not co-occur)',
    text: '限ALK阳性及ROS1阳性的非小细胞肺癌。',
    structuring: 'unparsed',
  },
  {
    note: 'two results of two tests joined by 及 (HR+ and HER2-) are both required',
    text: '限ER阳性及HER2阴性的乳腺癌。',
    structuring: 'complete',
    all: [ev('ER', 'positive'), ev('HER2', 'negative'), dx('乳腺癌')],
  },
  {
    note: 'a term written out in brackets says which kind: NSCLC (its histology), not all of C34',
    text: '限肺癌（非小细胞肺癌）。',
    structuring: 'complete',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'the bracketed kind narrows the broader term written before it',
    text: '限肺癌(小细胞肺癌)患者。',
    structuring: 'complete',
    all: [dx('小细胞肺癌')],
  },
  {
    note: 'a coded qualifier before a term without its own entry (chronic hepatitis) is flagged, not dropped',
    text: '限慢性肝炎患者。',
    structuring: 'partial',
    all: [dx('肝炎')],
  },
  {
    note: 'an acute exacerbation of COPD is J44.1: the phase after the term is flagged, not dropped',
    text: '限慢性阻塞性肺疾病急性发作。',
    structuring: 'partial',
    all: [dx('慢性阻塞性肺疾病')],
  },
  {
    note: '原发性 restates primary liver cancer (C22), which the term reads',
    text: '限晚期原发性肝癌。',
    structuring: 'complete',
    all: [dxc(['原发性肝癌'], ['C22.0', 'C22.1', 'C22.7', 'C22.9', 'K76.814', 'K92.800x006'])],
  },
  {
    note: 'a procedure the patient has not had (未接受过透析) is no procedure required',
    text: '限未接受过透析治疗的慢性肾脏病患者。',
    structuring: 'partial',
    all: [dx('慢性肾脏病')],
  },
  {
    note: 'a clause opening with 除外 names who is left out: 妇女 is no sex required',
    text: '限除外妊娠期妇女。',
    structuring: 'unparsed',
  },
  {
    note: 'a use allowed on its own terms (不耐受时可单药使用) is an alternative to the combination',
    text: '限与甲氨蝶呤合用，甲氨蝶呤不耐受时可单药使用。',
    structuring: 'unparsed',
  },
  {
    note: 'failed examples of a class (包括A、B及C) may be any one of them: not read as all failed',
    text: '限对系统性治疗（包括环孢素、甲氨蝶呤及PUVA）无效、禁忌或不耐受的中重度斑块状银屑病患者。',
    structuring: 'partial',
    all: [dx('斑块状银屑病')],
  },
  {
    note: 'a variant written without its gene (T315I) is still a requirement: flagged, not dropped as filler',
    text: '限伴有T315I突变的慢性髓性白血病患者。',
    structuring: 'partial',
    all: [dx('慢性髓性白血病')],
  },
  {
    note: 'an exon deletion without its gene is the EGFR variant the drug needs: flagged',
    text: '限19号外显子缺失的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'a biomarker threshold in brackets no recognizer reads is flagged, not dropped',
    text: '限非小细胞肺癌（PD-L1≥50%）。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'a variant no canonical one stands for (FLT3 D835): not read as any FLT3 mutation',
    text: '限FLT3 D835突变的急性髓系白血病。',
    structuring: 'partial',
    all: [dx('急性髓系白血病')],
  },
  {
    note: 'a result in brackets after a therapy (抗EGFR治疗(RAS野生型)) says when that therapy fits, not what every patient has (曲氟尿苷替匹嘧啶片)',
    text: '限： 既往接受过氟嘧啶类、 奥沙利铂和伊立替康为基础的化疗， 以及既往接受过或不适合接受抗血管内皮生长因子(VEGF)治疗、 抗表皮生长因子受体(EGFR)治疗(RAS野生型)的转移性结直肠癌(mCRC)患者 。',
    structuring: 'partial',
    all: [prior(['氟尿嘧啶类', '奥沙利铂', '伊立替康'], ['received'], 'all'), dx('结直肠癌')],
  },
  {
    note: 'a cap per cycle is no cap on all use: the claim history holds no cycles',
    text: '限肿瘤化疗患者，每个化疗周期最多支付3天。',
    structuring: 'unparsed',
  },
  {
    note: 'a rule for the patients with a result (…阳性者应先…) is no result every patient must have',
    text: '限晚期非小细胞肺癌，EGFR突变阳性者应先接受EGFR-TKI治疗。',
    structuring: 'unparsed',
  },
  {
    note: 'a test whose status is unknown is no positive result',
    text: '限EGFR突变状态未知的非小细胞肺癌。',
    structuring: 'partial',
    all: [dx('非小细胞肺癌')],
  },
  {
    note: 'two ages joined by 及 are two groups (children from 3, or young people under 25), not both',
    text: '限3岁及以上儿童及25岁以下青年急性淋巴细胞白血病患者。',
    structuring: 'unparsed',
  },
  {
    note: 'a floor and a ceiling written apart are one age range',
    text: '限18岁以上65岁以下患者。',
    structuring: 'complete',
    all: [age(18), age(undefined, 65)],
  },
  {
    note: 'an upper bound left unread (且<50%) flags the clause: TPS 50% and over belongs to another line',
    text: '限PD-L1 TPS≥1%且<50%的非小细胞肺癌。',
    structuring: 'partial',
    all: [{ kind: 'lab', comparator: 'gte', value: '1' }, dx('非小细胞肺癌')],
  },
  {
    note: 'A患者有B is B in patients with A (cancer with severe neutropenia), not either one (泊沙康唑口服混悬液)',
    text: '限： 1.预防移植后(干细胞及实体器官移植)及恶性肿瘤患者有重度粒细胞缺乏的侵袭性曲霉菌和念球菌感染； 2.伊曲康唑或氟康唑难治性口咽念珠菌病； 3.接合菌纲类感染。',
    structuring: 'unparsed',
  },
  {
    note: '联合用药 names no partner drug: no combination is read',
    text: '限联合用药治疗的慢性淋巴细胞白血病。',
    structuring: 'partial',
    all: [dx('慢性淋巴细胞白血病')],
  },
  {
    note: '与X联合治疗 names the partner X; the history after it is the line of therapy',
    text: '限与贝伐珠单抗联合治疗既往未接受过全身系统性治疗的不可切除肝细胞癌。',
    structuring: 'complete',
    all: [combo(['贝伐珠单抗']), line(1, 1), dx('肝细胞癌')],
  },
  {
    note: 'radiotherapy is no partner drug a claim line shows',
    text: '限与放疗联合治疗鼻咽癌。',
    structuring: 'partial',
    all: [dx('鼻咽癌')],
  },
  {
    note: 'cannot tolerate drugs by mouth is a route, not an intolerance of oral antidiabetics',
    text: '限不能耐受口服药的患者。',
    structuring: 'unparsed',
  },
  {
    note: 'two provocation tests (经两种激发试验) are tests counted, not two lines of therapy',
    text: '限经两种激发试验确诊的成人生长激素缺乏症。',
    structuring: 'partial',
    all: [adult, dx('生长激素缺乏症')],
  },
  {
    note: 'kinds named in brackets after a broad term are what the text means, not every cancer',
    text: '限恶性肿瘤（肺癌、乳腺癌）。',
    structuring: 'complete',
    all: [dxc(['肺癌', '乳腺癌'], ['C34', 'C50'])],
  },
  {
    note: 'one kind in brackets, with a group word beside it: that kind and the age',
    text: '限白血病（成人急性髓系白血病）。',
    structuring: 'complete',
    all: [adult, dx('急性髓系白血病')],
  },
  {
    note: 'the bracketed kind keeps its trailing 症 and closing bracket in the fragment',
    text: '限骨质疏松（绝经后骨质疏松症）。',
    structuring: 'complete',
    all: [
      { kind: 'diagnosis', conditions: ['绝经后骨质疏松'], text: '骨质疏松(绝经后骨质疏松症)' },
    ],
  },
  {
    note: '包括 in brackets widens (the junction is gastric cancer too): the broad term stays (包括 unread)',
    text: '限胃癌(包括胃食管结合部腺癌)。',
    structuring: 'partial',
    all: [dx('胃癌', '胃食管结合部腺癌')],
  },
  {
    note: 'a ；-item that only limits the care is a rule for every indication, not one of its own',
    text: '限类风湿关节炎；强直性脊柱炎；限住院使用。',
    structuring: 'complete',
    all: [inpatient],
    any: [[dx('类风湿关节炎')], [dx('强直性脊柱炎')]],
  },
  {
    note: 'a numbered item that only limits the tier holds for the other items',
    text: '限：1.类风湿关节炎；2.强直性脊柱炎；3.限二级及以上医疗机构使用。',
    structuring: 'complete',
    all: [tier('secondary')],
    any: [[dx('类风湿关节炎')], [dx('强直性脊柱炎')]],
  },
  {
    note: 'rescue care beside a condition is an indication of its own (emergency is no care limit)',
    text: '限类风湿关节炎；抢救。',
    structuring: 'complete',
    any: [[dx('类风湿关节炎')], [{ kind: 'emergency' }]],
  },
  {
    note: 'the elderly and children are two groups: not one empty age range',
    text: '限60岁以上患者及儿童。',
    structuring: 'unparsed',
  },
  {
    note: 'a ceiling written with 成人 is the adults up to it, not every age',
    text: '限65岁以下成人。',
    structuring: 'complete',
    all: [age(18, 65)],
  },
  {
    note: 'an adult age range stays a range',
    text: '限18-65岁成人。',
    structuring: 'complete',
    all: [age(18, 65)],
  },
  {
    note: 'a rule for a group after a comma (门诊限…) is no rule for all: inpatient AND outpatient refused everything',
    text: '限住院患者，门诊限恶性肿瘤患者。',
    structuring: 'unparsed',
  },
  {
    note: 'an approval only the children need is no approval every adult needs',
    text: '限成人，儿童需经医保经办机构审批。',
    structuring: 'unparsed',
  },
  {
    note: 'a group exempt from the limit (抢救时不受此限) is not the only group paid',
    text: '限重症肺炎患者，抢救时不受此限。',
    structuring: 'unparsed',
  },
  {
    note: 'children, or pregnant women: two groups, not children who are women',
    text: '限儿童和妊娠期妇女。',
    structuring: 'unparsed',
  },
  {
    note: 'an approval for continuation only is no approval every claim needs',
    text: '限类风湿关节炎，续用需再次审批。',
    structuring: 'partial',
    all: [dx('类风湿关节炎')],
  },
  {
    note: 'the hospital committee signs off inside the hospital: no fund approval',
    text: '需经医院药事管理委员会审批。',
    structuring: 'unparsed',
  },
  {
    note: 'no approval needed is no approval required',
    text: '不需要事前审批。',
    structuring: 'unparsed',
  },
  {
    note: 'either tier (三级医院和二级医院) is from the lower one',
    text: '限三级医院和二级医院使用。',
    structuring: 'complete',
    all: [tier('secondary')],
  },
  {
    note: 'a neonatal intensive care unit is a ward, not the patient age',
    text: '限新生儿重症监护病房使用。',
    structuring: 'unparsed',
  },
  {
    note: 'the age a disease began (儿童期起病) is no age limit on the patient',
    text: '限儿童期起病的多关节型幼年特发性关节炎。',
    structuring: 'partial',
    all: [dx('幼年特发性关节炎')],
  },
  {
    note: 'a resident doctor (住院医师) is a title, not the inpatient setting',
    text: '限住院医师及以上。',
    structuring: 'unparsed',
  },
  {
    note: 'a vial cap per admission is no lifetime cap, nor an inpatient-only rule',
    text: '限单次住院累计最多支付10支。',
    structuring: 'unparsed',
  },
  {
    note: 'how old (出生不超过14天) is no course of 14 days',
    text: '限新生儿使用，出生不超过14天。',
    structuring: 'partial',
    all: [{ kind: 'age', maxDays: 27 }],
  },
  {
    note: 'a period per year is no period counted once from the first use',
    text: '每年最多支付6个月。',
    structuring: 'unparsed',
  },
  {
    note: 'a first period that continues when it works is no total cap',
    text: '支付不超过3个月，评估有效后可继续支付。',
    structuring: 'unparsed',
  },
  {
    note: 'an acute attack before the disease (the codes tell 急性发作期 from 缓解期): flagged',
    text: '限急性发作的支气管哮喘。',
    structuring: 'partial',
    all: [dx('支气管哮喘')],
  },
  {
    note: 'a coded qualifier past other words of the phrase (慢性活动性肝炎): flagged, not all hepatitis',
    text: '限慢性活动性肝炎。',
    structuring: 'partial',
    all: [dx('肝炎')],
  },
  {
    note: '重型肝炎 is 重症肝炎 (liver failure codes), not every hepatitis',
    text: '限重型肝炎。',
    structuring: 'complete',
    all: [dx('重型肝炎')],
  },
  {
    note: 'a condition prevented (应激性溃疡预防) is no diagnosis the patient has',
    text: '限应激性溃疡预防。',
    structuring: 'unparsed',
  },
  {
    note: 'B in the patients of A on dialysis: not A or B',
    text: '限慢性肾脏病透析患者的高磷血症。',
    structuring: 'unparsed',
  },
  {
    note: 'chronic pancreatitis is its own codes (K86.0/K86.1), not all pancreatitis',
    text: '限慢性胰腺炎。',
    structuring: 'complete',
    all: [dxc(['慢性胰腺炎'], ['K86.0', 'K86.1', 'K85.900x003'])],
  },
  {
    note: 'primary PAH is I27.0 alone, not the secondary forms',
    text: '限原发性肺动脉高压。',
    structuring: 'complete',
    all: [dxc(['原发性肺动脉高压'], ['I27.0'])],
  },
  {
    note: '以上 after the items says the rule of them all',
    text: '限类风湿关节炎；强直性脊柱炎；以上限成人。',
    structuring: 'complete',
    all: [adult],
    any: [[dx('类风湿关节炎')], [dx('强直性脊柱炎')]],
  },
  {
    note: 'an item that names no condition beside one that does: a qualifier or a group, a reviewer tells',
    text: '限非小细胞肺癌；EGFR突变阳性。',
    structuring: 'unparsed',
  },
  {
    note: 'a care rule after the last numbered item (，以上限…) holds for every item',
    text: '限：1.类风湿关节炎；2.强直性脊柱炎，以上限二级及以上医疗机构。',
    structuring: 'complete',
    all: [tier('secondary')],
    any: [[dx('类风湿关节炎')], [dx('强直性脊柱炎')]],
  },
  {
    note: 'a care-only ；-part at the end of the last numbered item holds for every item',
    text: '限：1.ALK阳性的非小细胞肺癌；2.ROS1阳性的非小细胞肺癌；限二级及以上医疗机构。',
    structuring: 'complete',
    all: [tier('secondary')],
    any: [
      [ev('ALK', 'positive'), dx('非小细胞肺癌')],
      [ev('ROS1', 'positive'), dx('非小细胞肺癌')],
    ],
  },
  {
    note: 'a rule for the patients of one condition (，胃癌限HER2阳性) is no rule for all',
    text: '限乳腺癌或胃癌，胃癌限HER2阳性。',
    structuring: 'unparsed',
  },
  {
    note: "a children's vial cap is no age limit on every patient",
    text: '限类风湿关节炎。儿童每年最多支付6支。',
    structuring: 'partial',
    all: [dx('类风湿关节炎')],
  },
  {
    note: 'a safety sentence about children (安全性和有效性尚未确定) is no requirement',
    text: '限成人类风湿关节炎。儿童用药的安全性和有效性尚未确定。',
    structuring: 'complete',
    all: [adult, dx('类风湿关节炎')],
  },
  {
    note: 'a dose caution (与胰岛素联用时需减量) requires no insulin',
    text: '限2型糖尿病。与胰岛素联用时需减量。',
    structuring: 'complete',
    all: [dx('2型糖尿病')],
  },
  {
    note: 'an all-of lead-in after the condition (，且需同时符合:) makes the items all required, the condition too',
    text: '限2型糖尿病患者，且需同时符合：1.成人；2.BMI≥25。',
    structuring: 'complete',
    all: [dx('2型糖尿病'), adult, { kind: 'lab', comparator: 'gte', value: '25' }],
  },
  {
    note: 'intolerant of the first line is in the second line, not the first',
    text: '限一线治疗不耐受的非小细胞肺癌。',
    structuring: 'complete',
    all: [line(2), dx('非小细胞肺癌')],
  },
  {
    note: 'two drivers each positive joined by 、 are two groups, not both',
    text: '限EGFR突变阳性、ALK阳性的非小细胞肺癌。',
    structuring: 'unparsed',
  },
  {
    note: 'a note on one item (其中第1项…) is no rule for all',
    text: '限：1.类风湿关节炎；2.强直性脊柱炎。其中第1项限三级医院。',
    structuring: 'partial',
    any: [[dx('类风湿关节炎')], [dx('强直性脊柱炎')]],
  },
  {
    note: 'familial hypercholesterolaemia is E78.001/E78.003, not all of E78.0',
    text: '限家族性高胆固醇血症。',
    structuring: 'complete',
    all: [dxc(['家族性高胆固醇血症'], ['E78.001', 'E78.003'])],
  },
  {
    note: 'a rule for an age group written with years (12岁以下儿童需…) is no rule for all',
    text: '限哮喘患者，12岁以下儿童需事前审批。',
    structuring: 'unparsed',
  },
  {
    note: 'a rule for a group in brackets is no rule for all',
    text: '限哮喘患者（儿童需事前审批）。',
    structuring: 'unparsed',
  },
  {
    note: 'items that all limit the care hold together, not as alternatives',
    text: '限住院使用；限二级及以上医疗机构。',
    structuring: 'complete',
    all: [inpatient, tier('secondary')],
  },
  {
    note: 'after 符合下列条件之一 the items stay alternatives, a care limit too',
    text: '限2型糖尿病患者，符合下列条件之一：1.成人；2.住院使用。',
    structuring: 'partial',
    all: [dx('2型糖尿病')],
    any: [[adult], [inpatient]],
  },
  {
    note: 'no approval needed (不需审批) is no approval required',
    text: '限类风湿关节炎患者，不需审批。',
    structuring: 'partial',
    all: [dx('类风湿关节炎')],
  },
  {
    note: 'not advised for children is no children-only rule',
    text: '限类风湿关节炎患者，不建议儿童使用。',
    structuring: 'partial',
    all: [dx('类风湿关节炎')],
  },
  {
    note: 'dialysis and non-dialysis patients included: no dialysis required',
    text: '限慢性肾脏病引起的贫血，包括透析及非透析患者。',
    structuring: 'partial',
    all: [dx('慢性肾脏病引起的贫血')],
  },
  {
    note: 'the kind in brackets (肾细胞癌) keeps its histology, though its morphology codes reach other sites',
    text: '限肾癌（肾细胞癌）。',
    structuring: 'complete',
    all: [dx('肾细胞癌')],
  },
  {
    note: "an institution's filing with the fund is no approval of each use",
    text: '限经医保部门备案的定点医疗机构使用。',
    structuring: 'unparsed',
  },
  {
    note: 'kinds in brackets ending in 等 are examples: the broad term stays',
    text: '限实体瘤（肺癌、乳腺癌等）。',
    structuring: 'partial',
    // The examples' codes lie inside 实体瘤's: the reading is all solid tumours.
    all: [dx('实体瘤', '肺癌', '乳腺癌')],
  },
  {
    note: 'a dose adjustment with a partner requires no partner',
    text: '限类风湿关节炎患者，与甲氨蝶呤联用时需调整剂量。',
    structuring: 'complete',
    all: [dx('类风湿关节炎')],
  },
  {
    note: "the mother's result (HBsAg阳性母亲) is no result of the newborn, nor a hepatitis B diagnosis",
    text: '限乙型肝炎表面抗原阳性母亲所生的新生儿。',
    structuring: 'partial',
    all: [{ kind: 'age', maxDays: 27 }],
  },
  {
    note: 'another condition after ，或者 is an alternative to the rest',
    text: '限急性中风偏瘫、神志不清的患者，或者中重度肺部感染患者。',
    structuring: 'unparsed',
  },
  {
    note: 'no cirrhosis or compensated cirrhosis: no cirrhosis required',
    text: '限无肝硬化或代偿期肝硬化的慢性丙型肝炎成人患者。',
    structuring: 'partial',
    all: [adult, dx('慢性丙型肝炎')],
  },
  {
    note: 'Buerger disease or ischaemic stroke, at a secondary hospital',
    text: '限二级及以上医疗机构的血栓闭塞性脉管炎、缺血性中风患者。',
    structuring: 'partial',
    all: [tier('secondary'), dx('血栓闭塞性脉管炎', '中风')],
  },
];
