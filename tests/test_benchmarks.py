"""The throughput benchmark's memory figures: RSS and PSS summed over a process tree (Linux /proc)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/smaps_rollup").exists(),
                                reason="needs Linux /proc/PID/smaps_rollup")


@pytest.fixture(scope="module")
def throughput():
    spec = importlib.util.spec_from_file_location("throughput", ROOT / "benchmarks" / "throughput.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pss_of_one_process_is_at_most_its_rss(throughput):
    rss, pss, largest = throughput._tree_memory(os.getpid())
    assert 0 < pss <= rss and largest == rss  # no children: the tree is this process
    assert throughput._pss(os.getpid()) > 0


def test_the_tree_counts_children_and_pss_counts_shared_pages_once(throughput):
    """A child sharing the interpreter's libraries: RSS counts them twice, PSS once between the two."""
    alone_rss, alone_pss, _ = throughput._tree_memory(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while throughput._tree_memory(child.pid)[0] < 5e6 and time.monotonic() < deadline:
            time.sleep(0.05)
        child_rss, child_pss, _ = throughput._tree_memory(child.pid)
        rss, pss, largest = throughput._tree_memory(os.getpid())
    finally:
        child.communicate(b"")
    assert child_pss < child_rss  # the shared libraries are shared, with this process at least
    assert rss >= alone_rss + child_rss * 0.9 and largest >= child_rss
    assert pss < rss
