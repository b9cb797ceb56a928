#!/usr/bin/env node
// Runs Electronegativity (Electron security misconfigurations) over the sources named in
// electronegativity.json and fails on any finding that file does not explain.
//
//   node scripts/electronegativity.mjs          the project (part of npm run lint)
//   node scripts/electronegativity.mjs DIR      another folder with its own package.json and
//                                               electronegativity.json (the tests use this)
//
// It runs offline: the Electron version comes from package.json (Electronegativity cannot
// find it in TypeScript sources), and the HTTP client it would use to fetch translations
// and Electron's release list is replaced by one that answers "not found" at once.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const require = createRequire(join(root, 'package.json'));
const selfRequire = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`[electronegativity] ${message}\n`);
  process.exit(1);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const pkg = readJson(join(root, 'package.json'));
const electronVersion = /\d+\.\d+\.\d+/.exec(pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '')?.[0];
if (electronVersion === undefined) fail(`${join(root, 'package.json')} names no exact Electron version.`);

const config = readJson(join(root, 'electronegativity.json'));
const inputs = config.inputs ?? [];
const excluded = config.excludedChecks ?? [];
const accepted = config.acceptedFindings ?? [];
for (const entry of [...excluded, ...accepted]) {
  if (typeof entry.check !== 'string' || typeof entry.reason !== 'string' || entry.reason.trim() === '') {
    fail(`every excluded check and accepted finding needs a check and a reason: ${JSON.stringify(entry)}`);
  }
}
for (const entry of accepted) {
  if (typeof entry.file !== 'string') fail(`an accepted finding names the file it is in: ${JSON.stringify(entry)}`);
}
if (inputs.length === 0) fail('electronegativity.json lists no inputs.');

// Loaded first, so Electronegativity's own require('got') gets this offline stand-in.
const runnerPath = selfRequire.resolve('@doyensec/electronegativity/dist/runner.js');
const gotPath = createRequire(runnerPath).resolve('got');
const translations = selfRequire('@doyensec/electronegativity/package.json').i18nSource;
const offlineAnswer = (url) => (String(url).startsWith(translations) ? Promise.resolve({ statusCode: 404, body: '' }) : Promise.reject(new Error('offline')));
const offline = Object.assign(offlineAnswer, { head: offlineAnswer });
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };
const run = selfRequire(runnerPath);

const started = Date.now();
const findings = [];
const problems = [];
for (const input of inputs) {
  const result = await run({
    input: join(root, input),
    excludeFromScan: excluded.map((entry) => entry.check.replaceAll('_', '').toLowerCase()),
    electronVersionOverride: electronVersion,
    isRelative: false,
  });
  for (const error of result.errors) {
    if (!error.tolerable) problems.push(`${relative(root, error.file)} could not be parsed: ${error.message}`);
  }
  for (const issue of result.issues) {
    // Global checks (about the app as a whole) name no file.
    const file = issue.file === 'N/A' ? 'N/A' : relative(root, issue.file).split(sep).join('/');
    findings.push({ check: issue.id, file, line: issue.location.line, sample: issue.sample ?? '', description: issue.description });
  }
}

const explains = (entry, finding) => entry.check === finding.check && entry.file === finding.file;
const unexplained = findings.filter((finding) => !accepted.some((entry) => explains(entry, finding)));
const stale = accepted.filter((entry) => !findings.some((finding) => explains(entry, finding)));
for (const finding of unexplained) {
  problems.push(
    `${finding.file}:${finding.line} ${finding.check}: ${finding.description}${finding.sample === '' || finding.sample === 'N/A' ? '' : `\n    ${String(finding.sample).trim()}`}`,
  );
}
for (const entry of stale) {
  problems.push(`${entry.file} ${entry.check} is accepted in electronegativity.json but no longer found: remove it from acceptedFindings.`);
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  fail(
    `${problems.length} problem(s) in ${inputs.join(', ')} (Electron ${electronVersion}, ${seconds} s). Fix each, or explain it in electronegativity.json:\n${problems.join('\n')}`,
  );
}
process.stdout.write(
  `[electronegativity] ${inputs.join(', ')}: ${findings.length} finding(s), all explained in electronegativity.json (Electron ${electronVersion}, ${seconds} s).\n`,
);
