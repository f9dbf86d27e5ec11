"""`make bench` must not rot: its quick mode measures cold start and writes its results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_cold_start_measures_the_app_and_the_floor(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--only", "cold_start",
         "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=90, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| Cold start → main window shown" in done.stdout
    data = json.loads((tmp_path / "latest-quick.json").read_text())
    (figure,) = data["figures"]
    assert figure["key"] == "cold_start_s"
    assert 0 < figure["reference_median"] < figure["attend_median"] < 30
    assert figure["ratio"] > 1
    assert data["machine"]["cores"] >= 1
