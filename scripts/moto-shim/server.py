"""moto's server, started after the shim's patches (scripts/moto-shim/patches/) are applied.

Run by scripts/moto.sh with the virtualenv's python:  server.py --host 127.0.0.1 --port N

Before applying a patch, the shim asks stock moto whether the patch's gap is still there (each patch's
`gap_present()` probe, run against moto's in-process mock). A gap moto has fixed is reported and its patch is
NOT applied, so a moto upgrade that fixes a gap shows up as a line in the log and a failing shim test
(test_patches.py), never as a silent double fix.
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
    gaps = {patch.__name__: patch.gap_present() for patch in PATCHES}
    lines = []
    for patch in PATCHES:
        name = patch.__name__.split(".")[-1]
        gap = (patch.__doc__ or "").strip().splitlines()[0]
        if gaps[patch.__name__]:
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
