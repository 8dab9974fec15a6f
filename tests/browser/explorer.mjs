// Opens a kyclink report.html in headless Chromium (Debian's, never a downloaded one), sets
// each requested score and cut-off in the explorer as a user would, and prints the figures the
// page shows, as JSON, for tests/test_explorer.rs to check against thresholds.csv.
//
// Usage: node explorer.mjs REPORT_DIR [SCREENSHOT.png] < requests.json
// requests.json: [{"score": "matchWeight", "cutoff": 1.5}, ...]
// Any request for something other than the page itself (the network, another file) fails.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, screenshot] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(0, "utf8"));
const page_url = pathToFileURL(resolve(dir, "report.html")).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const out = { fetched: [], errors: [], figures: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  page.on("request", (request) => {
    if (request.url() !== page_url) { out.fetched.push(request.url()); }
  });
  page.on("pageerror", (error) => out.errors.push(String(error)));
  await page.goto(page_url);
  await page.waitForSelector("#explorer:not([hidden])");
  const figure = async (name) => {
    const element = page.locator(`[data-testid=figure-${name}]`);
    return (await element.isVisible()) ? (await element.textContent()).trim() : null;
  };
  for (const request of requests) {
    await page.selectOption("[data-testid=cutoff-score]", request.score);
    await page.fill("[data-testid=cutoff-input]", String(request.cutoff));
    const shown = { score: request.score, cutoff: request.cutoff };
    for (const name of ["cutoff", "accepted", "match-rate", "precision", "recall", "f1", "false-positive-rate", "estimated-fdr", "estimated-fnr"]) {
      shown[name] = await figure(name);
    }
    out.figures.push(shown);
  }
  if (screenshot) {
    await page.selectOption("[data-testid=cutoff-score]", requests[0].score);
    await page.fill("[data-testid=cutoff-input]", String(requests[0].cutoff));
    await page.locator("#explorer").screenshot({ path: screenshot });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + "\n");
