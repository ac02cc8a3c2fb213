import type { Locator, Page } from 'playwright-core';

/** Whether the element is the one with the keyboard focus. Only reads the focus, never moves it. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/** A short description of the focused element, for failure messages. */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '<body> (nothing focused)';
    const tag = element.tagName.toLowerCase();
    const type = element.getAttribute('type');
    const label =
      element.getAttribute('aria-label') ??
      (element as HTMLInputElement).labels?.[0]?.innerText ??
      element.innerText ??
      '';
    return `<${tag}${type ? ` type=${type}` : ''}> "${label.trim().slice(0, 60)}"`;
  });
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user moving through the
 * screen would. Returns how many presses it took; fails if it is not reached within `max`.
 */
export async function tabTo(page: Page, target: Locator, { back = false, max = 40 } = {}): Promise<number> {
  await target.waitFor();
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await isFocused(target)) return presses;
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} did not reach the target in ${max} presses; focus is on ${await describeFocus(page)}`);
}

/** Fails unless `target` gets the focus within `timeout` ms (the app may move it after a render). */
export async function expectFocused(page: Page, target: Locator, what: string, timeout = 2_000): Promise<void> {
  await target.waitFor();
  const until = Date.now() + timeout;
  while (!(await isFocused(target))) {
    if (Date.now() > until) throw new Error(`expected focus on ${what}, but it is on ${await describeFocus(page)}`);
    await page.waitForTimeout(50);
  }
}
