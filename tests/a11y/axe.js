#!/usr/bin/env node
// Accessibility check of HTML files with axe-core in headless Chromium.
//
//     node tests/a11y/axe.js FILE.html...
//
// Opens each file as a file:// page in /usr/bin/chromium (puppeteer-core, a fresh
// temporary profile), injects axe-core and runs the WCAG 2.0/2.1 A and AA rules
// (tags wcag2a, wcag2aa, wcag21a, wcag21aa); a duplicate id used by ARIA, which
// axe-core only flags for review, counts as a violation. Prints one line per
// violating element:
//     FILE: RULE-ID (IMPACT) SELECTOR: HELP
// Exit status: 0 no violations, 1 violations, a page that could not be checked
// or a usage error. Set CHROMIUM=/path/to/chromium to use another browser binary.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// axe-core reports these only as "needs review" (incomplete); for generated pages
// they are always errors, so they count as violations here.
const STRICT_INCOMPLETE = ['duplicate-id-aria'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

function usage() {
  console.log('usage: node tests/a11y/axe.js FILE.html...');
  process.exit(1);
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0 || files.includes('-h') || files.includes('--help')) usage();

  let puppeteer;
  try {
    puppeteer = require('puppeteer-core');
  } catch (e) {
    console.log('axe.js: puppeteer-core is not installed; run tests/a11y/setup.sh (npm ci in tests/a11y)');
    return 1;
  }
  const axePath = require.resolve('axe-core/axe.min.js');
  const axeVersion = require('axe-core/package.json').version;

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tejun-axe-'));
  let browser;
  let failures = 0;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      userDataDir,
      timeout: 60000,
      protocolTimeout: 120000,
    });
    for (const file of files) {
      if (!fs.existsSync(file)) {
        console.log(`${file}: file not found`);
        failures++;
        continue;
      }
      const page = await browser.newPage();
      // the pages may carry a Content-Security-Policy that would block the injected axe-core
      await page.setBypassCSP(true);
      try {
        const url = pathToFileURL(path.resolve(file)).href;
        const resp = await page.goto(url, { waitUntil: 'load', timeout: 60000 });
        if (resp && !resp.ok() && resp.status() !== 0) {
          console.log(`${file}: could not load (HTTP ${resp.status()})`);
          failures++;
          continue;
        }
        await page.addScriptTag({ path: axePath });
        const results = await page.evaluate(async (tags, strictRules) => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations', 'incomplete'],
          });
          const strict = r.incomplete.filter((v) => strictRules.includes(v.id));
          return r.violations.concat(strict).map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target, impact: n.impact })),
          }));
        }, TAGS, STRICT_INCOMPLETE);
        for (const v of results) {
          for (const n of v.nodes) {
            const target = n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' ');
            console.log(`${file}: ${v.id} (${n.impact || v.impact || 'unknown'}) ${target}: ${v.help}`);
            failures++;
          }
        }
      } catch (e) {
        console.log(`${file}: could not be checked: ${String(e && e.message || e).split('\n')[0]}`);
        failures++;
      } finally {
        await page.close().catch(() => {});
      }
    }
  } catch (e) {
    console.log(`axe.js: could not start ${CHROMIUM}: ${String(e && e.message || e).split('\n')[0]}`);
    failures++;
  } finally {
    if (browser) await browser.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  if (process.env.AXE_VERBOSE) {
    console.error(`axe-core ${axeVersion}: ${files.length} file(s), ${failures} problem(s)`);
  }
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.log(`axe.js: ${e && e.stack || e}`);
    process.exit(1);
  },
);
