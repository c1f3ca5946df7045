// Theme (light/dark) and palette (classic green/red or colour-blind-safe blue/orange).
// base.html applies the saved choice before first paint; this wires the toggle buttons.
import { param } from "chainrule/url.js";

const CHOICES = { theme: param("theme").values, palette: param("palette").values };

export function initToggles(root = document) {
  for (const button of root.querySelectorAll("[data-toggle]")) {
    const key = button.dataset.toggle;
    sync(button, key);
    button.addEventListener("click", () => {
      const [a, b] = CHOICES[key];
      const next = document.documentElement.dataset[key] === b ? a : b;
      document.documentElement.dataset[key] = next;
      try {
        localStorage.setItem(`chainrule.${key}`, next);
      } catch {
        // not persisted; the choice still applies to this page
      }
      sync(button, key);
    });
  }
}

function sync(button, key) {
  const on = document.documentElement.dataset[key] === CHOICES[key][1];
  button.setAttribute("aria-pressed", String(on));
}
