"""moto's server, started after the shim's patches (scripts/moto-shim/patches/) are applied.

Run by scripts/moto.sh with the virtualenv's python:  server.py --host 127.0.0.1 --port N

Before applying a patch, the shim asks stock moto whether the patch's gap is still there (each patch's
`gap_present()` probe, run against moto's in-process mock). A gap moto has fixed is reported and its patch is
NOT applied, so a moto upgrade that fixes a gap shows up as a line in the log and a failing shim test
(test_patches.py), never as a silent double fix.

MOTO_SHIM_SKIP=name[,name...] leaves the named patches out (e.g. eks_access_config), to see what a stack's
apply and re-plan do against stock moto for that gap.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from patches import PATCHES  # noqa: E402


def apply_patches() -> list[str]:
    """Applies every patch whose gap stock moto still has; returns one report line per patch."""
    # The probes run against moto's in-process mock: values only need to look like credentials.
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "moto-shim-probe")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "moto-shim-probe")
    from patches import _probe

    with _probe.mocked() as session:
        gaps = {patch.__name__: patch.gap_present(session) for patch in PATCHES}
    skip = {n.strip() for n in os.environ.get("MOTO_SHIM_SKIP", "").split(",") if n.strip()}
    unknown = skip - {patch.__name__.split(".")[-1] for patch in PATCHES}
    if unknown:
        raise SystemExit(f"[moto-shim] MOTO_SHIM_SKIP names no patch: {', '.join(sorted(unknown))}")
    lines = []
    for patch in PATCHES:
        name = patch.__name__.split(".")[-1]
        gap = (patch.__doc__ or "").strip().splitlines()[0]
        if name in skip:
            lines.append(f"[moto-shim] SKIPPED (MOTO_SHIM_SKIP): {name}: {gap}")
        elif gaps[patch.__name__]:
            patch.apply()
            lines.append(f"[moto-shim] patched: {name}: {gap}")
        else:
            lines.append(f"[moto-shim] NOT NEEDED (moto fixed it; delete the patch): {name}: {gap}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    if not args.host.startswith("127."):
        parser.error(f"--host must be a loopback address (127.0.0.0/8), got {args.host}")
    for line in apply_patches():
        print(line, flush=True)

    from moto.server import main as moto_main

    moto_main(["--host", args.host, "--port", str(args.port)])


if __name__ == "__main__":
    main()
