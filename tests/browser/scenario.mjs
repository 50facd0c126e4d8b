// The officers' application in a real browser (issue 5): Debian's chromium driven by
// playwright-core over a server on a fresh SQLite register with demo data.
//
//   node tests/browser/scenario.mjs PROBATIO_BINARY
//
// As an officer: sign in, open Today, open an active case of restriction of freedom, record a
// violation and see the summons task due three working days later (Rules 511 p.71, counted on
// the calendar `probatio calendar` prints), issue the written warning, switch between Kazakh and
// Russian; as an officer of another district, fail to open that case. axe-core checks Today,
// the case card and the forms (no serious or critical violation); no page requests anything
// outside the server; screenshots of Today and the case card in Kazakh and Russian are saved
// under docs/screenshots/ (and the warning's document form in Russian).

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const binary = resolve(process.argv[2] ?? join(root, "target/release/probatio"));
const port = 18000 + (process.pid % 1000);
const base = `http://127.0.0.1:${port}`;
const work = mkdtempSync(join(tmpdir(), "probatio-browser-"));
const db = `sqlite://${join(work, "register.db")}`;
const PASSWORD = "probatio-demo-2026";
const shots = join(root, "docs/screenshots");

let failures = 0;
function check(ok, what) {
  if (ok) {
    console.log(`ok   ${what}`);
  } else {
    failures += 1;
    console.log(`FAIL ${what}`);
  }
}

function run(args, input) {
  const r = spawnSync(binary, args, { input, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`probatio ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  }
  return r.stdout;
}

/** Days off and decree working days of `year`, from `probatio calendar`. */
function calendar(year) {
  const off = new Set();
  const working = new Set();
  for (const line of run(["calendar", String(year)]).split("\n")) {
    const m = line.match(/^(#\s*)?(\d{4}-\d{2}-\d{2})/);
    if (!m) continue;
    (m[1] ? working : off).add(m[2]);
  }
  return { off, working };
}

/** `iso` plus `n` working days (weekends and days off skipped, decree working days kept). */
function addWorkingDays(iso, n) {
  const years = new Map();
  const cal = (y) => {
    if (!years.has(y)) years.set(y, calendar(y));
    return years.get(y);
  };
  const d = new Date(`${iso}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const { off, working } = cal(d.getUTCFullYear());
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    if (working.has(day) || (!weekend && !off.has(day))) left -= 1;
  }
  return d.toISOString().slice(0, 10);
}

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the server did not answer /health within 30 s");
}

/** axe-core on the current page; serious and critical violations fail the check. */
const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
async function accessible(page, what) {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays on.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }),
  );
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of bad) {
    console.log(`     ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  }
  check(result.passes.length > 10, `axe ran its rules on ${what} (${result.passes.length} passed)`);
  check(bad.length === 0, `axe: no serious or critical violation on ${what}`);
}

async function signIn(page, login) {
  await page.goto(`${base}/login`);
  await page.fill("#login", login);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL(`${base}/today`), page.click("button[type=submit]")]);
}

let server;
let browser;
try {
  run(["demo", "--persons", "2000", "--database-url", db]);
  // An officer of another district (the demo's second service) to try the case from outside.
  server = spawn(binary, ["serve", "--database-url", db, "--bind", `127.0.0.1:${port}`], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForServer();

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const outside = [];
  context.on("request", (r) => {
    if (!r.url().startsWith(`${base}/`)) outside.push(r.url());
  });
  const page = await context.newPage();
  const refused = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) refused.push(m.text());
  });

  // Sign in as the demo officer; Today in Kazakh, the default.
  await signIn(page, "demo-officer");
  check((await page.getAttribute("html", "lang")) === "kk", "Kazakh is the default language");
  check((await page.textContent("h1")).includes("Бүгінгі міндеттер"), "Today is titled in Kazakh");
  const today = await page.getAttribute("h1 time", "datetime");
  check(/^\d{4}-\d{2}-\d{2}$/.test(today ?? ""), `Today says its date (${today})`);
  const open = Number(await page.textContent("#count-open"));
  check(open > 0, `Today lists the officer's open tasks (${open})`);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "today-kk.png"), fullPage: false });
  await accessible(page, "Today (kk)");

  // Russian, chosen in the bar and remembered.
  await Promise.all([page.waitForLoadState(), page.click('a[hreflang="ru"]')]);
  check((await page.textContent("h1")).includes("Задачи на сегодня"), "Today in Russian after switching");
  await page.screenshot({ path: join(shots, "today-ru.png"), fullPage: false });

  // The caseload's search answers as one types, in place (htmx, served by the application).
  await page.goto(`${base}/cases`);
  check((await page.textContent("h1")).includes("Мои дела"), "the caseload remembers Russian");
  const firstName = (await page.textContent("table.caseload tbody tr td:nth-child(2) a")).trim();
  const surname = firstName.split(" ")[0];
  const listed = await page.locator("table.caseload tbody tr").count();
  await page.evaluate(() => {
    window.__samePage = true;
  });
  await page.fill("#q", surname);
  await page.waitForURL(/[?&]q=/);
  await page.waitForFunction(
    ([name, before]) => {
      const rows = [...document.querySelectorAll("table.caseload tbody tr")];
      return rows.length > 0 && rows.length < before && rows[0].textContent.includes(name);
    },
    [surname, listed],
  );
  check(await page.evaluate(() => window.__samePage === true), `the search for ${surname} updated the list in place`);

  // An active case of restriction of freedom from the caseload's filters.
  await page.goto(`${base}/cases`);
  await page.selectOption("#measure", "restriction_of_freedom");
  await page.selectOption("#status", "active");
  await Promise.all([page.waitForURL(/measure=restriction_of_freedom/), page.click(".filters button")]);
  const link = page.locator("table.caseload tbody tr a").first();
  check((await link.count()) === 1, "the officer has an active case of restriction of freedom");
  await Promise.all([page.waitForURL(/\/cases\/\d+$/), link.click()]);
  const caseUrl = page.url();
  const caseId = caseUrl.split("/").pop();
  await accessible(page, "the case card (ru)");
  await page.screenshot({ path: join(shots, "case-ru.png"), fullPage: true });

  // Record a violation detected today.
  const summonsBefore = await page.locator('#case-tasks tr[data-kind="summon"]').count();
  await Promise.all([
    page.waitForURL(/record\?type=violation/),
    page.click('#record-menu a[href$="type=violation"]'),
  ]);
  check((await page.inputValue("#f-date")) === today, "the form proposes today's date");
  await accessible(page, "the violation form (ru)");
  await page.selectOption("#f-kind", "ordinary");
  await Promise.all([page.waitForURL(/\/cases\/\d+\?saved=/), page.click("#record-submit")]);
  check((await page.locator("#saved").count()) === 1, "the violation is saved");
  const due = addWorkingDays(today, 3);
  const summons = page.locator(`#case-tasks tr[data-kind="summon"] time[datetime="${due}"]`);
  check((await summons.count()) >= 1, `the summons is due three working days later: ${due} (p.71)`);
  check(
    (await page.locator('#case-tasks tr[data-kind="summon"]').count()) === summonsBefore + 1,
    "exactly one summons task more",
  );
  const summonsRow = page
    .locator('#case-tasks tr[data-kind="summon"]', { has: page.locator(`time[datetime="${due}"]`) })
    .first();
  check((await summonsRow.textContent()).includes("p.71"), "the summons cites Rules 511 p.71");

  // Issue the written warning from its task.
  const warnings = await page.locator('#case-tasks tr[data-kind="warning"]').count();
  check(warnings >= 1, "the violation opened a written-warning task");
  await Promise.all([
    page.waitForURL(/record\?type=warning/),
    page.click('#case-tasks tr[data-kind="warning"] a.button'),
  ]);
  check((await page.textContent(".closes")).includes("Письменное предупреждение"), "the form says which task it closes");
  await Promise.all([page.waitForURL(/\/cases\/\d+\?saved=/), page.click("#record-submit")]);
  check(
    (await page.locator('#case-tasks tr[data-kind="warning"]').count()) === warnings - 1,
    "the warning task is done",
  );
  check(
    (await page.locator("#case-events tbody tr").first().textContent()).includes("Вынесено письменное предупреждение"),
    "the history begins with the warning",
  );

  // Issue the written warning as a document from the card, in Kazakh, and open it.
  await Promise.all([
    page.waitForURL(/documents\?kind=warning/),
    page.click('#document-offers a[href*="kind=warning"]'),
  ]);
  const expectedViolation = today.split("-").reverse().join(".");
  check((await page.textContent("#document-register")).includes(expectedViolation), "the warning's form shows the violation's date");
  await accessible(page, "a document's form (ru)");
  await page.screenshot({ path: join(shots, "document-ru.png"), fullPage: true });
  await page.selectOption("#f-doc-lang", "kk");
  await Promise.all([page.waitForURL(/\/cases\/\d+\?issued=/), page.click("#document-issue")]);
  check(await page.isVisible("#issued"), "the card says the document was issued");
  const docHref = await page.getAttribute("#case-documents tbody tr a", "href");
  const pdf = await context.request.get(`${base}${docHref}`);
  check(pdf.headers()["content-type"] === "application/pdf", "the issued document opens as a PDF");
  check((await pdf.body()).subarray(0, 5).toString() === "%PDF-", "and it is one");

  // The same card in Kazakh.
  await Promise.all([page.waitForLoadState(), page.click('a[hreflang="kk"]')]);
  check((await page.textContent("#h-events")).includes("Тарихы"), "the card's labels in Kazakh");
  check((await page.textContent("#case-events")).includes("Жазбаша ескерту шығарылды"), "the history in Kazakh");
  await page.screenshot({ path: join(shots, "case-kk.png"), fullPage: true });
  await accessible(page, "the case card (kk)");
  await page.goto(`${base}/cases/${caseId}/record?type=term_extended`);
  await accessible(page, "a form with numbers and choices (kk)");
  await page.goto(`${base}/cases/new?q=Нұрлан`);
  await accessible(page, "registering a case: search and the person's form (kk)");

  // An officer of another district cannot open the case.
  const services = await (
    await context.request.get(`${base}/api/services`)
  ).json();
  const own = services[0];
  const other = services.find((s) => s.kato !== own.kato);
  run(
    ["user", "add", "--database-url", db, "--login", "other-officer", "--name", "Басқа қызметкер",
      "--role", "officer", "--service", other.kato, "--password-stdin"],
    `${PASSWORD}\n`,
  );
  const stranger = await browser.newContext();
  stranger.on("request", (r) => {
    if (!r.url().startsWith(`${base}/`)) outside.push(r.url());
  });
  const theirs = await stranger.newPage();
  await signIn(theirs, "other-officer");
  const response = await theirs.goto(caseUrl);
  check(response.status() === 404, "another district's officer gets 404 for the case");
  check((await theirs.textContent("h1")).includes("Сіздің аумағыңызда мұндай іс жоқ"), "and is told so in Kazakh");
  const form = await theirs.goto(`${caseUrl}/record?type=warning`);
  check(form.status() === 404, "and cannot open its forms");
  const theirDoc = await theirs.goto(`${base}${docHref}`);
  check(theirDoc.status() === 404, "nor its documents");

  check(outside.length === 0, `no page requested anything outside the server ${outside.join(" ")}`);
  check(refused.length === 0, `the pages and htmx work within the CSP ${refused.join(" ")}`);
} catch (e) {
  failures += 1;
  console.log(`FAIL ${e.stack ?? e}`);
} finally {
  await browser?.close();
  server?.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
if (failures > 0) {
  console.log(`${failures} browser check(s) failed`);
  process.exit(1);
}
console.log("browser scenario: all checks passed");
