"""The tutorial's Python blocks (bindings/python/README.md) run, from the repository's root."""

import os
import re

import pytest

from conftest import ROOT

README = ROOT / "bindings" / "python" / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("n", range(len(BLOCKS)))
def test_readme_block_runs(n, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(BLOCKS[n], f"{README}:block{n}", "exec"), {})


def test_readme_has_blocks():
    assert len(BLOCKS) >= 4 and os.path.exists(README)


def test_package_docstring_examples_run():
    import doctest

    import entretien

    failed, tried = doctest.testmod(entretien)
    assert tried > 0 and failed == 0
