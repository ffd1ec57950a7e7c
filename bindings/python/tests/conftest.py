"""Shared fixtures: the CLI built at the worktree's root, and a generated corpus of 1,000+ documents."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CLI = Path(os.environ.get("ENTRETIEN_CLI", ROOT / "target" / "release" / "entretien"))
CORPORA = ROOT / "corpora"
#: Documents of the generated corpus (IRaMuTeQ files hold four each, with `role` and `employeur`).
GENERATED_DOCS = int(os.environ.get("ENTRETIEN_GEN_DOCS", "1200"))


def cli(*args, check=True) -> subprocess.CompletedProcess:
    """Runs the entretien binary; its stdout as bytes."""
    if not CLI.exists():
        pytest.fail(f"{CLI} is missing: run `cargo build --release` at the root first")
    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, check=check)


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """A corpus of GENERATED_DOCS small documents (about 2 kB each), plain and IRaMuTeQ files,
    from the repository's generator (examples/gen_corpus.rs)."""
    out = tmp_path_factory.mktemp("generated")
    megabytes = max(1, GENERATED_DOCS * 2_000 // 1_000_000)
    subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--example", "gen_corpus", "--",
         str(out), str(megabytes), str(GENERATED_DOCS), "11"],
        cwd=ROOT, check=True, capture_output=True)
    return out
