// "Usable on a 1366×800 laptop screen" (issue #7), measured: no table of a page is wider than the
// card it sits in, so nothing is cut off and nothing scrolls sideways.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** A table as measured in the page: its full width and the room its card gives it. */
interface Measured {
  readonly table: string;
  readonly width: number;
  readonly room: number;
}

/**
 * Asserts that every table in the page's main part fits its card: the table's scrollWidth is at most
 * the card's clientWidth less its padding (a table in no card is held to its parent). Waits for no
 * more loading first. Answers how many tables it measured, for the caller to expect some.
 */
export async function assertTablesFit(page: Page, where: string): Promise<number> {
  await page.waitForLoadState('networkidle');
  // A script of the page (the test project has no DOM types).
  const measured = await page.evaluate<Measured[]>(`
    [...document.querySelectorAll('main table')].map((table) => {
      const card = table.closest('.card') ?? table.parentElement;
      const style = getComputedStyle(card);
      return {
        table: (table.className || 'table') + ' (' + (table.tHead?.textContent ?? '').slice(0, 60) + ')',
        width: table.scrollWidth,
        room: card.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      };
    })
  `);
  const wide = measured.filter((m) => m.width > Math.ceil(m.room));
  assert.deepEqual(
    wide,
    [],
    `${where}: tables wider than their card at ${JSON.stringify(page.viewportSize())}`,
  );
  return measured.length;
}
