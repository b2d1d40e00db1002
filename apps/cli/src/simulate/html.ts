import { Money } from '@openpayer/domain';
import type { SimulationReport } from '@openpayer/pricing';

/**
 * The simulation report as one self-contained HTML page: inline CSS and inline SVG charts (payer
 * totals, baseline against candidate; the distribution of each person's out-of-pocket change), no
 * script, no network. Every figure is the JSON report's, as written there.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (text: string | number) => String(text).replace(/[&<>"']/gu, (c) => ESCAPES[c] ?? c);

type Comparison = SimulationReport['total'];
type Group = SimulationReport['breakdowns']['institution'][string];

const yuan = (text: string) => Number(text);
const signed = (text: string) => (text.startsWith('-') || text === '0.00' ? text : `+${text}`);
const cls = (text: string) => (text === '0.00' ? 'same' : text.startsWith('-') ? 'less' : 'more');

function comparisonCells(c: Comparison): string {
  return `<td class="num">${esc(c.baseline)}</td><td class="num">${esc(c.candidate)}</td><td class="num ${cls(c.change)}">${esc(signed(c.change))}</td>`;
}

function payerChart(report: SimulationReport): string {
  const rows = Object.entries(report.payers).filter(
    ([, v]) => v.baseline !== '0.00' || v.candidate !== '0.00',
  );
  if (rows.length === 0) return '<p>No payer paid anything.</p>';
  const max = Math.max(...rows.flatMap(([, v]) => [yuan(v.baseline), yuan(v.candidate)]), 0.01);
  const rowHeight = 34;
  const label = 150;
  const width = 720;
  const bar = width - label - 130;
  const height = rows.length * rowHeight + 30;
  const bars = rows
    .map(([party, v], i) => {
      const y = i * rowHeight + 24;
      const wb = (Math.max(yuan(v.baseline), 0) / max) * bar;
      const wc = (Math.max(yuan(v.candidate), 0) / max) * bar;
      return (
        `<text x="0" y="${y + 12}" class="label">${esc(party)}</text>` +
        `<rect x="${label}" y="${y}" width="${wb.toFixed(1)}" height="12" class="baseline"><title>baseline ${esc(v.baseline)}</title></rect>` +
        `<rect x="${label}" y="${y + 13}" width="${wc.toFixed(1)}" height="12" class="candidate"><title>candidate ${esc(v.candidate)}</title></rect>` +
        `<text x="${(label + Math.max(wb, wc) + 6).toFixed(1)}" y="${y + 20}" class="value">${esc(signed(v.change))}</text>`
      );
    })
    .join('');
  return (
    `<svg role="img" aria-label="Payer totals, baseline and candidate" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<rect x="${label}" y="2" width="12" height="10" class="baseline"/><text x="${label + 16}" y="11" class="label">baseline</text>` +
    `<rect x="${label + 90}" y="2" width="12" height="10" class="candidate"/><text x="${label + 106}" y="11" class="label">candidate</text>` +
    `${bars}</svg>`
  );
}

function histogramChart(report: SimulationReport): string {
  const buckets = report.outOfPocket.histogram;
  const max = Math.max(...buckets.map((b) => b.count), 1);
  const width = 720;
  const height = 220;
  const plot = 160;
  const step = width / buckets.length;
  const bars = buckets
    .map((b, i) => {
      const h = (b.count / max) * plot;
      const x = i * step + 4;
      const kind =
        b.label === '0'
          ? 'same'
          : b.label.startsWith('-') || b.label.startsWith('≤')
            ? 'less'
            : 'more';
      return (
        `<rect x="${x.toFixed(1)}" y="${(plot - h + 20).toFixed(1)}" width="${(step - 8).toFixed(1)}" height="${h.toFixed(1)}" class="${kind}-bar"><title>${esc(b.label)}: ${b.count}</title></rect>` +
        `<text x="${(x + (step - 8) / 2).toFixed(1)}" y="${(plot - h + 14).toFixed(1)}" class="count">${b.count}</text>` +
        `<text x="${(x + (step - 8) / 2).toFixed(1)}" y="${plot + 36}" class="tick">${esc(b.label)}</text>`
      );
    })
    .join('');
  return `<svg role="img" aria-label="Distribution of each person's out-of-pocket change (yuan)" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${bars}</svg>`;
}

/** The groups that changed most (by the absolute change of their total), at most `limit`. */
function groupTable(title: string, groups: Readonly<Record<string, Group>>, limit: number): string {
  const entries = Object.entries(groups);
  const shown = [...entries]
    .sort(([ka, a], [kb, b]) => {
      const d = Money.of(b.total.change).abs().compare(Money.of(a.total.change).abs());
      return d !== 0 ? d : ka < kb ? -1 : 1;
    })
    .slice(0, limit);
  const rows = shown
    .map(([key, g]) => {
      const fund = g.payers.basic_fund ?? { baseline: '0.00', candidate: '0.00', change: '0.00' };
      const patient = g.payers.patient ?? { baseline: '0.00', candidate: '0.00', change: '0.00' };
      return `<tr><th>${esc(key)}</th><td class="num">${g.count}</td>${comparisonCells(fund)}${comparisonCells(patient)}</tr>`;
    })
    .join('');
  const more =
    entries.length > shown.length
      ? `<p class="note">${entries.length - shown.length} more in the JSON report.</p>`
      : '';
  return `<h3>${esc(title)}</h3><table><thead><tr><th></th><th>count</th><th colspan="3">basic fund: baseline · candidate · change</th><th colspan="3">patient: baseline · candidate · change</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1d2330;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5dae3}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .6rem;border-bottom:1px solid #eceff4;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}.more{color:#b42318}.less{color:#067647}.same{color:#667085}
.baseline{fill:#98a2b3}.candidate{fill:#2e62d9}.more-bar{fill:#f04438}.less-bar{fill:#12b76a}.same-bar{fill:#98a2b3}
svg text{font:12px system-ui,sans-serif;fill:#1d2330}svg .tick{text-anchor:middle;font-size:10px}svg .count{text-anchor:middle;font-size:10px}
.note{color:#667085}.warn{background:#fef0c7;padding:.5rem 1rem;border-radius:4px}code{font-size:.9em}`;

export function simulationHtml(report: SimulationReport): string {
  const v = report.versions;
  const oop = report.outOfPocket;
  const payerRows = Object.entries(report.payers)
    .filter(([, c]) => c.baseline !== '0.00' || c.candidate !== '0.00')
    .map(([party, c]) => `<tr><th>${esc(party)}</th>${comparisonCells(c)}</tr>`)
    .join('');
  const largest = oop.largest
    .map(
      (p) =>
        `<tr><th>${esc(p.personId)}</th><td>${p.year}</td><td class="num">${p.claims}</td>${comparisonCells(p)}<td>${p.changedClaims.map((c) => `${esc(c.claimId)} (${esc(signed(c.change))})`).join(', ')}</td></tr>`,
    )
    .join('');
  const coverage = report.coverageChanges.claims
    .map(
      (c) =>
        `<tr><th>${esc(c.claimId)}</th><td>${esc(c.personId)}</td><td>${c.lines.map((l) => `${esc(l.lineId)} <code>${esc(l.code)}</code>: ${esc(l.baseline)} → ${esc(l.candidate)}`).join('<br>')}</td></tr>`,
    )
    .join('');
  const refusals = report.refusals.first
    .map(
      (r) =>
        `<tr><td>${r.line ?? ''}</td><td>${esc(r.claimId ?? '')}</td><td>${esc(r.side)}</td><td><code>${esc(r.code)}</code></td><td>${esc(r.message)}</td></tr>`,
    )
    .join('');
  const b = report.budget;
  const budget =
    b.amount === null
      ? `<p>Basic fund: ${esc(b.baseline)} → ${esc(b.candidate)} (<span class="${cls(b.change)}">${esc(signed(b.change))}</span>). No global budget given (<code>--budget</code>).</p>`
      : `<table><tbody><tr><th>global budget</th><td class="num">${esc(b.amount)}</td><td></td></tr>
<tr><th>basic fund, baseline</th><td class="num">${esc(b.baseline)}</td><td class="num">${esc(b.baselinePercent ?? '')} %</td></tr>
<tr><th>basic fund, candidate</th><td class="num">${esc(b.candidate)}</td><td class="num">${esc(b.candidatePercent ?? '')} %</td></tr>
<tr><th>change</th><td class="num ${cls(b.change)}">${esc(signed(b.change))}</td><td class="num">${esc(b.changePercent ?? '')} %</td></tr></tbody></table>
<p>${b.overBudget === true ? '<strong class="more">The candidate exceeds the budget.</strong>' : 'The candidate stays within the budget.'}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenPayer what-if simulation</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${CSS}</style></head><body>
<h1>What-if simulation</h1>
${v === null ? '' : `<p>Baseline: policy <code>${esc(v.baseline.policy)}</code>, catalog <code>${esc(v.baseline.catalog)}</code><br>Candidate: policy <code>${esc(v.candidate.policy)}</code>, catalog <code>${esc(v.candidate.catalog)}</code></p>`}
<p>${report.claims.read} claims read, ${report.claims.compared} compared, ${report.claims.refused} refused; ${report.claims.lines} lines.</p>
${report.complete ? '' : `<p class="warn">Incomplete: ${report.refusals.count} claims were refused and are in no figure below (see Refused claims).</p>`}
<h2>Totals per payer</h2>
${payerChart(report)}
<table><thead><tr><th>payer</th><th>baseline</th><th>candidate</th><th>change</th></tr></thead><tbody>${payerRows}
<tr><th>total</th>${comparisonCells(report.total)}</tr></tbody></table>
<h2>Budget impact</h2>
${budget}
<h2>Out-of-pocket change per person</h2>
<p>${oop.people} people: <span class="more">${oop.more} pay more</span>, <span class="less">${oop.less} pay less</span>, ${oop.same} the same.
Percentiles of the change: p0 ${esc(oop.percentiles.p0)} · p10 ${esc(oop.percentiles.p10)} · p50 ${esc(oop.percentiles.p50)} · p90 ${esc(oop.percentiles.p90)} · p100 ${esc(oop.percentiles.p100)}.</p>
${histogramChart(report)}
<h3>Largest changes</h3>
${largest === '' ? '<p>No one pays a different amount.</p>' : `<table><thead><tr><th>person</th><th>year</th><th>claims</th><th>baseline</th><th>candidate</th><th>change</th><th>claims that changed most</th></tr></thead><tbody>${largest}</tbody></table>`}
<h2>Breakdowns</h2>
${groupTable('Claim type', report.breakdowns.claimType, 50)}
${groupTable('Insurance type', report.breakdowns.insuranceType, 50)}
${groupTable('Person category', report.breakdowns.personCategory, 50)}
${groupTable('Institution (largest changes)', report.breakdowns.institution, 25)}
${groupTable('Catalog item (largest changes)', report.breakdowns.item, 25)}
<h2>Coverage outcome changed</h2>
<p>${report.coverageChanges.count} claims have a line whose coverage outcome changed${report.coverageChanges.count > report.coverageChanges.claims.length ? ` (the first ${report.coverageChanges.claims.length} below)` : ''}.</p>
${coverage === '' ? '' : `<table><thead><tr><th>claim</th><th>person</th><th>lines</th></tr></thead><tbody>${coverage}</tbody></table>`}
<h2>Refused claims</h2>
<p>${report.refusals.count} refused (input ${report.refusals.bySide.input}, baseline ${report.refusals.bySide.baseline}, candidate ${report.refusals.bySide.candidate}, both ${report.refusals.bySide.both}).</p>
${refusals === '' ? '' : `<table><thead><tr><th>line</th><th>claim</th><th>refused by</th><th>code</th><th>message</th></tr></thead><tbody>${refusals}</tbody></table>`}
</body></html>
`;
}
