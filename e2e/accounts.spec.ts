import { test, expect, type Page } from '@playwright/test';
import { DEMO_ADMIN, expectAxeClean, signInAndSync, submitSignIn, useDemoHost } from './support';

/**
 * A shared laptop: the super admin signs out keeping the cache, an org admin signs in on the same
 * computer and is never shown a department outside its own division — neither right after
 * signing in, before its first pull has answered, nor afterwards. The super admin then finds its
 * own cache as it left it.
 */
const demoHost = useDemoHost();
const ORG_ADMIN = 'orgadmin@custos-demo.example';
const DIVISION = 'd00002';

interface Dept {
  id: string;
  parentId: string | null;
  name: string;
}

async function departments(page: Page): Promise<Dept[]> {
  const r = await page.request.post(`${demoHost().origin}/api/org.departments`, { data: {}, headers: { authorization: `Bearer ${demoHost().token}` } });
  const body = (await r.json()) as { ok: boolean; value?: { departments: Dept[] }; error?: { code: string } };
  expect(body.ok, JSON.stringify(body.error)).toBe(true);
  return body.value!.departments;
}

/** The division and everything under it, from the super admin's full tree. */
function subtree(all: Dept[], top: string): Set<string> {
  const inside = new Set([top]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of all) if (d.parentId && inside.has(d.parentId) && !inside.has(d.id)) grew = inside.add(d.id).size > 0;
  }
  return inside;
}

test('an org admin signing in after a super admin on one computer sees only its division, at once and after sync', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAndSync(page, demoHost().url, DEMO_ADMIN);
  const everything = await departments(page);
  const allowed = subtree(everything, DIVISION);
  expect(everything.length).toBeGreaterThan(allowed.size);

  // Sign out, keeping this computer's copy.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-out-confirm').click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();

  await submitSignIn(page, ORG_ADMIN);
  await expect(page.getByTestId('sign-out')).toBeVisible();
  // Asked at once, before the first pull may have answered: nothing of the super admin's cache.
  const first = await departments(page);
  expect(first.filter((d) => !allowed.has(d.id)).map((d) => d.id)).toEqual([]);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });
  const synced = await departments(page);
  expect(synced.map((d) => d.id).sort()).toEqual([...allowed].sort());
  const division = everything.find((d) => d.id === DIVISION)!;
  await expect(page.getByTestId('department-tree').getByRole('treeitem').first()).toContainText(division.name);
  await expect(page.getByTestId('department-tree')).not.toContainText(everything.find((d) => d.parentId === null)!.name);
  await expectAxeClean(page);

  // The super admin again: its own cache answers at once, whole, before any pull.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-out-confirm').click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  await submitSignIn(page, DEMO_ADMIN);
  await expect(page.getByTestId('sign-out')).toBeVisible();
  expect((await departments(page)).length).toBe(everything.length);
});
