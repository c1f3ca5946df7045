// What a run shows: the loss chart of every run, the current run's decision boundary, and the
// scrubber over its iterations. Scrubbing to iteration k moves the chart's marker and the
// boundary at once, and (after a pause in the dragging) shows the graph at p_k on the stage —
// values and gradients on every edge, then the update k + 1.
import { fmt } from "chainrule/graph/format.js";
import { t } from "chainrule/i18n/i18n.js";
import { BoundaryMap, dataPoints } from "chainrule/train/boundary.js";
import { LossChart } from "chainrule/train/lossChart.js";

const GRAPH_DELAY = 250; // ms of stillness before the graph at the scrubbed iteration loads
const ANIMATION_MS = 2400; // the boundary's frames, first to last

export class TrainView {
  /** `graphAt(run, k)` → [k', the graph document at p_k'] (k' = k when live); `onAt(k)` hears
   * the scrubber. */
  constructor(root, { runs, stage, graphAt, onAt = () => {} }) {
    this.root = root;
    this.runs = runs;
    this.stage = stage;
    this.graphAt = graphAt;
    this.onAt = onAt;
    this.chart = new LossChart(root.querySelector("svg.loss"));
    this.map = new BoundaryMap(root.querySelector(".boundary-map canvas"));
    this.mapBox = root.querySelector(".boundary-map");
    this.mapCaption = root.querySelector(".boundary-caption");
    this.slider = root.querySelector(".scrubber input");
    this.label = root.querySelector(".scrub-label");
    this.playButton = root.querySelector('[data-train="play"]');
    this.at = null;
    this.slider.addEventListener("input", () => this.scrub(Number(this.slider.value)));
    this.playButton.addEventListener("click", () => this.animate());
  }

  get run() {
    return this.runs.current;
  }

  /** Redraw for the current run; `at` (default: where the scrubber is, or the end). */
  refresh(at = this.at) {
    const run = this.run;
    const ready = Boolean(run?.loss);
    this.slider.disabled = !ready;
    this.playButton.disabled = !run?.frames?.frames.length;
    this.slider.max = String(run?.steps ?? 0);
    this.at = ready ? Math.min(at ?? run.steps, run.steps) : null;
    this.slider.value = String(this.at ?? 0);
    this.root.dataset.at = this.at === null ? "" : String(this.at);
    this.chart.draw(this.runs.list, { current: run?.id, at: this.at });
    this.showBoundary();
    this.showLabel();
  }

  /** The scrubber moved (or a link asked for iteration k). */
  scrub(k, { graph = true } = {}) {
    cancelAnimationFrame(this.animation); // the scrubber takes over from a playing boundary
    this.refresh(k);
    this.onAt(this.at);
    clearTimeout(this.timer);
    if (graph && this.at !== null) this.timer = setTimeout(() => this.showGraph(), GRAPH_DELAY);
  }

  showLabel() {
    const run = this.run;
    if (!run?.loss) {
      this.label.textContent = run ? t("train.running") : t("train.scrub_none");
      return;
    }
    const loss = this.at < run.steps ? run.loss[this.at] : this.finalLoss(run);
    this.label.textContent = t("train.scrub_label", {
      k: this.at, steps: run.steps, loss: loss === undefined ? "—" : fmt(loss),
    });
  }

  /** The loss at p_steps (after the last update): the final graph's output. */
  finalLoss(run) {
    const doc = run.graphs.get(run.steps);
    return doc?.nodes.find((n) => n.id === doc.output)?.value;
  }

  /** The boundary at iteration k, captioned with the iteration it is of; while that picture
   * is on its way (or missing) the data points alone, and the caption says so. */
  showBoundary(k = this.at) {
    const run = this.run;
    this.mapBox.hidden = !run?.boundary;
    if (!run?.boundary || k === null) return;
    const frame = run.frameAt(k);
    const data = dataPoints(run.graphs.get(run.steps));
    this.mapBox.dataset.loading = String(!frame && run.framesLoading);
    this.map.draw({ grid: frame?.grid ?? { ...run.boundary, classes: [] }, data });
    if (frame) this.mapBox.dataset.frame = String(frame.step);
    else delete this.mapBox.dataset.frame;
    this.mapCaption.textContent = frame ? t("train.boundary_at", { k: frame.step })
      : this.missingCaption(run, k);
  }

  missingCaption(run, k) {
    if (run.framesLoading) return t("train.boundary_loading", { k });
    return t("train.boundary_none", { k });
  }

  /** The graph at p_k on the stage (at its last step: every value and gradient shown). An
   * offline replay has only the iterations it recorded: it shows the nearest, and says so. */
  async showGraph() {
    const run = this.run;
    const k = this.at;
    if (!run || k === null) return;
    this.root.dataset.graphLoading = "true";
    try {
      const [shown, doc] = run.graphs.has(k) ? [k, run.graphs.get(k)] : await this.graphAt(run, k);
      if (!doc || this.run !== run || this.at !== k) return;
      run.keepGraph(shown, doc);
      this.stage.load(doc, doc.steps.length - 1);
      this.root.dataset.graphAt = String(shown);
      if (shown !== k) this.label.textContent += ` ${t("train.graph_nearest", { k: shown })}`;
    } catch (error) {
      this.label.textContent = error.detail?.message ?? error.message;
    } finally {
      delete this.root.dataset.graphLoading;
    }
  }

  /** Play the boundary's frames with the chart's marker, then come back to the scrubber. */
  animate() {
    const frames = this.run?.frames?.frames ?? [];
    if (!frames.length) return;
    cancelAnimationFrame(this.animation);
    const run = this.run;
    const start = performance.now();
    const tick = (now) => {
      if (this.run !== run) return;
      const at = Math.floor(((now - start) / ANIMATION_MS) * frames.length);
      const i = Math.max(0, Math.min(frames.length - 1, at));
      this.chart.draw(this.runs.list, { current: run.id, at: frames[i].step });
      this.showBoundary(frames[i].step);
      if (i < frames.length - 1) this.animation = requestAnimationFrame(tick);
      else this.refresh();
    };
    this.animation = requestAnimationFrame(tick);
  }
}
