// The race's functions: each a program whose two inputs are the start point, the view that shows
// its picture, and learning rates that show each optimizer's character there.

export const RACE_PRESETS = [
  {
    // 밑바닥부터 시작하는 딥러닝 ch. 6: SGD zig-zags, Momentum overshoots and rolls back,
    // AdaGrad slows down, Adam goes (nearly) straight; the book's rates.
    id: "bowl", title: "race.preset_bowl", steps: 30, bounds: [-10, 10, -5, 5],
    source: "x = -7.0\ny = 2.0\nf = x ** 2 / 20 + y ** 2",
    lr: { sgd: 0.95, momentum: 0.1, adagrad: 1.5, rmsprop: 0.2, adam: 0.3 },
  },
  {
    id: "rosenbrock", title: "race.preset_rosenbrock", steps: 300, bounds: [-2, 2, -1, 3],
    source: "x = -1.2\ny = 1.0\nf = (1 - x) ** 2 + 100 * (y - x ** 2) ** 2",
    lr: { sgd: 0.001, momentum: 0.0005, adagrad: 0.3, rmsprop: 0.005, adam: 0.05 },
  },
  {
    id: "saddle", title: "race.preset_saddle", steps: 30, bounds: [-3, 3, -3, 3],
    source: "x = -2.0\ny = 0.01\nf = x ** 2 - y ** 2",
    lr: { sgd: 0.1, momentum: 0.03, adagrad: 0.3, rmsprop: 0.05, adam: 0.1 },
  },
  {
    id: "beale", title: "race.preset_beale", steps: 150, bounds: [-0.5, 4.5, -1, 2],
    source: "x = 1.0\ny = 1.5\n"
      + "f = (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2",
    lr: { sgd: 0.005, momentum: 0.001, adagrad: 0.5, rmsprop: 0.02, adam: 0.1 },
  },
  {
    id: "himmelblau", title: "race.preset_himmelblau", steps: 60, bounds: [-5, 5, -5, 5],
    source: "x = 0.0\ny = 0.0\nf = (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2",
    lr: { sgd: 0.01, momentum: 0.003, adagrad: 1.0, rmsprop: 0.1, adam: 0.3 },
  },
];

/** The preset whose program this is (blank lines and spaces at the ends ignored), or null. */
export function presetOf(source) {
  const plain = (text) => text.trim().split("\n").map((l) => l.trim()).filter(Boolean).join("\n");
  return RACE_PRESETS.find((p) => plain(p.source) === plain(source)) ?? null;
}
