// "Attach a crosswalk" on the version history page, in headless Chromium against the real
// `openpayer serve`. Only refusals are driven here, so no release is added under the other
// files' feet (their history and chart count the releases); the published path is tested over
// HTTP in apps/api/src/routes/catalog-crosswalk.test.ts.
import { describe, expect, it } from 'vitest';
import { apiAs, launchBrowser, signedIn } from './fixture.ts';

const browser = launchBrowser();

const HEADER = 'institutionCode,localCode,kind,nationalCode,localName';
const ROW = 'H23010300012,YP-0001,drug,XL02BBA326A001010102180,阿帕他胺片 60mg';

describe('attach a crosswalk (administrators)', () => {
  it('names a bad CSV line before sending, and shows what the API refuses', async () => {
    const s = await signedIn(browser(), 'demo-admin', '/catalog/releases');
    const { page } = s;
    const form = page.getByTestId('crosswalk-form');
    await form.waitFor();
    await form.getByLabel('New release id').fill('nrdl-2024-xw-e2e');
    await form.getByLabel('In force from').fill('2024-06-01');
    await form.getByLabel('Published on').fill('2024-06-01');

    // A row whose kind is not an item kind: refused here, naming the CSV line; nothing is sent.
    await form.getByLabel('Crosswalk file').setInputFiles({
      name: 'codes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${HEADER}\n${ROW}\nH23010300012,YP-0002,pill,X,\n`),
    });
    await form.getByRole('button', { name: 'Attach' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('line.3.kind');
    expect(await alert.innerText()).toContain('nothing was sent');

    // A good file with a start before the release: the API's refusal names the field.
    await form.getByLabel('Crosswalk file').setInputFiles({
      name: 'codes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${HEADER}\n${ROW}\n`),
    });
    await form.getByRole('button', { name: 'Attach' }).click();
    await alert.filter({ hasText: 'crosswalk.effective_outside_release' }).waitFor();
    expect(await alert.innerText()).toContain('effectiveFrom');
    await s.screenshot('catalog-crosswalk-refused');

    const { body } = await apiAs('demo-admin', '/v1/catalog/releases');
    const ids = (body as { items: { id: string }[] }).items.map((r) => r.id);
    expect(ids).not.toContain('nrdl-2024-xw-e2e');
    // The one logged error is the browser's note of the deliberate 422.
    expect(s.errors.filter((e) => !e.includes('422'))).toEqual([]);
    await s.close();
  });

  it('is not offered to a reviewer', async () => {
    const s = await signedIn(browser(), 'demo-reviewer', '/catalog/releases');
    await s.page.getByTestId('releases').waitFor();
    expect(await s.page.getByTestId('crosswalk-form').count()).toBe(0);
    await s.close();
  });
});
