/**
 * Builds of the aws and google providers that register only the service packages our synthesized stacks use.
 *
 * TEST TOOLING for the offline mirror (scripts/provider-mirror.sh). The full aws provider registers ~265
 * service packages and links ~264 AWS SDK clients: compiling it cold took 49 min and 9 GiB on our 2-core CI
 * machine; the google provider registers 176 services (11 min). Our stacks use about 15 of each. The
 * resource code is not changed: this rewrites the files that list the services, in a writable copy of the
 * provider's source (`go build -overlay` refuses files in the module cache), from their own content:
 *   aws     internal/provider/sdkv2/service_packages_gen.go  the registered service packages, cut to ours;
 *           internal/conns/awsclient_gen.go                  the AWSClient's per-service client getters, cut
 *                                                            to the ones the compiled packages call (each
 *                                                            imports an SDK client);
 *   google  google/provider/provider_register_services.go    the blank imports that register the services.
 * A resource type no kept package registers is unknown to such a build, so `terraform validate` fails on it
 * loudly (the set is computed from cdktf.out, so that only happens for a stale build).
 *
 * Usage: tsx scripts/lib/provider-trim.ts --provider aws|google --src DIR --stacks DIR [--also p,p] [--list-only]
 *   --list-only prints the service packages the stacks need and changes nothing (DIR may be the module
 *   cache). Otherwise DIR is the copy to rewrite; the files are unlinked before they are written, so a copy
 *   made of hard links (`cp -al` of the module cache) never writes through to the cache. Prints the kept
 *   service packages (comma-separated) on stdout.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const AWS_MODULE = "github.com/hashicorp/terraform-provider-aws";
export const SERVICE_PACKAGES_GEN = "internal/provider/sdkv2/service_packages_gen.go";
export const AWSCLIENT_GEN = "internal/conns/awsclient_gen.go";
const GOOGLE_MODULE = "github.com/hashicorp/terraform-provider-google";
export const GOOGLE_REGISTER_SERVICES = "google/provider/provider_register_services.go";

export type TrimmedProvider = "aws" | "google";

/** Every `<prefix>*` resource, data source and ephemeral resource type in the synthesized stacks' JSON. */
export function typesInStacks(stacksDir: string, prefix: string): Set<string> {
  const types = new Set<string>();
  for (const stack of fs.readdirSync(stacksDir)) {
    const file = path.join(stacksDir, stack, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    for (const block of ["resource", "data", "ephemeral"]) {
      for (const type of Object.keys((json[block] as Record<string, unknown> | undefined) ?? {})) {
        if (type.startsWith(prefix)) types.add(type);
      }
    }
  }
  return types;
}

/**
 * type name -> the service packages that register it, from each package's sources: the aws provider's
 * generated `TypeName: "aws_..."` entries, the google provider's `registry.Schema{Name: "google_..."}`-style
 * registrations.
 */
export function typeRegistry(provider: TrimmedProvider, sources: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const registry = new Map<string, Set<string>>();
  const pattern = provider === "aws" ? /TypeName:\s*"(aws_[a-z0-9_]+)"/g : /\bName:\s*"(google_[a-z0-9_]+)"/g;
  for (const [pkg, source] of sources) {
    for (const m of source.matchAll(pattern)) {
      if (!registry.has(m[1])) registry.set(m[1], new Set());
      registry.get(m[1])!.add(pkg);
    }
  }
  return registry;
}

/** The service packages that register `types`; throws naming every type no package registers. */
export function packagesFor(provider: TrimmedProvider, types: Iterable<string>, registry: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const packages = new Set<string>();
  const unknown: string[] = [];
  for (const type of types) {
    const pkgs = registry.get(type);
    if (!pkgs) unknown.push(type);
    else for (const p of pkgs) packages.add(p);
  }
  if (unknown.length > 0) {
    throw new Error(`no service package of the ${provider} provider registers ${unknown.sort().join(", ")}`);
  }
  return [...packages].sort();
}

interface GoFile {
  head: string;
  imports: { line: string; name: string }[];
  body: string;
}

/** Splits a generated Go file at its one `import (...)` block. */
function parseGoFile(source: string, file: string): GoFile {
  const m = /^import \(\n([\s\S]*?)\n\)\n/m.exec(source);
  if (!m) throw new Error(`${file}: no import block (has the provider's generator changed?)`);
  const imports = m[1]
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const im = /^\t(?:([A-Za-z_][A-Za-z0-9_]*) )?"([^"]+)"$/.exec(line);
      if (!im) throw new Error(`${file}: unexpected import line ${JSON.stringify(line)}`);
      return { line, name: im[1] ?? im[2].slice(im[2].lastIndexOf("/") + 1) };
    });
  return { head: source.slice(0, m.index), imports, body: source.slice(m.index + m[0].length) };
}

/** Reassembles a Go file, keeping only the imports its body still uses. */
function printGoFile(file: GoFile, body: string): string {
  const used = file.imports.filter((im) => new RegExp(`\\b${im.name}\\.`).test(body));
  return `${file.head}import (\n${used.map((im) => im.line).join("\n")}\n)\n${body}`;
}

/** service_packages_gen.go registering only `keep`; throws if one of them is not in the file. */
export function trimServicePackages(source: string, keep: readonly string[]): string {
  const file = parseGoFile(source, SERVICE_PACKAGES_GEN);
  const entry = /^\t\t([a-z0-9]+)\.ServicePackage\(ctx\),\n/gm;
  const listed = new Set([...file.body.matchAll(entry)].map((m) => m[1]));
  const missing = keep.filter((p) => !listed.has(p));
  if (missing.length > 0) throw new Error(`${SERVICE_PACKAGES_GEN} does not list ${missing.join(", ")}`);
  const kept = new Set(keep);
  return printGoFile(file, file.body.replace(entry, (line, pkg: string) => (kept.has(pkg) ? line : "")));
}

/** The names of the client getters awsclient_gen.go defines (`EC2Client`, ...). */
export function clientGetters(source: string): string[] {
  return [...source.matchAll(/^func \(c \*AWSClient\) ([A-Za-z0-9]+)\(/gm)].map((m) => m[1]);
}

/** awsclient_gen.go with only the getters in `keep` (and the SDK imports they use). */
export function trimClientGetters(source: string, keep: ReadonlySet<string>): string {
  const file = parseGoFile(source, AWSCLIENT_GEN);
  const body = file.body.replace(/^func \(c \*AWSClient\) ([A-Za-z0-9]+)\([^\n]*\{\n[\s\S]*?^\}\n\n?/gm, (fn, name: string) =>
    keep.has(name) ? fn : "",
  );
  return printGoFile(file, body.replace(/\n+$/, "\n"));
}

/** provider_register_services.go importing (registering) only `keep`; throws if one of them is not in it. */
export function trimGoogleServices(source: string, keep: readonly string[]): string {
  const entry = new RegExp(`^\\t_ "${GOOGLE_MODULE}/google/services/([a-z0-9]+)"\\n`, "gm");
  const listed = new Set([...source.matchAll(entry)].map((m) => m[1]));
  const missing = keep.filter((p) => !listed.has(p));
  if (missing.length > 0) throw new Error(`${GOOGLE_REGISTER_SERVICES} does not import ${missing.join(", ")}`);
  const kept = new Set(keep);
  return source.replace(entry, (line, pkg: string) => (kept.has(pkg) ? line : ""));
}

/** getter name -> the service package it resolves its client through (its `names.X` constant's value). */
export function getterServicePackages(awsclientSource: string, namesConsts: string): Map<string, string> {
  const consts = new Map([...namesConsts.matchAll(/^\t([A-Za-z0-9]+)\s+= "([a-z0-9]+)"$/gm)].map((m) => [m[1], m[2]]));
  const result = new Map<string, string>();
  for (const m of awsclientSource.matchAll(/^func \(c \*AWSClient\) ([A-Za-z0-9]+)\([^\n]*\{\n[^\n]*\bnames\.([A-Za-z0-9]+)\b/gm)) {
    const pkg = consts.get(m[2]);
    if (!pkg) throw new Error(`${AWSCLIENT_GEN}: ${m[1]} uses names.${m[2]}, which names/consts_gen.go does not define`);
    result.set(m[1], pkg);
  }
  const missing = clientGetters(awsclientSource).filter((g) => !result.has(g));
  if (missing.length > 0) throw new Error(`${AWSCLIENT_GEN}: no service package found for ${missing.join(", ")}`);
  return result;
}

/** The directories of the aws provider's own packages that `go build .` in `src` compiles. */
function compiledInternalDirs(src: string): string[] {
  const listed = execFileSync("go", ["list", "-deps", "-f", "{{.ImportPath}}\t{{.Dir}}", "."], {
    cwd: src,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  return listed
    .split("\n")
    .map((line) => line.split("\t"))
    .filter(([importPath]) => importPath?.startsWith(`${AWS_MODULE}/internal/`))
    .map(([, dir]) => dir);
}

/** The getters among `getters` that Go sources call (`.EC2Client(`). */
export function gettersCalled(sources: Iterable<string>, getters: readonly string[]): Set<string> {
  const wanted = new Set(getters);
  const called = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/\.([A-Za-z0-9]+Client)\(/g)) if (wanted.has(m[1])) called.add(m[1]);
  }
  return called;
}

function goSources(dir: string, except?: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go") && path.join(dir, f) !== except)
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
}

/** Each service package's sources that name the types it registers, by package (directory) name. */
function registrationSources(provider: TrimmedProvider, src: string): Map<string, string> {
  const sources = new Map<string, string>();
  const serviceDir = provider === "aws" ? path.join(src, "internal", "service") : path.join(src, "google", "services");
  for (const pkg of fs.readdirSync(serviceDir)) {
    if (provider === "aws") {
      const gen = path.join(serviceDir, pkg, "service_package_gen.go");
      if (fs.existsSync(gen)) sources.set(pkg, fs.readFileSync(gen, "utf8"));
    } else if (fs.statSync(path.join(serviceDir, pkg)).isDirectory()) {
      sources.set(pkg, goSources(path.join(serviceDir, pkg)).join("\n"));
    }
  }
  return sources;
}

/** The service packages of the provider source `src` that register the stacks' types, plus `also`. */
export function packagesNeeded(provider: TrimmedProvider, src: string, stacksDir: string, also: readonly string[]): string[] {
  const sources = registrationSources(provider, src);
  const needed = packagesFor(provider, typesInStacks(stacksDir, `${provider}_`), typeRegistry(provider, sources));
  return [...new Set([...needed, ...also.filter((p) => sources.has(p))])].sort();
}

/** Replaces `file` by `content` without writing through a hard link. */
function replaceFile(file: string, content: string): void {
  fs.rmSync(file);
  fs.writeFileSync(file, content);
}

/** Rewrites the copy `src` to register only the packages our stacks use, plus `also`. Returns the kept list. */
export function trimProviderSource(provider: TrimmedProvider, src: string, stacksDir: string, also: readonly string[]): string[] {
  let keep = packagesNeeded(provider, src, stacksDir, also);
  if (provider === "google") {
    const target = path.join(src, GOOGLE_REGISTER_SERVICES);
    replaceFile(target, trimGoogleServices(fs.readFileSync(target, "utf8"), keep));
    return keep;
  }

  const spTarget = path.join(src, SERVICE_PACKAGES_GEN);
  const spSource = fs.readFileSync(spTarget, "utf8");
  const clientTarget = path.join(src, AWSCLIENT_GEN);
  const clientSource = fs.readFileSync(clientTarget, "utf8");
  const getterPackages = getterServicePackages(clientSource, fs.readFileSync(path.join(src, "names", "consts_gen.go"), "utf8"));
  // A getter resolves its client through its service package's registration ("unknown service package"
  // otherwise), so every service whose getter the compiled code calls is registered too: repeat until the
  // compiled packages call no getter of an unregistered service.
  let called: Set<string>;
  for (;;) {
    replaceFile(spTarget, trimServicePackages(spSource, keep));
    called = gettersCalled(
      compiledInternalDirs(src).flatMap((dir) => goSources(dir, clientTarget)),
      clientGetters(clientSource),
    );
    const more = [...called].map((g) => getterPackages.get(g)!).filter((p) => !keep.includes(p));
    if (more.length === 0) break;
    keep = [...new Set([...keep, ...more])].sort();
  }
  replaceFile(clientTarget, trimClientGetters(clientSource, called));
  return keep;
}

function main(argv: string[]): void {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const provider = arg("--provider");
  const src = arg("--src");
  const stacks = arg("--stacks");
  if ((provider !== "aws" && provider !== "google") || !src || !stacks) {
    process.stderr.write("usage: provider-trim.ts --provider aws|google --src DIR --stacks DIR [--also p,p] [--list-only]\n");
    process.exit(2);
  }
  const also = (arg("--also") ?? "").split(",").filter(Boolean);
  const kept = argv.includes("--list-only")
    ? packagesNeeded(provider, src, stacks, also)
    : trimProviderSource(provider, src, stacks, also);
  process.stdout.write(`${kept.join(",")}\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`[provider-trim] error: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
