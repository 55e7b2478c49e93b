/**
 * The path to return to after sign-in, or "/" when the value could leave the site. Only same-site
 * absolute paths pass: "//host" and "/\host" are protocol-relative to browsers, so an open redirect.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) return "/";
  if (value[1] === "/" || value[1] === "\\") return "/";
  // Control characters (tabs, newlines) are stripped by URL parsers and could rebuild "//".
  if (/[\u0000-\u001f\u007f]/.test(value)) return "/";
  return value;
}
