// The optimizer picker: which optimizer (or none), its learning rate on a log-scale slider, its
// own hyperparameters, and its update rule in the lecture notes' form (KaTeX, from
// GET /api/optimizers). Used by the graph page's update phase and the train panel.
import { t } from "chainrule/i18n/i18n.js";
import { renderTex } from "chainrule/graph/tex.js";
import { HYPER, OPTIMIZERS } from "chainrule/train/state.js";

export const NAME_IDS = {
  sgd: "optim.sgd", momentum: "optim.momentum", adagrad: "optim.adagrad",
  rmsprop: "optim.rmsprop", adam: "optim.adam",
};
const HYPER_IDS = {
  momentum: "optim.hyper_momentum", rho: "optim.hyper_rho", beta1: "optim.hyper_beta1",
  beta2: "optim.hyper_beta2", eps: "optim.hyper_eps",
};
const LOG_LR = { min: -4, max: 1 }; // the slider spans η = 10⁻⁴ … 10

/** η for reading: three significant digits, no trailing zeros (0.1, 0.003, 1.5). */
export function lrText(lr) {
  return String(Number(lr.toPrecision(3)));
}

export class OptimizerPicker {
  /** `infos`: GET /api/optimizers; `allowNone`: a "none" choice (the graph page). */
  constructor(root, infos, { allowNone = false, formula = true, onChange = () => {} } = {}) {
    this.root = root;
    this.infos = new Map(infos.map((info) => [info.name, info]));
    this.onChange = onChange;
    root.classList.add("opt-picker");
    root.replaceChildren(
      this.nameField(allowNone), this.lrField(), (this.hyperBox = div("opt-hyper")),
      (this.formula = div("opt-formula")),
    );
    this.formula.hidden = !formula;
    this.values = { opt: "", lr: 0.1, params: [] };
  }

  nameField(allowNone) {
    this.select = document.createElement("select");
    if (allowNone) this.select.add(new Option(t("optim.none"), ""));
    for (const name of OPTIMIZERS) this.select.add(new Option(t(NAME_IDS[name]), name));
    this.select.addEventListener("change", () => this.changed({ opt: this.select.value }));
    return field("opt-name", t("optim.label"), this.select);
  }

  lrField() {
    this.slider = input("range", { min: LOG_LR.min, max: LOG_LR.max, step: 0.01 });
    this.slider.classList.add("lr-slider");
    this.slider.setAttribute("aria-label", t("optim.lr_slider"));
    this.number = input("number", { min: 0, step: "any" });
    this.number.classList.add("lr-value");
    this.slider.addEventListener("input", () => this.changed({ lr: 10 ** Number(this.slider.value) }));
    this.number.addEventListener("change", () => {
      const lr = Number(this.number.value);
      if (lr > 0) this.changed({ lr });
      else this.show();
    });
    this.lrBox = field("opt-lr", t("optim.lr"), this.number);
    this.lrBox.append(this.slider);
    return this.lrBox;
  }

  /** Show `values` ({opt, lr, momentum, …}); no onChange. */
  set(values) {
    this.values = { ...this.values, ...values };
    this.show();
  }

  changed(part) {
    this.values = { ...this.values, ...part };
    if ("lr" in part) this.values.lr = Number(lrText(this.values.lr));
    this.show(part);
    this.onChange(part.lr ? { lr: this.values.lr } : part);
  }

  show(part = {}) {
    const { opt, lr } = this.values;
    this.select.value = opt;
    this.root.dataset.opt = opt || "none";
    if (!("lr" in part) || document.activeElement !== this.number) this.number.value = lrText(lr);
    this.slider.value = String(Math.log10(lr));
    this.lrBox.hidden = !opt;
    this.showHyper(opt);
    const info = this.infos.get(opt);
    this.formula.replaceChildren();
    if (info) renderTex(this.formula, info.tex, info.tex);
  }

  /** One number field per hyperparameter of the chosen optimizer (its default as placeholder). */
  showHyper(opt) {
    const defaults = this.infos.get(opt)?.defaults ?? {};
    const keys = HYPER.filter((key) => key in defaults);
    if (this.hyperBox.dataset.opt === opt) return this.fillHyper(keys, defaults);
    this.hyperBox.dataset.opt = opt;
    this.hyperBox.replaceChildren(...keys.map((key) => {
      const box = input("number", { min: 0, step: "any" });
      box.name = key;
      box.addEventListener("change", () => {
        const v = box.value === "" ? null : Number(box.value);
        this.changed({ [key]: Number.isFinite(v) ? v : null });
      });
      return field(`opt-${key}`, t(HYPER_IDS[key]), box);
    }));
    this.fillHyper(keys, defaults);
  }

  fillHyper(keys, defaults) {
    for (const key of keys) {
      const box = this.hyperBox.querySelector(`input[name="${key}"]`);
      box.placeholder = String(defaults[key]);
      if (document.activeElement !== box) box.value = this.values[key] ?? defaults[key];
    }
  }
}

function div(className) {
  const el = document.createElement("div");
  el.className = className;
  return el;
}

function input(type, attrs) {
  const el = document.createElement("input");
  el.type = type;
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  return el;
}

/** <label class=…><span>words</span> control</label> */
export function field(className, words, control) {
  const label = document.createElement("label");
  label.className = className;
  const span = document.createElement("span");
  span.textContent = words;
  label.append(span, control);
  return label;
}
