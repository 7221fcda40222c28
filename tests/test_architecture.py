"""The layers of pyproject.toml's ``[tool.importlinter]`` hold: an import that runs back up
(the analysis core importing the store, a layer importing a shell) fails CI, with
lint-imports' own report naming the module, the import and its line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The console script of import-linter (the test extra): next to this interpreter in a
# virtualenv, else on the PATH.
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
if not LINT_IMPORTS.exists():
    LINT_IMPORTS = Path(shutil.which("lint-imports") or LINT_IMPORTS)
# About a second here; the bound only stops a hung run from stalling CI.
TIMEOUT_S = 120.0
# An import that runs up the layers: the pure core reaching into the store.
BACK_EDGE_MODULE = Path("tracker/analysis/wear.py")
BACK_EDGE_IMPORT = "import tracker.store  # a back-edge planted by the test\n"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the ``tracker`` package and the contracts found in ``root``."""
    assert LINT_IMPORTS.exists(), f"{LINT_IMPORTS} is missing: pip install -e '.[test]'"
    # The package analysed is the one under ``root``, whatever is installed.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def test_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, (
        "an import breaks the layers in pyproject.toml:\n" + result.stdout + result.stderr
    )


def test_a_back_edge_breaks_the_layers(tmp_path: Path) -> None:
    # The check above must be able to fail: the same contracts on a copy of the package
    # with one import that runs up the layers.
    shutil.copytree(
        ROOT / "tracker", tmp_path / "tracker", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    module = tmp_path / BACK_EDGE_MODULE
    module.write_text(module.read_text() + BACK_EDGE_IMPORT)

    result = lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert "tracker.analysis.wear -> tracker.store" in result.stdout
