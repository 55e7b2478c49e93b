/** `npm start`: serves the production build locally the way the container does (standalone server.js). */
import { spawn } from "node:child_process";
import { STANDALONE_APP, ensureBuild, stageAssets } from "./serve.mjs";

ensureBuild();
stageAssets();
const child = spawn(process.execPath, ["server.js"], {
  cwd: STANDALONE_APP,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
