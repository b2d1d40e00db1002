// Restriction editing end to end in Debian's headless Chromium against the real `openpayer serve`:
// an administrator finishes an item the importer read only in part — the published text beside
// the form — and publishes a new dated release; the author, the note and the diff are recorded,
// and the release looked at is unchanged. Run from catalog.test.ts, after its version-history
// test: that test reads "the two newest releases", which the release published here would change.
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiAs, signedIn } from './fixture.ts';

type Json = Record<string, unknown>;

const SEEDED = 'nrdl-2024';

async function apiJson(pathname: string): Promise<Json> {
  const { status, body } = await apiAs('demo-admin', pathname);
  expect(status, pathname).toBe(200);
  return body as Json;
}

/** A day well after today: a release takes effect after its publication, never on a past day. */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function restrictionEditTests(browser: () => Browser) {
  it('edits a partly read item’s restrictions into a new release with author and diff, the base unchanged', async () => {
    const page1 = await apiJson(`/v1/catalog/releases/${SEEDED}/items?unparsed=true&limit=20`);
    const item = (page1['items'] as Json[]).find(
      (i) => String(i['id']).includes('/') && i['restrictionText'] !== null,
    );
    if (item === undefined) throw new Error('no partly read item in the 2024 list');
    const itemId = String(item['id']);
    const itemPath = `/v1/catalog/releases/${SEEDED}/items/${encodeURIComponent(itemId)}`;
    const before = await apiJson(itemPath);
    const newId = 'nrdl-2024-admin-edit';
    const effectiveFrom = daysFromNow(7);

    const s = await signedIn(
      browser(),
      'demo-admin',
      `/catalog/items?release=${SEEDED}&id=${encodeURIComponent(itemId)}`,
    );
    const { page } = s;
    await page.getByRole('button', { name: 'Edit restrictions' }).click();
    const form = page.getByRole('form', { name: 'Edit restrictions' });
    await form.waitFor();

    // The published text beside the form, verbatim, and one card per restriction already read.
    expect(await form.getByTestId('edit-original-text').innerText()).toBe(item['restrictionText']);
    expect(await form.locator('fieldset.restriction-card').count()).toBe(
      (item['restrictions'] as unknown[]).length +
        (item['indications'] as { restrictions: unknown[] }[]).reduce(
          (n, i) => n + i.restrictions.length,
          0,
        ),
    );

    // Checked before sending: no note, no id, no date — each refused at its field.
    await form.getByRole('button', { name: 'Publish new release' }).click();
    for (const label of ['New release id', 'In force from', 'Note (why)']) {
      expect(await form.getByLabel(label).getAttribute('aria-invalid'), label).toBe('true');
    }

    // The fragments the importer left are now covered: an adult age limit, added by hand.
    const fragments = form.locator('input[name="unparsed"]');
    for (let i = 0; i < (await fragments.count()); i++) await fragments.nth(i).uncheck();
    const add = form.getByLabel('Kind of restriction to add to all of these must hold', {
      exact: true,
    });
    await add.selectOption('age');
    await form
      .getByRole('button', { name: 'Add restriction to all of these must hold', exact: true })
      .click();
    const card = form.locator('fieldset.restriction-card[data-kind="age"]').last();
    await card.getByLabel('Text it stands for 原文片段').fill('成人');
    await card.getByLabel('min years (optional)').fill('18');

    await form.getByLabel('New release id').fill(newId);
    await form.getByLabel('In force from').fill(effectiveFrom);
    await form.getByLabel('Note (why)').fill('成人 read by hand; the rest covered');
    await s.screenshot('catalog-restriction-edit');
    await form.getByRole('button', { name: 'Publish new release' }).click();

    // The new release, its author and the diff against the base.
    await page.getByTestId('new-release-id').waitFor();
    expect(await page.getByTestId('new-release-id').innerText()).toBe(newId);
    expect(await page.getByTestId('edit-author').innerText()).toBe('demo-admin');
    const diff = page.getByTestId('edit-diff');
    const row = diff.locator('tr[data-change="restriction"]');
    expect(await row.locator('td.after li ins').allInnerTexts()).toContain('age: ≥ 18 years');
    await s.screenshot('catalog-restriction-published');

    // Through the API: the release exists with the edit record, the item as edited …
    const record = await apiJson(`/v1/catalog/releases/${newId}/edit`);
    expect(record).toMatchObject({
      releaseId: newId,
      baseReleaseId: SEEDED,
      itemId,
      author: 'demo-admin',
      note: '成人 read by hand; the rest covered',
    });
    const releases = (await apiJson('/v1/catalog/releases'))['items'] as Json[];
    expect(releases.find((r) => r['id'] === newId)?.['effective']).toEqual({
      start: effectiveFrom,
      end: null,
    });
    const edited = await apiJson(
      `/v1/catalog/releases/${newId}/items/${encodeURIComponent(itemId)}`,
    );
    expect(edited['restrictions']).toContainEqual({
      kind: 'age',
      source: 'manual',
      text: '成人',
      minYears: 18,
    });
    expect(edited['unparsed']).toEqual([]);
    expect(edited['structuring']).toBe('complete');
    const apiDiff = await apiJson(`/v1/catalog/diff?from=${SEEDED}&to=${newId}`);
    expect(apiDiff['counts']).toMatchObject({ added: 0, removed: 0, changed: 1 });

    // … and the release looked at is as it was.
    expect(await apiJson(itemPath)).toEqual(before);

    // The item page of the new release shows it fully structured.
    await page.getByRole('link', { name: `Open the item in ${newId}` }).click();
    await page.waitForURL(new RegExp(`release=${newId}`, 'u'));
    await page.getByRole('heading', { name: String(item['name']) }).waitFor();
    expect(await page.getByTestId('unparsed').count()).toBe(0);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('shows no edit button to a reviewer', async () => {
    const s = await signedIn(
      browser(),
      'demo-reviewer',
      `/catalog/items?release=${SEEDED}&id=${encodeURIComponent('XL01EB/甲磺酸奥希替尼片')}`,
    );
    await s.page.getByRole('heading', { name: '甲磺酸奥希替尼片' }).waitFor();
    expect(await s.page.getByRole('button', { name: 'Edit restrictions' }).count()).toBe(0);
    expect(s.errors).toEqual([]);
    await s.close();
  });
}
