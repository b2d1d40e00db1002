import { describe, expect, it } from 'vitest';
import { loadShippedProcedureTechniques } from '../../node/load.ts';
import { KNOWN } from '../dip/__fixtures__/load.ts';
import { loadProcedureTechniques, procedureTechniqueOf, techniqueOfCase } from './technique.ts';

const shipped = loadShippedProcedureTechniques();
if (!shipped.ok) throw new Error(JSON.stringify(shipped.issues.slice(0, 3)));
const table = shipped.value;

describe('the shipped procedure → technique table (derived from ICD-9-CM-3 医保版 v1.0)', () => {
  it('holds only real codes, the robotic add-ons 17.4 / 17.41–17.49, and the approaches by name', () => {
    expect(table.codes.size).toBe(2092);
    for (const code of table.codes.keys()) expect(KNOWN.procedures.has(code)).toBe(true);
    const addOns = [...table.codes].filter(([, t]) => t.basis === 'add_on').map(([c]) => c);
    expect(addOns).toEqual([
      '17.4',
      '17.41',
      '17.4100',
      '17.42',
      '17.4200',
      '17.43',
      '17.4300',
      '17.44',
      '17.4400',
      '17.45',
      '17.4500',
      '17.49',
      '17.4900',
    ]);
    expect(table.codes.get('17.4200')?.technique).toBe('robotic');
    // 机器人辅助康复 is rehabilitation, not a robotic-assisted operation.
    expect(table.codes.has('17.4901')).toBe(false);
    expect(
      ['51.2300', '34.0200x003', '43.1100', '00.5500x008', '06.2x01', '60.5x00'].map(
        (c) => table.codes.get(c)?.technique,
      ),
    ).toEqual([
      'laparoscopic', // 腹腔镜下胆囊切除术
      'open', // 胸腔镜中转开胸探查术: converted to open
      'endoscopic', // 经皮[内镜的]胃造口术: the scope decides
      'percutaneous',
      'endoscopic', // 腔镜下单侧甲状腺切除术
      undefined, // 根治性前列腺切除术 says no approach
    ]);
    // A microscope (显微镜下睾丸切开取精术) is no endoscope; 非内镜 is no approach.
    for (const code of ['62.9900x001', '90.0', '46.8700'])
      expect(table.codes.has(code)).toBe(false);
  });

  it('an unlisted extension code inherits its listed parent; 60.5x00’s own x is no extension', () => {
    expect(procedureTechniqueOf(table, '51.2300x099')).toEqual({
      technique: 'laparoscopic',
      basis: '腹腔镜',
      code: '51.2300',
    });
    expect(procedureTechniqueOf(table, '17.4200x001')?.basis).toBe('add_on');
    expect(procedureTechniqueOf(table, '60.5x00')).toBeUndefined();
    expect(procedureTechniqueOf(table, '60.5x00x099')).toBeUndefined();
  });

  it('refuses a malformed table, naming each line', () => {
    const bad = loadProcedureTechniques(
      't',
      'code,technique,basis\n51.2300,laparoscopic,腹腔镜\n51.2300,open,开放性\nXX,open,开放性\n17.42,teleported,add_on\n',
    );
    expect(bad.ok ? [] : bad.issues.map((i) => [i.code, i.path])).toEqual([
      ['procedure_techniques.bad_row', [3]],
      ['procedure_techniques.bad_row', [4]],
      ['procedure_techniques.bad_row', [5]],
    ]);
    const header = loadProcedureTechniques('t', 'code,technique\n51.2300,laparoscopic\n');
    expect(header.ok ? [] : header.issues.map((i) => i.code)).toEqual([
      'procedure_techniques.file',
    ]);
  });
});

describe('techniqueOfCase: the technique a case is paid by, from its procedure codes', () => {
  it('a prostatectomy 60.5x00 with the add-on 17.4200 is robotic, from the add-on', () => {
    expect(
      techniqueOfCase(
        [
          { code: '60.5x00', role: 'principal' },
          { code: '17.4200', role: 'secondary' },
        ],
        table,
      ),
    ).toMatchObject({ technique: 'robotic', source: 'add_on_code', code: '17.4200' });
  });

  it('a robotic-assisted laparoscopic procedure is robotic, whatever was declared', () => {
    expect(
      techniqueOfCase(
        [
          { code: '60.5x02', role: 'principal', technique: 'laparoscopic' },
          { code: '17.4200', role: 'secondary' },
        ],
        table,
      ),
    ).toMatchObject({ technique: 'robotic', source: 'add_on_code' });
  });

  it('a laparoscopic cholecystectomy code gives laparoscopic, from its name', () => {
    expect(techniqueOfCase([{ code: '51.2300', role: 'principal' }], table)).toMatchObject({
      technique: 'laparoscopic',
      source: 'procedure_name',
      code: '51.2300',
    });
  });

  it('a declared technique is kept when there is no add-on (even against the name)', () => {
    expect(
      techniqueOfCase([{ code: '60.5x00', role: 'principal', technique: 'open' }], table),
    ).toMatchObject({ technique: 'open', source: 'declared', code: '60.5x00' });
    expect(
      techniqueOfCase([{ code: '51.2300', role: 'principal', technique: 'robotic' }], table),
    ).toMatchObject({ technique: 'robotic', source: 'declared' });
  });

  it('none: no principal procedure, a name without approach, a secondary scope only', () => {
    expect(techniqueOfCase([], table)).toBeUndefined();
    expect(techniqueOfCase([{ code: '60.5x00', role: 'principal' }], table)).toBeUndefined();
    expect(
      techniqueOfCase(
        [
          { code: '51.2200', role: 'principal' },
          { code: '51.2300', role: 'secondary' },
        ],
        table,
      ),
    ).toBeUndefined();
  });

  it('without a table only the declared technique counts', () => {
    expect(
      techniqueOfCase(
        [
          { code: '60.5x00', role: 'principal' },
          { code: '17.4200', role: 'secondary' },
        ],
        undefined,
      ),
    ).toBeUndefined();
    expect(
      techniqueOfCase(
        [{ code: '60.5x00', role: 'principal', technique: 'laparoscopic' }],
        undefined,
      ),
    ).toMatchObject({ source: 'declared' });
  });
});
