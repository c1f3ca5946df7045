// postMessage protocol between an embedded graph (/embed in an iframe) and its host page.
// Documented in docs/embed.md. Steps are counted like ?step=N: N steps shown, 0 = start.
//   host → iframe: {type: "chainrule:step", step: N} | {type: "chainrule:next"}
//                  | {type: "chainrule:prev"} | {type: "chainrule:get"}
//   iframe → host: {type: "chainrule:ready", step, total}
//                  {type: "chainrule:step", step, total, phase}   (on every change, and on get)

export const PREFIX = "chainrule:";

/** The message describing the player's position (pos: index of the last step run, -1 = start). */
export function stepMessage(model, pos, type = "step") {
  const phase = pos < 0 ? "start" : model.steps[pos].phase;
  return { type: PREFIX + type, step: pos + 1, total: model.steps.length, phase };
}

/** Is this one of ours? Anything else (other libraries' messages, strings) is ignored. */
export function isOurs(data) {
  return typeof data === "object" && data !== null && typeof data.type === "string"
    && data.type.startsWith(PREFIX);
}

/**
 * Answer the host page: `player` is moved by its commands, `post` sends to the parent.
 * Only messages from the parent window count; the data is not secret, so replies go to "*".
 */
export function listenToHost(player, { onGet }) {
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || !isOurs(event.data)) return;
    const { type, step } = event.data;
    if (type === PREFIX + "step" && Number.isInteger(step)) player.go(step - 1);
    else if (type === PREFIX + "next") player.next();
    else if (type === PREFIX + "prev") player.prev();
    else if (type === PREFIX + "get") onGet();
  });
}

/** Send a message to the parent page (no-op when not in a frame). */
export function postToHost(message) {
  if (window.parent !== window) window.parent.postMessage(message, "*");
}
