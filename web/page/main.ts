/**
 * The playground page: write an extension, see `spin check`'s diagnostics as you type, run it on a
 * scenario next to the built-in policy as `spin load` does, look at the charts and the SFI
 * rewrite, try the security exercises, share a link. The work happens in two Web Workers
 * (checker.ts, runner.ts) running the project's own modules; this file only wires the page.
 */
import examples from "playground:examples";
import { DEFAULT_TYPECHECK_LIMIT_MS } from "../../extensions/check/limits.js";
import { TYPECHECK_LIMIT_MS, matchesExpected, outcome } from "../../extensions/exercise/verdict.js";
import { MAX_FRAMES } from "../../workloads/limits.js";
import type { ExerciseInfo } from "../shared/assets.js";
import { DEFAULT_MODE, isBrowserMode, type BrowserModeName } from "../../extensions/loader/mode-names.js";
import type { ExtensionInput, RunRequest, WorkloadInput } from "../shared/protocol.js";
import { faultsOverTime, framesSweep } from "./charts.js";
import { Checker } from "./checker.js";
import { append, byId, el, replace } from "./dom.js";
import { createEditor } from "./editor.js";
import {
  renderComparison,
  renderDiagnostics,
  renderExtension,
  renderLogs,
  renderProblems,
  renderVerdict,
} from "./report.js";
import { Runner, type RunEnd } from "./runner.js";
import { decodeState, encodeState, type SharedState } from "./share.js";

const CHECK_DEBOUNCE_MS = 200;
const assetUrl = (name: string) => new URL(`assets/${name}`, document.baseURI).href;

const checker = new Checker(assetUrl("check-worker.js"));
const runner = new Runner(assetUrl("run-worker.js"));

// ---- page state -----------------------------------------------------------------------------

/** The file an unedited example is known by (its path, as the CLI names it); edited, it is the user's own. */
const OWN_FILE = "pager.ts";
let opened: { file: string; text: string } | undefined;
let ownFile = OWN_FILE;
let exercise: ExerciseInfo | undefined;

/** The name diagnostics, positions and reports use for what the editor holds now. */
function fileName(): string {
  return opened !== undefined && editor.text() === opened.text ? opened.file : ownFile;
}

const extensionSelect = byId<HTMLSelectElement>("extension-select");
const workloadSelect = byId<HTMLSelectElement>("workload-select");
const pasteArea = byId<HTMLTextAreaElement>("paste-area");
const pasteKind = byId<HTMLSelectElement>("paste-kind");
const modeSelect = byId<HTMLSelectElement>("mode-select");
const framesInput = byId<HTMLInputElement>("frames-input");
const runButton = byId<HTMLButtonElement>("run-button");
const stopButton = byId<HTMLButtonElement>("stop-button");
const sweepButton = byId<HTMLButtonElement>("sweep-button");
const shareButton = byId<HTMLButtonElement>("share-button");
const emitToggle = byId<HTMLInputElement>("emit-toggle");
const status = byId("status");
const progress = byId<HTMLProgressElement>("progress");
const checkStatus = byId("check-status");
const diagnosticsList = byId("diagnostics");

const isExample = (p: string): boolean => Object.hasOwn(examples.files, p) && /\.(json|trace|lackey)$/.test(p);
const mode = (): BrowserModeName => (isBrowserMode(modeSelect.value) ? modeSelect.value : DEFAULT_MODE);

const editor = createEditor(byId("editor"), () => scheduleCheck());

function setStatus(state: string, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

// ---- pickers --------------------------------------------------------------------------------

/** Scenarios that replay trace files need files, which a page does not read: they are left out. */
const usesTraceFiles = (text: string): boolean => /"type"\s*:\s*"trace"/.test(text);

function fillPickers(): void {
  const groups = new Map<string, string[]>();
  for (const p of Object.keys(examples.files)) {
    const m = /^examples\/(pagers|prefetch|reclaim|schedulers|broken)\/[^/]+\.ts$/.exec(p);
    if (m) groups.set(m[1]!, [...(groups.get(m[1]!) ?? []), p]);
  }
  for (const [group, paths] of groups) {
    append(
      extensionSelect,
      el(
        "optgroup",
        { label: group },
        ...paths.map((p) =>
          el("option", { value: p, selected: p === examples.defaultExtension }, p.replace(/^examples\//, "")),
        ),
      ),
    );
  }
  const scenarios = Object.keys(examples.files).filter(
    (p) => /^examples\/scenarios\/.*\.json$/.test(p) && !usesTraceFiles(examples.files[p]!),
  );
  const traces = Object.keys(examples.files).filter((p) => /^examples\/traces\//.test(p));
  append(
    workloadSelect,
    el(
      "optgroup",
      { label: "scenarios" },
      ...scenarios.map((p) =>
        el("option", { value: p, selected: p === examples.defaultScenario }, p.replace(/^examples\/scenarios\//, "")),
      ),
    ),
    el(
      "optgroup",
      { label: "traces" },
      ...traces.map((p) => el("option", { value: p }, p.replace(/^examples\/traces\//, ""))),
    ),
    el(
      "optgroup",
      { label: "exercise scenarios" },
      ...Object.keys(examples.files)
        .filter((p) => /^examples\/exercises\/scenarios\//.test(p))
        .map((p) => el("option", { value: p }, p.replace(/^examples\/exercises\/scenarios\//, ""))),
    ),
    el("option", { value: "paste" }, "paste a scenario or trace…"),
  );
  const list = byId("exercise-list");
  for (const ex of examples.exercises) {
    const b = el(
      "button",
      { type: "button", class: "exercise-button", "data-exercise": ex.name, title: `${ex.attackClass}: ${ex.tries}` },
      ex.name,
    );
    b.addEventListener("click", () => openExercise(ex));
    append(list, el("li", {}, b));
  }
}

function openExtension(path: string): void {
  exercise = undefined;
  replace(byId("exercise-info"));
  opened = { file: path, text: examples.files[path] ?? "" };
  editor.setText(opened.text);
}

function openExercise(ex: ExerciseInfo): void {
  exercise = ex;
  opened = { file: ex.file, text: examples.files[ex.file] ?? "" };
  editor.setText(opened.text);
  workloadSelect.value = ex.scenarioFile;
  if (workloadSelect.value !== ex.scenarioFile) {
    append(workloadSelect, el("option", { value: ex.scenarioFile }, ex.scenarioFile));
    workloadSelect.value = ex.scenarioFile;
  }
  onWorkloadChange();
  replace(
    byId("exercise-info"),
    el("h3", {}, `exercise ${ex.name}`),
    el(
      "dl",
      {},
      el("dt", {}, "class"),
      el("dd", {}, ex.attackClass),
      el("dt", {}, "tries"),
      el("dd", {}, ex.tries),
      el("dt", {}, "defence"),
      el("dd", {}, ex.defence),
      el("dt", {}, "expected (typed)"),
      el("dd", {}, ex.expected.typed),
      el("dt", {}, "expected (sfi)"),
      el("dd", {}, ex.expected.sfi),
      el("dt", {}, "scenario"),
      el("dd", {}, ex.scenarioFile),
      ex.with.length > 0 ? el("dt", {}, "with") : null,
      ex.with.length > 0 ? el("dd", {}, ex.with.map((w) => `${w.file}${w.app ? `@${w.app}` : ""}`).join(", ")) : null,
    ),
    ...ex.explanation.map((p) => el("p", {}, p)),
    el("p", { class: "muted" }, "Press Run to see where it is stopped in the mode chosen above."),
  );
  byId("exercise-info").scrollIntoView({ block: "nearest" });
}

function onWorkloadChange(): void {
  byId("paste-box").hidden = workloadSelect.value !== "paste";
}

// ---- the check as you type ------------------------------------------------------------------

let checkTimer: number | undefined;
let checkSeq = 0;

function scheduleCheck(): void {
  if (checkTimer !== undefined) clearTimeout(checkTimer);
  checkTimer = window.setTimeout(() => void runCheck(), CHECK_DEBOUNCE_MS);
}

async function runCheck(): Promise<void> {
  checkTimer = undefined;
  const seq = ++checkSeq;
  const text = editor.text();
  const wantEmit = emitToggle.checked && mode() === "sfi";
  checkStatus.textContent = "checking…";
  checkStatus.dataset.state = "checking";
  const started = performance.now();
  const result = await checker.check(fileName(), text, mode(), wantEmit);
  if (result === undefined || seq !== checkSeq) return;
  const elapsed = performance.now() - started;
  // The run worker starts after the first check: the two would otherwise fetch and parse the
  // same TypeScript chunk at once, and the first check is what the user waits for.
  if (!runner.running) runner.warm();
  editor.showDiagnostics(result.errors, result.warnings);
  replace(
    diagnosticsList,
    ...renderDiagnostics(result.errors, "error", editor.goTo),
    ...renderDiagnostics(result.warnings, "warning", editor.goTo),
  );
  const n = result.errors.length;
  checkStatus.dataset.state = result.internalError ? "internal-error" : n > 0 ? "rejected" : "ok";
  checkStatus.dataset.checkMs = elapsed.toFixed(1);
  checkStatus.dataset.seq = String(seq);
  checkStatus.textContent = result.internalError
    ? result.internalError
    : `${n > 0 ? `rejected: ${n} problem${n === 1 ? "" : "s"}` : "ok"}${result.warnings.length ? `, ${result.warnings.length} warning${result.warnings.length === 1 ? "" : "s"} (sfi)` : ""}${result.statsLine ? ` (${result.statsLine})` : ""} · checked in ${Math.round(elapsed)} ms`;
  const emitView = byId("emit-view");
  emitView.hidden = !wantEmit;
  if (wantEmit) emitView.textContent = result.emitted ?? (n > 0 ? "(refused: nothing to rewrite)" : "");
}

// ---- running --------------------------------------------------------------------------------

function workload(): WorkloadInput | string {
  if (workloadSelect.value === "paste") {
    const text = pasteArea.value;
    if (text.trim() === "") return "paste a scenario (JSON) or a trace first";
    return pasteKind.value === "trace"
      ? { kind: "trace", file: "pasted.trace", text }
      : { kind: "scenario", file: "pasted.json", text };
  }
  const p = workloadSelect.value;
  if (!isExample(p)) return "pick a scenario";
  return { kind: p.endsWith(".json") ? "scenario" : "trace", file: p, text: examples.files[p]! };
}

function frames(): number | undefined | string {
  const raw = framesInput.value.trim();
  if (raw === "") return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= MAX_FRAMES ? n : `frames must be an integer from 1 to ${MAX_FRAMES}`;
}

function request(kind: RunRequest["kind"]): RunRequest | string {
  const w = workload();
  if (typeof w === "string") return w;
  const f = frames();
  if (typeof f === "string") return f;
  const m = mode();
  const attacker: ExtensionInput = {
    file: fileName(),
    text: editor.text(),
    ...(exercise?.app !== undefined ? { app: exercise.app } : {}),
  };
  const neighbours: ExtensionInput[] = (exercise?.with ?? []).map((n) => ({
    file: n.file,
    text: examples.files[n.file] ?? "",
    ...(n.app !== undefined ? { app: n.app } : {}),
  }));
  return {
    kind,
    extensions: [attacker, ...neighbours],
    workload: w,
    mode: m,
    ...(f !== undefined ? { frames: f } : {}),
    ...(exercise !== undefined && kind === "run"
      ? {
          exercise: {
            name: exercise.name,
            expected: exercise.expected[m],
            checks: exercise.checks[m],
            limits: exercise.limits,
          },
        }
      : {}),
  };
}

function setRunning(running: boolean): void {
  runButton.disabled = running;
  sweepButton.disabled = running;
  stopButton.disabled = !running;
  progress.hidden = !running;
}

async function start(kind: RunRequest["kind"]): Promise<void> {
  const req = request(kind);
  if (typeof req === "string") {
    setStatus("input-error", req);
    return;
  }
  const results = byId("results");
  if (kind === "run") replace(results);
  setRunning(true);
  setStatus("running", kind === "run" ? "checking…" : "sweeping…");
  progress.removeAttribute("value");
  const limit = exercise !== undefined ? TYPECHECK_LIMIT_MS : DEFAULT_TYPECHECK_LIMIT_MS;
  const end = await runner.run(req, limit, {
    onProgress(phase, done, total) {
      setStatus(
        "running",
        `${phase}${total > 0 ? ` ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")}` : ""}…`,
      );
      if (total > 0) {
        progress.max = total;
        progress.value = done;
      } else progress.removeAttribute("value");
    },
  });
  setRunning(false);
  showEnd(end, req);
}

function showEnd(end: RunEnd, req: RunRequest): void {
  const results = byId("results");
  if (end.kind === "stopped") return setStatus("stopped", "stopped: the run worker was terminated (Stop)");
  if (end.kind === "typecheck-timeout") {
    setStatus("rejected", `rejected: the type check did not finish within ${end.limitMs} ms (typecheck-timeout)`);
    if (req.exercise !== undefined) {
      const o = outcome("rejected: type-check time limit", `${end.limitMs} ms`);
      append(
        results,
        renderVerdict({
          label: o.label,
          stop: o.stop,
          expected: req.exercise.expected,
          asExpected: matchesExpected(o, req.exercise.expected),
        }),
      );
    }
    return;
  }
  const m = end.message;
  switch (m.type) {
    case "result": {
      setStatus(
        "done",
        `done: ${Math.round(m.ms.extensions)} ms with the extension, ${Math.round(m.ms.baseline)} ms built-in`,
      );
      const ext = m.extensions[0];
      append(
        results,
        m.verdict !== undefined ? renderVerdict(m.verdict) : null,
        renderComparison(m),
        el("h3", {}, "extensions"),
        ...m.extensions.map((e) => renderExtension(e, editor.goTo)),
        el("h3", {}, "log"),
        renderLogs(m.logs, editor.goTo),
        el("h3", {}, "faults over time"),
        faultsOverTime(
          m.withExtensions.scenario,
          m.baseline.apps[0]?.pager ?? "",
          ext?.name ?? fileName(),
          m.series.withExtensions,
          m.series.baseline,
        ),
      );
      return;
    }
    case "sweep": {
      setStatus("done", `sweep done: ${m.points.length} frame counts`);
      replace(
        byId("sweep"),
        framesSweep(m),
        el(
          "table",
          { class: "report-table" },
          el(
            "thead",
            {},
            el("tr", {}, el("th", {}, "frames"), el("th", {}, `built-in ${m.builtin}`), el("th", {}, m.extension)),
          ),
          el(
            "tbody",
            {},
            ...m.points.map((p) =>
              el(
                "tr",
                {},
                el("td", { class: "num" }, p.frames),
                el("td", { class: "num" }, p.builtin),
                el("td", { class: "num" }, p.extension),
              ),
            ),
          ),
        ),
      );
      return;
    }
    case "rejected":
      setStatus(
        "rejected",
        `rejected: ${m.diagnostics.length + m.problems.length} problem${m.diagnostics.length + m.problems.length === 1 ? "" : "s"}`,
      );
      append(
        results,
        m.verdict !== undefined ? renderVerdict(m.verdict) : null,
        el(
          "ul",
          { class: "problems" },
          ...renderDiagnostics(m.diagnostics, "error", editor.goTo),
          ...renderProblems(m.problems, editor.goTo),
        ),
      );
      return;
    case "input-error":
      setStatus("input-error", m.message);
      return;
    case "internal-error":
      setStatus("internal-error", `internal error (a bug of ours, not the extension's): ${m.message}`);
      return;
  }
}

// ---- share links ----------------------------------------------------------------------------

function currentState(): SharedState {
  const f = frames();
  const w =
    workloadSelect.value === "paste"
      ? {
          pasted: {
            kind: pasteKind.value === "trace" ? ("trace" as const) : ("scenario" as const),
            text: pasteArea.value,
          },
        }
      : { example: workloadSelect.value };
  return {
    code: editor.text(),
    file: fileName(),
    mode: mode(),
    workload: w,
    ...(typeof f === "number" ? { frames: f } : {}),
  };
}

async function share(): Promise<void> {
  const hash = await encodeState(currentState());
  const url = `${location.href.split("#")[0]}${hash}`;
  history.replaceState(null, "", hash);
  const out = byId<HTMLInputElement>("share-output");
  out.hidden = false;
  out.value = url;
  out.select();
  try {
    await navigator.clipboard.writeText(url);
    setStatus("idle", "share link copied");
  } catch {
    setStatus("idle", "share link ready (copy it from the box)");
  }
}

async function openLink(): Promise<void> {
  const decoded = await decodeState(location.hash, isExample, MAX_FRAMES);
  if (decoded === undefined) return;
  if (!decoded.ok) {
    setStatus("input-error", `this share link was not opened: ${decoded.reason}`);
    return;
  }
  const s = decoded.state;
  exercise = undefined;
  replace(byId("exercise-info"));
  // The link's code is the user's, under the name the link gives.
  opened = undefined;
  ownFile = s.file;
  editor.setText(s.code);
  modeSelect.value = s.mode;
  if (s.workload.example !== undefined) workloadSelect.value = s.workload.example;
  else if (s.workload.pasted !== undefined) {
    workloadSelect.value = "paste";
    pasteKind.value = s.workload.pasted.kind;
    pasteArea.value = s.workload.pasted.text;
  }
  framesInput.value = s.frames !== undefined ? String(s.frames) : "";
  onWorkloadChange();
  setStatus("idle", "opened a share link: nothing has run; press Run to run it");
}

// ---- start ----------------------------------------------------------------------------------

fillPickers();
extensionSelect.addEventListener("change", () => openExtension(extensionSelect.value));
workloadSelect.addEventListener("change", onWorkloadChange);
modeSelect.addEventListener("change", scheduleCheck);
emitToggle.addEventListener("change", scheduleCheck);
runButton.addEventListener("click", () => void start("run"));
sweepButton.addEventListener("click", () => void start("sweep"));
stopButton.addEventListener("click", () => runner.stop());
shareButton.addEventListener("click", () => void share());
window.addEventListener("hashchange", () => void openLink());
setRunning(false);
onWorkloadChange();
checker.warm();
if (location.hash.startsWith("#s=")) void openLink().then(() => scheduleCheck());
else openExtension(examples.defaultExtension);
document.body.dataset.ready = "editor";
setStatus("idle", "ready");
