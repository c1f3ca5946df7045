// Groups (the gates made by one `def` call): the model seen with some groups collapsed into
// one gate each. Pure data, like model.js; the layout boxes the expanded groups.
//
// Steps while collapsed: the player keeps every step of the full graph (so ?step=N means the
// same everywhere). The collapsed gate counts as computed once all its gates are, i.e. at the
// group's last forward step; it is the current gate during any of its gates' steps. Edges keep
// their ids, so a boundary edge shows its value and gradient at exactly the step it would
// expanded: an input edge's gradient appears when the gate it enters inside the group runs
// backward (for a one-input function like sig, the group's last backward step).

/** Map id → {id, label, parent} of the response's groups (a self-parent counts as none). */
export function groupIndex(groups = []) {
  const index = new Map();
  for (const g of groups) {
    if (index.has(g.id)) continue;
    index.set(g.id, { ...g, parent: g.parent === g.id ? null : g.parent });
  }
  return index;
}

/** The chain of groups from `gid` outwards (innermost first). */
export function ancestry(index, gid) {
  const chain = [];
  for (let g = gid; g && index.has(g) && !chain.includes(g); g = index.get(g).parent) chain.push(g);
  return chain;
}

/** The outermost collapsed group holding a node of group `gid`, or null. */
function hiddenIn(index, gid, collapsed) {
  return ancestry(index, gid).filter((g) => collapsed.has(g)).at(-1) ?? null;
}

/** Expanded groups that are drawn (not inside a collapsed one), innermost-first order kept. */
export function visibleGroups(index, collapsed) {
  return [...index.keys()].filter((g) => !collapsed.has(g) && !hiddenIn(index, g, collapsed));
}

/** The innermost drawn group around a node of group `gid` (for the layout's clusters). */
export function drawnParent(index, gid, collapsed) {
  return ancestry(index, gid).find((g) => !collapsed.has(g) && !hiddenIn(index, g, collapsed))
    ?? null;
}

/** The model with each group in `collapsed` replaced by one gate; shares edges' numbers. */
export function collapseModel(model, collapsed) {
  const index = groupIndex(model.groups);
  const alias = new Map();
  for (const node of model.nodes.values()) {
    const g = hiddenIn(index, node.group, collapsed);
    if (g) alias.set(node.id, g);
  }
  const nodes = new Map();
  for (const node of model.nodes.values()) {
    const g = alias.get(node.id);
    if (!g) nodes.set(node.id, { ...node, out: [], inputs: [] });
    else if (!nodes.has(g)) nodes.set(g, groupGate(model, index.get(g), alias));
  }
  const edges = [];
  for (const e of model.edges) {
    const source = alias.get(e.source) ?? e.source;
    const target = e.target && (alias.get(e.target) ?? e.target);
    if (source === target) continue; // inside a collapsed group
    edges.push({ ...e, source, target });
    nodes.get(source).out.push(e.id);
    if (target) nodes.get(target).inputs.push(source);
  }
  return {
    ...model, nodes, edges, alias, index, collapsed,
    edgeById: new Map(edges.map((e) => [e.id, e])),
    output: alias.get(model.output) ?? model.output,
  };
}

/** One gate standing for a group: labelled with the function name, valued like its result. */
function groupGate(model, group, alias) {
  const members = [...alias.keys()].filter((id) => alias.get(id) === group.id);
  const result = model.nodes.get(members.at(-1)); // topological order: the result comes last
  return {
    ...result, id: group.id, kind: "op", op: "group", label: group.label, name: result.name,
    gate: null, formula: null, group: group.parent, members, out: [], inputs: [],
  };
}

/** A player state as the collapsed view shows it (see the comment at the top). */
export function collapsedState(view, state) {
  if (!view.alias?.size) return state;
  const computed = new Set(state.computed);
  for (const node of view.nodes.values()) {
    if (node.members?.every((id) => state.computed.has(id))) computed.add(node.id);
  }
  const node = state.current && (view.alias.get(state.current.node) ?? state.current.node);
  const current = state.current && { ...state.current, node };
  return { ...state, computed, current };
}
