// Derives data/procedure-techniques/procedure_techniques.csv (code → technique) from the real
// ICD-9-CM-3 医保版 code list: the robotic-assisted add-on codes 17.41–17.49 (…机器人援助操作), and
// the procedures whose names say the approach (腹腔镜 → laparoscopic, 胸腔镜 / 内镜 / 宫腔镜 / 关节镜 /
// 膀胱镜 … → endoscopic, 经皮 → percutaneous, 开放性 / 中转开胸 → open). Deterministic: same list →
// same file.
//   node --import tsx packages/pricing/src/drg/__fixtures__/derive-procedure-techniques.ts [path/to/nhsa-codes]
// Default input: ../shared/data/external/nhsa-codes (next to the repository). See the data folder's
// SOURCE.md for the list's origin and licence.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2] ?? join(here, '../../../../../../shared/data/external/nhsa-codes');
const out = join(here, '../../../data/procedure-techniques/procedure_techniques.csv');

const rows = readFileSync(join(source, 'icd9cm3_yb_v1.csv'), 'utf8')
  .split(/\r?\n/u)
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const i = l.indexOf(',');
    return { code: l.slice(0, i), name: l.slice(i + 1).replace(/^"|"$/gu, '') };
  });

type Technique = 'robotic' | 'laparoscopic' | 'endoscopic' | 'percutaneous' | 'open';

/**
 * The first rule whose pattern the name matches decides (so a procedure converted from a scope to
 * an open operation is open, a percutaneous endoscopic gastrostomy endoscopic). Scope names are
 * listed one by one: 显微镜 (microscope), 检眼镜, 角膜镜, 接触镜, 眼镜 … are not endoscopes, and
 * 非内镜 (non-endoscopic) is no approach at all.
 */
const RULES: readonly { readonly technique: Technique; readonly pattern: RegExp }[] = [
  { technique: 'robotic', pattern: /机器人援助|机器人辅助(?!康复)/u },
  { technique: 'open', pattern: /中转开|中转剖/u },
  { technique: 'laparoscopic', pattern: /腹腔镜/u },
  {
    technique: 'endoscopic',
    pattern:
      /(?<!非)内镜|内窥镜|腔镜|关节镜|气管镜|膀胱镜|结肠镜|肾镜|肾盂镜|喉镜|胆道镜|胃镜|食管镜|间盘镜|尿管镜|纵隔镜|指肠镜|尿道镜|精囊镜|脑室镜|阴道镜|陷凹镜|血管镜|胎儿镜|肛门镜|羊膜镜|小肠镜|子宫镜|回肠镜|乳管镜|鼻镜|耳镜|咽镜|间孔镜|卵管镜/u,
  },
  { technique: 'percutaneous', pattern: /经皮/u },
  { technique: 'open', pattern: /开放性/u },
];
/** The robotic-assisted add-on codes: 17.41–17.49, their six-character codes, and the category 17.4. */
const ADD_ON = /^17\.4(?:[1-9]|$)/u;

const lines = ['code,technique,basis'];
const counts = new Map<string, number>();
for (const { code, name } of rows) {
  let technique: Technique | undefined;
  let basis: string | undefined;
  if (ADD_ON.test(code) && name.includes('机器人援助操作')) {
    technique = 'robotic';
    basis = 'add_on';
  } else {
    for (const rule of RULES) {
      const m = rule.pattern.exec(name);
      if (m !== null) {
        technique = rule.technique;
        basis = m[0];
        break;
      }
    }
  }
  if (technique === undefined || basis === undefined) continue;
  lines.push(`${code},${technique},${basis}`);
  const k = basis === 'add_on' ? 'add_on' : technique;
  counts.set(k, (counts.get(k) ?? 0) + 1);
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(
  `${String(lines.length - 1)} codes: ${[...counts].map(([k, n]) => `${k} ${String(n)}`).join(', ')}`,
);
