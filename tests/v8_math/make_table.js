// Writes table.txt: for each of Math.sin, cos, exp, log and tanh, inputs spread over the ranges
// TF Playground uses (and beyond) with the value node (V8) returns, both as 64-bit patterns in
// hex, one "name input output" per line. Run: node make_table.js > table.txt
'use strict';
const buf = new DataView(new ArrayBuffer(8));
const bits = (v) => { buf.setFloat64(0, v); return buf.getBigUint64(0).toString(16).padStart(16, '0'); };
// A fixed linear congruential sequence, so the table is the same on every run.
let state = 12345n;
const next = () => { state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); return Number(state >> 11n) / 2 ** 53; };
const ranges = {
  sin: [[-7, 7], [-40, 40], [-8e5, 8e5], [-1e-3, 1e-3]],
  cos: [[-7, 7], [-40, 40], [-8e5, 8e5], [-1e-3, 1e-3]],
  exp: [[-2, 2], [-40, 40], [-745, 709], [-1e-6, 1e-6]],
  log: [[1e-6, 1], [0.5, 2], [1, 1e6], [1e-300, 1e-200]],
  tanh: [[-1, 1], [-5, 5], [-25, 25], [-1e-4, 1e-4], [-1e-8, 1e-8]],
};
const lines = [];
for (const [name, spans] of Object.entries(ranges)) {
  for (const [lo, hi] of spans) {
    for (let k = 0; k < 600; k++) {
      const x = lo + (hi - lo) * next();
      lines.push(`${name} ${bits(x)} ${bits(Math[name](x))}`);
    }
  }
}
process.stdout.write(`# node ${process.version}\n` + lines.join('\n') + '\n');
