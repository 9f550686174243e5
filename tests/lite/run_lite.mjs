// Runs tests/lite/lite_run.py inside Pyodide under node, as xlwings Lite runs Python.
//
//   node tests/lite/run_lite.mjs HOST_DIR
//
// HOST_DIR holds wheels/ (micropip-*.whl, jixiao-*.whl and the pure-Python dependencies),
// main.py (lite/main.py), lite_run.py, seed.xlsx and payload.json; it is mounted at /host.
// Prints lite_run.run's JSON answer as the last line of stdout. Needs the `pyodide` npm
// package (npm install pyodide) next to this project: node_modules/pyodide.
import { loadPyodide } from "pyodide";
import { readdirSync } from "node:fs";
import path from "node:path";

const host = path.resolve(process.argv[2]);
const started = Date.now();
const pyodide = await loadPyodide({ stdout: (s) => process.stderr.write(s + "\n") });
const loaded = Date.now();
// micropip is not in the npm package (it comes from Pyodide's CDN, out of reach here): its wheel
const micropip = readdirSync(path.join(host, "wheels")).find((n) => n.startsWith("micropip-"));
await pyodide.loadPackage(path.join(host, "wheels", micropip));
pyodide.mountNodeFS("/host", host);
let answer;
try {
  answer = await pyodide.runPythonAsync(`
import sys
from pathlib import Path
sys.path.insert(0, "/host")
import lite_run
await lite_run.run(Path("/host"))
`);
} catch (error) {
  // a Python traceback as Python prints it, not node's dump of the minified source line
  process.stderr.write(String(error.message ?? error) + "\n");
  process.exit(1);
}
const timing = { pyodide_load_seconds: (loaded - started) / 1000,
                 total_seconds: (Date.now() - started) / 1000 };
process.stdout.write(JSON.stringify({ ...JSON.parse(answer), ...timing }) + "\n");
