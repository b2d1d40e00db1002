import type { Indication, Structuring } from '../item/item.ts';
import type { PriorTherapyOutcome } from '@openpayer/domain';
import {
  type Restriction,
  type RestrictionKind,
  canonicalVariants,
  restrictionSchema,
} from '../restrictions/restriction.ts';
import type { ConditionMatcher } from './condition-dictionary.ts';
import type { ImportSettings } from './settings.ts';
import { canonicalSeverity, openBracketBefore, splitOutsideBrackets } from './text.ts';

/**
 * Reads the national list's restricted payment scope (限定支付范围) into restrictions.
 *
 * The text has a small grammar: `限：1.A；2.B。应同时符合以下条件：1.x；2.y` is "A or B, and
 * always x and y"; `限A；限B。支付不超过14天。` is "A or B, and at most 14 days"; a lead-in before
 * a numbered list (`限以下情况方可支付，且支付不超过12个月：1.…`, `限以下CD30阳性的成人患者：1.…`)
 * holds for every item. Within one clause each recognizer (first prescription, scheme, approval,
 * course, month limit, vial caps, emergency care (急救、抢救), earlier therapies and what became of
 * them — 既往接受过含铂化疗失败, 未经ALK抑制剂治疗, by the settings' therapy names —, combination,
 * lab thresholds, tier, setting, line of therapy, age, sex, evidence with variants, diagnosis)
 * claims the characters it understood; what is left,
 * after filler words, decides whether the clause is fully structured. A clause joined by 或
 * across different kinds ("限子宫肌瘤患者或生育保险") cannot be written as all-of, so it is left
 * whole for an administrator rather than structured wrongly; so is a later sentence that names
 * a condition of its own (a rule for some of the indications only). Sentences that describe
 * rather than restrict (the settings' `descriptivePatterns`) are not requirements.
 *
 * Every restriction keeps the exact fragment it was read from (`text`) and where that sits in
 * the normalised remark (`span`).
 */

export interface ParsedRemark {
  readonly restrictions: Restriction[];
  readonly indications: Indication[];
  readonly structuring: Structuring;
  readonly unparsed: string[];
}

export interface RemarkParser {
  parse(remark: string): ParsedRemark;
}

interface ClauseResult {
  readonly text: string;
  readonly restrictions: Restriction[];
  /** The clause text when some of it was not understood. */
  readonly leftover: string | null;
}

/** A clause of the normalised remark and where it starts. */
interface Clause {
  readonly text: string;
  readonly at: number;
}

/** Words of a group of patients before or inside a list of conditions (儿童哮喘, 或成人慢阻肺). */
const GROUP_WORDS = '(?:成人|成年|儿童|小儿|婴幼儿|婴儿|幼儿|青少年|新生儿|老年人?|女性|男性|妇女)';
const GROUP_WORD_BEFORE = new RegExp(`${GROUP_WORDS}(?:患者|病人)?的?$`, 'u');
const GROUP_WORD_ANYWHERE = new RegExp(GROUP_WORDS, 'gu');
/** Ages and groups of patients joined as alternatives: "18岁以下或成人", "婴儿或青少年". */
const AGE_GROUP_WORDS = '(?:儿童|小儿|患儿|婴幼儿|婴儿|幼儿|青少年|老年|成人|成年)';
const AGE_JOINED_TO_GROUP = new RegExp(
  `\\d+(?:岁|月龄|个月)(?:及)?(?:以下|以上)?(?:患者|的)?(?:或|及|和|与|、)(?:${AGE_GROUP_WORDS})`,
  'u',
);
const TWO_GROUPS_JOINED = new RegExp(
  `${AGE_GROUP_WORDS}(?:患者)?(?:或|及|和|与|、|以及)(?:\\d+岁(?:及)?(?:以下|以上)的?)?${AGE_GROUP_WORDS}`,
  'u',
);

/** After a listed condition: a few words of its own (or a bracket), then the mark of the next. */
const ITEM_THEN_JOIN = /^(?:\([^()]*\))?[^,;。:()]{0,20}?(?:或|以及|[及和与、;,])/u;

/** Words right before a number of months that make it a duration, not an age (病程6个月以上). */
const DURATION_BEFORE = /(?:病程|病史|疗程|治疗|用药|使用|服用|持续|发病|确诊)(?:达|超过|已)?$/u;

/** Right after a therapy: what came of it (后, 效果不佳, 失败, 仍未达标 …) — a therapy tried before. */
const PRIOR_OUTCOME_AFTER =
  /^(?:(?:后|时)?的?(?:效果|疗效|控制|血糖控制)?(?:不佳|欠佳|不理想|无效|失败|不满意|未达标|进展)|后[^,;。用]{0,12}?(?:仍|未达标|不佳|无效|失败|进展))/u;

/** A syndrome's name that opens with what rules it out (非肝胆湿热证, 除气虚血瘀证外). */
const RULED_OUT_SYNDROME = /^(?:非|无|不属于?|不是|并非|排除|除外?|不伴有?)/u;

/** On the way from a test to its result word: a result already given, or another antibody. */
const TWO_RESULTS = /(?:阳性|阴性|野生型)(?:或|及|和|与|、|\/)|抗[A-Za-z0-9-]+抗体/u;

/** Marks that stand for a note in the printed list, not a restriction (◇: see the list's notes). */
const MARKERS = new Set(['◇', '★', '△']);

const ALSO_REQUIRED = '应同时符合以下条件';
/**
 * A lead-in that makes a numbered list's items all required, not alternatives: "同时满足以下
 * 条件:1.…;2.…", "须同时符合下列条件", "以下条件均需满足" (the text is only the lead-in).
 */
const ALL_OF_LEAD =
  /^(?:仅?限于?)?(?:(?:须|需|应)?(?:同时)?(?:满足|符合|具备)(?:以下|下列)(?:全部|所有|两个|三个|[2-9]个|各项)?(?:条件|情况)(?:的患者)?|(?:以下|下列)(?:条件|情况)(?:须|需|应)?(?:全部|均)(?:须|需|应)?(?:满足|符合|具备))[:;,]?$/u;
/** The end of a lead-in that makes the items all required ("…，且需同时符合:", "…方可支付:"). */
const ALL_OF_END =
  /(?:且|并)?(?:须|需|应)?同时(?:满足|符合|具备)(?:以下|下列)?(?:全部|所有|各项)?(?:条件|情况)?(?:方可支付|方予支付)?[:;,]?$/u;
/**
 * A lead-in that makes a numbered list's items what is ruled out: "以下情况除外:", "不适用于:",
 * "不包括以下情况:", "下列患者禁用:".
 */
const EXCLUDED_LEAD =
  /(?:(?:以下|下列)(?:情况|患者|人群)?(?:除外|禁用|不适用|不予支付)|(?:不适用于|不包括|不予支付|禁用于?|除外)(?:以下|下列)?(?:情况|患者|人群)?|不符合(?:以下|下列)(?:任一|任何)?(?:条件|情况)(?:之一)?的?(?:患者|人群)?)[:;,]?$/u;
/**
 * Words right before a term that rule it out (除外肺癌, 不包括肺癌, 除肺癌以外); a bare 除 only at
 * the start of a clause, not as the end of a verb (切除, 根除幽门螺杆菌) — and what was never had
 * or is still to come (未接受过, 不适合接受, 准备接受 …).
 */
/** Words before something still to come (准备接受, 拟行, 计划接受): not on any claim yet. */
const TO_COME = String.raw`(?:准备|拟|计划|等待)`;
const TO_COME_VERB = String.raw`(?:接受|进行|行)`;
const RULED_OUT_BEFORE = new RegExp(
  String.raw`(?:除外|除了|不包括|不包含|不含|排除[\u4e00-\u9fff]{0,4}|(?:^|[^\u4e00-\u9fff]|限)除|无|非|不伴有?|未合并|未|未(?:曾|曾经)?(?:接受|进行|行|做|实施)过?|(?:不适合|不宜|无法|不能)(?:接受|进行)|${TO_COME}${TO_COME_VERB})$`,
  'u',
);
/** A procedure still to come (准备接受…移植, 拟行…): the verb may be left out. */
const PROCEDURE_TO_COME = new RegExp(`${TO_COME}${TO_COME_VERB}?$`, 'u');
/**
 * A disease named as no disease of this claim's patient: a past one (既往脑梗死, 既往有乳腺癌,
 * 既往诊断为…), a relative's (母亲为乙肝患者的新生儿) — before the term; a test or screening for it, a
 * negative result, a vaccine, a family history, a drug class, an exposure or its passing from
 * mother to child named after it (结核检测, 幽门螺杆菌阴性, 乙肝疫苗, 乳腺癌家族史, 支气管扩张剂,
 * 乙型肝炎病毒暴露后预防, 乙肝母婴阻断) — after it (the mother's own disease before 孕妇所生 is a
 * phrase left unread: UNREAD_PHRASES); and
 * a risk of it (HIV-1感染高风险成人, 子痫前期高危孕妇, 骨髓增生异常综合征高风险患者: RISK_AFTER). Diagnoses
 * only (RULED_OUT_* apply to every kind).
 */
const PAST_BEFORE = /既往(?:有|患有|患过|曾患|(?:被)?(?:诊断|确诊)为?)?$/u;
const OTHERS_BEFORE = /(?:母亲为|母亲患有?|家族中有?|家属)$/u;
const NOT_THE_PATIENTS_AFTER = /^(?:检测|筛查|阴性|疫苗|家族史|剂|(?:病毒)?暴露|(?:病毒)?母婴)/u;
/**
 * A risk of the disease after it (高风险, 高危): people at risk of it (肺癌高风险人群, HIV-1感染高风险
 * 成人, 出血高风险患者), or its patients' risk group (骨髓增生异常综合征高风险患者) — which, the words
 * do not tell reliably, so the term is not read (a reviewer's) — but a tumour's own risk of relapse
 * or progression (乳腺癌高危复发的…) is its patients' (TUMOUR_OWN_RISK).
 */
const RISK_AFTER = /^高(?:风险|危)/u;
const TUMOUR_OWN_RISK = /^高(?:风险|危)(?:复发|进展)/u;
/** A child born to a mother the words before name (乙型肝炎孕妇所生, HBsAg阳性母亲所生). */
const MOTHERS_CHILD = /(?:孕产妇|孕妇|产妇|母亲)所生/gu;
/** Words right after a term that rule it out (肺癌以外的实体瘤, 肺癌除外). */
const RULED_OUT_AFTER =
  /^(?:(?:的?(?:患者|者|人群))?(?:以外|之外|除外|不予支付|不支付)|前(?:的|预处理|准备))/u;
/** A part after ",或" / ";或": group 1 its words after 或. */
const OR_PART = /[,;]或([^,;。]*)/gu;
/**
 * Words that open a list of symptoms after the condition's own part ("…患者，伴头痛，或眩晕"),
 * beside the settings' descriptive tails (症见), which may open a text too.
 */
const SYMPTOM_LEADS = /^(?:伴有?|表现为|症状为)/u;
/** Where one group of patients ends and another begins (患者 | 或, 患者 | ,或). */
const GROUPS_OR = /患者,?或/gu;
/** Restrictions on the care rather than the patient: a group before 或 may mean them for all. */
const CARE_KINDS: ReadonlySet<Restriction['kind']> = new Set([
  'institution_tier',
  'setting',
  'prescriber_title',
  'first_prescription',
  'approval',
  'scheme',
  'emergency',
]);

export function normalizeRemark(text: string): string {
  // A range of severities in its short spelling (轻度、中度 → 轻中度), as the dictionary's terms.
  return canonicalSeverity(
    text
      // ①②… as 〔1〕〔2〕…, the items they number (NFKC would make them bare digits): a list of
      // its own style, told apart from (1)(2) around or inside it.
      .replace(/[①-⑩]/gu, (c) => `〔${(c.codePointAt(0) ?? 0x2460) - 0x2460 + 1}〕`)
      .normalize('NFKC')
      .replace(/\s+/gu, '')
      .replace(/[“”]/gu, '"')
      .replace(/;+/gu, ';')
      // An abbreviation in square brackets as in round ones (非小细胞肺癌[NSCLC], 【Ph+CML】).
      .replace(/[[【]([A-Za-z0-9+/-]{2,12})[\]】]/gu, '($1)')
      // 成年人 is 成人; 之前 / 此前 / 以前 / 曾 before 接受 / 使用 / 经过 is 既往.
      .replace(/成年人(?!群)/gu, '成人')
      .replace(/(?:之前|此前|以前)(?=接受|使用|经过|曾)/gu, '既往')
      .replace(/(?<!既往)曾(?=(?:至少)?(?:接受|使用|经过))/gu, '既往')
      // 少儿, 儿科患者 are 儿童; 癎 is 痫.
      .replace(/少儿|儿科(?=患者|人群)/gu, '儿童')
      .replace(/癎/gu, '痫')
      // 或者 is 或; a tier written out (二级及二级以上, 二级或以上, 二级以上(含二级), 二级(含)以上,
      // 二级及其以上) as 二级及以上.
      .replace(/或者/gu, '或')
      .replace(/([二三])级(?:及\1级以上|或以上|以上\(含\1级\)|\(含\)以上|及其以上)/gu, '$1级及以上')
      // "住院患者(含急诊留观患者)", "住院患者(包括抢救)": either care, as 住院患者或急诊患者 says it.
      .replace(
        /(住院|门诊)(患者|病人)?\((?:含|包括|包含)(急诊|抢救|急救)(?:留观)?(?:患者|病人)?\)/gu,
        (_, care: string, who: string | undefined, other: string) =>
          `${care}${who ?? ''}或${other}${who ?? ''}`,
      )
      // "18岁以上、65岁以下": a range (as 18岁以上65岁以下), not two groups of either.
      .replace(
        /(\d+)(周?岁)((?:及)?以上)、(\d+)(周?岁)((?:及)?以下)/gu,
        (whole, low: string, a: string, above: string, high: string, b: string, below: string) =>
          Number(low) < Number(high) ? `${low}${a}${above}${high}${b}${below}` : whole,
      )
      // 二级医院及以上 as 二级及以上医院.
      .replace(/([二三])级(医院|医疗机构)及以上/gu, '$1级及以上$2')
      // Comparators typed otherwise: >= ≧ as ≥, <= ≦ as ≤, 至小于 as 至< (12至小于18岁).
      .replace(/>=|≧/gu, '≥')
      .replace(/<=|≦/gu, '≤')
      .replace(/至小于/gu, '至<')
      // A line numbered in digits or Roman numerals (2线, Ⅱ线 — NFKC II线, 1-2线, 1或2线, 1—2线,
      // 1/2线, 1、2线), ≥ before it (≥2线) as 及以上 after it; not one bounded otherwise (≤2线, >2线,
      // 少于3线, 前2线, 2线以内, 0~1线: left as written).
      .replace(
        /(≥|≤|<|>|不超过|最多|大于|超过|少于|小于|至多|不多于|不少于|多于|前)?(?<![\dA-Za-z.\-~—–/])((?:IV|III|II|I|[1-4])(?:[-~、或和及至到—–/](?:IV|III|II|I|[1-4]))*)线(?!以内|以下|以前|及以下)/gu,
        (whole, bound: string | undefined, lines: string, at: number, all: string) => {
          if (bound !== undefined && bound !== '≥') return whole;
          // "1、3线及以上…；2、…": a digit and 、 at an item's start (the text's, or after ; 。 :
          // 限), with the number before or after it at another item's start, number the item, not a
          // range; so does a pair that is no range (1、3线, 1、2线及以上). Else the pair is one
          // (晚期胃癌(1、2线治疗), 限1、2线治疗).
          const item = /^([1-9])、(IV|III|II|I|[1-9])/u.exec(lines);
          const start = at + (bound?.length ?? 0);
          const atItemStart = (i: number) => /(?:^|[;。:]|限)$/u.test(all.slice(0, i));
          const neighbour = (n: number) =>
            [...all.matchAll(new RegExp(`(?<!\\d)${n}、`, 'gu'))].some((o) => atItemStart(o.index));
          const second = item === null ? 0 : lineNumber(item[2] ?? '');
          const numbered =
            item !== null &&
            ((atItemStart(start) &&
              (neighbour(Number(item[1]) + 1) || neighbour(Number(item[1]) - 1))) ||
              second !== Number(item[1]) + 1 ||
              (lines === item[0] && /^线及以[上后]/u.test(all.slice(at + whole.length - 1))));
          const kept = numbered ? `${item[1]}、` : '';
          const read = lines.slice(kept.length);
          return `${kept}${read.replace(/IV|III|II|I|[1-4]/gu, (n) => CHINESE_LINES[lineNumber(n)] ?? n).replace(/[~—–/、]/gu, '至')}线${bound === '≥' ? '及以上' : ''}`;
        },
      )
      // A line of therapy with 使用 / 应用 (二线使用, 作为二线治疗药物使用), or alone in its clause
      // (限二线), as 二线用药.
      // (Only as its clause's own words — at its start or after 限 / 作为 / 用于, up to its end —
      // and not after a negation before it in the clause: "伊马替尼一线使用，治疗失败" is an earlier
      // line, "不推荐作为一线使用" rules one out.)
      .replace(
        /(?<![不禁勿][^,;。]*|避免[^,;。]*)(?<=(?:^|[,;。:])(?:仅?限|作为|用于|可)?)([一二三四])线(?:治疗)?(?:药物|药品)?(?:使用|应用)(?=$|[,;。或、])/gu,
        // (Not when the text names another line: 限一线使用，二线使用需经审批.)
        (whole: string, n: string, _at: number, all: string) =>
          new RegExp(`(?!${n})[一二三四1-4]线`, 'u').test(all) ? whole : `${n}线用药`,
      )
      .replace(/(^|限|[,;。:])([二三四])线(?=$|[,;。])/gu, '$1$2线用药')
      // A span of time written with 至 / ~ / 到 as with a hyphen (治疗3至6个月 → 3-6个月), not an
      // age in months (6至12个月龄).
      .replace(/(\d+)(?:至|~|到)(\d+)(个月|周|天|日|年)(?!龄)/gu, '$1-$2$3')
      // The type of diabetes in Roman or Chinese numerals (Ⅱ型糖尿病, NFKC II型; 二型) as the list
      // writes it.
      .replace(
        /(?<![A-Za-z])(II|I|二|一)型糖尿病/gu,
        (_, type: string) => `${type === 'II' || type === '二' ? 2 : 1}型糖尿病`,
      ),
  );
}

/** A group allowed besides the one the text names (男性患者亦可使用, 儿童也可): see its use. */
const ALSO_ALLOWED =
  /(?:儿童|小儿|患儿|新生儿|婴幼儿|老年人?|男性|女性|成人|成年人?|青少年|孕妇|门诊|住院)(?:患者|病人)?(?:亦|也)(?:可以?|能)(?:使用|用药|应用|支付|适用)?(?=$|[,;。)])/u;

/** The words that open a bracket of what a text includes: (包括…), (含…), (尤其是…). */
const INCLUDES = '包括|包含|含|尤其是?|特别是';
/** Groups of patients a bracket may say a text includes: (包括新生儿), (含孕妇及哺乳期妇女). */
const INCLUDED_GROUPS =
  '儿童|小儿|患儿|新生儿|婴幼儿|婴儿|幼儿|老年人?|男性|女性|男子|妇女|产妇|成人|成年人?|孕妇|妊娠期?|哺乳期?';
/** A bracket naming groups or results a text includes (see its use). */
const INCLUDED_BRACKET = new RegExp(
  String.raw`\((?:${INCLUDES})[^()\d]*?(?:${INCLUDED_GROUPS}|阴性|阳性|\([+-]\))[^()\d]*\)`,
  'u',
);
/** What of such a bracket, its conditions aside, describes patients: groups and results. */
const DESCRIBES_PATIENTS = new RegExp(String.raw`患者|病人|人群|${INCLUDED_GROUPS}|阳性|阴性`, 'u');
/** A test's result, or what a result says of a gene, in a clause. */
const RESULT_WORD = /阳性|阴性|突变|变异|[+-]|野生型|扩增|融合|重排|表达|缺失/u;
/** The words of a bracket naming groups or results a text includes: (包括新生儿), (含HBeAg阴性患者). */
const INCLUDED_GROUP_WORDS = new RegExp(
  String.raw`${INCLUDES}|[A-Za-z0-9-]*(?:阴性|阳性)|\([+-]\)|${INCLUDED_GROUPS}|患者|病人|人群|的|和|及|与|、`,
  'gu',
);

/** Words of an unread item that may limit the care itself (where, by whom, how long, approved). */
const CARE_WORDS =
  /机构|医院|住院|门诊|急诊|抢救|急救|[一二三]级|审批|备案|医师|医生|专科|卫生院|卫生室|社区|卫生服务|药店|药房|双通道|DTP|门特|门慢|慢特|慢病|两病|保健院|诊所|基层|乡镇|家庭|居家|家中|病床|日间|养老|中心|室|科|病区|ICU|监护|氧疗|天|周|个?月|年|支|次|保险|处方|疗程|情形|情况/u;

/** How a condition's name ends (an unread list item that is one: XY综合征, 癌性胸、腹腔积液). */
const CONDITION_END =
  /(?:病|症|炎|癌|瘤|综合征|征|损伤|感染|衰竭|不全|障碍|积液|积水|出血|疼痛|贫血|血症|硬化|梗死|梗塞|骨折|中毒|结石|溃疡|畸形)$/u;

/** A reading of nothing: the whole text left for a reviewer. */
const unreadWhole = (text: string): ParsedRemark => ({
  restrictions: [],
  indications: [],
  structuring: 'unparsed',
  unparsed: [text],
});

/** A line's number written in digits or Roman numerals: its value. */
const LINE_NUMBERS: Readonly<Record<string, number>> = { I: 1, II: 2, III: 3, IV: 4 };
const lineNumber = (n: string): number => LINE_NUMBERS[n] ?? Number(n);
/** Lines 1–4 as the list writes them (一线 …). */
const CHINESE_LINES = ['', '一', '二', '三', '四'] as const;

/** A bracket that names what is excluded: "(肝硬化除外)", "(不包括…)". */
const EXCLUDED_IN_BRACKETS = /\([^()]*?(?:除外|不包括|不予支付|禁用|不适用)[^()]*\)/gu;
/**
 * What is excluded, before the 的 of what is covered: 除X以外的 / 不包括X的 / 未合并X的 / 不适合X的
 * (a treatment the patient cannot have: nothing to require of it); within one
 * bracket level, and not 伴或不伴 (with or without: nothing excluded).
 */
const EXCLUDED_BEFORE_OF =
  /(?:除[^,;。的()]{1,30}?(?:以外|之外|外)|(?<!或)(?:不包括|不含|排除|未合并|不合并|不伴有?|不适合|不适于|不宜)[^,;。的()]{1,30}?)的/gu;
/** Words before a therapy that say it was not (or cannot be) received: 不能接受, 没有接受过. */
const NOT_RECEIVED_BEFORE =
  /(?:不能|无法|拒绝|未能|没有|不曾|不可|不愿|难以)(?:接受|使用)?(?:过|了)?$/u;
/** A part (between commas) that names what is excluded, at its end or start. */
const EXCLUDED_PART =
  /(?:除外|不予支付|不再支付|不得使用|不再使用|禁用|不适用|不宜使用|不推荐(?:使用)?|不建议使用|不可使用|不能使用)$|时不(?:用于|宜|推荐|建议)|^(?:但|本品|本药|该药)?(?:不包括|排除|除外|不含|(?:不|禁|不宜|不推荐|不适|不适合)用于|(?:不建议|不推荐)[^的]*使用)[^的]*$/u;

/**
 * What joins two conditions that must both hold (A且B, A合并B, A伴B, A引起的B, A相关的B, and
 * A患者发生B / A患者出现B / A患者有B: patients with A who develop or have B).
 */
const BOTH_JOIN = /且|合并|并发|并有|伴有|伴|相关|引起|所致|导致|发生|出现|患者有/u;
/**
 * Phrases that look like a restriction a recognizer reads but say something else, left unread:
 * a cap on outpatient payment (门诊最多支付14天, 门诊每月最多支付2支: not outpatients only, nor a
 * course for inpatients), a cap on the first course only (首次支付不超过3个月, 使用不超过12周，有效者
 * 可续用: not every course),
 * a cap per course or cycle (每疗程不超过7天, 每个化疗周期最多支付3天: a course cap counts all
 * days used, so it would refuse the second cycle),
 * a discharge supply (出院带药不超过7天: not the course; nor is the stay before it an
 * inpatient-only rule), an institution able to resuscitate
 * (有抢救条件的医疗机构: not emergency care), a therapy given before (…联合长效β2受体激动剂治疗后
 * 仍未控制: no partner to give now), examples (如下呼吸道感染、腹腔感染: not the requirement), a
 * qualifier in brackets after a condition (高血压(继发性), 脑梗死(急性期): the codes may tell it, the
 * bracket does not say which term it makes).
 */
const UNREAD_PHRASES: readonly RegExp[] = [
  /门诊(?:每次处方|每次|每月|每年)?(?:使用)?(?:最多|最长|累计)?(?:支付|使用|处方)?(?:不超过)?\d+(?:天|周|日|支|个月)(?:用量)?/gu,
  /(?:首个疗程|首疗程|初始治疗|首次治疗|首次申请)[^,;。]{0,8}?(?:不超过|最多|限)?\d+(?:个月|周|天|日)/gu,
  /首次(?:支付|使用|处方)(?:不超过|最多|限)?\d+(?:个月|周|天|日)/gu,
  /(?:最多)?(?:支付|使用)(?:不超过)?\d+(?:个月|周|天|日)(?=[,;]?(?:(?:经|治疗)?(?:评估)?有效(?:者|后)?可?(?:续用|继续(?:支付|使用|用药))|续用|继续使用))/gu,
  /出院带药(?:最多|不超过|限)?\d*(?:天|周|日)?/gu,
  /每(?:个|一)?(?:化疗|治疗|放疗)?(?:疗程|周期)[^,;。]{0,8}?\d+(?:天|日|周|个月)/gu,
  /(?:有|具备|具有)(?:抢救|急救)条件/gu,
  // An earlier episode, not this claim's condition: "前次化疗曾发生重度中性粒细胞减少",
  // "心力衰竭失代偿经静脉治疗后病情稳定的…".
  /(?:前次|上次)[^,;。]{0,8}?曾?(?:发生|出现)[^,;。的]{1,20}|曾(?:经)?(?:发生|出现)[^,;。的]{1,20}/gu,
  /[\u4e00-\u9fff]{2,8}失代偿(?:事件)?经[^,;。]{0,10}?治疗后(?:病情)?稳定/gu,
  /门急诊|门诊[、及和或]?急诊|急诊[、及和或]?门诊/gu,
  /联合(?![^,;。:()]*?(?:用于|使用|用药))[^,;。:()]{1,30}?治疗后/gu,
  /\(如[^()]*\)/gu,
  /住院(?:期间)?(?:使用)?[,;]?(?=出院带药)/gu,
  /\((?:急性|慢性|原发性|继发性|转移性|急性期|慢性期|恢复期|后遗症期|重型|轻型|中型|急性发作期?|急性加重期?|稳定期|缓解期)\)/gu,
  // "ER、PR至少一项阳性", "ALK、ROS1任一阳性": one of the tests, not each of them.
  /(?:至少(?:一|1)(?:项|种|个)|中?任[一意何](?:一)?(?:项|种|个)?|其中(?:之一|一项|一种)|两者任一|二者之一|之一|其一|有一项)(?=[^,;。]{0,3}(?:阳性|阴性|突变|野生型))/gu,
  // "PD-L1高表达": above a threshold the text does not give (TPS ≥ 50%?), not any positive.
  /PD-?L1(?:表达)?高表达/gu,
  // "EGFR罕见突变", "非经典突变": some variants, which ones unsaid.
  /(?:罕见|少见|非经典|不常见|非常见)(?:的)?突变/gu,
  // "HBeAg阳性或阴性": either result, which no one result read from it may stand for.
  /(?:阳性|阴性)(?:或|和|及|与|、|\/)(?:阳性|阴性)/gu,
  // "每日最大剂量不超过10mg": a dose cap, which no claim field holds (a line's quantity is in its
  // own unit) — a reviewer's, never set aside as if it said nothing.
  /每(?:日|天|次)(?:最大)?(?:剂量|用量)?(?:不超过|不宜超过|不得超过|最多|≤)\d+(?:\.\d+)?(?:mg|g|μg|ug|ml|mL|IU|U|毫克|克|万单位)/gu,
];
/**
 * Restrictions on the care alone (where, by whom, how long, how much, approved): a list's item of
 * only these is a rule for every item, not an indication of its own.
 */
const CARE_ONLY_KINDS: ReadonlySet<string> = new Set([
  'institution_tier',
  'setting',
  'prescriber_title',
  'first_prescription',
  'approval',
  'course',
  'month_limit',
  'cumulative_quantity',
]);
/**
 * What makes a list item an indication of its own beside the others: a condition, a procedure,
 * a TCM syndrome, rescue care or an insurance scheme (限子宫肌瘤患者；生育保险).
 */
const INDICATION_KINDS: ReadonlySet<string> = new Set([
  'diagnosis',
  'procedure',
  'tcm_syndrome',
  'emergency',
  'scheme',
]);
/** Age words that name a place or an onset, not the patient's age (儿童医院, 儿童期起病). */
const NOT_AN_AGE =
  /(?:儿童|小儿|新生儿)(?:专科)?(?:医院|科|重症监护(?:病房)?|病房|ICU)|儿童期(?:起病|发病)/gu;
/**
 * What a cap right after it is counted per (单次住院, 每个疗程, 每月, 每年, 每次审批): not a total
 * from the first use.
 */
const SCOPED_BEFORE =
  /(?:单次住院|每次住院|每(?:个|一)?(?:疗程|周期|月|周|年|年度)|每次(?:审批|备案|申请|治疗))[^,;。]{0,4}$/u;
/** What a days cap right after it measures other than the course (age, onset, one use). */
const NOT_A_COURSE =
  /(?:出生|胎龄|孕周|妊娠|发病|起病|症状出现|产后|术后|术前(?:用药)?|预防时?|每次处方|单次处方|处方量)[^,;。]{0,4}$/u;
/** Who or where may use an item: listed with 及/和/、, any one of them (门诊及住院, 女性及儿童). */
const POPULATION_KINDS: ReadonlySet<string> = new Set(['setting', 'emergency', 'age', 'sex']);
/**
 * Words right before a restriction that say it is not what the item is for (不作为一线用药,
 * 不用于儿童), beside the words that rule a condition out (RULED_OUT_BEFORE: 非, 无, 不包括 …).
 */
const NOT_AS_BEFORE =
  /(?:不作为|不得作为|不应作为|不能作为|不可作为|不作|不单独用于|不单独作为|不用于|不适用于)$/u;
/** The first use or prescription, then a condition of it ("首次使用时需…", "首次用药时HbA1c…"). */
const FIRST_USE = /(?:首次|初次)(?:处方|使用|用药|治疗|应用|给药)(?:时|前|需|须|应|必须)/gu;
/** What a line of therapy may say of its kind: 标准, 含铂, 全身, 系统(性) (二线系统化疗). */
const LINE_SCOPE = '(?:标准|含铂|全身|系统性?)';
/**
 * A line, then what became of it or that it is over (group 2: 后 / 中 …, group 3: the outcome):
 * 一线治疗失败, 二线化疗后进展, 一线治疗中进展, 一线治疗后6个月内复发, 一线治疗无法耐受, 二线治疗后.
 */
const LINE_AFTER = new RegExp(
  String.raw`(一|二|三|1|2|3)线(?:及以上)?${LINE_SCOPE}*(?:化疗|治疗|用药)?(?:方案)?(?:治疗)?(?:结束)?(后|时|中|期间|过程中)?(?:\d+个月内)?(?:出现|发生|再次|仍)?(?:疾病|病情)?(失败|进展|复发|耐药|无效|应答不佳|疗效不佳|效果不佳|疗效欠佳|效果欠佳|不能耐受|不耐受|无法耐受|不可耐受)?(?:或(?:复发|进展|不可?耐受|失败|难治))?`,
  'u',
);
/**
 * After a count of therapies received that names none (既往接受过至少两种…), what makes it a count
 * of lines: 的, the clause's end or a bracket, 后, or the therapy named after all (两种既往治疗, 两种
 * 系统治疗) — not a class of drugs (两种TNF抑制剂).
 */
const COUNT_OF_LINES_NEXT = new RegExp(
  String.raw`^(?:的|[,;。(]|后|$|(?:既往|先前|前期)?(?:的)?${LINE_SCOPE}?(?:治疗|化疗|疗法|用药|方案))`,
  'u',
);
/**
 * Latin words in brackets that are no restatement of the words before them (upper case): a stage
 * (IIIB, BCLC), a phase (CP, AP, BP), a subtype (TNBC, T-ALL's T, IgG), a score or a measure
 * (DAS28, PASI, NYHA, ECOG, IPSS, HbA1c, SBP).
 */
const NOT_RESTATING =
  /^(?:(?:I{1,3}|IV)[A-C]?\d?|CP|AP|BP|BC|ES|LS|[TB]|ABC|GCB|GT\d*|17P|TNBC|NDMM|RRMM|SQNSCLC|M?CRPC|M?CRC|M?HSPC|IG[AGMDE]|BSA|WHO|FC|HBA1C|SBP|DBP|LVEF|FEV1)$|^(?:BCLC|TNM|FIGO|DAS28|PASI|NYHA|ECOG|IPSS|MMSE|EDSS)/u;
/** A genotype at an abbreviation's end (GT1b, HCVGT1 — the space gone): a kind of the infection. */
const GENOTYPE_END = /GT\d+[A-F]?$/u;
/**
 * An abbreviation led by a kind in lower case (ccRCC clear-cell, mCRC metastatic, axSpA axial,
 * sqNSCLC squamous): it names a kind of what it abbreviates, not the words before it. (Not r,
 * relapsed or refractory: r/rPTCL restates 复发或难治的外周T细胞淋巴瘤.)
 */
const KIND_PREFIXED = /^(?!r[A-Z])[a-z]{1,3}[A-Z]{2,}/u;
/** The words each lower-case kind of KIND_PREFIXED stands for (m: 转移性 but not 非转移, nsq: 非鳞状 …). */
const KIND_WORDS: Readonly<Record<string, RegExp>> = {
  a: /急性/u,
  c: /慢性/u,
  m: /(?<!非)转移/u,
  la: /局部晚期/u,
  nm: /非转移/u,
  nsq: /非鳞/u,
  sq: /(?<!非)鳞/u,
  cc: /透明细胞/u,
  g: /全身型/u,
  s: /系统性/u,
  ax: /中轴/u,
};
/** What a kind stands for after a tumour, where it differs (aRCC, aST: 晚期; aGVHD is acute). */
const KIND_WORDS_OF_TUMOURS: Readonly<Record<string, RegExp>> = { a: /急性|晚期/u };
/**
 * The words that abbreviations saying more elsewhere (NOT_RESTATING, a test's name) stand for:
 * after them, the bracket restates (克罗恩病(CD), not the CD20 test).
 */
const SPELLED_OUT: Readonly<Record<string, readonly string[]>> = {
  CD: ['克罗恩病'],
  TNBC: ['三阴性乳腺癌'],
  CP: ['慢性期', '慢性胰腺炎'],
  AP: ['加速期', '急性胰腺炎'],
  BP: ['急变期'],
  BC: ['急变期', '乳腺癌'],
  SALCL: ['系统性间变性大细胞淋巴瘤'],
  GMG: ['全身型重症肌无力'],
  AHUS: ['非典型溶血性尿毒症综合征', '非典型溶血尿毒症综合征'],
  RRMM: ['复发或难治性多发性骨髓瘤', '复发难治性多发性骨髓瘤', '复发/难治性多发性骨髓瘤'],
  NDMM: ['新诊断的多发性骨髓瘤', '新诊断多发性骨髓瘤'],
  MCRPC: ['转移性去势抵抗性前列腺癌'],
  CRPC: ['去势抵抗性前列腺癌'],
  MCRC: ['转移性结直肠癌'],
  MHSPC: ['转移性激素敏感性前列腺癌', '转移性内分泌治疗敏感性前列腺癌'],
};
/** Words that ask for one of the items that follow (以下情况之一, 满足任一条件, 下列情形). */
const ANY_ONE_OF = /之一|任一|任何一|其中一|以下|下列/u;
/**
 * After an earlier therapy's outcome, what follows 、 that is required beside it, not another way
 * in: 且 said, or a test's result (PD-L1阳性, HER2阴性, EGFR T790M突变阳性).
 */
const RESULT_NEXT = /^、(?:且|[A-Za-z][A-Za-z0-9-]*[^,;。、或]{0,12}?(?:阳性|阴性))/u;
/**
 * After a course or month limit, payment that goes on once the drug is found to work ("连续用药不超过
 * 16周，评估有效后方可继续支付"): the limit is a review point, not a cap.
 */
const CONTINUED_IF_EFFECTIVE =
  /(?:评估|评价|复查|复评|确认|证实)(?:疗效)?(?:有效|达标|应答|获益)(?:后|者|的)?(?:方可|可|可以)?(?:继续|延长)/u;
/**
 * Monotherapy not paid (单独使用不予支付, 单药不予支付): a part of it alone is set aside as describing
 * (a restatement of the combination read beside it); with no combination read, it is a partner
 * requirement nobody read, for a reviewer.
 */
const MONO_NOT_PAID = /(?:单药|单用|单独(?:使用|用药|应用))(?:使用|治疗)?不予(?:支付|报销)/u;
const MONO_NOT_PAID_PART = new RegExp(`^${MONO_NOT_PAID.source}$`, 'ud');
/** Verbs of an aim before 复发 (预防复发: no relapsed patient). */
const AIMS = '预防|防止|减少|降低|避免|控制';
/**
 * Relapsed or refractory (复发或难治性, 复发/难治, 复发难治, 难治或复发): of a tumour, relapsed after a
 * line of therapy or refractory to it — the second line or later. Not the 复发 an aim prevents
 * (预防复发、难治性癫痫). (难治性 alone is not: 放射性碘难治性甲状腺癌 names a kind whose first
 * systemic line it is; nor 复发性 of a disease's course: 复发性抑郁障碍, 复发性口腔溃疡.)
 */
const RELAPSED_OR_REFRACTORY = new RegExp(
  String.raw`(?<!${AIMS})(?:复发(?:性|型)?(?:或|和|及|与|\/|、)?难治(?:性|型|的)?|难治(?:性)?(?:或|和|及|与|\/|、)复发(?:性|型|的)?)`,
  'u',
);
/**
 * Beside relapsed or refractory, what leaves its line unsaid: the newly diagnosed listed too
 * (初发、复发、难治性…; 一线及复发难治…) or a line the reader did not take (二线或以上系统治疗后复发
 * 或难治).
 */
const RELAPSED_LINE_UNSAID = /初治|初发|首发|初诊|新诊断|未经治疗|线/u;
/** The text before a match ends inside an including bracket (…(包括复发或难治性). */
const INCLUDED_SO_FAR = new RegExp(String.raw`\((?:${INCLUDES})[^()]*$`, 'u');
/**
 * 复发 alone (复发的急性髓系白血病, 急性髓系白血病复发): of a tumour, relapsed after a line of therapy
 * or after surgery alone — the text does not say which. Not a risk (高复发风险), an aim
 * (预防复发), nor relapsed or metastatic (复发/转移性: either).
 */
const RELAPSED_ALONE = new RegExp(
  String.raw`(?<!${AIMS}|高)复发(?:性|的|型)?(?!风险|率|(?:和\/或|或|\/|、|和|及)?(?:转移|进展))`,
  'u',
);
/** A whole morphology code (M83120/3): a kind of tumour at any site. */
const WHOLE_MORPHOLOGY = /^M\d{5}\/\d$/u;
/** ICD-10 prefixes of tumours (C00–D48) and morphology codes: where relapse follows a line. */
const isTumourCode = (p: string): boolean => /^=?(?:C|D[0-4])/u.test(p) || WHOLE_MORPHOLOGY.test(p);
/**
 * The untreated listed with another group ("初治及复发的…", "未经治疗和经治的…", "初治患者和经治
 * 患者"), or 初治失败 (the first regimen failed): no line for all.
 */
const UNTREATED_OR =
  /(?:初治|新诊断|未经治疗|(?:既往)?未接受过?(?:系统)?治疗)(?:的[^,;。]{0,20}?|(?:成人)?患者)?(?:及|和|、|或|与|以及)(?:复发|难治|经治|复治|既往治疗)|(?:复发|难治|经治|复治)[^,;。]{0,6}?(?:及|和|、|或|与|以及)(?:初治|新诊断|未经治疗)|初治(?:失败|无效|耐药)/u;
/**
 * Where a 症见 tail's symptoms end: a part that restricts again — a number (days, ages), a limit,
 * a syndrome, a setting, a group, a partner or a scheme (限…, 属…证, 支付不超过, 18岁以上, 男性 …).
 */
const TAIL_ENDS =
  /[,;](?=[^,;。]*(?:\d|限|属|证|中医|支付|使用|用药|疗程|最长|最多|累计|单次|每|级|医院|医疗机构|住院|门诊|急诊|抢救|男|女|儿童|小儿|老年|成人|青少年|孕|不予|除外|联合|配合|保险|诊断|需|须|非|患者|为))/u;
/** A later sentence naming another use (也可用于, "在B的常规治疗中，可用于…"). */
const ANOTHER_USE = /(?:^|,)(?:(?:也|亦|还|另|同时)可?|可)(?:适)?用于/u;
/** Per eye (每眼累计最多支付9支): each eye's own cap. */
const EYE = '(?:每眼|单眼|每只眼|每侧眼|单侧眼|每一眼)';
/** Exons in a range or a list, written short: "18-21外显子", "19/21外显子", "外显子18-21". */
const EXON_LIST = /\d{1,2}号?[-~/、和及或至]第?\d{1,2}号?外显子|外显子\d{1,2}[-~/、和及或至]\d/u;
/** A mutation or a fusion, either ("突变或融合", "融合/突变", "融合或ALK突变"). */
const MUTATION_OR_FUSION =
  /(?:突变|变异|改变)(?:或|\/|、)[^,;。]*?(?:融合|重排)|(?:融合|重排)(?:或|\/|、)[^,;。]*?(?:突变|变异|改变)/u;
/** A variant written as amino acid, position and (maybe) new amino acid: T315I, D835, Q61. */
const VARIANT_TOKEN = /(?<![A-Za-z])[A-Z]\d+[A-Z]?(?![A-Za-z])/u;
/**
 * Biomarker words left unread ("T315I突变的…", "19号外显子缺失", "敏感突变", "(PD-L1≥50%)"), or
 * a bound ("TPS≥1%且<50%": the upper one): a test's variant, result or threshold the reading
 * would otherwise lose — filler words elsewhere, a reviewer's here.
 */
const UNREAD_BIOMARKER = new RegExp(
  `${VARIANT_TOKEN.source}|外显子|突变|缺失|融合|扩增|重排|野生型|插入|\\([^()]*(?:[≥≤<>%+]|WT|\\d\\s*[-~～至]\\s*\\d)[^()]*\\)|[<>≤≥]\\d`,
  'u',
);
/** What says a rule holds for a group named before it (儿童需…, 门诊限…, 胃癌限…). */
const GROUP_RULE_WORD = '需|须|应|仅?限|必须';
/** The groups of patients a rule may be for (儿童需…, 对于孕妇，限…). */
const RULE_GROUPS =
  '儿童|小儿|患儿|成人|成年|男性|女性|老年|孕妇|妊娠期|哺乳期|新生儿|青少年|婴幼儿';
/**
 * A rule for some of the patients, not all: those with a result ("…阳性者应先…", "如为…阳性",
 * "对于…突变患者需…"); a group or a setting after a comma, or opening the clause ("限成人，儿童
 * 需经审批", "限住院患者，门诊限恶性肿瘤患者", "门诊使用需事前审批", "儿童每年最多支付6支"); a
 * group exempt from the limit ("抢救时不受此限", "住院不限").
 */
const SUBGROUP_RULE = new RegExp(
  [
    String.raw`(?:阳性|阴性|突变|野生型)的?(?:者|患者)(?:应|需|须|必须)`,
    String.raw`(?:如为|如果|若为|若|对于|如系)[^,;。]{0,16}?(?:阳性|阴性|突变|野生型)`,
    String.raw`(?:用于|对于|若为|如为|若是|如果是|如系)(?:\d+岁(?:及)?(?:以下|以上)的?)?(?:${RULE_GROUPS})(?:患者)?(?:时|者)?[,;]?(?:${GROUP_RULE_WORD})`,
    String.raw`(?:^|[,;(。]|^(?:以上|上述))(?:\d+岁(?:及)?(?:以下|以上)(?:的)?(?:儿童|老年|成人)?|${RULE_GROUPS}|门诊|住院|急诊|(?:一级|二级|三级|基层)(?:及以上)?(?:医疗机构|医院))(?:患者)?(?:使用时?|用药时?)?(?:${GROUP_RULE_WORD}|每(?:年|月|日|周|次)|最多|累计|单次|支付不超过|不需|无需|不限)`,
    String.raw`不受此限|不受限制?|(?:住院|门诊|急诊|抢救)(?:时|患者|使用)?不限|(?:时|患者)(?:无需|不需要?|免于?)(?:事前)?(?:审批|审核|备案)`,
  ].join('|'),
  'u',
);
/** A comma part opening with who a rule is for ("胃癌限HER2阳性": 胃癌). */
const GROUP_OF_RULE = new RegExp(`^(.{1,20}?)(?:患者)?(?:${GROUP_RULE_WORD})`, 'u');
/** Another use allowed when something holds ("…不耐受时可单药使用", "…者也可单用"). */
const ALONE_ALLOWED =
  /(?:时|者|情况下)(?:也|亦)?(?:可|方可|可以)单(?:药|独)?(?:使用|治疗|用药|用)/u;
/**
 * Words no partner drug is written with: a patient, a history, a line, radiotherapy or surgery
 * (no drug line shows them), a bare 用药.
 */
const NOT_A_PARTNER =
  /的|患者|既往|未|一线|二线|放疗|放化疗|手术|饮食|运动|^(?:维持|辅助|新辅助|巩固|诱导)$|^他药$|^其他药物?$|^用药$|^药物?$|^不/u;
/** A negation word: 非, 无, 未 (未检出), 不. */
const NEGATION = /[非无未不]/u;
/** A test name or result phrase right after a negation ("非EGFR突变", "非三阴性", "无BRCA突变"). */
const NEGATED_BEFORE =
  /(?:[非无未不]|缺乏|缺少|未检出|未检测到?|检测未见|未见|无法检测|不伴有?|不含|没有|未携带|不携带|未发现|不存在|排除)(?:[A-Za-z0-9-]+(?:敏感|罕见)?(?:基因)?(?:突变|融合|重排|扩增|阳性|缺失|插入)?[/、和及或])?$/u;
/**
 * A result word negated right after it ("EGFR突变未检出", "突变(非20外显子插入)", "突变型除外");
 * not a word that merely follows ("敏感突变非小细胞肺癌", "突变阳性不可切除").
 */
const NEGATED_AFTER =
  /^(?:型|基因)?(?:\((?:非|不|无|除)|未检出|未检测|除外|状态未知|状态不明|未知|不详|不明|未明)/u;
/** A prescriber's title as the list writes it (副主任医师 …), as a restriction names it. */
const TITLES = { 主任: 'chief', 副主任: 'associate_chief', 主治: 'attending' } as const;
const titleOf = (word: string | undefined) =>
  word !== undefined && Object.hasOwn(TITLES, word)
    ? TITLES[word as keyof typeof TITLES]
    : undefined;
const TRIM_START = /^(?:仅?限于?|[:;。,、])+/u;
const TRIM_END = /[;。,、:]+$/u;

/** A clause without its leading 限 / punctuation and trailing punctuation, keeping its position. */
function trimmed(text: string, at: number): Clause {
  const lead = TRIM_START.exec(text)?.[0].length ?? 0;
  const rest = text.slice(lead);
  const tail = TRIM_END.exec(rest)?.[0].length ?? 0;
  return { text: rest.slice(0, rest.length - tail), at: at + lead };
}

/** Splits on `sep` outside brackets, trimmed, dropping empty parts, with positions. */
function splitClauses(text: string, at: number, sep: string): Clause[] {
  const out: Clause[] = [];
  let from = 0;
  for (const part of splitOutsideBrackets(text, sep)) {
    const c = trimmed(part, at + from);
    if (c.text.length > 0) out.push(c);
    from += part.length + sep.length;
  }
  return out;
}

/** Chinese numerals that number a list (一、二、三、…). */
const LIST_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** How a list writes its n-th number (undefined past the last it can write). */
type ListStyle = (n: number) => string | undefined;
const DOTTED: ListStyle = (n) => `${n}.`;
const BRACKETED: ListStyle = (n) => `(${n})`;
const LIST_STYLES: readonly ListStyle[] = [
  DOTTED,
  (n) => `${n}、`,
  (n) => `${n})`,
  (n) => (n <= LIST_NUMERALS.length ? `${LIST_NUMERALS[n - 1]}、` : undefined),
  BRACKETED,
  // ①②… (normalizeRemark).
  (n) => (n <= 10 ? `〔${n}〕` : undefined),
];

/**
 * Splits `head 1.a;2.b;3.c` (numbers in sequence) into the lead-in before the first number and
 * the items, in whichever way the list is written — `1.`, `1、`, `1)`, `一、`, `(1)` or ① — the one
 * whose first number comes first (an outer list starts before the lists inside its items). A
 * number stands after the start, `:`, `;`, `。`, 限 or 限于, never with a digit before it
 * ("0.05-0.5", "1.73m2"). A later `1.`-style number may also follow `,`, `、` or any word (the
 * list typed with spaces, which normalizing took out: "…二线治疗 2.转移性…"), when no digit follows
 * it ("2.5 mg"). No item is empty ("一、二、三级医院" is no list). With `within`, the sub-items of
 * an item of a list written that way: written otherwise, and a number may follow `,` too
 * ("(1)乳腺癌，1、HER2阳性；2、…"). A (1)(2) list may hold one written alike (nestedMarks);
 * 'ambiguous' when which list a number goes on cannot be told.
 */
function numberedItems(
  text: string,
  at: number,
  within?: ListStyle,
): { head: Clause; items: Clause[]; style: ListStyle } | null | 'ambiguous' {
  let best: { style: ListStyle; starts: { at: number; body: number }[] } | undefined;
  for (const style of LIST_STYLES) {
    // (A (1)(2) list may hold one written alike: nestedMarks.)
    if (style === within && style !== BRACKETED) continue;
    const starts = listMarks(text, style, within !== undefined);
    if (starts === 'ambiguous') return starts;
    if (starts === null) continue;
    if (best === undefined || (starts[0]?.at ?? 0) < (best.starts[0]?.at ?? 0))
      best = { style, starts };
  }
  if (best === undefined) return null;
  const { style, starts } = best;
  const first = starts[0]?.at ?? 0;
  return {
    head: trimmed(text.slice(0, first), at),
    items: starts.map((s, i) => {
      const end = i + 1 < starts.length ? (starts[i + 1]?.at ?? text.length) : text.length;
      return trimmed(text.slice(s.body, end), at + s.body);
    }),
    style,
  };
}

/** Whether a list number at `i` stands where an item starts (see numberedItems). */
function startsItem(text: string, i: number, length: number, sub: boolean): boolean {
  const before = i === 0 ? '' : (text[i - 1] ?? '');
  if (/\d/u.test(before)) return false;
  return (
    i === 0 ||
    /[:;。限]/u.test(before) ||
    (before === '于' && text[i - 2] === '限') ||
    (sub && before === ',' && !/\d/u.test(text[i + length] ?? ''))
  );
}

/**
 * The numbers of a list written (1)(2)…, whose items may hold a list written the same way:
 * "(1)非小细胞肺癌：(1)EGFR…；(2)ALK…；(2)小细胞肺癌". A (1) after the outer list's first number
 * opens an inner list; a number that goes on with the inner list belongs to it — unless the inner
 * list holds one item so far and the number is the outer list's next (an inner list of one is
 * none: "…：(1)…；(2)…；(2)…" ends at the second (2)) — and the outer list's next number ends it.
 */
function nestedMarks(
  text: string,
  sub: boolean,
): { at: number; body: number }[] | null | 'ambiguous' {
  const starts: { at: number; body: number }[] = [];
  let inner = 0;
  for (const m of text.matchAll(/\((\d{1,2})\)/gu)) {
    if (!startsItem(text, m.index, m[0].length, sub)) continue;
    const n = Number(m[1]);
    const outerNext = starts.length + 1;
    // "(1)…(2)…：(1)…(2)…(3)…": the (3) goes on with both lists — whose it is, unsaid.
    if (inner > 1 && n === inner + 1 && n === outerNext) return 'ambiguous';
    if (inner > 0 && n === inner + 1) inner = n;
    else if (n === outerNext) {
      starts.push({ at: m.index, body: m.index + m[0].length });
      inner = 0;
    } else if (n === 1 && starts.length > 0 && inner === 0) inner = 1;
  }
  return starts.length < 2 ? null : starts;
}

/** Where a list written in `style` numbers its items in `text` (see numberedItems), or null. */
function listMarks(
  text: string,
  style: ListStyle,
  sub: boolean,
): { at: number; body: number }[] | null | 'ambiguous' {
  if (style === BRACKETED) return nestedMarks(text, sub);
  const starts: { at: number; body: number }[] = [];
  let from = 0;
  for (let n = 1; ; n++) {
    const marker = style(n);
    if (marker === undefined) break;
    let found = -1;
    for (let i = text.indexOf(marker, from); i >= 0; i = text.indexOf(marker, i + 1)) {
      const before = i === 0 ? '' : (text[i - 1] ?? '');
      if (/\d/u.test(before)) continue;
      const later =
        n > 1 && style === DOTTED && before !== '(' && !/\d/u.test(text[i + marker.length] ?? '');
      if (startsItem(text, i, marker.length, sub) || later) {
        found = i;
        break;
      }
    }
    if (found < 0) break;
    starts.push({ at: found, body: found + marker.length });
    from = found + marker.length;
  }
  if (starts.length < 2) return null;
  // "一、二、三级医院": numbers with nothing between them are no items.
  for (let k = 0; k + 1 < starts.length; k++) {
    const between = text.slice(starts[k]?.body ?? 0, starts[k + 1]?.at ?? 0);
    if (trimmed(between, 0).text.length === 0) return null;
  }
  return starts;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };
const count = (word: string): number => CN_DIGITS[word] ?? Number(word);

const CN_UNITS: Record<string, number> = { ...CN_DIGITS, 六: 6, 七: 7, 八: 8, 九: 9 };
/** A number written in digits or in Chinese up to 99 (十八, 二十五, 两), as a capture group. */
const NUMBER = String.raw`(\d+|[一二两三四五六七八九十]+)`;
/** A regular expression (flag u) from its source, with NUMBER where `‹n›` stands. */
const withNumbers = (source: string) => new RegExp(source.replaceAll('‹n›', NUMBER), 'u');
/** The value of a NUMBER match. */
function numberOf(written: string): number {
  if (/^\d+$/u.test(written)) return Number(written);
  const ten = written.indexOf('十');
  if (ten < 0) return CN_UNITS[written] ?? Number.NaN;
  const tens = ten === 0 ? 1 : (CN_UNITS[written.slice(0, ten)] ?? Number.NaN);
  const units = ten === written.length - 1 ? 0 : (CN_UNITS[written.slice(ten + 1)] ?? Number.NaN);
  return tens * 10 + units;
}

export function remarkParser(settings: ImportSettings, conditions: ConditionMatcher): RemarkParser {
  const { childrenMaxYears, adultMinYears, elderlyMinYears, neonateMaxDays } = settings.ages;
  const aliases = settings.evidenceTests
    .flatMap((t) => [
      ...t.aliases.map((alias) => ({ alias, test: t.test, says: null })),
      ...t.positiveNames.map((alias) => ({ alias, test: t.test, says: 'positive' as const })),
      ...t.negativeNames.map((alias) => ({ alias, test: t.test, says: 'negative' as const })),
    ])
    .sort((a, b) => b.alias.length - a.alias.length);
  const testSettings = new Map(settings.evidenceTests.map((t) => [t.test, t]));
  /** The tests' Latin names, upper case (a bracket naming one says more than a restatement). */
  const TEST_NAMES = [
    ...new Set(
      aliases.filter((a) => /^[A-Za-z0-9+\-/]+$/u.test(a.alias)).map((a) => a.alias.toUpperCase()),
    ),
  ];
  const positiveWords = settings.evidenceResults.positive;
  const negativeWords = settings.evidenceResults.negative;
  const fillers = [...settings.fillerWords].sort((a, b) => b.length - a.length);
  /**
   * Whether every code of `inner`'s terms lies inside `outer`'s: each of its prefixes is one of
   * outer's or starts with one; an exact code (=X) counts as the prefix X would. (A whole
   * morphology code, 肾细胞癌's M83120/3, names the kind at any site: no wider site.)
   */
  const within = (inner: string, outer: string) => {
    const a = conditions.match(outer).icdPrefixes;
    return conditions.match(inner).icdPrefixes.every((p) => {
      const code = p.replace(/^=/u, '');
      return (
        WHOLE_MORPHOLOGY.test(p) ||
        a.some((o) => p === o || (!o.startsWith('=') && code.startsWith(o)))
      );
    });
  };
  /**
   * `within`, and by histology too where `outer`'s tells the kind: every kind `inner` confirms
   * is one `outer` confirms and does not exclude (非小细胞肺癌 is not within 小细胞肺癌, though both
   * are C34).
   */
  const withinByKind = (inner: string, outer: string) => {
    if (!within(inner, outer)) return false;
    const told = conditions.match(outer).histology ?? [];
    if (told.length === 0) return true;
    const kinds = conditions.match(inner).histology ?? [];
    return told.every((o) => {
      const mine = kinds.filter((h) => h.prefix === o.prefix);
      return (
        mine.length > 0 &&
        mine.every((h) =>
          h.confirm.every(
            (c) =>
              o.confirm.some((k) => c.startsWith(k)) && !o.exclude.some((k) => c.startsWith(k)),
          ),
        )
      );
    });
  };
  /**
   * Whether a term is a neoplasm: most of its codes are a neoplasm's (C00–D48, or a morphology
   * code) — beside the pregnancy, HIV-related or site codes a term may carry too (实体瘤 takes
   * B21.0, 肝细胞癌 K76.814).
   */
  const isNeoplasm = (term: string) => {
    const codes = conditions.match(term).icdPrefixes;
    const tumour = codes.filter(isTumourCode).length;
    return tumour * 2 > codes.length;
  };
  const orFillers = fillers.filter((w) => w.length > 1 && w.includes('或'));
  const descriptive = [
    MONO_NOT_PAID_PART,
    ...settings.descriptivePatterns.map((p) => new RegExp(p, 'ud')),
  ];
  const labAliases = settings.labTests
    .flatMap((t) => t.aliases.map((alias) => ({ alias, test: t.test })))
    .sort((a, b) => b.alias.length - a.alias.length);
  const labTestOf = new Map(labAliases.map((a) => [a.alias, a.test]));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const DESCRIPTIVE_TAIL = new RegExp(
    `^(?:${settings.descriptiveTails.map(escape).join('|')})`,
    'u',
  );
  const labAlt = labAliases.map((a) => escape(a.alias)).join('|');
  const COMPARATORS: Record<string, 'gt' | 'gte' | 'lt' | 'lte'> = {
    '≥': 'gte',
    大于等于: 'gte',
    不低于: 'gte',
    不少于: 'gte',
    '>': 'gt',
    大于: 'gt',
    高于: 'gt',
    超过: 'gt',
    '≤': 'lte',
    小于等于: 'lte',
    不超过: 'lte',
    不高于: 'lte',
    '<': 'lt',
    小于: 'lt',
    低于: 'lt',
  };
  const cmpAlt = Object.keys(COMPARATORS)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
  const LAB =
    labAlt === ''
      ? null
      : new RegExp(
          `(${labAlt})((?:或(?:${labAlt}))*)(?:水平)?(?:评分)?(${cmpAlt})(\\d+(?:\\.\\d+)?)(倍(?:正常值?)?上限|倍?×?ULN|×10\\^?9/L|U/L|IU/L|IU/mL|IU/ml|kg/m2|g/L|mL/min/1\\.73m2|ml/min/1\\.73m2|%|ng/mL|ng/ml|mmol/L|μmol/L|分)?`,
          'u',
        );

  // Procedures: the list's names for each (longest first).
  const procedureAliases = settings.procedures
    .flatMap((p) => p.aliases.map((alias) => ({ alias: normalizeRemark(alias), procedure: p })))
    .sort((a, b) => b.alias.length - a.alias.length);
  const procedureAlt = procedureAliases.map((a) => escape(a.alias)).join('|');
  const procedureOf = new Map(procedureAliases.map((a) => [a.alias, a.procedure]));
  /** Each procedure's status codes, with those of its dictionary term (statusTerm). */
  const statusCodesOf = new Map(
    settings.procedures.map((p) => [
      p,
      p.statusTerm === undefined
        ? p.statusCodes
        : [...p.statusCodes, ...conditions.match(p.statusTerm).icdPrefixes],
    ]),
  );
  /** Each procedure name in a PROCEDURES match (longest first at one place). */
  const PROCEDURE_NAME = new RegExp(procedureAlt, 'gu');
  /** 接受血液透析(HD)或腹膜透析(PD), 膀胱镜检查使用, 器官移植的诱导治疗. */
  const PROCEDURES =
    procedureAlt === ''
      ? null
      : new RegExp(
          `(?:接受|行)?(?:${procedureAlt})(?:或(?:${procedureAlt}))*(?:术)?(?:检查)?(?:使用|中|时|期间|的诱导治疗)?`,
          'u',
        );

  // Earlier therapies: the list's names for each (longest first) and the words for their outcome.
  const therapyAliases = settings.priorTherapies
    .flatMap((t) => [
      ...t.aliases.map((alias) => ({
        alias: normalizeRemark(alias),
        therapy: t.therapy,
        when: [] as string[],
      })),
      ...t.contextual.map((c) => ({
        alias: normalizeRemark(c.alias),
        therapy: t.therapy,
        when: c.when.map(normalizeRemark),
      })),
    ])
    .sort((a, b) => b.alias.length - a.alias.length);
  /** Each therapy's kinds (化疗: 含铂化疗, 蒽环类 …), from the settings' includes. */
  const kindsOf = new Map(settings.priorTherapies.map((t) => [t.therapy, t.includes]));
  /**
   * A prior-therapy restriction: what was received or failed is met by a record of one of the
   * therapy's kinds too (any of them); anything else stays the therapy named.
   */
  const priorOf = (
    therapies: readonly string[],
    require: 'any' | 'all',
    outcomes: PriorTherapyOutcome[],
  ) => {
    // (Only what was received or failed: a contraindication or an intolerance of one kind is
    // none of the whole.)
    const wider =
      require === 'any' && outcomes.every((o) => o === 'received' || o === 'failed')
        ? [...new Set(therapies.flatMap((t) => [t, ...(kindsOf.get(t) ?? [])]))]
        : [...therapies];
    return { kind: 'prior_therapy' as const, therapies: wider, require, outcomes };
  };
  const outcomeWords = Object.entries(settings.priorTherapyOutcomes)
    .flatMap(([outcome, words]) => words.map((w) => [w, outcome as PriorTherapyOutcome] as const))
    .sort((a, b) => b[0].length - a[0].length);
  const THERAPY_JOIN = '(?:和/或|以及|、|和|或|及)';
  const JOIN_AT_START = new RegExp(`^${THERAPY_JOIN}`, 'u');
  /** Outcomes join as therapies do, and by a slash too (耐药/不耐受: either). */
  const OUTCOME_JOIN = `(?:${THERAPY_JOIN}|/)`;
  const OUTCOME_JOIN_AT_START = new RegExp(`^${OUTCOME_JOIN}`, 'u');
  // (A Latin name only as a whole word: EGFR-TKI is not the end of VEGFR-TKI.)
  const therapyAlt = therapyAliases
    .map((a) => (/^[A-Za-z]/u.test(a.alias) ? '(?<![A-Za-z])' : '') + escape(a.alias))
    .join('|');
  const outcomeAlt = outcomeWords.map(([w]) => escape(w)).join('|');
  /** One or more therapies joined by 、/和/或 (一种蛋白酶体抑制剂: "one" is no condition). */
  const THERAPIES =
    therapyAlt === ''
      ? null
      : `(?:一种|一个)?(?:${therapyAlt})(?:${THERAPY_JOIN}(?:一种|一个)?(?:${therapyAlt}))*`;
  const OUTCOMES =
    outcomeAlt === '' ? null : `(?:${outcomeAlt})(?:${OUTCOME_JOIN}(?:${outcomeAlt}))*`;
  /** "One or more" before a therapy (一种或多种TNF抑制剂): no condition of its own. */
  const SOME = '(?:一种或多种|一种或一种以上|至少一种)?';
  /**
   * 既往接受过含铂化疗治疗失败, 经EGFR-TKI治疗时或治疗后出现疾病进展, 对一种或多种TNF抑制剂应答不佳或不耐受,
   * 经传统DMARDs治疗3-6个月疾病活动度下降低于50% (the time the therapy was given is part of its outcome).
   */
  const PRIOR_OUTCOME =
    THERAPIES === null || OUTCOMES === null
      ? null
      : new RegExp(
          `(?:既往)?(?:曾)?(?:对)?${SOME}(?:既往)?(?:经过?|接受过?|接受了|使用过?|因)?${SOME}(${THERAPIES})(?:等)?(?:药物)?(?:方案)?(?:充分)?(?:治疗)?(?:\\d+(?:-\\d+)?个?月)?(?:时或治疗后|时或后|期间或治疗后|期间或后|中或治疗后|后|时|期间|中)?,?(?:血糖|症状)?(?:仍|均)?(?:出现)?(${OUTCOMES})(?:后|时)?`,
          'u',
        );
  /** 不能耐受二甲双胍, 无法耐受甲氨蝶呤治疗: an intolerance written before the therapy. */
  const intolerantAlt = settings.priorTherapyOutcomes.intolerant
    .map(normalizeRemark)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
  const PRIOR_INTOLERANT_OF =
    THERAPIES === null || intolerantAlt === ''
      ? null
      : new RegExp(
          `(?:对)?(?:${intolerantAlt})${SOME}(${THERAPIES})(?:等)?(?:药物)?(?:方案)?(?:治疗)?`,
          'u',
        );
  /** 未经ALK抑制剂治疗, 既往未接受过补体抑制剂治疗. */
  const PRIOR_NONE =
    THERAPIES === null
      ? null
      : new RegExp(`(?:既往)?未(?:经过?|接受过?|使用过?)(${THERAPIES})(?:药物)?(?:治疗)?`, 'u');
  /** 既往接受过含铂化疗 (received, whatever became of it). */
  const PRIOR_RECEIVED =
    THERAPIES === null
      ? null
      : new RegExp(
          `(?:既往)?(?:曾)?(?:经过?|接受过?|接受了|使用过)${SOME}(${THERAPIES})(?:药物)?(?:方案)?(?:治疗)?`,
          'u',
        );
  /** "(包括来那度胺和一种蛋白酶体抑制剂)" after the earlier therapies it names, and what became of them. */
  const PRIOR_INCLUDING =
    THERAPIES === null || OUTCOMES === null
      ? null
      : new RegExp(`\\(包括(${THERAPIES})\\)(${OUTCOMES})?`, 'u');
  /** The therapies of a THERAPIES match, and whether all are required (A和B) or any (A或B, A、B等). */
  /**
   * The therapies a list names, and whether all of them are meant (joined by 和/及) — an alias
   * read only in context (口服药) where the clause names its context.
   */
  function therapiesIn(
    listed: string,
    after: string,
    clause: string,
  ): { therapies: string[]; all: boolean; commas: boolean } {
    const names: string[] = [];
    let commas = false;
    let rest = listed;
    let all = false;
    let any = after.startsWith('等');
    while (rest.length > 0) {
      rest = rest.replace(/^(?:一种|一个)/u, '');
      const alias = therapyAliases.find(
        (a) =>
          rest.startsWith(a.alias) &&
          (a.when.length === 0 || a.when.some((w) => clause.includes(w))),
      );
      if (alias === undefined) break;
      names.push(alias.therapy);
      rest = rest.slice(alias.alias.length);
      const join = JOIN_AT_START.exec(rest)?.[0] ?? '';
      if (join.includes('或')) any = true;
      else if (join === '和' || join === '及' || join === '以及') all = true;
      else if (join === '、') commas = true;
      rest = rest.slice(join.length);
    }
    return { therapies: [...new Set(names)], all: all && !any, commas: commas && !all && !any };
  }
  function outcomesIn(listed: string): PriorTherapyOutcome[] {
    const out = new Set<PriorTherapyOutcome>();
    let rest = listed;
    while (rest.length > 0) {
      const word = outcomeWords.find(([w]) => rest.startsWith(w));
      if (word === undefined) break;
      out.add(word[1]);
      rest = rest.slice(word[0].length);
      rest = rest.slice(OUTCOME_JOIN_AT_START.exec(rest)?.[0].length ?? 0);
    }
    return [...out];
  }

  /** Whether text has anything left once filler words, numbers, variants and abbreviations go. */
  function meaningful(text: string): boolean {
    // An abbreviation in brackets restates the words before it (复发型多发性硬化(RMS)) — unless it
    // names a test, a stage, a phase, a subtype or a score (黑色素瘤(BRAF), 乳腺癌(TNBC), CML(CP),
    // 非小细胞肺癌(IIIB), 类风湿关节炎(DAS28)): then it says more than they do.
    let rest = text
      .replace(/\(([A-Za-z0-9\s\-+/.,≥≤<>%=]*)\)/gu, (whole, inner: string) =>
        saysMore(inner) ? whole : '',
      )
      .replace(/[A-Z]\d+[A-Z]/gu, '');
    for (const word of fillers) if (rest.includes(word)) rest = rest.split(word).join('');
    return rest.replace(/[\p{P}\p{S}\d\s]/gu, '').length > 0;
  }

  /** Whether a bracket of Latin letters after some words says more than they do (see meaningful). */
  function saysMore(inner: string): boolean {
    const tokens = inner.split(/[\s\-+/.,]+/u).filter((t) => t !== '');
    return tokens.some((token) => {
      const t = token.toUpperCase();
      return (
        NOT_RESTATING.test(t) ||
        GENOTYPE_END.test(t) ||
        KIND_PREFIXED.test(token) ||
        TEST_NAMES.some((name) => (name.length >= 3 ? t.startsWith(name) : t === name))
      );
    });
  }

  /** A sentence's parts between commas and semicolons (one character each, so offsets hold). */
  function descriptiveParts(sentence: string): string[] {
    return splitOutsideBrackets(sentence.replace(/;/gu, ','), ',');
  }

  /** Whether every part of a sentence (between commas) is description, set aside whole. */
  function isDescriptive(sentence: string): boolean {
    return descriptiveParts(sentence).every((part) => {
      const span = descriptiveSpan(part);
      return span !== null && span[0] === 0 && span[1] === part.length;
    });
  }

  /**
   * What of a clause's part the descriptive patterns set aside, as [from, to) within the part:
   * the whole part, or a pattern's group `d` alone; null when no pattern matches.
   */
  function descriptiveSpan(part: string): [number, number] | null {
    for (const re of descriptive) {
      const m = re.exec(part);
      if (m === null) continue;
      const d = m.indices?.groups?.['d'];
      return d === undefined ? [0, part.length] : [d[0], d[1]];
    }
    return null;
  }

  function parseClause(clause: Clause): ClauseResult {
    const { text, at: offset } = clause;
    // "与甲氨蝶呤合用,甲氨蝶呤不耐受时可单药使用": a second use allowed on its own terms, an
    // alternative to the rest of the clause — left whole for a reviewer.
    if (ALONE_ALLOWED.test(text)) return { text, restrictions: [], leftover: text };
    // "…的患者，或中重度肺部感染患者": another condition's patients after a comma, an
    // alternative to the rest (not "，或无满意替代治疗的患者", a qualifier of the same ones).
    for (const m of text.matchAll(OR_PART)) {
      if (conditions.match(m[1] ?? '').terms.length > 0)
        return { text, restrictions: [], leftover: text };
    }
    // "EGFR突变阳性者应先接受EGFR-TKI治疗", "如为EGFR突变阳性,需…": a rule for a subgroup, not a
    // result every patient must have — left whole.
    if (SUBGROUP_RULE.test(text)) return { text, restrictions: [], leftover: text };
    // "限乳腺癌或胃癌，胃癌限HER2阳性": a rule for the patients of one condition.
    for (const part of splitOutsideBrackets(text, ',').slice(1)) {
      const group = GROUP_OF_RULE.exec(part)?.[1];
      if (group !== undefined && conditions.match(group).terms.length > 0)
        return { text, restrictions: [], leftover: text };
    }
    // Who understood each character: 0 nobody, -1 a filler phrase, n > 0 restriction n − 1.
    const owner = new Int16Array(text.length);
    const restrictions: Restriction[] = [];
    const claim = (from: number, to: number, by: number) => owner.fill(by, from, to);
    const claimedAt = (i: number) => owner[i] !== 0;
    /**
     * Text that names who or what is excluded (肝硬化除外, 除肝硬化以外的…, 儿童不予支付,
     * 不包括…): nothing in it is read as a requirement — it would require the very thing the
     * text leaves out — and it stays unread for a reviewer.
     */
    const barred = new Uint8Array(text.length);
    /**
     * Text the descriptive patterns set aside (肾功能不全时慎用): no requirement, and nothing in it
     * is read as one (not the 肾功能不全 of a caution).
     */
    const described = new Uint8Array(text.length);
    /** Bars the unread characters of text[from, to): no recognizer may take them. */
    const bar = (from: number, to: number) => {
      for (let i = from; i < to; i++) if (owner[i] === 0) barred[i] = 1;
    };
    /** Whether the clause holds a phrase left unread on purpose (UNREAD_PHRASES): a reviewer's. */
    let unreadPhrase = false;
    /** Whether a mother's words before 所生 share their part with other words (MOTHERS_CHILD). */
    let mothersAmongOthers = false;
    const freeRange = (from: number, to: number) => {
      for (let i = from; i < to; i++) if (owner[i] !== 0 || barred[i] === 1) return false;
      return true;
    };
    /** The part of the clause (between , ; 。) around text[from, to): its start and end. */
    const partAround = (from: number, to: number): [number, number] => {
      const start = Math.max(0, ...[',', ';', '。'].map((c) => text.lastIndexOf(c, from - 1) + 1));
      const ends = [',', ';', '。'].map((c) => text.indexOf(c, to)).filter((e) => e >= 0);
      return [start, ends.length === 0 ? text.length : Math.min(...ends)];
    };
    /** No restriction was read from text[from, to) (filler phrases set aside may lie in it). */
    const unownedRange = (from: number, to: number) => {
      for (let i = from; i < to; i++) if ((owner[i] ?? 0) > 0 || barred[i] === 1) return false;
      return true;
    };
    /** Adds a restriction read from text[from, to) and claims those characters. */
    type Fields = Restriction extends infer R
      ? R extends Restriction
        ? Omit<R, 'text' | 'source' | 'span'>
        : never
      : never;
    const put = (fields: Fields, from: number, to: number): void => {
      if (barred.subarray(from, to).includes(1) || described.subarray(from, to).includes(1)) return;
      // "非儿童", "不作为一线用药", "儿童以外的患者", "除一线治疗外": what the text rules out
      // stays unread, never read as what it requires — by the words that rule out a condition.
      const before = text.slice(0, from);
      const after = text.slice(to);
      if (
        RULED_OUT_BEFORE.test(before) ||
        NOT_AS_BEFORE.test(before) ||
        RULED_OUT_AFTER.test(after) ||
        (before.endsWith('除') && after.startsWith('外'))
      )
        return;
      const read = {
        ...fields,
        source: 'nrdl' as const,
        text: text.slice(from, to),
        span: [offset + from, offset + to] as [number, number],
      };
      // A reading no restriction can hold (an age of 200, 十十岁) stays unread text.
      if (!restrictionSchema.safeParse(read).success) return;
      restrictions.push(read);
      claim(from, to, restrictions.length);
    };
    const ignore = (from: number, to: number) => claim(from, to, -1);
    /** Sets aside what no recognizer took of text[from, to) (a bracket whose marks another owns). */
    const ignoreUnclaimed = (from: number, to: number) => {
      for (let i = from; i < to; i++) if (!claimedAt(i)) ignore(i, i + 1);
    };
    // Filler phrases that contain 或 (局部晚期或转移性) are claimed first, so that 或 is not
    // mistaken for an alternative between two conditions.
    for (const phrase of orFillers) {
      for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length)) {
        ignore(i, i + phrase.length);
      }
    }
    // Descriptive parts of the clause (单独使用不予支付, 按说明书用药) restrict nothing.
    {
      let from = 0;
      for (const part of descriptiveParts(text)) {
        const span = descriptiveSpan(part);
        if (span !== null) {
          ignore(from + span[0], from + span[1]);
          described.fill(1, from + span[0], from + span[1]);
        }
        from += part.length + 1;
      }
      for (const word of settings.descriptiveTails) {
        const at = text.indexOf(word);
        if (at >= 0 && (at === 0 || /[,;:]/u.test(text.charAt(at - 1)))) {
          // The symptoms, up to a part that restricts again ("症见胸痛，限二级及以上医疗机构",
          // "…，属寒湿痹阻证者", "…，支付不超过60天"): that part is read.
          const more = TAIL_ENDS.exec(text.slice(at));
          ignore(at, more === null ? text.length : at + more.index);
        }
      }
    }
    // Exclusions, once the descriptive parts are set aside (单独使用不予支付 restricts nothing).
    {
      // "(肝硬化除外)": the bracket.
      for (const m of text.matchAll(EXCLUDED_IN_BRACKETS)) bar(m.index, m.index + m[0].length);
      // Phrases no recognizer may take a part of: left for a reviewer as they are.
      for (const re of UNREAD_PHRASES) {
        for (const m of text.matchAll(re)) {
          bar(m.index, m.index + m[0].length);
          unreadPhrase = true;
        }
      }
      // "乙型肝炎(HBsAg阳性)孕妇所生新生儿": the mother's disease and results, not the child's —
      // left unread from the part's start. Anything else before them in the part (a list,
      // "早产儿、乙型肝炎孕妇所生新生儿"; an age; a tier) leaves the clause for a reviewer: which
      // group or whose a word is, the text does not say.
      for (const m of text.matchAll(MOTHERS_CHILD)) {
        // (Within a bracket the mother's words start at it: 新生儿溶血病(Rh阴性孕妇所生).)
        const start = Math.max(
          ...[',', ';', '。', ':'].map((c) => text.lastIndexOf(c, m.index) + 1),
          openBracketBefore(text, m.index) + 1,
        );
        const lead = /^(?:仅限|限|仅|用于)/u.exec(text.slice(start))?.[0].length ?? 0;
        const mothers = text.slice(start + lead, m.index).replace(/\([^()]*\)/gu, '');
        if (/[、或和及与\d岁级]/u.test(mothers)) mothersAmongOthers = true;
        bar(start + lead, m.index + m[0].length);
        unreadPhrase = true;
      }
      // "除肝硬化以外的…", "不包括肝硬化的…", "未合并肝硬化的…": up to the 的.
      for (const m of text.matchAll(EXCLUDED_BEFORE_OF)) bar(m.index, m.index + m[0].length - 1);
      // "…，肝硬化患者除外 / 儿童不予支付 / 妊娠期妇女禁用", "…，不包括肝硬化患者": the part.
      let from = 0;
      for (const part of splitOutsideBrackets(text, ',')) {
        if (EXCLUDED_PART.test(part)) bar(from, from + part.length);
        from += part.length + 1;
      }
    }
    /** Runs a recognizer over every unclaimed match; `onMatch` returns false to leave it. */
    const each = (pattern: RegExp, onMatch: (m: RegExpExecArray) => unknown) => {
      const re = new RegExp(
        pattern.source,
        pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
      );
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if (!freeRange(m.index, m.index + m[0].length)) continue;
        onMatch(m);
      }
    };
    const span = (m: RegExpExecArray): [number, number] => [m.index, m.index + m[0].length];

    // "高疾病活动(例如:抗ds-DNA抗体阳性及低补体、SELENA-SLEDAI评分≥8)": examples of what the text
    // before them says, not requirements; set aside before any recognizer reads them (the words
    // they illustrate stay for a reviewer).
    each(/\(例如[^()]*\)/u, (m) => {
      ignore(...span(m));
    });
    // "成人及儿童(包括新生儿)", "乳腺癌(包括男性患者)", "慢性乙型肝炎(含HBeAg阴性患者)": a group or a
    // result the text says is included adds nothing to require (the group it belongs to is read).
    // (Not a bracket with an age, which may widen the group before it — 成人(含12岁及以上青少年) —
    // nor one after a result, which may name another test's — ALK阳性(包括ROS1阳性).)
    each(INCLUDED_BRACKET, (m) => {
      // (Not a result after one before it in the clause, past commas too: ER阳性乳腺癌(包括PR
      // 阳性), EGFR突变阳性，…非小细胞肺癌(包括ALK阳性).)
      const clause = text.slice(0, m.index).split(/[;。]/u).pop() ?? '';
      if (RESULT_WORD.test(m[0]) && RESULT_WORD.test(clause)) return;
      // A condition in it is read as included when it is a kind of the condition right before
      // it (高血压(含妊娠期高血压)), or when the bracket names conditions only (2型糖尿病(包括
      // 妊娠期糖尿病)). A bracket that describes patients (groups, results) and names anything
      // more — another condition, a therapy, a line, a setting: 2型糖尿病(含老年及肾功能不全
      // 患者), 儿童(包括新生儿及早产儿), 类风湿关节炎(包括甲氨蝶呤治疗失败的老年患者) — is left
      // unread whole, for a reviewer; else its words of groups and results are set aside.
      const sentence = clause.split(',').pop() ?? '';
      const before = sentence.replace(/(?:症|病)?(?:患者|病人)?的?$/u, '');
      const outer = conditions.match(before);
      const last = (outer.spans?.length ?? 0) - 1;
      const outerTerm =
        last >= 0 && (outer.spans?.[last]?.[1] ?? 0) >= before.length
          ? outer.spanTerms?.[last]
          : undefined;
      const inner = conditions.match(m[0]);
      const kindOfOuter = (term: string) =>
        outerTerm !== undefined && (term.includes(outerTerm) || within(term, outerTerm));
      const blank = (t: string, from: number, to: number) =>
        t.slice(0, from) + ' '.repeat(to - from) + t.slice(to);
      let terms = m[0];
      let kinds = m[0];
      (inner.spans ?? []).forEach(([from, to], k) => {
        terms = blank(terms, from, to);
        if (kindOfOuter(inner.spanTerms?.[k] ?? '')) kinds = blank(kinds, from, to);
      });
      if (DESCRIBES_PATIENTS.test(terms)) {
        const residue = kinds.replace(INCLUDED_GROUP_WORDS, '').slice(1, -1);
        // (Nor a sex included beside a condition of one sex's: 绝经后骨质疏松症(包括男性…).)
        const otherSex =
          /男性|男子/u.test(m[0]) && /绝经|妊娠|孕|产后|围产|女性|妇女/u.test(sentence);
        if (otherSex || /[\u4e00-\u9fffA-Za-z0-9]/u.test(residue)) {
          bar(m.index, m.index + m[0].length);
          return;
        }
      }
      for (const w of m[0].matchAll(INCLUDED_GROUP_WORDS)) {
        const at = m.index + w.index;
        if (freeRange(at, at + w[0].length)) ignore(at, at + w[0].length);
      }
      if (freeRange(m.index, m.index + 1)) ignore(m.index, m.index + 1);
      const close = m.index + m[0].length - 1;
      if (freeRange(close, close + 1)) ignore(close, close + 1);
    });

    /**
     * A first-prescription condition from a match of either form below, whose groups are the
     * tier (二级/三级), the specialist or department (专科, 皮肤科) and the title (副主任 …).
     */
    const firstPrescription = (m: RegExpExecArray): void => {
      const title = titleOf(m[3]);
      if (m[1] === undefined && title === undefined && m[2] === undefined) return;
      put(
        {
          kind: 'first_prescription',
          ...(m[1] === undefined ? {} : { minTier: m[1] === '三级' ? 'tertiary' : 'secondary' }),
          ...(title === undefined ? {} : { minTitle: title }),
          specialist: m[2] !== undefined,
        },
        ...span(m),
      );
    };
    // First-prescription conditions, before the tier they name (首次处方时需由二级及以上医疗机构专科医师开具处方;
    // a named department, 皮肤科副主任医师, is a specialist's).
    each(
      /(?:首次处方|初次处方|首次开具|首诊)(?:时)?(?:需|应|须|必须)?(?:由|为|在)(?:(二级|三级)(?:及以上)?(?:医疗机构|医院)(?:的)?)?(专科|[\u4e00-\u9fff]{1,6}?科)?(?:(副主任|主任|主治)医师及以上|医师|医生)?(?:开具)?(?:处方)?/u,
      firstPrescription,
    );
    // The same, written the other way round: 经二级及以上医疗机构专科医师首次处方, 三级医院首次处方.
    each(
      /(?:经|由)?(?:(二级|三级)(?:及以上)?(?:医疗机构|医院)(?:的)?)(专科)?(?:(副主任|主任|主治)医师及以上|医师|医生)?首次(?:处方|开具处方|开具)/u,
      firstPrescription,
    );
    // "首次使用时需经三级医院专科医生评估", "首次用药时HbA1c≥8%": a condition of the first use only,
    // not read as one above — nothing in it holds for every claim; left for a reviewer.
    for (const m of text.matchAll(FIRST_USE)) {
      if (owner[m.index] !== 0) continue;
      // Up to the part's end, or to a 的 ("…检测报告的非小细胞肺癌": the patient's condition).
      const [, partEnd] = partAround(m.index, m.index + m[0].length);
      const of = text.indexOf('的', m.index);
      const end = of >= 0 && of < partEnd ? of : partEnd;
      bar(m.index, end);
      unreadPhrase = true;
      // "首次治疗须住院，后续门诊使用": what follows the first use is its other phase — not a rule
      // for every claim either.
      const next = /^[,;](?:后续|此后|之后|以后|续用|续方|再次|维持期)[^,;。]*/u.exec(
        text.slice(partEnd),
      );
      if (next !== null) bar(partEnd, partEnd + next[0].length);
    }
    // The prescriber's title for every prescription (首次 ones were read above): 需由副主任医师及
    // 以上开具, 由主治医师及以上开具处方.
    each(
      /(?:需|须|应|必须)?(?:由|经)?(副主任|主任|主治)医师(?:及以上|以上)?(?:职称)?(?:的医师)?(?:开具|处方)(?:处方)?/u,
      (m) => {
        // "首次由副主任医师开具，后续可由主治医师开具": a title for one phase each.
        if (/首次|初次|后续|续方|续用/u.test(text)) return;
        const minTitle = titleOf(m[1]);
        if (minTitle !== undefined) put({ kind: 'prescriber_title', minTitle }, ...span(m));
      },
    );
    // Scheme (限工伤保险 / 生育保险), with the basic medical insurance beside it when named
    // (工伤保险和基本医疗保险基金支付: both pay) — 基本医疗保险 in full: 补充 / 大病 / 商业医疗保险
    // are other funds.
    const schemeOf = (word: string | undefined) =>
      word === '工伤'
        ? ('work_injury' as const)
        : word === '生育'
          ? ('maternity' as const)
          : ('medical' as const);
    // (With "基金支付" after it, 工伤保险基金支付: who pays, no more.)
    each(
      /限?(?:(基本医疗)保险[或、和及])?(工伤|生育)保险(?:[或、和及](工伤|生育|基本医疗)保险)?(?:基金)?(?:支付)?/u,
      (m) => {
        const words = [m[1], m[2], m[3]].filter((w) => w !== undefined);
        put({ kind: 'scheme', schemes: [...new Set(words.map(schemeOf))] }, ...span(m));
      },
    );
    // Prior approval by the fund (事前审查 / 审批 / 备案, 需经医保经办机构审批后使用); not any review
    // (经药师审核 is the pharmacy's own).
    each(
      /(?:需|须)?(?:经)?(?:医保(?:经办机构|部门|管理部门)?(?:事前)?(?:审查|审核|审批|备案)|事前(?:审查|审核|审批|备案)|审批|备案)(?:同意)?(?:后(?:方可)?(?:使用|用|支付)?)?/u,
      (m) => {
        const [from, to] = span(m);
        const part = text.slice(...partAround(from, to));
        // Not "不需要事前审批" (none needed), nor an approval for one phase only (首次使用需审批,
        // 续用需再次审批: not every claim), nor a bare 审批/备案 of someone else — the hospital's
        // committee or head of department, the drug regulator, a registered institution.
        const lead = /^[需须]/u.test(m[0]) ? 1 : 0;
        if (/(?:不需要?|无需|不必|免于?|免除)[^,;。]{0,4}$/u.test(text.slice(0, from + lead)))
          return;
        // (Nor one after a time: "超过3个月需经…审批".)
        if (/首次|续用|续方|再次|重新|(?<!不)超过|之后|以后/u.test(part)) return;
        // "限经医保部门备案的定点医疗机构使用": the institution's filing, not this use's approval.
        if (/备案/u.test(m[0]) && /医疗机构|医院/u.test(part)) return;
        if (
          !/医保|事前/u.test(m[0]) &&
          /药事|委员会|科主任|医院|药品监督|药监|特殊使用级|医疗机构|适应症|医师|专家|会诊|小组|科室|药学部|医务/u.test(
            part,
          )
        )
          return;
        put({ kind: 'approval' }, from, to);
      },
    );
    /** A limit after which payment may go on (CONTINUED_IF_EFFECTIVE): barred, for a reviewer. */
    const continuedAfter = (m: RegExpExecArray): boolean => {
      if (!CONTINUED_IF_EFFECTIVE.test(text.slice(m.index + m[0].length))) return false;
      bar(...span(m));
      return true;
    };
    // Month limit: 支付不超过12个月 / 连续使用不超过12个月 / 最长支付6个月 / 疗程不超过2年 /
    // 支付时间不超过12个月 / 限支付12个月.
    each(
      withNumbers(
        String.raw`(?:且)?(?:(?:最多|最长)支付(?:时间|期限|时长)?不超过|最多支付|最长支付|支付(?:时间|期限|时长|天数)?不超过|^限?支付|(?:连续)?使用不超过|用药时间不超过|疗程不超过)‹n›(个月|年)(?![以之]?后|以上|用量|的?量)`,
      ),
      (m) => {
        // "每年最多支付6个月", "每次审批支付不超过3个月": a period per year or per approval,
        // not counted once from the first use — left unread.
        if (SCOPED_BEFORE.test(text.slice(0, m.index))) return;
        // "…辅助治疗和转移性乳腺癌，早期乳腺癌辅助治疗支付不超过12个月": a later part that names a
        // condition or a phase before its limit says it of those patients alone — for a reviewer.
        const [start] = partAround(m.index, m.index + m[0].length);
        // (What names no one: 且, 本品, 连续使用 … — "，且支付不超过12个月" is for all.)
        const lead = text
          .slice(start, m.index)
          .replace(/^(?:且|并且|但|同时)?(?:总|累计|全部)?/u, '')
          .replace(/(?:本品|本药|该药)?(?:连续|累计)?(?:使用|用药|治疗)?$/u, '');
        if (start > 0 && lead.length > 0) {
          bar(start, m.index + m[0].length);
          return;
        }
        if (continuedAfter(m)) return;
        const n = numberOf(m[1] ?? '');
        put({ kind: 'month_limit', maxMonths: m[2] === '年' ? n * 12 : n }, ...span(m));
      },
    );
    // Course, in days of use: 支付不超过14天 / 单次住院最多支付14天 / 每次住院限支付14天 / 限14天 /
    // 限用7天 / 连续使用不超过10天 / 最多支付12周 (84 days) / 总疗程不超过24周.
    each(
      withNumbers(
        String.raw`(?:单次住院|每次住院)?(?:(?:最多|最长)支付(?:时间|期限|时长|天数)?不超过|最多支付|最长支付|支付(?:时间|期限|时长|天数)?不超过|用药天数不超过|^限?支付|限支付|(?:连续)?使用不超过|(?:总)?疗程不超过|不超过|限用?)‹n›(天|日|周)(?![以之]?后|以上|用量|的?量|期|岁)`,
      ),
      (m) => {
        // "出生不超过14天", "发病不超过7天": how old or how recent, not how long the drug is
        // used; "用于预防时不超过3天", "每次处方不超过7天用量": one use or one prescription.
        if (SCOPED_BEFORE.test(text.slice(0, m.index)) || NOT_A_COURSE.test(text.slice(0, m.index)))
          return;
        if (continuedAfter(m)) return;
        const n = numberOf(m[1] ?? '');
        put({ kind: 'course', maxDays: m[2] === '周' ? n * 7 : n }, ...span(m));
      },
    );
    // Vial caps: 每眼累计最多支付9支, 第1年度最多支付5支, 每个年度最多支付2支.
    const perEye = new RegExp(EYE, 'u').test(text);
    each(new RegExp(`${EYE}?累计最多支付(\\d+)(?:支|瓶|盒)`, 'u'), (m) => {
      // "单次住院累计最多支付10支", "每月累计…": a cap per stay, course or month — unread.
      if (SCOPED_BEFORE.test(text.slice(0, m.index))) return;
      put(
        { kind: 'cumulative_quantity', maxQuantity: m[1] ?? '', perEye, window: 'lifetime' },
        ...span(m),
      );
    });
    each(
      new RegExp(`${EYE}?(?:第1年度?|第一年度?|首年度?)最多支付(\\d+)(?:支|瓶|盒)`, 'u'),
      (m) => {
        put(
          { kind: 'cumulative_quantity', maxQuantity: m[1] ?? '', perEye, window: 'first_year' },
          ...span(m),
        );
      },
    );
    each(new RegExp(`${EYE}?每(?:个)?年度?(?:最多|限)支付(\\d+)(?:支|瓶|盒)`, 'u'), (m) => {
      // "第二年起每年最多支付4支", "第2年度起…": a cap from the second year on, not in the first —
      // unread; and beside a first year's own cap ("每年最多支付12支，首年最多支付15支"), which
      // years the yearly one is for is unsaid — unread too.
      if (
        /(?:(?:第二|第2|次)年度?(?:及以后|起|开始|以后)?(?:每(?:个)?年度?)?|之后|以后)$/u.test(
          text.slice(0, m.index),
        ) ||
        /第1年|第一年|首年/u.test(text)
      )
        return;
      put(
        { kind: 'cumulative_quantity', maxQuantity: m[1] ?? '', perEye, window: 'per_year' },
        ...span(m),
      );
    });
    // Emergency or rescue care: 限急救抢救, 急救、抢救时使用, 抢救患者, 急诊使用.
    each(/(?:急救|抢救|急诊)(?:[、和及或]?(?:急救|抢救|急诊))?(?:时)?(?:使用)?/u, (m) => {
      put({ kind: 'emergency' }, ...span(m));
    });
    // Procedures, before the diagnoses (器官移植 is no rejection). Not one the text rules out
    // (非透析, 不适合…移植) or only stresses (尤其是接受血液透析患者), nor one done before (移植后,
    // 移植术后: the patient's history, not this claim's care), nor one of a list or a bracket
    // (血液透析、体外循环、导管术…等操作中; 移植后(干细胞及实体器官移植)): reading it alone would
    // narrow the list to it. 移植受者 is someone transplanted before, as 移植后 is.
    if (PROCEDURES !== null) {
      each(PROCEDURES, (m) => {
        const [from, to] = span(m);
        const before = text.slice(Math.max(0, from - 6), from);
        // 未接受过透析, 未进行透析, 不曾行透析: a negation before the verb, too.
        if (
          /(?:非|未|不|无|没有|不曾|不适合|不宜|无法|不能|无需|不需)(?:曾|曾经)?(?:接受|进行|进|行|做|实施)?过?$/u.test(
            before,
          ) ||
          // 准备接受 / 拟行 / 计划接受: a graft to come, not yet on any claim.
          PROCEDURE_TO_COME.test(before) ||
          /(?:尤其是|特别是|尤其)$/u.test(before)
        )
          return;
        const after = text.slice(to);
        if (/^(?:术?后|受者|受体|[、等])/u.test(after) || before.endsWith('、')) return;
        // 移植前 (预处理): a graft to come. (Not 检查前: the examination is on the same claim.)
        if (/移植$/u.test(m[0]) && after.startsWith('前')) return;
        // "胃镜确诊的消化性溃疡", "经结肠镜证实的…": how the condition was found, maybe long
        // before this claim — no procedure on it; left for a reviewer (as 经病理确诊 is).
        if (/^(?:检查)?(?:确诊|证实|诊断|明确诊断|发现|提示|下确诊)/u.test(after)) return;
        // "包括透析及非透析患者", "包括腹膜透析和血液透析患者": what the condition includes, not
        // a procedure required.
        if (/包括[^,;。]{0,4}$/u.test(before) || /^(?:患者)?[及和与或]非/u.test(after)) return;
        // 器官移植排斥反应: a rejection, after the transplant — unless the clause is the
        // induction given at the transplant itself (…排斥反应高危人群的诱导治疗).
        if (/^(?:排斥|排异)/u.test(after) && !text.includes('诱导')) return;
        const head = text.slice(0, from);
        if (head.split('(').length > head.split(')').length) return;
        const procedures = [
          ...new Set(
            [...m[0].matchAll(PROCEDURE_NAME)].flatMap((n) => procedureOf.get(n[0]) ?? []),
          ),
        ];
        put(
          {
            kind: 'procedure',
            procedures: procedures.map((p) => p.procedure),
            procedureCodes: [...new Set(procedures.flatMap((p) => p.procedureCodes))],
            // The induction given at the transplant itself (器官移植的诱导治疗) is the
            // operation's: not the status of a recipient transplanted before.
            statusCodes: [
              ...new Set(
                procedures.flatMap((p) =>
                  text.includes('诱导') ? p.statusCodes : (statusCodesOf.get(p) ?? []),
                ),
              ),
            ],
          },
          from,
          to,
        );
      });
    }
    // Earlier therapies (before line of therapy, combination and test results read their words).
    const priorTherapy = (m: RegExpExecArray, listed: string, outcomes: PriorTherapyOutcome[]) => {
      const [from, to] = span(m);
      const after = text.slice(from + m[0].indexOf(listed) + listed.length);
      // (A contextual alias's context is the therapy's own part: not "…，糖尿病患者慎用".)
      const { therapies, all, commas } = therapiesIn(
        listed,
        after,
        text.slice(...partAround(from, to)),
      );
      if (therapies.length === 0 || outcomes.length === 0) return;
      // "未接受过EGFR-TKI或ALK抑制剂": neither was received — each is required not received.
      const none = outcomes.length === 1 && outcomes[0] === 'not_received';
      // "伊马替尼、舒尼替尼治疗失败", "接受过硼替佐米、来那度胺": a list marked by 、 alone may be
      // both or either (examples) — left for a reviewer; not so what was not received.
      if (commas && !none && !after.startsWith('等')) return;
      // "不能接受含铂化疗", "没有接受过抗PD-1治疗", "拒绝…": not received, never a requirement.
      if (
        NOT_RECEIVED_BEFORE.test(text.slice(0, from)) ||
        NOT_RECEIVED_BEFORE.test(m[0].slice(0, m[0].indexOf(listed)))
      )
        return;
      // "经甲氨蝶呤等传统DMARDs治疗…": examples of the class named after 等, not a therapy
      // required ("糖皮质激素、免疫球蛋白等治疗" names no class: the list is what is meant).
      if (/^等(?!(?:治疗|药物|药|方案|用药))/u.test(after)) return;
      // "无法耐受口服药物": the patient cannot take drugs by mouth (a route), not an intolerance
      // of the oral drugs a class names — left for a reviewer.
      if (/(?:无法|不能|难以)耐受口服药/u.test(m[0])) return;
      // "既往含免疫调节剂方案难治的患者不宜接受本联合方案治疗" excludes those patients: the
      // opposite of a requirement, so the part is left for a reviewer.
      if (
        /不宜|不应|不适用|不适合|不推荐|禁用|除外|不予|不再|不得/u.test(
          text.slice(...partAround(from, to)),
        )
      ) {
        return;
      }
      // "口服铁剂治疗无效、无法口服补铁或需要快速补铁", "对糖皮质激素治疗无效、依赖或不耐受": a list
      // goes on past the outcomes read — one of several ways in, or outcomes not known; left
      // for a reviewer, as one of them read alone would require it of all.
      // (Or after such a list: "A治疗失败或B治疗失败" — not "HR阳性、…、经内分泌治疗后进展", a
      // list of requirements.)
      // (Not a test result after it, nor 且: "含铂化疗失败、PD-L1阳性的…", "…进展、且…" — both
      // required.)
      const lead = text.slice(partAround(from, to)[0], from);
      if (
        (/^[、或]/u.test(text.slice(to)) &&
          // (Unless the text asks for one of them: "以下情况之一：…失败、PD-L1阳性".)
          (!RESULT_NEXT.test(text.slice(to)) || ANY_ONE_OF.test(text))) ||
        (/[、或]$/u.test(lead) && /失败|无效|不耐受|耐药|禁忌|不佳|不足|进展|复发/u.test(lead))
      ) {
        bar(from, to);
        return;
      }
      // "对来那度胺或硼替佐米均耐药": each of them.
      const eachOne = /^(?:治疗)?(?:均|都|皆)/u.test(after);
      put(priorOf(therapies, all || none || eachOne ? 'all' : 'any', outcomes), from, to);
    };
    // "一线治疗和曾经接受过细胞因子治疗的…" is first line *or* a treated group: not a requirement.
    const orGroup = /(?:一线|二线)(?:治疗|用药)[和及或、]/u.test(text);
    if (PRIOR_INCLUDING !== null && !orGroup) {
      each(PRIOR_INCLUDING, (m) => {
        // "对系统性治疗(包括环孢素、甲氨蝶呤及PUVA)无效、禁忌或不耐受": examples of a class that
        // failed, any one of them (the label's "ciclosporin, methotrexate or PUVA") — or all; a
        // reviewer reads it. What was received, all of it: "(包括来那度胺和一种蛋白酶体抑制剂)".
        if (m[2] !== undefined && therapiesIn(m[1] ?? '', '', text).all) return;
        const outcomes = m[2] === undefined ? ['received' as const] : outcomesIn(m[2]);
        priorTherapy(m, m[1] ?? '', outcomes);
      });
    }
    if (PRIOR_NONE !== null && !orGroup) {
      each(PRIOR_NONE, (m) => {
        priorTherapy(m, m[1] ?? '', ['not_received']);
      });
    }
    if (PRIOR_OUTCOME !== null && !orGroup) {
      each(PRIOR_OUTCOME, (m) => {
        priorTherapy(m, m[1] ?? '', outcomesIn(m[2] ?? ''));
      });
    }
    // After the outcome-after form, which reads "含铂化疗后疾病进展或不耐受" whole.
    if (PRIOR_INTOLERANT_OF !== null && !orGroup) {
      each(PRIOR_INTOLERANT_OF, (m) => {
        priorTherapy(m, m[1] ?? '', ['intolerant']);
      });
    }
    if (PRIOR_RECEIVED !== null && !orGroup) {
      each(PRIOR_RECEIVED, (m) => {
        priorTherapy(m, m[1] ?? '', ['received']);
      });
    }
    // "联合或不联合化疗": with or without the partner — no partner required.
    each(/(?:联合|合用|联用)或不(?:联合|合用|联用)[^,;。:()用治]{0,20}/u, (m) => {
      ignore(...span(m));
    });
    // Combination: 与脂肪乳、氨基酸等肠外营养药物配合使用时支付 / 限配合肠外营养用. "也可与…联合" is optional.
    each(
      /(?:限)?(也?可)?(?:与|和)([^,;。:()]{1,40}?)(?:(?:联合|配合|联用|合用)(?:使用|用药|应用|治疗|(?=[,;]|$|适?用于))|(?:联用|合用)(?=[,;。]|$|时))(?:时支付)?/u,
      (m) => {
        if (m[1] !== undefined) {
          ignore(...span(m));
          return;
        }
        // "不与/不得与…联用": a combination ruled out, not required.
        if (
          /(?:不|不得|禁止|避免|不宜|不能|无法|不可|不应|勿|禁|忌|无需|不需|不必|不适合)$/u.test(
            text.slice(0, m.index),
          )
        )
          return;
        // "二甲双胍和磺脲类联合治疗效果不佳", "他汀类和依折麦布联合治疗后…仍未达标": a combination
        // tried before, that failed — no partner to prescribe now.
        if (PRIOR_OUTCOME_AFTER.test(text.slice(m.index + m[0].length))) return;
        const listed = (m[2] ?? '').split(/等/u);
        const partners = listed[0] ?? '';
        // "与来曲唑或阿那曲唑联合": either one.
        const either = partners.includes('或');
        if (either && /[、和及与]/u.test(partners)) return;
        const names = partners.split(either ? /或/u : /[、和及与]/u).filter((n) => n.length > 0);
        const kind = listed[1];
        if (kind !== undefined && kind.length > 0) names.push(kind);
        if (names.length === 0 || names.some((n) => NOT_A_PARTNER.test(n))) return;
        // "A、B等C": any product of the kind; "与A和B联合": the regimen.
        put(
          {
            kind: 'combination',
            with: names,
            require: kind === undefined && names.length > 1 && !either ? 'all' : 'any',
          },
          ...span(m),
        );
      },
    );
    // 联合奥妥珠单抗用于… / 联合铂类用于…: the regimen the item is paid in (not 联合适用于 or
    // 联合用于, "in combination, indicated for", whose partner comes before it).
    each(/联合(?!适?用于)([^,;。:]{1,40}?)(?:适?用于|治疗)/u, (m) => {
      // "联合芳香化酶抑制剂作为初始内分泌治疗": the partner ends where 作为 (as what) begins, and
      // what follows stays for the readers after (or a reviewer).
      const raw = (m[1] ?? '').replace(/作为.*$/u, '');
      const partners = raw.replace(/\([^)]*\)/gu, '');
      // "联合化疗或单药治疗": with a partner or alone — no partner required (not "联合吉西他滨
      // 单药": the partner given alone).
      if (/或(?:作为)?(?:单药|单用|单独|单一)/u.test(m[1] ?? '')) {
        ignore(m.index, m.index + 2 + (m[1] ?? '').length);
        return;
      }
      // "联合来曲唑或阿那曲唑用于": either one; with 和 / 、 beside it, the regimen cannot be told.
      const either = partners.includes('或');
      if (either && /[、和及与]/u.test(partners)) return;
      const names = partners
        .split(either ? /或/u : /[、和及与]/u)
        .filter((n) => n.length > 0 && n !== '化疗' && n !== '方案');
      // "本联合方案" is this regimen, not a partner drug; "联合用药治疗的…", "联合治疗既往未接受过…",
      // "不与化疗联合的…" name none (a patient, a history, a negation).
      if (names.length === 0 || text.charAt(m.index - 1) === '本') return;
      if (names.some((n) => NOT_A_PARTNER.test(n))) return;
      put(
        { kind: 'combination', with: names, require: either ? 'any' : 'all' },
        m.index,
        m.index + 2 + raw.length,
      );
    });
    // (Not 配合使用 itself, whose 使 is no partner: "肠外营养时配合使用" stays for a reviewer.)
    // (Nor the 时 of "配合肠外营养时使用" or 同时: when, not the partner's name.)
    each(/(?:限)?配合(?!使用)([^,;。:()]{1,20}?)(?:同时|时)?(?:使用|用)(?:时支付)?/u, (m) => {
      put({ kind: 'combination', with: [m[1] ?? ''], require: 'any' }, ...span(m));
    });
    // Lab thresholds: AST或ALT大于120U/L, BMI≥25, 白蛋白低于30g/L, LVEF≤40%, ALT>2倍正常值上限.
    if (LAB !== null) {
      each(LAB, (m) => {
        // "SALT评分≥50" (a hair-loss score): no ALT inside another word.
        if (/[A-Za-z]$/u.test(text.slice(0, m.index)) && /^[A-Za-z]/u.test(m[0])) return;
        const first = labTestOf.get(m[1] ?? '');
        const more = (m[2] ?? '')
          .split('或')
          .filter((a) => a.length > 0)
          .map((a) => labTestOf.get(a));
        const tests = [first, ...more].filter((t): t is string => t !== undefined);
        const rawUnit = m[5];
        // "血红蛋白<10g/dl", "血小板计数<50000/μl": a unit the settings do not know — the bare
        // number compared with the claim's value in its own unit would be wrong either way.
        if (rawUnit === undefined && /^[A-Za-zμ/×倍‰万]/u.test(text.slice(m.index + m[0].length)))
          return;
        const unit =
          rawUnit === undefined || rawUnit === '分'
            ? null
            : /上限|ULN/u.test(rawUnit)
              ? '×ULN'
              : // 10⁹ becomes 109 when the text is normalised (NFKC).
                rawUnit === '×109/L'
                ? '×10^9/L'
                : rawUnit;
        const comparator = COMPARATORS[m[3] ?? ''];
        if (comparator === undefined || tests.length === 0) return;
        let from = m.index;
        // "ALT/AST>3倍ULN": either test over the limit; "AST/ALT>2" (no unit) is their ratio, not
        // the second one's value — unread.
        if (text.charAt(from - 1) === '/') {
          const before = /([A-Za-z][A-Za-z0-9-]*)\/$/u.exec(text.slice(0, from));
          const other = before === null ? undefined : labTestOf.get(before[1] ?? '');
          if (before === null || other === undefined || unit === null) return;
          tests.unshift(other);
          from -= before[0].length;
        }
        // A ceiling on two tests (ALT或AST≤3倍ULN, ALT/AST≤3倍ULN) holds for both: unread, as a
        // restriction's tests are any of them.
        if (new Set(tests).size > 1 && comparator !== 'gt' && comparator !== 'gte') return;
        put(
          { kind: 'lab', tests: [...new Set(tests)], comparator, value: m[4] ?? '', unit },
          from,
          m.index + m[0].length,
        );
      });
    }
    // Institution tier.
    // 二级及以上医疗机构, 二级以上医院 (以上 includes the tier), 三级医院 (the top tier), and a
    // prescription that must come from one (需三级医院开具处方). 二级医院 alone is left unread.
    // "三级医院和二级医院": either tier, so from the lower one.
    each(/(二级?|三级?)(?:医院|医疗机构)?[和及或、](二级|三级)(?:医院|医疗机构)/u, (m) => {
      // ("二、三级医院": the second and the third tier.)
      if (m[1]?.charAt(0) === m[2]?.charAt(0)) return;
      put({ kind: 'institution_tier', minTier: 'secondary' }, ...span(m));
    });
    each(
      /(?:需|须)?(?:由|经)?(?:(二级|三级)(?:及|或)?以上(?:的)?(?:定点)?(?:医疗机构|医院)?|(三级)(?:的)?(?:定点)?(?:医疗机构|医院))(?:开具(?:处方)?)?/u,
      (m) => {
        // "由三级医院开具处方，二级医院续方", "…可续用", "三级医院初诊，二级医院复诊": the tier
        // of the first prescription or visit only.
        if (/续方|续开|续用|续药|复诊|初诊/u.test(text)) return;
        const after = text.slice(m.index + m[0].length);
        // "三级医院以下医疗机构": below the tier, not from it.
        if (/^以下/u.test(after)) return;
        // "二级以上高血压", "三级及以上烧伤": a grade of the disease, not a hospital's — a tier
        // needs its institution (医院, 医疗机构) unless the care follows (使用, 开具, 处方 …)
        // and nothing but the clause's start stands before it ("高血压二级及以上": a grade).
        const institution =
          /医院|医疗机构/u.test(m[0]) || /^[\u4e00-\u9fff]{0,4}?(?:医院|医疗机构)/u.test(after);
        // Bare at the end of a part, only as the whole of its clause ("限二级及以上"): after a
        // comma or a colon it grades what came before ("高血压,三级及以上").
        const careAfter = /^(?:使用|开具|处方|专科|医师|医生)/u.test(after);
        const ends = /^(?:[,;。]|$)/u.test(after);
        const before = text.slice(0, m.index);
        if (
          !institution &&
          !(careAfter && /(?:^|[,;。:限于在])$/u.test(before)) &&
          !(ends && /(?:^|限|于|在)$/u.test(before))
        )
          return;
        // "经二级及以上医院确诊的…": where the condition was found, not where it is treated.
        if (/^(?:的)?(?:专科)?(?:医师|医生|专家)?(?:确诊|诊断|明确诊断|明确)/u.test(after)) return;
        const tier = m[1] ?? m[2];
        put(
          { kind: 'institution_tier', minTier: tier === '三级' ? 'tertiary' : 'secondary' },
          ...span(m),
        );
      },
    );
    // Setting.
    each(/(?:限)?住院(?:患者|病人|使用)?(?:方予支付)?/u, (m) => {
      // 住院医师: a doctor's title, not the setting; 单次住院 / 每次住院: what a cap counts per.
      if (text.startsWith('医师', m.index + m[0].length)) return;
      if (/(?:单次|每次)$/u.test(text.slice(0, m.index))) return;
      // "因心力衰竭住院的患者": a stay in the past, not this claim's setting.
      if (/因[^,;。]{1,12}$/u.test(text.slice(0, m.index)) && !m[0].startsWith('限')) return;
      // "不限住院": no setting; "住院患者出院后使用": after the stay — not an inpatient's claim.
      if (/不$/u.test(text.slice(0, m.index)) && m[0].startsWith('限')) return;
      if (/^[^,;。]{0,6}?出院后/u.test(text.slice(m.index + m[0].length))) return;
      put({ kind: 'setting', settings: ['inpatient'] }, ...span(m));
    });
    each(/(?:限)?门诊(?:患者|使用)?/u, (m) => {
      // "不限住院门诊": no setting.
      if (/不限(?:住院)?[、和及或]?$/u.test(text.slice(0, m.index))) return;
      put({ kind: 'setting', settings: ['outpatient'] }, ...span(m));
    });
    // "既往接受过至少一种化疗方案": chemotherapy received, whatever else came before — not a
    // line of therapy (an endocrine-only patient is in the second line without it).
    // So too 至少1种 / 一个 / 1个, 一种及以上, 一种或一种以上, 1个或多个 — but not one that failed
    // ("至少一个化疗方案失败后"): a later line, read below.
    each(
      /(?:既往)?(?:至少)?(?:接受过?|经过?)(?:至少)?(?:一种|(?:一种|1种|一个|1个)(?:或(?:一|1)(?:种|个)以上|或多(?:种|个)|及以上|以上)?(?!化疗[^,;。]{0,8}?(?:进展|失败|耐药)))化疗(?:方案)?(?:治疗)?/u,
      (m) => {
        put(priorOf(['化疗'], 'any', ['received']), ...span(m));
      },
    );
    /**
     * The therapy a counted line names, beside the count ("既往接受过1种及以上化疗方案失败",
     * "一线含铂化疗后进展"): the earlier lines were chemotherapy (platinum-based), which an
     * endocrine or targeted line is not. Its outcome as the phrase says (failed, intolerant), else
     * received.
     */
    const putChemotherapy = (m: RegExpExecArray) => {
      const therapy = /含铂/u.test(m[0]) ? '含铂化疗' : /化疗/u.test(m[0]) ? '化疗' : null;
      if (therapy === null) return;
      // Not one of several therapies of the line ("一线化疗/靶向治疗失败", "化疗、内分泌治疗或…"),
      // nor when another therapy of the line is let in too ("…，一线免疫治疗失败者亦可").
      // (A test's result after 、 is required beside it: "一线化疗后进展、PD-L1阳性的…".)
      const after = text.slice(m.index + m[0].length);
      if (/^(?:\/|、|或|和\/或)/u.test(after) && !RESULT_NEXT.test(after)) return;
      if (/亦可|也可|均可/u.test(text)) return;
      const outcomes = [
        ...new Set(outcomeWords.filter(([w]) => m[0].includes(w)).map(([, o]) => o)),
      ];
      put(priorOf([therapy], 'any', outcomes.length === 0 ? ['received'] : outcomes), ...span(m));
    };
    // Line of therapy. Therapies already received ("既往接受过至少两种", "至少经过二线系统化疗",
    // "既往接受过≥2种"):
    // N received → line N + 1. The current line ("一线治疗", "二线用药", "三线治疗").
    each(
      new RegExp(
        String.raw`(?:既往|此前|已)?(?:至少)?(?:接受过?|经过|经|使用过)(?:至少|≥)?(一|二|两|三|四|1|2|3|4)(?<unit>线|种|个|次)(?:或(?:一种|两种|多种)?以上|及以上|或以上|以上)?(?<therapy>${LINE_SCOPE}*(?:化疗|治疗|用药|疗法)?(?:方案)?(?:治疗)?)(?:后|时)?(?:疾病)?(?<outcome>(?:进展|失败|复发|耐药)?(?:或(?:复发|进展|不可?耐受|失败))?)`,
        'u',
      ),
      (m) => {
        const { unit, therapy, outcome } = m.groups ?? {};
        // "经两种激发试验确诊", "经两次骨密度检查": tests counted, not therapies; nor cycles or
        // transfusions ("经4个周期", "接受过3次以上输血").
        const next = text.slice(m.index + m[0].length, m.index + m[0].length + 8);
        // "接受一线治疗的…" (receiving it now): no lines received — only 接受过, 经(过), 使用过 or
        // a 既往 / 此前 / 已 / 曾 before, or an after (接受一线治疗后, …失败) count them.
        if (
          /^(?:至少)?接受(?!过)/u.test(m[0]) &&
          !/后|失败|进展|复发|耐药/u.test(m[0]) &&
          !/(?:既往|此前|已|曾)$/u.test(text.slice(0, m.index))
        )
          return;
        // "2次以上造血干细胞移植", "两次内镜治疗", "1次肝动脉化疗栓塞", "两种口服降糖药联合治疗":
        // procedures or the drugs of one regimen counted, not lines of systemic therapy.
        if (
          unit !== '线' &&
          /^[^,;。且和及]{0,10}?(?:移植|内镜|栓塞|TACE|手术|放疗|消融|介入|联合)/u.test(next)
        )
          return;
        if (
          unit !== '线' &&
          !/化疗|治疗|用药|疗法/u.test(therapy ?? '') &&
          (/试验|检查|检测|测定|评估|确诊|诊断|输血/u.test(next) ||
            /^(?:周期|疗程|月|周|天|日|小时)/u.test(next))
        )
          return;
        // "2个以上化疗周期", "4个化疗疗程": cycles of one regimen, not lines.
        if (/^(?:药物)?(?:的)?(?:周期|疗程)/u.test(next)) return;
        if (
          // "既往接受过≥2种TNF抑制剂", "至少两种抗癫痫药物", "≥1次抗VEGF": a count of one named
          // class, not lines of systemic therapy (an NSAID, then one TNF inhibitor, is not it).
          (unit !== '线' && therapy === '' && !COUNT_OF_LINES_NEXT.test(next)) ||
          // "经一线含铂化疗后未进展的…维持治疗": the first line's maintenance, not the next line
          // (as LINE_AFTER leaves it).
          (outcome === '' && (/^未(?:进展|复发)/u.test(next) || /维持|巩固/u.test(text)))
        ) {
          // For a reviewer.
          bar(...span(m));
          unreadPhrase = true;
          return;
        }
        put({ kind: 'line_of_therapy', minLine: count(m[1] ?? '') + 1 }, ...span(m));
        putChemotherapy(m);
      },
    );
    // A line that failed (一线治疗失败, 二线化疗后进展, 一线治疗中进展, 一线治疗后6个月内复发,
    // 一线治疗无法耐受), or after it (二线治疗后的…, 一线治疗后使用): the patient is in the next one.
    each(LINE_AFTER, (m) => {
      // With no outcome, only a bare 后 before 的, 使用 or the clause's end: not the line itself
      // (一线治疗), nor "一线含铂化疗后未进展的维持治疗".
      if (m[3] === undefined) {
        if (
          m[2] !== '后' ||
          !/^(?:的|使用|用药|患者|[,;。]|$)/u.test(text.slice(m.index + m[0].length))
        )
          return;
        // After the first line with no outcome ("一线含铂化疗后的…", "一线治疗结束后"): its
        // maintenance, consolidation or the next line — unsaid; left for a reviewer, as is any
        // line beside 维持 / 巩固 / 序贯 / 辅助.
        if (count(m[1] ?? '') === 1 || /维持|巩固|序贯|辅助/u.test(text)) {
          bar(...span(m));
          unreadPhrase = true;
          return;
        }
      }
      put({ kind: 'line_of_therapy', minLine: count(m[1] ?? '') + 1 }, ...span(m));
      putChemotherapy(m);
    });
    // "初治及复发的多发性骨髓瘤", "初治及经治": the untreated are one group of those listed — no
    // line for all; nor "初治失败" (the first regimen failed: retreatment) — left for a reviewer.
    const untreatedOr = UNTREATED_OR.test(text);
    // 经治 (treated before; not 经治疗, "after treatment"): a later line.
    each(/经治(?!疗)/u, (m) => {
      if (untreatedOr) return;
      put({ kind: 'line_of_therapy', minLine: 2 }, ...span(m));
    });
    // 既往未接受过系统治疗, 未经系统治疗, 初治 (untreated): first line.
    each(
      /(?:既往)?未(?:经|接受过?|使用过)(?:全身)?(?:系统性?)?(?:治疗|化疗)|初治|(?<![重创])新诊断(?!标准)/u,
      (m) => {
        if (untreatedOr) return;
        // "既往未接受过化疗的…前列腺癌": no chemotherapy, whatever else came before (an endocrine
        // therapy) — not the first line.
        if (m[0].endsWith('化疗')) {
          put(priorOf(['化疗'], 'all', ['not_received']), ...span(m));
          return;
        }
        put({ kind: 'line_of_therapy', minLine: 1, maxLine: 1 }, ...span(m));
      },
    );
    // "一线、二线治疗", "一线或二线治疗", "二线及三线用药": the lines listed, first to last.
    each(
      /(一|二|三)(?:线(?:治疗|用药)?)?(?:、|及|和|或|与|至|到|-)(一|二|三)线(及以上|及以后)?(?:治疗|用药)/u,
      (m) => {
        // "既往接受过一至三线治疗": the lines received — the patient is in the next ones.
        // (Received: 接受过, 经过, 既往接受 — not 接受 alone, "receiving"; never after a negation.)
        const verb = /(?:既往(?:接受过?|经过?|使用过)|接受过|经过|使用过)(?:至少)?$/u.exec(
          text.slice(0, m.index),
        );
        // Lines ruled out or never received (不能接受一、二线治疗): no line, and none of them read
        // alone either.
        if (
          (verb !== null && NOT_RECEIVED_BEFORE.test(text.slice(0, m.index - verb[0].length))) ||
          RULED_OUT_BEFORE.test(text.slice(0, m.index)) ||
          /(?:(?:不能|无法|难以|不可)耐受|未经)$/u.test(text.slice(0, m.index))
        ) {
          bar(m.index, m.index + m[0].length);
          return;
        }
        const received = verb === null ? 0 : 1;
        const from = count(m[1] ?? '') + received;
        const to = count(m[2] ?? '') + received;
        if (to <= from) return;
        put(
          m[3] === undefined
            ? { kind: 'line_of_therapy', minLine: from, maxLine: to }
            : { kind: 'line_of_therapy', minLine: from },
          m.index - (verb?.[0].length ?? 0),
          m.index + m[0].length,
        );
      },
    );
    // "一线治疗和曾经接受过细胞因子治疗的…": first line *or* another group — not first line only.
    const firstLineOr = /一线(?:治疗|用药)[和及或、]/u.test(text);
    each(/(一|二|三)线(及以上|及以后)?(?:治疗|用药)/u, (m) => {
      // "一线治疗药物": a class of drugs, not the claim's line; "一线治疗后复发或难治": after it,
      // not in it (the next line, when LINE_AFTER could not read it).
      if (/^(?:药物|药|后|失败|结束)/u.test(text.slice(m.index + m[0].length))) return;
      const n = count(m[1] ?? '');
      // (Nor, beside it, another line: "一线治疗或含铂化疗失败后的二线治疗", "胃癌一线治疗及结直肠癌
      // 二线治疗" — each line is an alternative's.)
      if (firstLineOr) return;
      if (n === 1 && m[2] === undefined) {
        put({ kind: 'line_of_therapy', minLine: 1, maxLine: 1 }, ...span(m));
      } else if (n > 1) put({ kind: 'line_of_therapy', minLine: n }, ...span(m));
    });
    /** Whether the clause names conditions and every one is a tumour (isTumourCode). */
    const onlyTumours = () => {
      const { icdPrefixes } = conditions.match(text);
      return icdPrefixes.length > 0 && icdPrefixes.every(isTumourCode);
    };
    // "复发或难治性多发性骨髓瘤": the second line or later — unless the untreated are listed
    // beside them (初治或复发难治的…: one group of several), or the clause reads a line already
    // (既往至少接受过两种系统性治疗的复发或难治性…: that line says how many, and is the stronger).
    // Only of tumours, whose every condition in the clause is one (复发或难治性抑郁症 names a
    // course, no line), and not where the text leaves the line unsaid: then left unread.
    each(RELAPSED_OR_REFRACTORY, (m) => {
      if (restrictions.some((r) => r.kind === 'line_of_therapy')) {
        ignore(...span(m));
        return;
      }
      if (untreatedOr || RELAPSED_LINE_UNSAID.test(text)) return;
      if (INCLUDED_SO_FAR.test(text.slice(0, m.index)) || !onlyTumours()) return;
      put({ kind: 'line_of_therapy', minLine: 2 }, ...span(m));
    });
    // 复发 alone of a tumour, when no line is read: left for a reviewer, not set aside as a word
    // that says nothing (a newly diagnosed patient would be paid).
    each(RELAPSED_ALONE, (m) => {
      // (A line or a failed therapy read says after what: 含铂化疗失败…的复发….)
      if (restrictions.some((r) => r.kind === 'line_of_therapy' || r.kind === 'prior_therapy'))
        return;
      if (!onlyTumours()) return;
      bar(...span(m));
      unreadPhrase = true;
    });
    // Age: explicit years first, then 儿童 / 成人 unless the clause names both (成人和6岁及以上儿童).
    const firstAge = restrictions.length;
    /** Two groups of patients by age ("60岁以上患者及儿童"): any one of them, left for a reviewer. */
    let ageGroups = false;
    // "5至12岁以下": a range whose end is followed by 以下 (not 及以下) ends below it — 至12岁 alone
    // would hold 12 already; labels write it for the group before "12岁及以上" (玛巴洛沙韦
    // granules, then tablets).
    // (Not 以下列 / 以下述 — "the following" — nor against a (含N岁) after it.)
    const RANGE_END = String.raw`(及?以下(?!列|述|情况|条件|疾病)(?:\(含\d+周?岁\))?)?`;
    const endsBelow = (bound: string | undefined, end: string | undefined) =>
      bound === '<' || (end !== undefined && end.startsWith('以下') && !end.includes('含'));
    each(withNumbers(String.raw`(?:年龄)?‹n›周?岁?(?:-|~|至|到)(<)?‹n›周?岁` + RANGE_END), (m) => {
      const below = endsBelow(m[2], m[4]);
      put(
        {
          kind: 'age',
          minYears: numberOf(m[1] ?? ''),
          maxYears: below ? numberOf(m[3] ?? '') - 1 : numberOf(m[3] ?? ''),
        },
        ...span(m),
      );
    });
    // From months to years: 3个月至12岁, 6月龄-17岁, 1个月至<18岁.
    each(
      withNumbers(String.raw`‹n›(?:个月龄|月龄|个月)(?:-|~|至|到)(<)?‹n›周?岁` + RANGE_END),
      (m) => {
        put(
          {
            kind: 'age',
            minMonths: numberOf(m[1] ?? ''),
            maxYears: endsBelow(m[2], m[4]) ? numberOf(m[3] ?? '') - 1 : numberOf(m[3] ?? ''),
          },
          ...span(m),
        );
      },
    );
    // A bound that includes its number (≥18岁, 年满18周岁, 18岁(含)以上, 18岁及18岁以上, 18岁或以上:
    // 以上 and 以下 include the number they follow), or one that does not (大于2岁, <18岁, 未满18岁).
    each(
      withNumbers(
        String.raw`(?:年龄)?(?:(?:≥|大于等于|不小于|不低于|年满)‹n›周?岁(?:\(含\))?(?:[及或]?以上)?|‹n›周?岁(?:[和及或]\d+周?岁)?(?:\(含\))?[及或]?以上(?:\(含\d*周?岁?\))?|(?:>|(?<!不)大于|(?<!不|不得|不能|不可|不应|未)超过)‹n›周?岁)`,
      ),
      (m) => {
        // "大于2岁": older than 2 — a child of 2 years and some months is. The claim's age is in
        // whole years, so the floor is 2 (only the 2nd birthday itself passes a day early).
        const years = numberOf(m[1] ?? m[2] ?? m[3] ?? '');
        put({ kind: 'age', minYears: years }, ...span(m));
      },
    );
    each(
      withNumbers(
        String.raw`(?:年龄)?(?:(?:<|(?<!不)小于|未满|不满|(?<!不)低于)‹n›周?岁|(?:≤|小于等于|不大于|不超过)‹n›周?岁(?:\(含\))?(?:[及或]?以下)?|‹n›周?岁(?:[和及或]\d+周?岁)?(?:\(含\))?[及或]?以下(?:\(含\d*周?岁?\))?)`,
      ),
      (m) => {
        put(
          {
            kind: 'age',
            maxYears: m[1] === undefined ? numberOf(m[2] ?? m[3] ?? '') : numberOf(m[1]) - 1,
          },
          ...span(m),
        );
      },
    );
    // Months of age: 3月龄及以上, 6月龄以下, 6个月及以上的婴儿 (a duration of months otherwise:
    // 病程6个月以上 is no age).
    each(
      withNumbers(
        String.raw`‹n›(?:月龄|个月龄|个月(?=(?:[及或]?以[上下])的?(?:婴儿|婴幼儿|儿童|患儿|幼儿)))(?:[及或]?(以上|以下))?`,
      ),
      (m) => {
        // "病程6个月以上的儿童": how long the disease has lasted, not the child's age.
        if (DURATION_BEFORE.test(text.slice(0, m.index))) return;
        const months = numberOf(m[1] ?? '');
        put(
          m[2] === '以下' ? { kind: 'age', maxMonths: months } : { kind: 'age', minMonths: months },
          ...span(m),
        );
      },
    );
    // The condition terms' places: a word inside one is part of its name (成人斯蒂尔病,
    // 绝经后女性骨质疏松), not an age or a sex.
    const matched = conditions.match(text);
    const termZones = (matched.spans ?? []).filter(([a, b]) => b - a > 2);
    const inTerm = (m: RegExpExecArray) =>
      termZones.some(([a, b]) => m.index >= a && m.index + m[0].length <= b);
    // Who the clause names — not in what it excludes ("成人患者，不适用于儿童").
    // Nor in a ward, a department, a hospital's kind or the age a disease began (儿童医院,
    // 新生儿重症监护病房, 新生儿科, 儿童期起病): no age of the patient.
    const named = text
      .replace(/./gsu, (c: string, i: number) => (barred[i] === 1 || described[i] === 1 ? ' ' : c))
      .replace(NOT_AN_AGE, (w) => ' '.repeat(w.length));
    const notAnAge = (m: RegExpExecArray) =>
      named.slice(m.index, m.index + m[0].length).trim() === '';
    const namesChildren = /儿童|小儿|患儿/u.test(named);
    const namesAdults = /成人|成年/u.test(named);
    const explicitAges = restrictions.length - firstAge;
    const ages = () =>
      restrictions
        .slice(firstAge)
        .flatMap((r, k) => (r.kind === 'age' ? [{ r, i: firstAge + k }] : []));
    if (
      explicitAges > 0 &&
      namesAdults &&
      ages().some(({ r }) => r.maxYears !== undefined && r.maxYears >= adultMinYears)
    ) {
      // "65岁以下成人", "18-65岁成人": a ceiling for the adults, from 18 up; with children
      // named too ("2岁及以上儿童及65岁以下成人"), two groups — and so with the ages joined to
      // the adults ("18岁以下或成人": the young or the adults).
      if (namesChildren || AGE_JOINED_TO_GROUP.test(named)) ageGroups = true;
      for (const { r, i } of ages()) {
        if (r.minYears !== undefined || r.maxYears === undefined) continue;
        if (r.maxYears < adultMinYears) ageGroups = true;
        else restrictions[i] = { ...r, minYears: adultMinYears };
      }
      each(/成人|成年(?:人)?/u, (m) => ignore(...span(m)));
    } else if (explicitAges > 0 && namesAdults) {
      // "成人和12岁及以上青少年": adults *and* the younger group — from the youngest age up. Not
      // past a ceiling below the adults ("6岁以下儿童或成人": two groups, a gap between them).
      if (
        ages().some(
          ({ r }) =>
            (r.maxYears !== undefined && r.maxYears < adultMinYears - 1) ||
            r.maxMonths !== undefined,
        )
      )
        ageGroups = true;
      let youngest = Infinity;
      for (let i = firstAge; i < restrictions.length; i++) {
        const r = restrictions[i];
        if (r?.kind === 'age') youngest = Math.min(youngest, r.minYears ?? 0);
      }
      for (let i = firstAge; i < restrictions.length; i++) {
        const r = restrictions[i];
        if (r?.kind === 'age') restrictions[i] = { ...r, minYears: youngest, maxYears: undefined };
        const fixed = restrictions[i];
        if (fixed?.kind === 'age' && fixed.maxYears === undefined) delete fixed.maxYears;
      }
      each(/儿童|小儿|患儿|婴幼儿|婴儿|幼儿|成人|成年|青少年|老年(?!性)/u, (m) =>
        ignore(...span(m)),
      );
    } else if (explicitAges > 0) {
      // "6-17岁儿童": the years say it all; "3岁及以上…儿童": from 3 years, and still a child.
      // "60岁以上患者及儿童", "老年患者及12岁以下儿童": the years name another group than the
      // children (or the elderly beside them) — two groups.
      // "18岁以下儿童": a ceiling alone past the children's is theirs (an eighteen-year-old is an
      // adult); a range keeps its years.
      if (namesChildren) {
        for (const { r, i } of ages()) {
          if (r.maxYears !== undefined) {
            if (
              r.minYears === undefined &&
              r.minMonths === undefined &&
              r.maxYears > childrenMaxYears
            )
              restrictions[i] = { ...r, maxYears: childrenMaxYears };
            continue;
          }
          if ((r.minYears ?? 0) > childrenMaxYears) ageGroups = true;
          else restrictions[i] = { ...r, maxYears: childrenMaxYears };
        }
        if (/老年(?!性)/u.test(named)) ageGroups = true;
      }
      // "2岁以下婴儿或青少年", "6岁以下儿童或青少年": a second group joined to the first, the
      // years only one's — two groups (not "6-17岁儿童和青少年", one range for both).
      const range = ages().every(
        ({ r }) =>
          (r.minYears !== undefined || r.minMonths !== undefined) &&
          (r.maxYears !== undefined || r.maxMonths !== undefined),
      );
      if (!range && TWO_GROUPS_JOINED.test(named)) ageGroups = true;
      // "3月龄以上婴儿", "12岁以上青少年": a floor alone does not say where infancy or youth
      // ends — the group's word stays unread then (no ceiling is made up for it).
      const capped = ages().every(
        ({ r }) => r.maxYears !== undefined || r.maxMonths !== undefined || r.maxDays !== undefined,
      );
      each(
        capped
          ? /儿童|小儿|患儿|婴幼儿|婴儿|幼儿|青少年|老年(?!性)/u
          : /儿童|小儿|患儿|老年(?!性)/u,
        (m) => ignore(...span(m)),
      );
    } else if (namesChildren !== namesAdults) {
      each(namesChildren ? /儿童|小儿|患儿/u : /成人|成年(?:人)?/u, (m) => {
        // 成人斯蒂尔病: part of a condition's name, no age.
        if (inTerm(m) || notAnAge(m)) return;
        put(
          namesChildren
            ? { kind: 'age', maxYears: childrenMaxYears }
            : { kind: 'age', minYears: adultMinYears },
          ...span(m),
        );
      });
    } else if (namesChildren && namesAdults) {
      // Both named: the clause is an age *range* joined by 和 / 、; only explicit years count.
      each(/儿童|小儿|患儿|成人|成年|青少年/u, (m) => ignore(...span(m)));
    }
    // 老年 (elderly) without years of its own, before 患者 or a condition read as one (老年慢性乙型
    // 肝炎患者) — not where it starts a name the dictionary does not know (老年痴呆, 老年性…).
    if (explicitAges === 0 && !namesChildren && !namesAdults) {
      each(/老年(?:人)?/u, (m) => {
        const end = m.index + m[0].length;
        if (inTerm(m)) return;
        if (!text.startsWith('患者', end) && !termZones.some(([a]) => a === end)) return;
        put({ kind: 'age', minYears: elderlyMinYears }, ...span(m));
      });
    }
    // 新生儿 (newborns: the first days of life), unless it begins a condition's name (新生儿败血症).
    each(/新生儿/u, (m) => {
      if (inTerm(m) || termZones.some(([a]) => a === m.index) || notAnAge(m)) return;
      // "新生儿期以后的婴儿": past the newborn days, the reverse of a newborn — left unread.
      if (/^期?(?:以后|之后|后|以外)/u.test(text.slice(m.index + m[0].length))) return;
      put({ kind: 'age', maxDays: neonateMaxDays }, ...span(m));
    });
    // Not inside a disease's name: 男性乳房女性化 (gynaecomastia), 男性化, 男性型脱发 (women have it
    // too), 男女性腺功能减退 (but 男性腺功能减退 is a man's).
    each(/(?<!男)女性(?!化(?!脓|疗|学)|型脱发)|妇女/u, (m) => {
      if (inTerm(m)) return;
      put({ kind: 'sex', sex: 'female' }, ...span(m));
    });
    each(/男性(?!化(?!脓|疗|学)|型[脱秃]发|乳房(?:女性化|发育))/u, (m) => {
      if (inTerm(m)) return;
      put({ kind: 'sex', sex: 'male' }, ...span(m));
    });
    // "抗EGFR治疗(RAS野生型)": a result in brackets after a therapy says when that therapy fits,
    // not what every patient must have — left unread.
    // "乙型肝炎表面抗原阳性母亲所生的新生儿": the mother's result, not the patient's.
    // Left for a reviewer, and no condition is read inside it (乙型肝炎 of 乙型肝炎表面抗原).
    const ofTheMother = (from: number, end: number) => {
      if (!/^的?(?:母亲|孕妇|产妇|母体)/u.test(text.slice(end))) return false;
      for (let k = from; k < end; k++) if (owner[k] === 0) barred[k] = 1;
      return true;
    };
    const qualifiesTherapy = (i: number) => {
      const open = text.lastIndexOf('(', i);
      return (
        open >= 0 &&
        text.lastIndexOf(')', i) < open &&
        /(?:治疗|用药|药物|单抗|抑制剂)$/u.test(text.slice(0, open))
      );
    };
    // Evidence phrases (one phrase may stand for several results: 三阴性 = ER−, PR−, HER2−).
    {
      const phraseHits: [number, number][] = [];
      for (const p of settings.evidencePhrases) {
        for (
          let i = text.indexOf(p.phrase);
          i >= 0;
          i = text.indexOf(p.phrase, i + p.phrase.length)
        ) {
          const end = i + p.phrase.length;
          // "非三阴性": what the phrase says is ruled out — left for a reviewer.
          if (NEGATED_BEFORE.test(text.slice(0, i))) continue;
          if (qualifiesTherapy(i) || ofTheMother(i, end)) continue;
          const own = phraseHits.some(([a, b]) => a === i && b === end);
          if (!own && !freeRange(i, end)) continue;
          restrictions.push({
            kind: 'evidence',
            source: 'nrdl',
            text: p.phrase,
            span: [offset + i, offset + end],
            test: p.test,
            result: p.result,
          });
          claim(i, end, restrictions.length);
          if (!own) phraseHits.push([i, end]);
        }
      }
    }
    // Biomarkers followed by a result word, with the variants named on the way.
    const seenTests = new Set<string>();
    /**
     * The owner (see `owner`) of each test's result read without variants, by test:result. Not
     * one with variants: "EGFR 19del或EGFR L858R" names two variants, and reading the second
     * naming as a restatement of the first would drop L858R.
     */
    const evidenceOwners = new Map<string, number>();
    /** Where a result already read is named again: [from, to, the owner of the first]. */
    const restated: [number, number, number][] = [];
    /** Where a test's result is named again, set aside (a listed item's own marker, maybe). */
    const namedAgain: [number, number][] = [];
    // In order of appearance (longest first at one place), so "水通道蛋白4抗体(AQP4-IgG)阳性" is
    // read from its first name, not from the abbreviation in brackets.
    const hits: {
      alias: string;
      test: string;
      says: 'positive' | 'negative' | null;
      i: number;
    }[] = [];
    for (const { alias, test, says } of aliases)
      for (let i = text.indexOf(alias); i >= 0; i = text.indexOf(alias, i + alias.length))
        hits.push({ alias, test, says, i });
    hits.sort((x, y) => x.i - y.i || y.alias.length - x.alias.length);
    const skipped = new Set<number>();
    for (const { alias, test, says, i } of hits) {
      const latin = /^[A-Za-z]/u.test(alias);
      if (!skipped.has(i)) {
        const end = i + alias.length;
        if (claimedAt(i)) continue;
        // "ER" inside "HER2", "RAS" inside "KRAS" are other tests; a name that says its result
        // is a word of its own ("MSS" of "MSSA", methicillin-sensitive Staphylococcus aureus, is none).
        if (latin && i > 0 && /[A-Za-z]/u.test(text.charAt(i - 1))) continue;
        // "EGFR-TKI", "ALK抑制剂": a therapy named after the test, not the test (its result is not
        // what follows: "EGFR-TKI治疗中进展且EGFR T790M阳性").
        if (latin && /^-?(?:TKI|抑制剂|酪氨酸激酶抑制剂|单抗|靶向)/u.test(text.slice(end)))
          continue;
        if (says !== null && /[A-Za-z]$/u.test(alias) && /[A-Za-z]/u.test(text.charAt(end)))
          continue;
        // "非EGFR突变", "无BRCA突变", "未检出EGFR突变": the result is ruled out, not required —
        // left unread (a reviewer reads it), never read as the result it negates.
        if (NEGATED_BEFORE.test(text.slice(0, i))) continue;
        if (qualifiesTherapy(i)) continue;
        // "IDH1/2突变": the other of a numbered pair, by its number — either; left unread.
        if (/\d$/u.test(alias) && /^[/、]\d(?!\d)/u.test(text.slice(end))) continue;
        // "RAS/BRAF基因野生型", "HR和HER2阴性", "MYC与BCL2表达阳性": a test named right before
        // another shares its result.
        const joined = /^(?:\([A-Za-z0-9-]+\))?[/和及与、]/u.exec(text.slice(end));
        const next =
          joined === null
            ? undefined
            : hits.find((h) => h.i === end + joined[0].length && h.test !== test);
        // "Ph+", "MSI-H" say their own result (unless a result word follows: "dMMR阳性").
        const found =
          resultAfter(text, next === undefined ? end : next.i + next.alias.length, test) ??
          (says === null ? null : { result: says, end });
        if (next !== undefined && found !== null) {
          // "A/B阳性" could be either one; "A/B野生型" (or 和) is both.
          if (joined?.[0].endsWith('/') === true && found.result === 'positive') {
            // Neither is read: the clause keeps them for a reviewer.
            skipped.add(next.i);
            continue;
          }
          if (!seenTests.has(`${test}:${found.result}`)) {
            seenTests.add(`${test}:${found.result}`);
            put({ kind: 'evidence', test, result: found.result }, i, end);
          } else ignore(i, end);
          ignore(end, end + (joined?.[0].length ?? 0));
          continue;
        }
        if (found === null || !freeRange(i, found.end) || ofTheMother(i, found.end)) {
          continue;
        }
        const phrase = text.slice(end, found.end);
        const own = testSettings.get(test);
        // "HER2(ERBB2)突变", "MET扩增": another alteration than the positive a claim records —
        // unread, also after the test's positive was read ("HER2阳性或HER2突变": no restatement).
        if (found.result === 'positive' && own?.unreadResults.some((w) => phrase.includes(w))) {
          // Nor is a name inside the phrase read on its own ("ER" of "HER2(ERBB2)突变").
          for (const h of hits) if (h.i >= i && h.i < found.end) skipped.add(h.i);
          continue;
        }
        const key = `${test}:${found.result}`;
        const sameResult = evidenceOwners.get(key);
        if (sameResult !== undefined) {
          // The same result named again ("MSI-H或dMMR", "微卫星高度不稳定(MSI-H)"): nothing new,
          // and no alternative to the first naming (listsAlternatives).
          ignore(i, found.end);
          restated.push([i, found.end, sameResult]);
          namedAgain.push([i, found.end]);
          continue;
        }
        if (seenTests.has(key)) {
          ignore(i, found.end);
          namedAgain.push([i, found.end]);
          continue;
        }
        seenTests.add(key);
        // 抗水通道蛋白4抗体阳性: the antibody's 抗 belongs to the fragment.
        const begin = i > 0 && text.charAt(i - 1) === '抗' && owner[i - 1] === 0 ? i - 1 : i;
        // "KRAS G12C以外突变": every variant but the one named; "EGFR 18-21外显子", "19/21外显子
        // 突变": exons in a range or a list written short, which variants they stand for unsaid —
        // left for a reviewer.
        if (/以外|之外|除/u.test(phrase) || EXON_LIST.test(phrase)) continue;
        // "HER2低表达(IHC 1+或IHC 2+/ISH阴性)": low expression, whose ISH is negative — neither
        // the negative nor the positive result; left for a reviewer.
        if (/低表达|超低表达/u.test(phrase)) continue;
        // "EGFR T790M阴性": the variant is absent, not the test negative (the patient has the
        // sensitising mutation) — left for a reviewer.
        if (found.result === 'negative' && canonicalVariants(phrase).length > 0) continue;
        let variants = found.result === 'positive' ? canonicalVariants(phrase) : [];
        // "EGFR敏感突变": the variants the word stands for.
        if (found.result === 'positive' && variants.length === 0) {
          variants = own?.variantWords.find((v) => phrase.includes(v.word))?.variants ?? [];
        }
        // "FGFR3突变或融合": any mutation, or a fusion — no variant asked.
        if (variants.length === 1 && variants[0] === 'FUSION' && MUTATION_OR_FUSION.test(phrase))
          variants = [];
        // "FLT3 D835突变", "NRAS Q61突变": a variant named that no canonical one stands for —
        // read as the plain positive, any variant would pay; left for a reviewer.
        if (variants.length === 0 && VARIANT_TOKEN.test(phrase)) continue;
        put(
          {
            kind: 'evidence',
            test,
            result: found.result,
            ...(variants.length > 0 ? { variants } : {}),
          },
          begin,
          found.end,
        );
        if (variants.length === 0) evidenceOwners.set(key, restrictions.length);
      }
    }
    // "预防X" names what is prevented, not what the patient has ("预防重症患者应激性溃疡出血",
    // "受者预防巨细胞病毒感染"): the condition after the population (its last 的 / 患者 / 受者)
    // is not a diagnosis to require, and stays unread. "预防X发作 / 复发" prevents attacks of a
    // disease the patient has, so X is read, and the words around it only say what for.
    const prevented: [number, number][] = [];
    for (let i = text.indexOf('预防'); i >= 0; i = text.indexOf('预防', i + 2)) {
      const [, end] = partAround(i, i);
      const part = text.slice(i + 2, end);
      const attack = /发作|复发/u.exec(part);
      if (attack !== null) {
        if (freeRange(i, i + 2)) ignore(i, i + 2);
        const at = i + 2 + attack.index;
        if (freeRange(at, at + 2)) ignore(at, at + 2);
        continue;
      }
      const population = Math.max(
        ...['的', '患者', '受者'].map((w) => {
          const at = part.lastIndexOf(w);
          return at < 0 ? 0 : at + w.length;
        }),
      );
      prevented.push([i + 2 + population, end]);
    }
    const isPrevented = (from: number) => prevented.some(([a, b]) => from >= a && from < b);
    // Diagnoses: every dictionary term, one restriction whose prefixes any diagnosis may match.
    let conjoined = false;
    if (matched.terms.length > 0) {
      const spanTerms = matched.spanTerms ?? [];
      const named = (matched.spans ?? [])
        .map(([from, to], k) => ({ from, to, term: spanTerms[k] ?? '' }))
        // A term may span text another recognizer only set aside ("慢性髓性白血病(Ph+CML)慢性期":
        // Ph+ restates the BCR-ABL result already read), not text it read as a restriction.
        // A term right after 非 is excluded, not required (非肝硬化的慢性丙型肝炎): not read, so
        // its text stays for a reviewer (a term that itself begins with 非 is matched whole).
        .filter(
          (f) =>
            f.term !== '' &&
            unownedRange(f.from, f.to) &&
            !described.subarray(f.from, f.to).includes(1) &&
            !isPrevented(f.from) &&
            // "应激性溃疡预防": prevented, as 预防X is (not "…的预防和长期治疗", "…接触者的预防治疗").
            !/^的?预防(?!治疗|[和及与或][^,;。]{0,4}治疗)/u.test(text.slice(f.to)) &&
            // "结核病诊断", "…的辅助诊断用": what the item helps to diagnose, not a diagnosis the
            // claim already has (not "有十二指肠溃疡诊断患者").
            !/^的?(?:辅助|鉴别)?诊断(?:用|使用|检查|试验)?(?:$|[,;。])/u.test(text.slice(f.to)) &&
            text.charAt(f.from - 1) !== '非',
        )
        .sort((x, y) => x.from - y.from);
      // "急性及慢性乙型肝炎", "季节性及常年性过敏性鼻炎", "原发性及转移性肝癌": a qualifier and a join
      // right before a term that begins with a qualifier of the same kind (the same last character)
      // share the term's head — the first is a condition of its own (急性乙型肝炎), read when the
      // dictionary has it; else neither is read (the last alone would refuse the first's claims)
      // and the clause is left for a reviewer.
      const unshared = new Set<(typeof named)[number]>();
      for (const f of [...named]) {
        const before = /([\u4e00-\u9fff]{2,4})[及和与或、]$/u.exec(
          text.slice(Math.max(0, f.from - 5), f.from),
        );
        if (before === null) continue;
        const own = text.slice(f.from, f.to);
        const joinAt = f.from - 1;
        let read = false;
        let shaped = false;
        for (let n = (before[1] ?? '').length; n >= 2 && !read; n--) {
          const first = (before[1] ?? '').slice(-n);
          const mark = first.charAt(first.length - 1);
          if (!'性型度期'.includes(mark) || !unownedRange(joinAt - n, joinAt)) continue;
          for (let k = 2; k <= 4 && k < own.length && !read; k++) {
            if (own.charAt(k - 1) !== mark || own.charAt(k) === '') continue;
            shaped = true;
            const alike = conditions.match(first + own.slice(k));
            const [span] = alike.spans ?? [];
            if (
              alike.spans?.length === 1 &&
              span?.[0] === 0 &&
              span[1] === n + own.length - k &&
              alike.spanTerms?.[0] !== undefined
            ) {
              named.push({ from: joinAt - n, to: joinAt, term: alike.spanTerms[0] });
              read = true;
            }
          }
        }
        if (shaped && !read) unshared.add(f);
      }
      if (unshared.size > 0) {
        unreadPhrase = true;
        named.splice(0, named.length, ...named.filter((f) => !unshared.has(f)));
      }
      named.sort((x, y) => x.from - y.from);
      // "除外肺癌的实体瘤", "肺癌、乳腺癌以外的实体瘤": terms the text rules out (and the 、/和 list
      // they are named in) are not required either: not read, so their text stays for a reviewer.
      const ruledOut = new Set<number>();
      const listed = (k: number) =>
        /^(?:[、和及与]|或[^,;。的]{0,4})$/u.test(
          text.slice(named[k]?.to ?? 0, named[k + 1]?.from ?? -1),
        );
      /** Whether 高风险 after a tumour is its own risk of relapse or progression (RISK_AFTER). */
      const tumourOwnRisk = (f: (typeof named)[number]) =>
        isNeoplasm(f.term) && TUMOUR_OWN_RISK.test(text.slice(f.to));
      named.forEach((f, k) => {
        // (A condition of the past is its sequela's or history's codes, not this claim's: never read
        // as one; the clause stays for a reviewer.)
        if (
          RULED_OUT_BEFORE.test(text.slice(0, f.from)) ||
          PAST_BEFORE.test(text.slice(0, f.from))
        ) {
          for (let j = k; j < named.length && (j === k || listed(j - 1)); j++) ruledOut.add(j);
        }
        if (RULED_OUT_AFTER.test(text.slice(f.to))) {
          for (let j = k; j >= 0 && (j === k || listed(j)); j--) ruledOut.add(j);
        }
        if (
          NOT_THE_PATIENTS_AFTER.test(text.slice(f.to)) ||
          OTHERS_BEFORE.test(text.slice(0, f.from)) ||
          (RISK_AFTER.test(text.slice(f.to)) && !tumourOwnRisk(f))
        ) {
          ruledOut.add(k);
          // "早产儿、乙型肝炎孕妇所生新生儿": a term listed beside one that is no patient's is one
          // of the list's groups — required alone it would refuse the others: for a reviewer.
          if ((k > 0 && listed(k - 1)) || (k + 1 < named.length && listed(k))) conjoined = true;
        }
        // "血清淀粉样蛋白A(SAA)": an abbreviation in brackets after words that are no term restates
        // them (here a test), whatever the dictionary's abbreviation means (重型再障).
        if (
          /^[A-Za-z][A-Za-z0-9+-]*$/u.test(text.slice(f.from, f.to)) &&
          text.charAt(f.from - 1) === '(' &&
          text.charAt(f.to) === ')' &&
          !named.some(
            (g) =>
              g !== f &&
              g.to < f.from &&
              /^(?:症|病|患者|人群)?$/u.test(text.slice(g.to, f.from - 1)),
          )
        )
          ruledOut.add(k);
        // "小儿(尤其是新生儿呼吸窘迫综合征)", "儿童(如哮喘患者)": examples of whom the words before
        // the bracket mean, not a requirement — unread, for a reviewer. (After a term, 胃癌(如…),
        // the term says it all.)
        const open = openBracketBefore(text, f.from);
        if (
          open >= 0 &&
          /^\((?:尤其是?|特别是|例如|比如|如)/u.test(text.slice(open)) &&
          !named.some((g) => g.to === open)
        )
          ruledOut.add(k);
      });
      const found = named.filter((_, k) => !ruledOut.has(k));
      // "慢性肝炎", "肺栓塞(急性)" without a term of their own: the term read, the clause flagged.
      const unowned = (from: number, to: number) =>
        from >= 0 && to <= text.length && owner.subarray(from, to).every((o) => o === 0);
      for (const f of found) {
        const own = conditions.qualifiersOf?.(f.term);
        const { before, after } =
          own === undefined || (own.before.length === 0 && own.after.length === 0)
            ? settings.codedQualifiers
            : {
                before: [...settings.codedQualifiers.before, ...own.before],
                after: [...settings.codedQualifiers.after, ...own.after],
              };
        if (
          // Right before, or past unread words of the same phrase (慢性活动性肝炎).
          before.some((w) => {
            let start = f.from;
            while (start > 0 && f.from - start < 8 && owner[start - 1] === 0) {
              if (/[,;。:、及和与或(/]/u.test(text.charAt(start - 1))) break;
              start--;
            }
            return text.slice(start, f.from).includes(w);
          }) ||
          after.some((w) => {
            // Past what is in brackets after the term (慢性髓性白血病(CML)慢性期, 轻中度脑梗死(中风病
            // 中经络)恢复期), or the bracket the term closes (…(中风病中经络)恢复期).
            const closes = text.charAt(f.to) === ')' ? 1 : 0;
            const at =
              f.to +
              closes +
              (closes === 1 ? 0 : (/^\([^()]{1,40}\)/u.exec(text.slice(f.to))?.[0].length ?? 0));
            return text.startsWith(w, at) && unowned(at, at + w.length);
          })
        )
          unreadPhrase = true;
      }
      // "非鳞状非小细胞肺癌(NSCLC)": an abbreviation in brackets restates the term before it.
      /**
       * What an abbreviation of `inner` in brackets after `outer` does: names a kind of it
       * (narrow), restates it (same or broader), or — after a term of alternatives or one whose
       * histology says the kind, where it may name one alternative or disagree (原发性或转移性肝癌
       * (HCC), 神经内分泌肿瘤(SCLC), 1型或2型糖尿病(T2DM)) — leaves the clause for a reviewer.
       */
      const abbreviationRole = (outer: string, inner: string): 'narrow' | 'restate' | 'flag' => {
        if (inner === outer) return 'restate';
        const told = (term: string) => (conditions.match(term).histology?.length ?? 0) > 0;
        const wider = withinByKind(outer, inner);
        if (/[或和、及]/u.test(outer) || told(outer)) return wider ? 'restate' : 'flag';
        return within(inner, outer) && (!wider || told(inner)) ? 'narrow' : 'restate';
      };
      const restated = new Set<number>();
      for (let k = 1; k < found.length; k++) {
        const before = found[k - 1];
        const here = found[k];
        if (before === undefined || here === undefined) continue;
        // Another term written out in the brackets ("肺癌(非小细胞肺癌)") may say which kind: it
        // narrows the term (below), not restates it.
        if (
          text.charAt(here.from - 1) === '(' &&
          here.from - 1 === before.to &&
          text.charAt(here.to) === ')' &&
          // (An abbreviation: letters only, not a term that begins with some, 艾滋病(HIV感染).
          // Not one of a narrower term — 白血病(AML), 淋巴瘤(FL): it says which kind, as a term
          // written out would.)
          (here.term === before.term || /^[A-Za-z0-9+\-/.]+$/u.test(text.slice(here.from, here.to)))
        ) {
          const role = abbreviationRole(before.term, here.term);
          if (role === 'narrow') continue;
          restated.add(k);
          if (role === 'flag') unreadPhrase = true;
        }
      }
      const kept = found.filter((_, k) => !restated.has(k));
      // "高血压或心力衰竭，心力衰竭二线用药": a condition of a list named again in a later part,
      // what that part says (二线用药) said of it alone — which no one reading of the clause
      // holds: for a reviewer.
      // (Where the parts between commas and semicolons outside brackets end.)
      const cuts: number[] = [];
      for (const part of splitOutsideBrackets(text.replace(/;/gu, ','), ',')) {
        cuts.push((cuts[cuts.length - 1] ?? -1) + part.length + 1);
      }
      cuts.pop();
      const partOf = (at: number): [number, number] => [
        (cuts.filter((i) => i < at).pop() ?? -1) + 1,
        cuts.find((i) => i >= at) ?? text.length,
      ];
      for (let k = 1; k < kept.length; k++) {
        const here = kept[k];
        const first = kept.find((f) => f.term === here?.term);
        if (here === undefined || first === undefined || first === here) continue;
        const [start, end] = partOf(first.from);
        if (here.from < end) continue;
        if (kept.some((f) => f.term !== first.term && f.from >= start && f.to <= end))
          conjoined = true;
      }
      // "A且B" / "A合并B" / "A伴B" / "A引起的B" / "A相关的B", and "A的B" ("伴有高血压的2型糖尿病",
      // "视网膜静脉阻塞(RVO)的黄斑水肿": B with A, B caused by A): both hold, not one of. The terms
      // fall into groups at each such join (the terms of a group, joined by 、/或, are one of);
      // each group is a diagnosis of its own, and the join word is read with them.
      const groupStarts = new Set<number>();
      for (let k = 1; k < kept.length; k++) {
        const from = kept[k - 1]?.to ?? 0;
        const between = text.slice(from, kept[k]?.from ?? 0);
        // "器官移植后巨细胞病毒感染", "肺栓塞后肺动脉高压" (CTEPH, no kind of PAH), "移植后复发的…",
        // "恶性肿瘤化疗后中性粒细胞减少症": B after A, or after something done for A — neither A
        // nor B alone, and often a condition of its own: for a reviewer. (Not "…及以后…", and
        // later, nor "、后葡萄膜炎", a term of its own.)
        if (/^(?:\([A-Za-z0-9\s\-+/.,]*\))?后|(?<![以、和及或与])后的?$/u.test(between)) {
          conjoined = true;
          continue;
        }
        const join = BOTH_JOIN.exec(between);
        if (join === null && !/^(?:\([^()]*\))?的$/u.test(between)) continue;
        // The join word: 且, 引起 …, or the 的 of "A的B".
        const at = join?.index ?? between.length - 1;
        const length = join?.[0].length ?? 1;
        // Only a join between the two terms and nothing else (but 的, 有, 诊断, an abbreviation):
        // "A所致的B", "有A诊断且有B诊断"; not "(2)附着点炎相关关节炎,(3)…" across items.
        const rest = (between.slice(0, at) + between.slice(at + length))
          .replace(/^\([A-Za-z0-9\s\-+/.,]*\)/u, '')
          .replace(/的|有|诊断|明确|患者/gu, '');
        if (rest !== '') {
          conjoined = true;
          continue;
        }
        groupStarts.add(k);
        if (freeRange(from + at, from + at + length)) ignore(from + at, from + at + length);
      }
      // "冠心病稳定型心绞痛", "LGS患者癫痫": a term written right after another (or after its
      // abbreviation and 患者) narrows it — keep the narrower one when its codes lie inside the
      // broader one's, else leave the clause for a reviewer.
      const dropped = new Set<string>();
      // "恶性肿瘤(肺癌、乳腺癌)", "白血病(成人急性髓系白血病)": terms in brackets right after a
      // term, each a kind of it, name the kinds the text means — they alone are read.
      for (const outer of kept) {
        if (text.charAt(outer.to) !== '(') continue;
        let close = outer.to + 1;
        for (let depth = 1; close < text.length; close++) {
          if (text.charAt(close) === '(') depth++;
          else if (text.charAt(close) === ')' && --depth === 0) break;
        }
        // Not examples of what is included (胃癌(包括胃食管结合部腺癌): all of it), nor another
        // name with the same codes (法布雷病(α-半乳糖苷酶A缺乏症)).
        if (/^(?:包括|包含|含|如|例如|尤其)/u.test(text.slice(outer.to + 1))) continue;
        // "实体瘤(肺癌、乳腺癌等)": examples too.
        if (text.slice(outer.to + 1, close).endsWith('等')) continue;
        const inner = kept.filter((f) => f.from > outer.to && f.to <= close);
        // (Its everyday name alone in the brackets, "HIV感染(艾滋病)", glosses it: see below —
        // not "HIV感染(艾滋病期)", which names the stage meant.)
        const only = inner.length === 1 ? inner[0] : undefined;
        if (
          only !== undefined &&
          conditions.isEverydayName?.(only.term) === true &&
          only.from === outer.to + 1 &&
          only.to === close
        )
          continue;
        const named = inner.map((f) => f.term).join('、');
        if (
          inner.length > 0 &&
          inner.every((f) => f.term !== outer.term && within(f.term, outer.term)) &&
          !within(outer.term, named)
        )
          dropped.add(outer.term);
      }
      // "以下心律失常:心房颤动、心房扑动": a term, then a colon and a list of terms, names the
      // kinds of it the text means — the list alone is read. A list that is not all kinds of
      // it, or a term before the head ("心功能不全患者发生下列快速性心律失常:…", both required),
      // leaves the clause for a reviewer. (Words between the term and its colon stay unread.)
      for (let k = 0; k + 1 < kept.length; k++) {
        const head = kept[k];
        if (head === undefined) continue;
        if (!/^[^、,;或和及]*:$/u.test(text.slice(head.to, kept[k + 1]?.from ?? 0))) continue;
        let end = k + 1;
        while (/^[、或]$/u.test(text.slice(kept[end]?.to ?? 0, kept[end + 1]?.from ?? -1))) end++;
        const list = kept.slice(k + 1, end + 1);
        if (k === 0 && list.every((f) => within(f.term, head.term))) dropped.add(head.term);
        else conjoined = true;
      }
      for (let k = 1; k < kept.length; k++) {
        const left = kept[k - 1];
        const right = kept[k];
        if (left === undefined || right === undefined) continue;
        const between = text.slice(left.to, right.from);
        const bracketed = between === '(' && text.charAt(right.to) === ')';
        // (Past a bracket after 患者, too: "Lennox-Gastaut综合征患者(2岁及以上)癫痫".)
        if (!bracketed && !/^(?:\([A-Za-z0-9+-]+\))?(?:患者的?)?(?:\([^()]*\))?$/u.test(between))
          continue;
        // The same codes both ways (肺癌 and 非小细胞肺癌, C34): the one whose histology tells, else
        // the term written first (B型血友病 restates 凝血因子IX缺乏症).
        const histologyOf = (term: string) => (conditions.match(term).histology?.length ?? 0) > 0;
        if (within(right.term, left.term) && within(left.term, right.term))
          dropped.add(histologyOf(right.term) && !histologyOf(left.term) ? left.term : right.term);
        else if (
          bracketed &&
          conditions.isEverydayName?.(right.term) === true &&
          within(right.term, left.term)
        ) {
          // "HIV感染(艾滋病)": the everyday name of the term before it, narrower by its codes —
          // which of the two the list means is a reviewer's to tell, as for 艾滋病(HIV感染); the
          // broader is read meanwhile (the asymptomatic infection, Z21, is not self-paid).
          dropped.add(right.term);
          unreadPhrase = true;
        } else if (within(right.term, left.term)) dropped.add(left.term);
        else if (within(left.term, right.term)) {
          // "艾滋病(HIV感染)": a broader term in brackets glosses the one before it — which of
          // the two the list means (AIDS, or every HIV infection) is a reviewer's to tell. The
          // broader is read meanwhile: a read requirement that fails self-pays the line, and
          // the patient with HIV infection alone may be the one the list means.
          if (bracketed) {
            dropped.add(left.term);
            unreadPhrase = true;
          } else dropped.add(right.term);
        } else conjoined = true;
      }
      // Each group, in order: its terms. A group of several terms is one of
      // them only as a plain list ("肝硬化、脂肪肝、肝炎所致的高血氨症"); "A及B所致C" may be A, or C
      // caused by B, and stays for a reviewer.
      const groups: (typeof kept)[] = [];
      kept.forEach((f, k) => {
        if (k === 0 || groupStarts.has(k)) groups.push([]);
        groups[groups.length - 1]?.push(f);
      });
      // A plain list, not examples of something broader ("肝病如肝硬化、脂肪肝、肝炎所致的…": any
      // liver disease, which the examples would narrow).
      const plainList = (group: typeof kept) =>
        !/如$/u.test(text.slice(0, group[0]?.from ?? 0)) &&
        group.every(
          (f, k) => k === 0 || /^[、或]$/u.test(text.slice(group[k - 1]?.to ?? 0, f.from)),
        );
      const termsOf = (group: typeof kept) =>
        [...new Set(group.map((f) => f.term))].filter((t) => !dropped.has(t));
      if (groups.length > 1) {
        if (groups.some((g) => termsOf(g).length === 0 || !plainList(g))) conjoined = true;
        else for (const group of groups) readDiagnosis(termsOf(group), group, group);
      } else if (found.length > 0) {
        // "慢性肾脏病透析患者的高磷血症": B in A's patients of a kind (on dialysis), not A or B —
        // left for a reviewer.
        const listedOnly = kept.every((f, k) => {
          const between = text.slice(kept[k - 1]?.to ?? 0, f.from);
          return k === 0 || !/患者的?$/u.test(between) || !meaningful(between);
        });
        if (listedOnly) readDiagnosis(termsOf(kept), kept, found);
        else conjoined = true;
      }
    }

    /**
     * One diagnosis restriction of `terms` (any of them), spanning from the first of `read` to the
     * last of `claimed` (a restated abbreviation included), which it claims.
     */
    function readDiagnosis(
      terms: readonly string[],
      read: readonly { from: number; to: number }[],
      claimed: readonly { from: number; to: number }[],
    ): void {
      if (terms.length > 0) {
        const reread = conditions.match(terms.join('、'));
        const from = Math.min(...read.map((f) => f.from));
        let to = Math.max(...claimed.map((f) => f.to));
        // "套细胞淋巴瘤(MCL)": the abbreviation's bracket belongs to the fragment; so does a
        // trailing 症 (骨质疏松 → 骨质疏松症).
        if (text[to] === '症' && owner[to] === 0) to++;
        const inside = text.slice(from, to);
        if (
          (inside.match(/\(/gu) ?? []).length > (inside.match(/\)/gu) ?? []).length &&
          text[to] === ')'
        )
          to++;
        restrictions.push({
          kind: 'diagnosis',
          source: 'nrdl',
          text: text.slice(from, to),
          span: [offset + from, offset + to],
          conditions: [...terms],
          icdPrefixes: reread.icdPrefixes,
          ...(reread.histology !== undefined && reread.histology.length > 0
            ? { histology: reread.histology }
            : {}),
        });
        const by = restrictions.length;
        for (const f of claimed) claim(f.from, f.to, by);
        for (let i = from; i < to; i++)
          if (owner[i] === 0 && /[()症]/u.test(text.charAt(i))) owner[i] = by;
      }
    }

    // TCM syndromes (中医证候), once the diagnoses are read: "中医辨证属气虚血瘀证者",
    // "证属虚秘者", "高脂血症属血瘀气滞证者", "广泛性焦虑症心脾两虚证" — the name runs back from
    // its 证 to a lead-in (属, 辨证属) or to text read or punctuated before it. A run holding a
    // disease's word (焦虑症, 绝经前后诸证) is no syndrome, and 证候 / 证据 are other words.
    // "风热犯肺证或痰热壅肺证", "气滞血瘀证和肝郁脾虚证", "A证、B证": syndromes one of which the
    // claim shows (和 only after a 证: 肝胃不和 is one syndrome; "气阴两虚、肾气不足证" is one).
    const syndrome = (from: number, to: number, name: string) => {
      // "非肝胆湿热证", "无风痰瘀阻证", "排除肾阳虚证", "不属寒湿痹阻证", "除气虚血瘀证外": the
      // syndrome the text rules out — no kind holds it, and it is never the one required.
      if (RULED_OUT_SYNDROME.test(name) || /(?:不|非|并非|不是)$/u.test(text.slice(0, from)))
        return;
      const names = name.split(/证[或和及、]|或/u);
      if (
        names.some((n) => n.length < 2 || n.length > 12 || /[症病炎癌瘤者患期诸时前后的]/u.test(n))
      )
        return;
      put({ kind: 'tcm_syndrome', syndromes: names.map((n) => `${n}证`) }, from, to);
    };
    each(
      /(?:(?:中医)?辨证(?:属于?|为)|证属于?)([\u4e00-\u9fff、]{2,12}?)证?(?=者|患者|的|,|;|$)/u,
      (m) => {
        syndrome(m.index, m.index + m[0].length, m[1] ?? '');
      },
    );
    for (let end = text.indexOf('证'); end >= 0; end = text.indexOf('证', end + 1)) {
      // 证候 / 证据 / 证明 are other words; 辨证 is the diagnosing, not a syndrome.
      if (
        owner[end] !== 0 ||
        barred[end] === 1 ||
        /[候据明书实]/u.test(text.charAt(end + 1)) ||
        text.charAt(end - 1) === '辨'
      )
        continue;
      let start = end;
      while (
        start > 0 &&
        owner[start - 1] === 0 &&
        barred[start - 1] === 0 &&
        /[\u4e00-\u9fff、]/u.test(text.charAt(start - 1))
      )
        start--;
      let from = start;
      const lead = /(?:(?:中医)?辨证(?:为|属于?)|属于?)/u.exec(text.slice(start, end));
      const inside = text.lastIndexOf('属', end);
      if (lead !== null && lead.index === 0) start += lead[0].length;
      else if (inside >= start) {
        // A lead-in inside the run (…所致属…): the run starts after it.
        from = inside;
        start = inside + 1;
      } else {
        // Without a lead-in, only right after the disease it qualifies (焦虑症心脾两虚证): not
        // 经充分验证, 适应证.
        const before = restrictions[(owner[start - 1] ?? 0) - 1];
        if (before?.kind !== 'diagnosis') continue;
      }
      syndrome(from, end + 1, text.slice(start, end));
    }

    if (conjoined || ageGroups || mothersAmongOthers || listsAlternatives())
      return { text, restrictions: [], leftover: text };
    // "须与FOLFIRI方案联用", "仅用于急救": a word that marks what follows as required, right before
    // a requirement read, says no more than it. (Not before unread words: "需基因检测".)
    each(/(?:必须|须|需|仅)(?:用于|限)?/u, (m) => {
      if ((owner[m.index + m[0].length] ?? 0) > 0) ignore(...span(m));
    });
    // "三阴性乳腺癌(TNBC)", "慢性期(CP)": a subtype's or a phase's abbreviation after its own words
    // restates them (see NOT_RESTATING) — whatever else owns its brackets (the list of terms the
    // bracket stands in: "克罗恩病(CD)或…").
    for (const m of text.matchAll(/\(([A-Za-z]+)\)/gu)) {
      const words = SPELLED_OUT[(m[1] ?? '').toUpperCase()];
      if (words === undefined || !words.some((w) => text.slice(0, m.index).endsWith(w))) continue;
      ignoreUnclaimed(m.index, m.index + m[0].length);
    }
    // "转移性肾细胞癌(mRCC)", "急性移植物抗宿主病(aGVHD)", "局部晚期或转移性尿路上皮癌(la/mUC)": a
    // kind in lower case (see KIND_PREFIXED) whose words the clause's part has written before the
    // bracket restates them.
    for (const m of text.matchAll(/\(([A-Za-z/-]+)\)/gu)) {
      const tokens = (m[1] ?? '').split(/[/-]/u).filter((t) => t !== '');
      // (The words of the term the bracket follows, with what qualifies it: past any other term
      // or patients named before it — not 晚期 of "晚期肿瘤患者的移植物抗宿主病(aGVHD)".)
      const part =
        text
          .slice(0, m.index)
          .split(/[,;。]/u)
          .pop() ?? '';
      const found = conditions.match(part);
      const spans = found.spans ?? [];
      const own = spans.findIndex(([, to]) => to === part.length);
      let from = 0;
      spans.forEach(([, to], k) => {
        if (k !== own && to <= (spans[own]?.[0] ?? part.length)) from = Math.max(from, to);
      });
      for (const w of part.matchAll(/患者|人群/gu)) {
        if (w.index + w[0].length <= (spans[own]?.[0] ?? part.length))
          from = Math.max(from, w.index + w[0].length);
      }
      const phrase = part.slice(from);
      const term = found.spanTerms?.[own];
      const writtenOut = (token: string) => {
        const kind = /^([a-z]{1,3})([A-Z]{2,}.*)$/u.exec(token);
        if (kind === null) return false;
        const letters = kind[1] ?? '';
        const words =
          (term !== undefined && letters in KIND_WORDS_OF_TUMOURS && isNeoplasm(term)
            ? KIND_WORDS_OF_TUMOURS[letters]
            : undefined) ?? KIND_WORDS[letters];
        // What the kind qualifies must restate too: mCRPC's CRPC says more than 前列腺癌.
        return (
          words?.test(phrase) === true &&
          (!saysMore(kind[2] ?? '') ||
            (SPELLED_OUT[token.toUpperCase()] ?? []).some((w) => phrase.endsWith(w)))
        );
      };
      if (
        !tokens.some((t) => KIND_PREFIXED.test(t)) ||
        !tokens.every((t) => (KIND_PREFIXED.test(t) ? writtenOut(t) : /^[a-z]+$/u.test(t)))
      )
        continue;
      ignoreUnclaimed(m.index, m.index + m[0].length);
    }
    let rest = '';
    for (let i = 0; i < text.length; i++) if (owner[i] === 0) rest += text.charAt(i);
    // A phrase left unread on purpose is for a reviewer even when its words are fillers elsewhere
    // ("高血压(继发性)": 继发性 alone says nothing, after a condition it says which kind).
    const leftover = meaningful(rest) || unreadPhrase || UNREAD_BIOMARKER.test(rest);
    // 或 that no recognizer owns, in a clause with text nobody read: what is the alternative to
    // what cannot be told ("抢救、重症或因肝硬化、癌症引起胸腹水"), so nothing is structured.
    if (leftover && orBesideRestriction()) return { text, restrictions: [], leftover: text };
    // "限新诊断的多发性骨髓瘤患者，或复发难治患者", "…患者，或不可手术切除的": an alternative
    // after ",或" whose words were all set aside (stages, 复发: nothing read, nothing left for a
    // reviewer) would vanish, and the rest be required of everyone — so nothing is structured.
    // (An alternative read in part, "…患者，或…患者", is another group: see patientGroups.)
    // (Not among symptoms, "症见发热，咳嗽，或咽痛", "…，伴头痛，或眩晕": they describe, offer no choice;
    // nor a group of age alone, "成人…患者，或儿童患者", which the ages read together; nor when all
    // that was read heads the alternatives before a colon, "限…的实体瘤：…的患者，或复发患者".)
    for (const m of text.matchAll(OR_PART)) {
      if (inSymptoms(m.index)) continue;
      if (/^[,;]或(?:成人|成年|儿童|青少年|老年)(?:患者|患儿)?$/u.test(m[0])) continue;
      let unread = '';
      let read = false;
      for (let i = m.index + 2; i < m.index + m[0].length; i++) {
        if ((owner[i] ?? 0) > 0) read = true;
        else if (owner[i] === 0) unread += text.charAt(i);
      }
      if (read) continue;
      const colon = text.lastIndexOf(':', m.index);
      const readBefore = (from: number) => owner.subarray(from, m.index).some((o) => o > 0);
      if (colon >= 0 && !readBefore(colon)) continue;
      // Nothing read before it in its own part either ("A患者，既往…，或不耐受…"): the 或 joins
      // two unread parts, and what was read before them is said of both.
      if (!readBefore(partAround(m.index, m.index)[0])) continue;
      if (!meaningful(unread)) {
        // Set aside whole: a stage or a severity of the condition read (胰腺癌患者，或局部晚期) is
        // inside it; with anything else read beside the condition (新诊断: the first line), the
        // alternative would escape it.
        if (restrictions.some((r) => r.kind !== 'diagnosis'))
          return { text, restrictions: [], leftover: text };
        continue;
      }
      // Words for a reviewer ("限癫痫持续状态患者，或由神经内科医师处方"): what was read before may be
      // the first alternative's alone, and would be required of everyone.
      return { text, restrictions: [], leftover: text };
    }
    return { text, restrictions, leftover: leftover ? text : null };

    /**
     * Whether the part ending at `at` is among symptoms: it, or a part before it in its sentence,
     * opens a symptom list (症见发热，咳嗽，或咽痛; …患者，伴头痛，或眩晕).
     */
    function inSymptoms(at: number): boolean {
      for (let end = at; end > 0;) {
        const [start] = partAround(end, end);
        const part = text.slice(start);
        if (DESCRIPTIVE_TAIL.test(part) || (start > 0 && SYMPTOM_LEADS.test(part))) return true;
        if (start === 0 || text.charAt(start - 1) === '。') return false;
        end = start - 1;
      }
      return false;
    }

    /**
     * An unowned 或 with something that was read right beside it (at most two unread characters
     * away, within its phrase): "重症或因肝硬化" — the diagnosis may be only one alternative.
     */
    function orBesideRestriction(): boolean {
      const stop = /[,;。、:的]/u;
      for (let i = text.indexOf('或'); i >= 0; i = text.indexOf('或', i + 1)) {
        if (owner[i] !== 0) continue;
        for (const step of [-1, 1]) {
          for (let k = i + step, n = 0; k >= 0 && k < text.length && n <= 2; k += step) {
            if (stop.test(text.charAt(k))) break;
            // (Past a bracket whole, as part of the term it follows: "前列腺癌(nmCRPC)或膀胱癌".)
            if (step < 0 && text.charAt(k) === ')') {
              const open = text.lastIndexOf('(', k);
              if (open >= 0 && k - open <= 40) {
                k = open;
                continue;
              }
            }
            if ((owner[k] ?? 0) > 0) return true;
            if (owner[k] === 0) n++;
          }
        }
      }
      return false;
    }

    /**
     * Whether a diagnosis's text lists its conditions as items: a condition named, then (past a
     * few words or a bracket of its own, not past a colon) a list mark and the next one —
     * "乳腺癌及…胃癌", "非小细胞肺癌、ROS1阳性的非小细胞肺癌", "结直肠癌二线治疗及胃癌"; not one
     * term with 或 in its name (特发性或先天性肺动脉高压), nor a term named again after a colon.
     */
    function listsItems(inside: string): boolean {
      // Where each term was found, abbreviations too ("CLL，及…FL").
      const at = conditions.match(inside).spans ?? [];
      if (at.length < 2) return false;
      return at.slice(0, -1).some(([, to]) => ITEM_THEN_JOIN.test(inside.slice(to)));
    }

    /**
     * Whether a word of the clause is for one item of a list of conditions only: "乳腺癌及HER2阳性
     * 的胃癌", "类风湿关节炎及甲氨蝶呤治疗失败的银屑病关节炎", "乳腺癌女性患者及前列腺癌患者",
     * "类风湿关节炎（二级及以上医疗机构）或强直性脊柱炎" (a restriction read, or a group's word set
     * aside, between the list's conditions), "女性乳腺癌、前列腺癌", "儿童急性淋巴细胞白血病及成人
     * 慢性髓性白血病" (a group right before the first of them): read for all the conditions it would
     * refuse the others' claims — left for a reviewer.
     */
    function qualifiesOneItem(): boolean {
      for (const [index, d] of restrictions.entries()) {
        // (One condition named twice counts: "ALK阳性的非小细胞肺癌、ROS1阳性的非小细胞肺癌".)
        if (d.kind !== 'diagnosis' || d.span === undefined) continue;
        const start = d.span[0] - offset;
        const end = d.span[1] - offset;
        const inside = text.slice(start, end);
        if (!listsItems(inside)) continue;
        const self = index + 1;
        for (let k = start; k < end; k++) {
          const by = owner[k] ?? 0;
          if (by > 0 && by !== self) return true;
        }
        // "EGFR 19号外显子缺失的非小细胞肺癌和EGFR 21号外显子L858R突变的非小细胞肺癌": the second
        // item's marker, the same test named again, set aside — the first item's would hold for all.
        if (namedAgain.some(([a, b]) => a >= start && b <= end)) return true;
        for (const m of inside.matchAll(GROUP_WORD_ANYWHERE)) {
          const at = start + m.index;
          if (owner.subarray(at, at + m[0].length).every((o) => o === -1)) return true;
        }
        const group = kindRightBeside(start, -1);
        if (group === 'age' || group === 'sex' || GROUP_WORD_BEFORE.test(text.slice(0, start)))
          return true;
      }
      return false;
    }

    /**
     * Whether the clause lists alternatives that cannot be written as all-of: 或 between two
     * different kinds of condition (限子宫肌瘤患者或生育保险) or between a condition and text we did
     * not understand (限急诊或住院患者); who or where may use it listed with 及/和/、 ("门诊及住院",
     * "急诊、住院患者", "新生儿及早产儿", "女性及儿童": any one of them); a list of conditions or
     * groups one item of which nothing read ("类风湿关节炎、某病", "儿童及吞咽困难患者": reading the
     * known ones alone would refuse the claims for the other).
     */
    function listsAlternatives(): boolean {
      if (qualifiesOneItem()) return true;
      // "限住院使用，工伤保险": a scheme beside another limit in its own part — either, or both;
      // a reviewer reads it.
      const schemes = restrictions.filter((r) => r.kind === 'scheme').length;
      const parts = splitOutsideBrackets(text, ',');
      if (
        schemes > 0 &&
        restrictions.length > schemes &&
        parts.length > 1 &&
        parts.some((p) => /^(?:限)?(?:工伤|生育)保险[^,;]*$/u.test(p))
      )
        return true;
      // "慢性肾功能衰竭，尤其是接受血液透析患者之肾性骨营养不良症": the condition of those
      // patients (之), not either condition.
      if (/(?:患者|者)之/u.test(text) && restrictions.some((r) => r.kind === 'diagnosis'))
        return true;
      // "限骨性关节炎，亦用于类风湿关节炎": another use after a comma — an alternative.
      if (/[,;](?:也|亦|还|另)可?(?:适)?用于/u.test(text)) return true;
      // "限住院患者，门诊慢性乙型肝炎患者": two settings no claim has at once — each is a group's.
      const settingsRead = restrictions.flatMap((r) => (r.kind === 'setting' ? [r.settings] : []));
      if (
        settingsRead.length > 1 &&
        !settingsRead.every((s) => s.some((x) => settingsRead.every((t) => t.includes(x))))
      )
        return true;
      // "3岁及以上儿童及25岁以下青年": two ages in one clause are two groups of patients — but a
      // floor and a ceiling apart ("18岁以上、65岁以下") are one range, and 成人 twice is one age.
      const ages = restrictions.filter((r) => r.kind === 'age');
      const bounds = new Set(ages.map((a) => `${a.minYears}-${a.maxYears}-${a.maxDays}`));
      // (A floor above the ceiling, "60岁以上患者及儿童", is two groups.)
      const floor = ages.find((a) => a.minYears !== undefined && a.maxYears === undefined);
      const ceiling = ages.find((a) => a.minYears === undefined && a.maxYears !== undefined);
      const range =
        ages.length === 2 &&
        floor?.minYears !== undefined &&
        ceiling?.maxYears !== undefined &&
        floor.minYears <= ceiling.maxYears;
      if (bounds.size > 1 && !range) return true;
      const population = (k: string) => POPULATION_KINDS.has(k);
      const listed = (k: string) => k === 'diagnosis' || population(k);
      // "限肾细胞癌，黑色素瘤，癌性胸、腹腔积液": conditions listed with commas (one right beside a
      // comma on each side) are a list too — an item nothing read is another condition.
      const commas = [...text.matchAll(/,/gu)].map((c) => c.index);
      if (
        commas.some(
          (i) =>
            owner[i] === 0 &&
            kindRightBeside(i, -1) === 'diagnosis' &&
            kindRightBeside(i, 1) === 'diagnosis',
        ) &&
        commas.some(
          (i) =>
            owner[i] === 0 &&
            ((kindRightBeside(i, -1) === 'diagnosis' && conditionItem(i, 1)) ||
              (kindRightBeside(i, 1) === 'diagnosis' && conditionItem(i, -1))),
        )
      )
        return true;
      for (let i = 0; i < text.length; i++) {
        if (!/[及和、与/]/u.test(text.charAt(i)) || owner[i] !== 0) continue;
        // (以及 is one mark: "精神分裂症以及其他各种精神病性状态".)
        const mark =
          text.charAt(i) === '及' && text.charAt(i - 1) === '以' && owner[i - 1] === 0 ? i - 1 : i;
        if (
          (listed(kindRightBeside(mark, -1)) && looseItem(i, 1)) ||
          (listed(kindRightBeside(i, 1)) && looseItem(mark, -1))
        )
          return true;
        // "儿童和妊娠期妇女", "男性和绝经后女性", "女性患者及儿童": a group, then another past words
        // that qualify it.
        const group = text.slice(0, i).endsWith('患者') && owner[i - 1] === 0 ? i - 2 : i;
        if (population(kindRightBeside(group, -1)) && population(kindPast(i))) return true;
        // "老年患者及肾功能不全者": a group of patients, then a condition — either.
        if (group !== i && population(kindRightBeside(group, -1)) && kindPast(i) === 'diagnosis')
          return true;
        // "HER2阳性、HER2低表达": a test's result listed with another of its results that nothing
        // read — either holds, not the one read alone.
        if (sameTestUnread(i, -1) || sameTestUnread(i, 1)) return true;
        // Right beside both (not "6-17岁儿童和青少年的…", whose group words the age took); 以及
        // is one mark.
        const before = text.charAt(i) === '及' && text.charAt(i - 1) === '以' ? i - 2 : i - 1;
        if ((owner[before] ?? 0) <= 0 || (owner[i + 1] ?? 0) <= 0) continue;
        const left = side(before + 1, -1);
        const right = side(i, 1);
        if (ownerBeside(i, -1) === ownerBeside(i, 1)) continue;
        if (population(left) && (population(right) || right === 'diagnosis')) return true;
        if (left === 'diagnosis' && population(right)) return true;
        // "ALK阳性及ROS1阳性", "EGFR突变阳性、ALK阳性": two tests each positive may be two patient
        // groups (driver mutations do not occur together), or both required; a reviewer tells
        // which. "HR阳性、HER2阴性" (another result) stays all-of.
        const a = restrictions[ownerBeside(i, -1) - 1];
        const b = restrictions[ownerBeside(i, 1) - 1];
        if (
          a?.kind === 'evidence' &&
          b?.kind === 'evidence' &&
          a.test !== b.test &&
          a.result === 'positive' &&
          b.result === 'positive'
        )
          return true;
        // "HER2阳性和HER2阴性", "KRAS突变和KRAS野生型": one test, either result — no claim has both.
        if (
          a?.kind === 'evidence' &&
          b?.kind === 'evidence' &&
          a.test === b.test &&
          a.result !== b.result
        )
          return true;
      }
      for (let i = text.indexOf('或'); i >= 0; i = text.indexOf('或', i + 1)) {
        if (owner[i] !== 0) continue;
        // "18岁以上肺炎患者或脓毒症患者", "女性…患者或…患者" not split into groups read whole: the
        // age or sex before 患者或 is the first group's (as it is when the groups are read).
        if (
          text.slice(0, i).endsWith('患者') &&
          restrictions.some(
            (r) =>
              (r.kind === 'age' || r.kind === 'sex') &&
              r.span !== undefined &&
              r.span[1] - offset <= i,
          )
        )
          return true;
        const left = side(i, -1);
        const right = side(i, 1);
        // One restriction on both sides ("MSI-H或dMMR", one test's one result): no alternative.
        if (left !== 'text' && ownerBeside(i, -1) > 0 && ownerBeside(i, -1) === ownerBeside(i, 1))
          continue;
        const isKind = (s: string) => s !== 'text' && s !== 'none';
        if (isKind(left) && isKind(right) && left !== right) return true;
        if ((isKind(left) && right === 'text') || (left === 'text' && isKind(right))) return true;
        // Two results of one kind joined by 或 (ALK阳性…或ROS1阳性) would all be required.
        if (isKind(left) && left === right && left !== 'diagnosis') return true;
      }
      return false;
    }

    /**
     * The kind of the first restriction after text[from] within its phrase (past unread words,
     * not past a separator or a list mark); '' when there is none.
     */
    function kindPast(from: number): string {
      for (let i = from + 1; i < text.length; i++) {
        if (/[,;。:、及和与或/]/u.test(text.charAt(i)) && owner[i] === 0) return '';
        const by = owner[i] ?? 0;
        if (by > 0) return restrictions[by - 1]?.kind ?? '';
      }
      return '';
    }

    /**
     * The kind of the restriction right beside text[from], past words only set aside (the group
     * words an age took: "6岁以下儿童及…"), not past unread ones; '' when there is none.
     */
    function kindRightBeside(from: number, step: 1 | -1): string {
      let i = from + step;
      while (i >= 0 && i < text.length && owner[i] === -1) i += step;
      const by = i >= 0 && i < text.length ? (owner[i] ?? 0) : 0;
      const kind = by > 0 ? (restrictions[by - 1]?.kind ?? '') : '';
      // Only an age or the like owns the words set aside beside it; a condition past a filler
      // (高分化或中分化、局部晚期或转移性胃肠胰…) is no list item beside the mark.
      return i === from + step || POPULATION_KINDS.has(kind) ? kind : '';
    }

    /**
     * Whether the text beside the comma at `from` is a condition nothing read, up to the next
     * comma: unread whole and ending as a condition's name does (…综合征, …积液), not a qualifier
     * of the list (，需病理学确诊, ，急性加重期, ，每日最多1支).
     */
    function conditionItem(from: number, step: 1 | -1): boolean {
      let stretch = '';
      let i = from + step;
      for (; i >= 0 && i < text.length && text.charAt(i) !== ','; i += step) {
        if (owner[i] !== 0) return false;
        stretch = step === 1 ? stretch + text.charAt(i) : text.charAt(i) + stretch;
      }
      return CONDITION_END.test(stretch.replace(/(?:患者|病人|者)?[。;]?$/u, ''));
    }

    /**
     * Whether the text beside the list mark at `from` is an item of its own that nothing read:
     * unread up to the next mark or the clause's end ("、某某综合征。"), not words that qualify a
     * term read next to them ("、慢性活动性乙肝", "急性心肌梗死发病12小时内、").
     */
    function looseItem(from: number, step: 1 | -1): boolean {
      let stretch = '';
      let i = from + step;
      for (; i >= 0 && i < text.length && owner[i] === 0; i += step) {
        const c = text.charAt(i);
        if (/[、或及和与/,;。:的]/u.test(c)) break;
        stretch = step === 1 ? stretch + c : c + stretch;
      }
      const bounded = i < 0 || i >= text.length || owner[i] === 0;
      return bounded && meaningful(stretch);
    }

    /**
     * Whether the evidence read right beside the list mark at `from` (on the `step` side) has its
     * test named again in the unread item on the other side, up to the next mark.
     */
    function sameTestUnread(from: number, step: 1 | -1): boolean {
      const read = restrictions[ownerBeside(from, step) - 1];
      if (read?.kind !== 'evidence' || (owner[from + step] ?? 0) <= 0) return false;
      let stretch = '';
      for (let i = from - step; i >= 0 && i < text.length && owner[i] === 0; i -= step) {
        if (/[、或及和与/,;。:]/u.test(text.charAt(i))) break;
        stretch = step === 1 ? text.charAt(i) + stretch : stretch + text.charAt(i);
      }
      // The test's own name, not inside another's ("ER" of "HER2").
      return new RegExp(`(?<![A-Za-z])${escape(read.test)}`, 'u').test(stretch);
    }

    /**
     * The owner right beside text[from] past unowned and ignored characters (0 if none); a result
     * named again counts as its first naming's.
     */
    function ownerBeside(from: number, step: 1 | -1): number {
      let i = from + step;
      while (i >= 0 && i < text.length && (owner[i] ?? 0) <= 0) {
        const at = i;
        const again = restated.find(([a, b]) => at >= a && at < b);
        if (again !== undefined) return again[2];
        i += step;
      }
      return i >= 0 && i < text.length ? (owner[i] ?? 0) : 0;
    }

    function side(from: number, step: 1 | -1): RestrictionKind | 'text' | 'none' {
      let stretch = '';
      let i = from + step;
      while (i >= 0 && i < text.length && (owner[i] ?? 0) <= 0) {
        if (owner[i] === 0)
          stretch = step === 1 ? stretch + text.charAt(i) : text.charAt(i) + stretch;
        i += step;
      }
      if (meaningful(stretch)) return 'text';
      const by = i >= 0 && i < text.length ? (owner[i] ?? 0) : 0;
      return by > 0 ? (restrictions[by - 1]?.kind ?? 'none') : 'none';
    }

    function resultAfter(
      source: string,
      from: number,
      testAt: string,
    ): { result: 'positive' | 'negative'; end: number } | null {
      // Skip "(EGFR)" after "表皮生长因子受体", then look ahead to the end of the phrase (a
      // separator, 的, or the next test): "PD-L1阳性(CPS≥1)的…三阴性乳腺癌" is PD-L1 positive.
      let start = from;
      // "HER2+", "HR+/HER2-", "HER2(-)": the sign right after the name (not "EGFR-TKI").
      const sign = /^(?:\(([+-])\)|([+-])(?![A-Za-z0-9]))/u.exec(source.slice(start));
      if (sign !== null) {
        const result = (sign[1] ?? sign[2]) === '+' ? 'positive' : 'negative';
        return { result, end: start + sign[0].length };
      }
      const abbreviation = /^(?:抗体)?\([A-Za-z0-9-]+\)(?:抗体)?/u.exec(source.slice(start));
      if (abbreviation) {
        start += abbreviation[0].length;
        // "人表皮生长因子受体2(HER2)(-)": the sign after the abbreviation.
        const signed = /^\(([+-])\)/u.exec(source.slice(start));
        if (signed !== null) {
          return {
            result: signed[1] === '+' ? 'positive' : 'negative',
            end: start + signed[0].length,
          };
        }
      }
      // Not into what the text excludes ("融合基因且不包括已知获得性耐药突变").
      let stop = barred.indexOf(1, start);
      if (stop < 0) stop = source.length;
      for (const sep of [',', ';', '。', '、', ':', '的', '患者']) {
        const i = source.indexOf(sep, start);
        if (i >= 0 && i < stop) stop = i;
      }
      for (const other of aliases) {
        if (other.test === testAt) continue;
        const i = source.indexOf(other.alias, start);
        if (i >= 0 && i < stop) stop = i;
      }
      const window = source.slice(start, Math.min(stop, start + 40));
      let best: { result: 'positive' | 'negative'; at: number; length: number } | null = null;
      for (const [result, words] of [
        ['positive', positiveWords],
        ['negative', negativeWords],
      ] as const) {
        // The phrase's last result word: "19号外显子缺失突变或21号外显子L858R置换突变" is one
        // requirement, and "EGFR基因突变阴性" is negative.
        for (const word of words) {
          const i = window.lastIndexOf(word);
          if (i >= 0 && (best === null || i > best.at))
            best = { result, at: i, length: word.length };
        }
      }
      if (best === null) return null;
      // "抗AChR抗体阳性或抗MuSK抗体阳性", "抗AChR抗体或抗MuSK抗体阳性", "HBsAg阳性或HBsAg阴性": a
      // result or another antibody joined on the way to the last result word — two tests or
      // two results, which one result read for the first test would not stand for.
      if (TWO_RESULTS.test(window.slice(0, best.at))) return null;
      // "HER2非阳性", "无扩增", "KRAS非G12C突变", "突变(非20外显子插入)", "突变未检出": a negation
      // on the way to the result word, or right after it, turns it (or its variant) around —
      // the phrase is left unread rather than read as what it negates.
      if (
        NEGATION.test(window.slice(0, best.at)) ||
        NEGATED_AFTER.test(window.slice(best.at + best.length))
      )
        return null;
      const end = start + best.at + best.length;
      // "EGFR突变(19del)", "突变(L858R)": the variants in a bracket right after the result word
      // are the phrase's — a bracket of variant names only, not one with more in it: an
      // exception ("(T790M除外)", "(T790M-)"), examples ("(G12D、G12V等)", "(包括19del)").
      const bracket = /^\(([^()]{1,30})\)/u.exec(source.slice(end));
      const inside = bracket?.[1] ?? '';
      if (
        bracket !== null &&
        canonicalVariants(inside).length > 0 &&
        inside
          .replace(/[A-Za-z0-9]+/gu, '')
          .replace(
            /外显子|号|缺失|插入|突变|跳跃|跳变|置换|点突变|融合|重排|[、/,和及或]/gu,
            '',
          ) === ''
      )
        return { result: best.result, end: end + bracket[0].length };
      return { result: best.result, end };
    }
  }

  function parse(remark: string): ParsedRemark {
    const text = normalizeRemark(remark);
    if (text.length === 0 || MARKERS.has(text)) {
      return { restrictions: [], indications: [], structuring: 'none_needed', unparsed: [] };
    }
    /** Each clause read once, however often the list logic below asks about it. */
    const readings = new Map<Clause, ClauseResult>();
    const readClause = (clause: Clause): ClauseResult => {
      let result = readings.get(clause);
      if (result === undefined) {
        result = parseClause(clause);
        readings.set(clause, result);
      }
      return result;
    };
    /** Whether clauses read whole and limit only the care (where, by whom, how long …). */
    const careOnly = (parts: Clause[]) => {
      const read = parts.map(readClause);
      return (
        read.every((r) => r.leftover === null) &&
        read.some((r) => r.restrictions.length > 0) &&
        read.every((r) => r.restrictions.every((x) => CARE_ONLY_KINDS.has(x.kind)))
      );
    };
    const requiredAt = text.indexOf(ALSO_REQUIRED);
    const main = requiredAt < 0 ? text : text.slice(0, requiredAt);
    const always: Clause[] = [];
    /** Later sentences naming a condition of their own: a rule for some indications, left whole. */
    const scoped: Clause[] = [];
    if (requiredAt >= 0) {
      const tailAt = requiredAt + ALSO_REQUIRED.length;
      const tail = text.slice(tailAt);
      const found = numberedItems(tail, tailAt);
      const numbered = found === 'ambiguous' ? null : found;
      if (numbered === null) always.push(...splitClauses(tail, tailAt, ';'));
      else {
        for (const item of numbered.items) always.push(...sentencesOf(item, true));
      }
    }

    /** The alternatives (any of them), each the clauses that must all hold. */
    let alternatives: Clause[][] = [];
    // "限晚期胃癌：1、2线治疗；晚期结直肠癌：2、3线治疗": a colon after each of several heads, each
    // before a number and 、 and a line — item numbers or ranges, no one can tell; for a reviewer.
    if (/:[1-9]、[一二三四]线/u.test(main) && splitOutsideBrackets(main, ':').length > 2) {
      return unreadWhole(trimmed(main, 0).text);
    }
    const listed = numberedItems(main, 0);
    // Numbers that may go on with either of two lists: no reading holds for sure.
    if (listed === 'ambiguous') {
      return unreadWhole(trimmed(main, 0).text);
    }
    // "限乳腺癌，男性患者亦可使用", "限成人，儿童也可": a group allowed besides the one the text
    // names — which reading of the rest holds for it no one can tell: for a reviewer.
    if (ALSO_ALLOWED.test(text)) {
      return unreadWhole(text);
    }
    const numbered = listed;
    /** "符合下列条件之一：1.…；2.…": the items are alternatives, care limits too. */
    const anyOfLead = numbered !== null && /之一|任一|其一|任何一/u.test(numbered.head.text);
    /** The alternatives are limits on the care joined by 或 (careAlternatives): any one holds. */
    let careOr: Clause[] | null = null;
    if (numbered !== null && EXCLUDED_LEAD.test(numbered.head.text)) {
      // "限2型糖尿病，以下情况除外：1.…;2.…", "不适用于：1.…": the items are what is ruled out,
      // never requirements — left whole for a reviewer; the lead-in is read as it stands.
      always.push(numbered.head);
      scoped.push(...numbered.items);
    } else if (
      numbered !== null &&
      (ALL_OF_LEAD.test(numbered.head.text) || ALL_OF_END.test(numbered.head.text))
    ) {
      // "同时满足以下条件:1.成人;2.2型糖尿病;3.HbA1c≥7%": every item must hold — and what the
      // lead-in names before it ("2型糖尿病患者，且需同时符合:…").
      const end = ALL_OF_END.exec(numbered.head.text);
      if (end !== null && !ALL_OF_LEAD.test(numbered.head.text) && end.index > 0) {
        always.push(trimmed(numbered.head.text.slice(0, end.index), numbered.head.at));
      }
      for (const item of numbered.items) always.push(...sentencesOf(item, true));
    } else if (numbered !== null) {
      // The lead-in holds for every item: 以下情况方可支付,且支付不超过12个月 / 以下CD30阳性的成人患者 —
      // unless it ends with 或 ("限绝经后骨质疏松症或：1.…；2.…"): an alternative of its own,
      // left for a reviewer with the list.
      if (/或(?:(?:以下|下列)(?:情况|患者|条件|疾病)?)?$/u.test(numbered.head.text))
        scoped.push(numbered.head);
      else if (numbered.head.text.length > 0) always.push(numbered.head);
      const items = numbered.items;
      let last = items[items.length - 1];
      const before = items.slice(0, -1);
      // An earlier item's later sentences stay the item's ("1.幼年特发性关节炎。限2岁以上。2.…");
      // a group's rule among them leaves the item for a reviewer (SUBGROUP_RULE).
      alternatives = before.map((item) => [item]);
      if (last !== undefined) {
        // "…；2.强直性脊柱炎，以上限二级及以上医疗机构": a tail said of every item.
        // So too its last ；-part when that only limits the care ("…；2.…；限二级及以上医疗机构").
        const tail = /[;,](?:以上|上述)/u.exec(last.text);
        if (tail !== null) {
          always.push(trimmed(last.text.slice(tail.index + 1), last.at + tail.index + 1));
          last = trimmed(last.text.slice(0, tail.index), last.at);
        } else {
          const parts = splitClauses(last.text, last.at, ';');
          const end = parts[parts.length - 1];
          // Or any ；限… that names no condition and is read whole ("…；2.血友病B；限儿童").
          const opensWithLimit =
            end !== undefined && /限$/u.test(last.text.slice(0, end.at - last.at));
          // Not a sub-item of the last item ("2.非小细胞肺癌：(1)EGFR突变阳性；(2)住院患者").
          const subItem =
            end !== undefined &&
            (/^(?:\(\d+\)|〔\d+〕)/u.test(end.text) ||
              (last.text.includes(':') && !opensWithLimit));
          if (
            parts.length > 1 &&
            end !== undefined &&
            !subItem &&
            (careOnly([end]) ||
              (opensWithLimit &&
                conditions.match(end.text).terms.length === 0 &&
                readClause(end).leftover === null &&
                readClause(end).restrictions.length > 0))
          ) {
            always.push(end);
            last = trimmed(last.text.slice(0, end.at - last.at), last.at);
          }
        }
        last = withoutCareTail(last);
        const [item, ...notes] = splitClauses(last.text, last.at, '。');
        if (item !== undefined) alternatives.push([item]);
        for (const note of notes) classify(note);
      }
      // "1.HR阳性、HER2阴性…乳腺癌;2.与芳香化酶抑制剂联合…;3.与氟维司群联合…": when the first
      // item names the condition and every later one is only a regimen for it (starts with 与 / 联合
      // and names no condition), the first item holds for all and the regimens are the alternatives.
      const [firstItem, ...regimens] = alternatives;
      if (
        firstItem !== undefined &&
        regimens.length >= 2 &&
        conditions.match(firstItem[0]?.text ?? '').terms.length > 0 &&
        regimens.every(
          ([r]) =>
            r !== undefined &&
            /^(?:与|联合)/u.test(r.text) &&
            conditions.match(r.text).terms.length === 0,
        )
      ) {
        always.push(...firstItem);
        alternatives = regimens;
      }
      // An item of sub-items (2.非鳞状NSCLC:(1)…;(2)…) is as many alternatives, each with the
      // item's lead-in.
      alternatives = alternatives.flatMap(([item]) => {
        if (item === undefined) return [];
        const within = numberedItems(item.text, item.at, numbered.style);
        const sub = within === 'ambiguous' ? null : within;
        if (sub === null)
          return (
            regimensAfterColon(item) ?? groupsJoinedByAnd(item)?.map((group) => [group]) ?? [[item]]
          );
        // "需同时满足:(1)…;(2)…": every sub-item holds, one alternative.
        if (ALL_OF_LEAD.test(sub.head.text) || ALL_OF_END.test(sub.head.text))
          return [[...(sub.head.text.length > 0 ? [sub.head] : []), ...sub.items]];
        return sub.items.map((s) => (sub.head.text.length > 0 ? [sub.head, s] : [s]));
      });
    } else {
      let [first, ...others] = splitClauses(main, 0, '。');
      // A Chinese patent medicine's text may open with what it does (功能: "清热解毒,消肿散结")
      // before what it is paid for ("用于…"): a description, not a restriction — never a
      // sentence that opens with 限 (限住院。用于…: the first sentence restricts).
      if (
        first !== undefined &&
        !/^仅?限/u.test(main) &&
        isFunctionStatement(first.text, others[0]?.text ?? '')
      ) {
        [first, ...others] = others;
      }
      if (first !== undefined) {
        const colon = first.text.indexOf(':');
        const body =
          colon >= 0 ? { text: first.text.slice(colon + 1), at: first.at + colon + 1 } : first;
        const parts = splitClauses(body.text, body.at, ';');
        const groups =
          parts.length === 1 && parts[0] !== undefined
            ? (patientGroups(parts[0]) ??
              groupsJoinedByAnd(parts[0]) ??
              (careOr = careAlternatives(parts[0])))
            : null;
        if (parts.length > 1 || groups !== null) {
          alternatives = (groups ?? parts).map((part) => [part]);
          if (groups === null && alternatives.length > 1) {
            const lastPart = alternatives[alternatives.length - 1]?.[0];
            if (lastPart !== undefined)
              alternatives[alternatives.length - 1] = [withoutCareTail(lastPart)];
          }
          if (colon >= 0) {
            const head = trimmed(first.text.slice(0, colon), first.at);
            if (head.text.length > 0) always.push(head);
          }
        } else always.push(first);
      }
      for (const sentence of others) {
        // "用于A…。在B的常规治疗中，可用于…" / "…。也可用于B": a second indication, not a rule for
        // the first — the two are alternatives.
        if (
          first !== undefined &&
          alternatives.length === 0 &&
          always[always.length - 1] === first &&
          ANOTHER_USE.test(sentence.text) &&
          // Not "可用于合并高血压者": the same use, for those who also have it.
          !/合并|伴有?|兼有/u.test(sentence.text)
        ) {
          always.pop();
          alternatives = [[first], [sentence]];
          continue;
        }
        classify(sentence);
      }
    }

    /**
     * "2.HR阳性、HER2阴性的…乳腺癌：与芳香化酶抑制剂联合使用作为…；与氟维司群联合用于…": an item that
     * names the condition before a colon, then two or more regimens for it after (each opens with
     * 与 / 联合 and names no other condition), joined by ；, is as many alternatives, each with the
     * item's head — as an unnumbered text of that shape is read; another use beside them (；或用于
     * 二线治疗) is one more. Null for any other item, or when a later sentence names a use or a
     * condition of its own.
     */
    function regimensAfterColon(item: Clause): Clause[][] | null {
      // The item's later sentences that name no use or condition ("…；与B联合…。限HR阳性。") hold for
      // every regimen.
      const [first, ...sentences] = splitClauses(item.text, item.at, '。');
      if (first === undefined) return null;
      const colon = first.text.indexOf(':');
      if (colon <= 0) return null;
      const head = trimmed(first.text.slice(0, colon), first.at);
      let parts = splitClauses(first.text.slice(colon + 1), first.at + colon + 1, ';');
      // A last part that only limits the care (；限二级及以上医疗机构: no regimen, no condition) holds
      // for every regimen.
      const limits: Clause[] = [];
      const last = parts[parts.length - 1];
      if (parts.length > 2 && last !== undefined && careOnly([last])) {
        limits.push(last);
        parts = parts.slice(0, -1);
      }
      const headTerms = conditions.match(head.text).terms;
      // A later sentence that is a use of another condition (。用于食管癌的一线治疗) is an
      // indication of its own, beside the regimens.
      const others = sentences.filter((note) => {
        const terms = conditions.match(note.text).terms;
        return (
          /^(?:或|也可|亦可|还可)?(?:用于|适用于)/u.test(note.text) &&
          terms.length > 0 &&
          terms.every((t) => !headTerms.some((h) => t.includes(h) || h.includes(t)))
        );
      });
      const notes = sentences.filter((note) => !others.includes(note));
      // Any other sentence that names a condition or a use of its own (。其中与A联合限…) may be
      // one regimen's: the item stays whole.
      if (
        notes.some(
          (note) =>
            conditions.match(note.text).terms.length > 0 ||
            /用于|治疗|线|单药|单用|联合|其中|或/u.test(note.text),
        )
      )
        return null;
      // Beside the regimens, another use of the same condition (；或用于二线治疗, ；单药用于…) is an
      // alternative of its own, not a limit on them.
      const regimen = (part: Clause) => /^(?:与|联合)/u.test(part.text);
      // (Or a line alone: ；二线治疗.)
      const use = (part: Clause) =>
        (/^或?(?:用于|单药|单用|作为)/u.test(part.text) &&
          /线|失败|进展|耐药|不耐受|单药|单用/u.test(part.text)) ||
        /^或?(?:用于)?[一二三四](?:线|线及以上|线以上)(?:治疗|用药)?$/u.test(part.text);
      if (
        parts.filter(regimen).length < 2 ||
        headTerms.length === 0 ||
        !parts.every(
          (part) =>
            (regimen(part) || use(part)) &&
            // A regimen may name the head's condition again, or a kind of it written with it
            // (…用于转移性乳腺癌, …用于鳞状非小细胞肺癌), never another condition.
            conditions.match(part.text).terms.every((t) => headTerms.some((h) => t.includes(h))),
        )
      )
        return null;
      return [
        ...parts.map((part) => {
          const or = /^或/u.exec(part.text);
          const own =
            or === null ? part : trimmed(part.text.slice(or[0].length), part.at + or[0].length);
          return [head, own, ...limits, ...notes];
        }),
        ...others.map((note) => [note]),
      ];
    }

    /**
     * "…Ph+ CML…成人患者，以及…Ph+ ALL成人患者", "慢性乙型肝炎，以及HIV-1感染的成人": two groups of
     * patients joined by ，以及 are alternatives, each read alone — when each part names a
     * condition or ends with its patients (患者, 成人, 儿童 …). Not "既往接受过…的化疗，以及既往接受
     * 过…的结直肠癌患者": a requirement, then the patients it is said of (both hold). Null otherwise.
     */
    function groupsJoinedByAnd(clause: Clause): Clause[] | null {
      // The clause's comma parts, a new piece at each part that opens with 以及.
      const pieces: Clause[] = [];
      for (const part of splitClauses(clause.text, clause.at, ',')) {
        const last = pieces[pieces.length - 1];
        if (last !== undefined && part.text.startsWith('以及'))
          pieces.push(trimmed(part.text.slice(2), part.at + 2));
        else if (last === undefined) pieces.push(part);
        else
          pieces[pieces.length - 1] = trimmed(
            clause.text.slice(last.at - clause.at, part.at - clause.at + part.text.length),
            last.at,
          );
      }
      if (pieces.length < 2) return null;
      const group = (piece: Clause) =>
        conditions.match(piece.text).terms.length > 0 ||
        /(?:患者|者|成人|儿童|青少年|人群)$/u.test(piece.text);
      if (!pieces.every(group)) return null;
      // "高血压患者，以及合并糖尿病者": those of the first group who also have it, not another group
      // (but "…，以及伴有鼻息肉的慢性鼻窦炎患者" is one, with patients of its own).
      if (
        pieces
          .slice(1)
          .some((piece) => BOTH_JOIN.test(piece.text.slice(0, 3)) && !/患者$/u.test(piece.text))
      )
        return null;
      return pieces;
    }

    /**
     * 限急诊或住院患者, 限住院患者或抢救, 限二级及以上医疗机构或门诊使用: limits on the care joined by
     * 或 are alternatives, any one of which holds. Taken only when the clause does not read whole
     * as it stands and has no comma (a limit after one may be said of every alternative:
     * "门诊或住院使用，每年最多支付6个月"), and each piece reads whole as one such limit —
     * "二级及以上医疗机构的门诊或住院患者" (the tier said of both) and "住院患者或门诊慢性病患者" (a
     * group no claim shows) stay unread. Null otherwise.
     */
    function careAlternatives(clause: Clause): Clause[] | null {
      if (readClause(clause).leftover === null || /不限|,/u.test(clause.text)) return null;
      const pieces = splitClauses(clause.text, clause.at, '或');
      const oneLimit = (piece: Clause) => {
        const read = readClause(piece);
        const only = read.restrictions[0];
        return (
          read.leftover === null &&
          read.restrictions.length === 1 &&
          only !== undefined &&
          CARE_KINDS.has(only.kind)
        );
      };
      return pieces.length > 1 && pieces.every(oneLimit) ? pieces : null;
    }

    /**
     * The last item of a list without a limit on the care written after a comma at its end
     * ("1.血友病A；2.血友病B，限二级及以上医院", "类风湿关节炎；强直性脊柱炎，最长支付12个月"): said of
     * that item or of all of them, the text does not tell — the limit is left whole for a
     * reviewer (the clause flagged), neither dropped nor read for one item alone.
     */
    function withoutCareTail(item: Clause): Clause {
      const parts = splitClauses(item.text, item.at, ',');
      const end = parts[parts.length - 1];
      // A limit on the care, or any ，限… read whole that names no condition (，限成人).
      const limit =
        end !== undefined &&
        (careOnly([end]) ||
          (/限$/u.test(item.text.slice(0, end.at - item.at)) &&
            conditions.match(end.text).terms.length === 0 &&
            readClause(end).leftover === null &&
            readClause(end).restrictions.length > 0));
      if (parts.length < 2 || end === undefined || !limit) return item;
      scoped.push(end);
      return trimmed(item.text.slice(0, end.at - item.at), item.at);
    }

    /**
     * 限A患者或B (限子宫肌瘤患者或生育保险, 限ALK阳性的…非小细胞肺癌患者或ROS1阳性的…非小细胞肺癌患者):
     * groups of patients joined by 或 after 患者 are alternatives — taken only when each group
     * is read whole, and the first has no restriction on the care itself (tier, setting,
     * prescriber, approval …) that may be meant for every group. Otherwise null: the clause stays
     * one, and an 或 between different conditions leaves it unread.
     */
    function patientGroups(clause: Clause): Clause[] | null {
      const { text } = clause;
      // Where each group ends, and where the next begins (after 或, or after ",或").
      const cuts: { readonly end: number; readonly next: number }[] = [];
      for (const m of text.matchAll(GROUPS_OR)) {
        const before = text.slice(0, m.index);
        const open = (before.match(/\(/gu) ?? []).length;
        if (open === (before.match(/\)/gu) ?? []).length) {
          cuts.push({ end: m.index + '患者'.length, next: m.index + m[0].length });
        }
      }
      if (cuts.length === 0) return null;
      const groups: Clause[] = [];
      let start = 0;
      for (const { end, next } of [...cuts, { end: text.length, next: text.length }]) {
        groups.push(trimmed(text.slice(start, end), clause.at + start));
        start = next;
      }
      // The groups after ",或": a comma may as well close the first group's own words
      // ("…患者，或经检测确认存在EGFR突变", "…银屑病患者，或儿童患者").
      const afterComma = (k: number) =>
        k > 0 && (cuts[k - 1]?.next ?? 0) - (cuts[k - 1]?.end ?? 0) > 1;
      // "A患者或B患者，限门诊使用": a closing part after the last group is said of them all — the
      // clause stays one, so that it is.
      const last = groups[groups.length - 1];
      if (last !== undefined && splitOutsideBrackets(last.text, ',').length > 1) return null;
      // "A患者或B患者的二线治疗": the use after the last group's patients. Said of every group
      // when the groups before it are conditions alone (A或B患者的二线治疗 says the same): the
      // clause stays one, so that it is. The last group's own when an earlier group says a use of
      // the same kind (一线治疗的…患者或…患者的二线治疗). Else it may be either: the groups are read,
      // the use left for a reviewer.
      const tail = last === undefined ? null : /患者的(.+)$/u.exec(last.text);
      const use =
        last === undefined || tail === null
          ? null
          : trimmed(tail[1] ?? '', last.at + tail.index + 3);
      const useKinds = use === null ? [] : parseClause(use).restrictions.map((r) => r.kind);
      const read = groups.map(parseClause);
      let deferred: Clause | null = null;
      if (use !== null && last !== undefined && tail !== null && useKinds.length > 0) {
        const earlier = read.slice(0, -1);
        // (A care limit before the first group is said of all, as the use is: not in a later one.)
        if (
          earlier.every(
            (r, k) =>
              r.leftover === null &&
              r.restrictions.every(
                (x) => x.kind === 'diagnosis' || (k === 0 && CARE_KINDS.has(x.kind)),
              ),
          )
        )
          return null;
        // (A care limit after them, "…患者的住院治疗", is whose the text does not say: for a reviewer.)
        if (
          useKinds.some((kind) => CARE_KINDS.has(kind)) ||
          !earlier.some((r) => r.restrictions.some((x) => useKinds.includes(x.kind)))
        ) {
          deferred = use;
          const own = trimmed(last.text.slice(0, tail.index + 2), last.at);
          groups[groups.length - 1] = own;
          read[read.length - 1] = parseClause(own);
        }
      }
      if (read.some((r) => r.leftover !== null || r.restrictions.length === 0)) return null;
      if (read[0]?.restrictions.some((r) => CARE_KINDS.has(r.kind)) === true) return null;
      // A later group of care limits alone ("限糖尿病患者或住院患者", "…患者或二级及以上医疗机构
      // 使用") is no group of patients: as an alternative it would be made a rule for every one.
      if (read.some((r, k) => k > 0 && r.restrictions.every((x) => CARE_ONLY_KINDS.has(x.kind))))
        return null;
      // After ",或" a group names a condition of its own, or the comma may close the first's words.
      if (read.some((r, k) => afterComma(k) && !r.restrictions.some((x) => x.kind === 'diagnosis')))
        return null;
      if (deferred !== null) scoped.push(deferred);
      return groups;
    }

    /**
     * "清热,化痰,解毒" / "益气养血,润肠通便" followed by "用于…": phrases of two, four or six
     * characters naming what the medicine does, with no condition, person or care in them.
     */
    function isFunctionStatement(sentence: string, next: string): boolean {
      return (
        /^(?:用于|适用于|主治)/u.test(next) &&
        /^(?:[\u4e00-\u9fff]{2}){1,3}(?:[,、](?:[\u4e00-\u9fff]{2}){1,3})*$/u.test(sentence) &&
        !/[限患者童人用治疗期]/u.test(sentence) &&
        conditions.match(sentence).terms.length === 0
      );
    }

    function sentencesOf(clause: Clause, requirement: boolean): Clause[] {
      const parts = splitClauses(clause.text, clause.at, '。');
      return requirement ? parts.filter((p) => !isDescriptive(p.text)) : parts;
    }

    /** A sentence that reads whole as conditions and test results, and says nothing more. */
    function indicationOnly(sentence: Clause): boolean {
      const read = readClause(sentence);
      return (
        read.leftover === null &&
        read.restrictions.every((r) => r.kind === 'diagnosis' || r.kind === 'evidence') &&
        !/[可须需时]/u.test(sentence.text)
      );
    }

    function classify(sentence: Clause): void {
      if (isDescriptive(sentence.text)) return;
      // "其中第1项…", "前两项…": a note on some items, not on all — left whole.
      if (/^(?:其中|第[一二三四五六七八九十\d]+项|前[两二三四\d]项)/u.test(sentence.text)) {
        scoped.push(sentence);
        return;
      }
      if (conditions.match(sentence.text).terms.length === 0) always.push(sentence);
      // "与曲妥珠单抗联合使用时支付。限HER2阳性乳腺癌。": a sentence opening with 限 when nothing read
      // so far names a condition is the indication, not a rule for a group named before — when it
      // reads whole as conditions and results alone (限儿童患者用于川崎病, 限…住院使用, 限…一线
      // 治疗 may be a rule for that group, beside the limits of the first sentence).
      else if (
        /限于?$/u.test(text.slice(0, sentence.at)) &&
        alternatives.length === 0 &&
        always.every((c) => conditions.match(c.text).terms.length === 0) &&
        indicationOnly(sentence)
      )
        always.push(sentence);
      else scoped.push(sentence);
    }

    const alwaysResults = always.map(readClause);
    // "限A；B；限住院使用" / "…；支付不超过12个月": an alternative that only limits the care (where,
    // by whom, how long, how much, approved) is no indication of its own — any inpatient claim
    // would meet it — but a rule for all of them, as it is after 。.
    // "限HER2阳性乳腺癌；肾功能不全时慎用": an item that only describes (all of it set aside as
    // descriptive) is no indication of its own.
    const describes = (parts: Clause[]) =>
      parts.map(readClause).every((r) => r.leftover === null && r.restrictions.length === 0);
    if (alternatives.length > 1 && alternatives.some((a) => !describes(a))) {
      alternatives = alternatives.filter((a) => !describes(a));
      if (alternatives.length === 1) {
        alwaysResults.push(...(alternatives[0] ?? []).map(readClause));
        alternatives = [];
      }
    }
    if (alternatives.length > 1) {
      // "…；以上限成人", "…；上述…": said of every item.
      const ofAll = (parts: Clause[]) => /^(?:以上|上述)/u.test(parts[0]?.text ?? '');
      const kindsOf = (parts: Clause[]) =>
        new Set(parts.map(readClause).flatMap((r) => r.restrictions.map((x) => x.kind)));
      // Not when another item limits the same thing itself ("限住院患者；门诊类风湿关节炎患者":
      // inpatients, or outpatients with RA — the items stay alternatives), nor beside an item
      // that may ("限三级医疗机构；二级医疗机构限住院患者", the second unread).
      // (An item whose unread text names nothing of the care — "成人急性失代偿性心衰", 心衰 unknown —
      // limits no care itself.)
      const read = (parts: Clause[]) =>
        parts
          .map(readClause)
          .every(
            (r) =>
              r.leftover === null ||
              !CARE_WORDS.test(
                r.restrictions.reduce((rest, x) => rest.replace(x.text, ''), r.leftover),
              ),
          );
      // Nor when the others are only rescue care or a scheme ("限门诊；急诊抢救": outpatients,
      // or rescue; "限住院使用；工伤保险": inpatients, or work injury).
      const rescueOrSchemeOnly = (parts: Clause[]) => {
        const kinds = kindsOf(parts);
        return kinds.size > 0 && [...kinds].every((k) => k === 'emergency' || k === 'scheme');
      };
      const care = alternatives.filter(
        (a) =>
          ofAll(a) ||
          (careOnly(a) &&
            alternatives.every(
              (other) => other === a || (read(other) && !rescueOrSchemeOnly(other)),
            ) &&
            ![...kindsOf(a)].some((kind) =>
              alternatives.some(
                (other) => other !== a && !careOnly(other) && kindsOf(other).has(kind),
              ),
            )),
      );
      // Every item only limits the care ("限住院使用；限二级及以上医疗机构"): all of them hold —
      // unless two limit the same thing (限门诊；住院), or the lead-in asks for one of them
      // ("符合下列条件之一：1.成人；2.住院使用").
      const kinds = care.flatMap((a) => a.map(readClause).flatMap((r) => r.restrictions));
      const allCare =
        care.length === alternatives.length &&
        new Set(kinds.map((r) => r.kind)).size === kinds.length;
      if (
        care.length > 0 &&
        !anyOfLead &&
        careOr === null &&
        (care.length < alternatives.length || allCare)
      ) {
        alternatives = alternatives.filter((a) => !care.includes(a));
        for (const parts of care) alwaysResults.push(...parts.map(readClause));
      }
    }
    const options = alternatives.map((parts): ClauseResult => {
      const read = parts.map(readClause);
      if (read.length === 1 && read[0] !== undefined) return read[0];
      const leftovers = read.flatMap((r) => (r.leftover === null ? [] : [r.leftover]));
      // A lead-in's restriction the sub-item repeats (the diagnosis named in both) is kept once.
      const restrictions: Restriction[] = [];
      const seen = new Set<string>();
      for (const r of read.flatMap((c) => c.restrictions)) {
        const { text: _text, span: _span, ...meaning } = r;
        const key = JSON.stringify(meaning);
        if (seen.has(key)) continue;
        seen.add(key);
        restrictions.push(r);
      }
      return {
        text: read.map((r) => r.text).join(' '),
        restrictions,
        leftover: leftovers.length === 0 ? null : leftovers.join(' '),
      };
    });
    // An alternative we could not read at all would make the any-of wrongly narrow: keep none,
    // and hand every alternative to the reviewer (none of them is applied). So too an item that
    // names no condition beside items that do ("限非小细胞肺癌；EGFR突变阳性", "1.2型糖尿病；
    // 2.BMI≥25"): a qualifier of the others, or a group of its own — a reviewer tells which.
    const namesCondition = (o: ClauseResult) =>
      o.restrictions.some((r) => INDICATION_KINDS.has(r.kind));
    // (Under a lead-in that names the condition, the items are its groups: 因慢性肾脏病引起的
    // 贫血，包括：1.…非透析患者；2.…透析患者.)
    const keepNone =
      options.some((o) => o.restrictions.length === 0) ||
      (careOr === null &&
        !alwaysResults.some(namesCondition) &&
        options.some(namesCondition) &&
        !options.every(namesCondition));
    const unparsed = [
      ...alwaysResults.flatMap((c) => (c.leftover === null ? [] : [c.leftover])),
      ...options.flatMap((c) => (keepNone ? [c.text] : c.leftover === null ? [] : [c.leftover])),
      ...scoped.map((s) => s.text),
    ];
    const restrictions = alwaysResults.flatMap((c) => c.restrictions);
    const indications: Indication[] = keepNone
      ? []
      : options.map((o) => ({ text: o.text, restrictions: o.restrictions }));
    // "限多发性骨髓瘤，单药治疗不予支付": set aside as descriptive, but no combination says which
    // partner — the phrase goes to the reviewer (once: not when a fragment holds it already).
    const mono = MONO_NOT_PAID.exec(text);
    if (
      mono !== null &&
      !unparsed.some((u) => u.includes(mono[0])) &&
      ![...restrictions, ...indications.flatMap((i) => i.restrictions)].some(
        (r) => r.kind === 'combination',
      )
    )
      unparsed.push(mono[0]);
    const structuredCount = restrictions.length + indications.length;
    // A text of nothing but words the reading sets aside (限急性发作期: a phase no claim shows)
    // still restricts the item: read as nothing, it goes to the reviewer whole, never 'complete'.
    if (structuredCount === 0 && unparsed.length === 0) unparsed.push(trimmed(text, 0).text);
    const structuring: Structuring =
      unparsed.length === 0 ? 'complete' : structuredCount === 0 ? 'unparsed' : 'partial';
    return { restrictions, indications, structuring, unparsed };
  }

  return { parse };
}
