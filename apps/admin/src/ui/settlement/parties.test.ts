import { describe, expect, it } from 'vitest';
import { inLayerOrder, partOf, partiesUsed, partyLabel, partyShort } from './parties.ts';

describe('payers on screen', () => {
  it('labels known payers and shows an unknown one by its key', () => {
    expect(partyLabel('basic_fund')).toBe('Basic fund 统筹基金');
    expect(partyShort('basic_fund')).toBe('Fund');
    expect(partyLabel('insurer_x')).toBe('insurer_x');
    expect(partyShort('insurer_x')).toBe('insurer_x');
  });

  it('reads a missing part as zero', () => {
    expect(partOf({ patient: '12.00' }, 'patient')).toBe('12.00');
    expect(partOf({ patient: '12.00' }, 'hospital')).toBe('0.00');
  });

  it('orders payers as the layers apply, unknown ones last, each once', () => {
    expect(inLayerOrder(['patient', 'x', 'basic_fund', 'patient', 'commercial'])).toEqual([
      'basic_fund',
      'commercial',
      'patient',
      'x',
    ]);
  });

  it('keeps only the payers with a non-zero part in some map', () => {
    expect(
      partiesUsed([
        { patient: '10.00', basic_fund: '0.00', charity: '-0.00' },
        { basic_fund: '5.00', hospital: '0' },
      ]),
    ).toEqual(['basic_fund', 'patient']);
  });
});
