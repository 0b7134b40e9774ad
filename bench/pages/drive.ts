/**
 * Real input for the active page, the same schedule for every variant: the pointer sweeps a curve over
 * the page (one move every ~16 ms, like a hand), a button is clicked every 2 s, and a word is typed into
 * a field every 3 s. Returns how many pointer moves it made, to show variants got comparable input.
 */
import type { Page } from 'playwright-core';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function driveActivePage(page: Page, ms: number): Promise<number> {
  const add = await page.locator('#add').boundingBox();
  const field = await page.locator('#name').boundingBox();
  if (!add || !field) throw new Error('active page: #add or #name not found');
  const start = Date.now();
  let moves = 0;
  let nextClick = 1000;
  let nextWord = 2500;
  for (let elapsed = 0; elapsed < ms; elapsed = Date.now() - start) {
    const t = moves / 40;
    await page.mouse.move(620 + 450 * Math.sin(t), 380 + 300 * Math.sin(1.7 * t + 0.5));
    moves++;
    if (elapsed >= nextClick) {
      await page.mouse.click(add.x + add.width / 2, add.y + add.height / 2);
      nextClick += 2000;
    }
    if (elapsed >= nextWord) {
      await page.mouse.click(field.x + field.width / 2, field.y + field.height / 2);
      await page.keyboard.type('hello ', { delay: 25 });
      nextWord += 3000;
    }
    await sleep(16);
  }
  return moves;
}

/** Pages without input: just let the window pass. */
export async function idle(_page: Page, ms: number): Promise<number> {
  await sleep(ms);
  return 0;
}
