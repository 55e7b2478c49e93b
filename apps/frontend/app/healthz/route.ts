/** Liveness for the cluster: the Next server answers. It does not call the API (that is the API's probe). */
export function GET() {
  return Response.json({ status: "ok" });
}
