/** `npm start`: serves the production build locally the way the container does (standalone server.js). */
import { spawn } from "node:child_process";
import { STANDALONE_APP, ensureBuild, stageAssets } from "./serve.mjs";

ensureBuild();
stageAssets();
const child = spawn(process.execPath, ["server.js"], {
  cwd: STANDALONE_APP,
  stdio: "inherit",
  // The API listens on 3000 on a development machine; the frontend takes the next port unless told otherwise.
  env: { PORT: "3001", ...process.env, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
