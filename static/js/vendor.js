// The vendored libraries load as classic scripts (see static/vendor/*/VENDOR.md);
// this module hands their globals to the ES modules so nothing else touches `window`.
export const d3 = window.d3;
export const dagre = window.dagre;
export const katex = window.katex;
export const fflate = window.fflate; // served pages: links (url.js), the ZIP export
