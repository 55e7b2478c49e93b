"""The shim's contract with moto, through boto3 against moto's in-process mock:

- every gap a patch names is still there in stock moto (when moto fixes one, its test here fails: delete
  that patch), and
- with the patches applied, no gap is visible any more.

Run: scripts/moto.sh python -m unittest discover -s scripts/moto-shim -v   (npm run test:moto-shim)
"""
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")

from patches import PATCHES, _probe  # noqa: E402

PATCHED_PROBE = """
import sys
sys.path.insert(0, {here!r})
import server
server.apply_patches()
from patches import PATCHES, _probe
with _probe.mocked() as session:
    for patch in PATCHES:
        print(patch.__name__.split(".")[-1], patch.gap_present(session))
"""


class StockMotoGaps(unittest.TestCase):
    """This process never applies a patch, so the probes see stock moto."""

    def test_every_patched_gap_is_still_present_in_stock_moto(self) -> None:
        with _probe.mocked() as session:
            for patch in PATCHES:
                with self.subTest(patch=patch.__name__):
                    self.assertTrue(patch.gap_present(session), f"{patch.__name__}: moto fixed this gap; delete the patch")


class PatchedMoto(unittest.TestCase):
    def test_no_gap_is_visible_with_the_patches_applied(self) -> None:
        ran = subprocess.run(
            [sys.executable, "-c", PATCHED_PROBE.format(here=HERE)], capture_output=True, text=True, timeout=600, check=True
        )
        still_open = dict(line.split() for line in ran.stdout.splitlines() if line and not line.startswith("[moto-shim]"))
        self.assertEqual(len(still_open), len(PATCHES))
        for name, present in still_open.items():
            with self.subTest(patch=name):
                self.assertEqual(present, "False", f"{name}: the gap is still visible with the patch applied")


class AddonApi(unittest.TestCase):
    """What the aws provider relies on: an add-on is ACTIVE at once, keeps its version and goes with DeleteAddon."""

    def test_an_addon_is_active_at_once_and_not_found_after_delete(self) -> None:
        ran = subprocess.run([sys.executable, "-c", ADDON_SCRIPT.format(here=HERE)], capture_output=True, text=True, timeout=600)
        self.assertEqual(ran.returncode, 0, ran.stderr)
        self.assertEqual(ran.stdout.split(), ["ACTIVE", "v1.11.4-eksbuild.2", "['coredns']", "ResourceNotFoundException", "[]"])


ADDON_SCRIPT = """
import sys
sys.path.insert(0, {here!r})
from patches import eks_addons, _probe
eks_addons.apply()
with _probe.mocked() as session:
    _probe.cluster(session, "probe")
    eks = session.client("eks")
    eks.create_addon(clusterName="probe", addonName="coredns", addonVersion="v1.11.4-eksbuild.2")
    addon = eks.describe_addon(clusterName="probe", addonName="coredns")["addon"]
    print(addon["status"], addon["addonVersion"], str(eks.list_addons(clusterName="probe")["addons"]).replace(" ", ""))
    eks.delete_addon(clusterName="probe", addonName="coredns")
    try:
        eks.describe_addon(clusterName="probe", addonName="coredns")
    except eks.exceptions.ResourceNotFoundException as e:
        print(e.response["Error"]["Code"])
    print(eks.list_addons(clusterName="probe")["addons"])
"""

if __name__ == "__main__":
    unittest.main()
