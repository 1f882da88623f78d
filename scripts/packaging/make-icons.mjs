// Renders build/icon.svg to the PNGs electron-builder packages: build/icon.png (1024 px; the
// Windows .ico and macOS .icns are made from it at packaging time) and build/icons/<n>x<n>.png
// for Linux desktops. Run after editing the SVG: `node scripts/packaging/make-icons.mjs`.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync('build/icon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const size of [1024, 512, 256, 128, 64, 48, 32, 16]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`)}</body></html>`);
    const out = size === 1024 ? 'build/icon.png' : `build/icons/${size}x${size}.png`;
    await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(out);
  }
} finally {
  await browser.close();
}
