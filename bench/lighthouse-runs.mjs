// Lighthouse runs for bench/lighthouse.py, in one Node process and one chromium:
// starting both for every run cost more than the audits themselves.
//
//   node bench/lighthouse-runs.mjs JOBS.json
//
// JOBS.json: {"chromium": path, "resolver": host rules, "flags": {...Lighthouse
// flags}, "jobs": [{"url", "output", "config"?}]}. Each job's JSON report is
// written to its "output"; a line per run goes to stdout. A run that fails to
// gather (Lighthouse now and then records no navigation start, NO_NAVSTART) is
// made again in a new chromium, up to four times; its scores are never guessed.
// Exits 1 when a job fails five times.
import {readFileSync, writeFileSync} from 'node:fs';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const ATTEMPTS = 5;

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function launch() {
  return chromeLauncher.launch({
    chromePath: plan.chromium,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      `--host-resolver-rules=${plan.resolver}`,
    ],
  });
}

let chrome = await launch();

let failed = false;
try {
  for (const job of plan.jobs) {
    const config = job.config ? JSON.parse(readFileSync(job.config, 'utf8')) : undefined;
    let written = false;
    for (let attempt = 1; attempt <= ATTEMPTS && !written; attempt++) {
      const started = Date.now();
      let result;
      let error;
      try {
        result = await lighthouse(job.url, {...plan.flags, port: chrome.port}, config);
        error = result?.lhr.runtimeError;
      } catch (thrown) {
        error = thrown;
      }
      if (result && !error) {
        writeFileSync(job.output, result.report);
        written = true;
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const outcome = written ? 'ok' : `failed (${error?.code ?? 'no result'})`;
      console.log(`${job.url} attempt ${attempt}: ${outcome} in ${seconds} s`);
      if (!written) {
        await chrome.kill();
        chrome = await launch();
      }
    }
    if (!written) {
      failed = true;
      break;
    }
  }
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
