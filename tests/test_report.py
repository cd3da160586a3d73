"""Report building: jupytext pairing and in-place notebook execution, in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from vaelib.course import notebooks as report

SOURCE = """# %% [markdown] slideshow={"slide_type": "slide"}
# # Başlık

# %% tags=["demo"]
print(6 * 7)
"""


@pytest.fixture
def notebooks(tmp_path: Path) -> Path:
    """A folder with a jupytext.toml (as at the project root) and one .py notebook."""
    (tmp_path / "jupytext.toml").write_text('formats = "ipynb,py:percent"\n')
    (tmp_path / "01_demo.py").write_text(SOURCE)
    return tmp_path


def test_sync_creates_the_paired_notebook_with_metadata(notebooks: Path) -> None:
    assert report.sync_notebooks(notebooks) == [notebooks / "01_demo.py"]
    nb = nbformat.read(notebooks / "01_demo.ipynb", as_version=4)
    assert nb.cells[0].metadata["slideshow"] == {"slide_type": "slide"}
    assert nb.cells[1].metadata["tags"] == ["demo"]


@pytest.mark.slow
def test_execute_stores_outputs_without_timestamps(notebooks: Path) -> None:
    report.sync_notebooks(notebooks)
    assert report.execute_notebooks(["01_demo"], notebooks) == [notebooks / "01_demo.ipynb"]
    cell = nbformat.read(notebooks / "01_demo.ipynb", as_version=4).cells[1]
    assert cell.outputs[0]["text"] == "42\n"
    assert "execution" not in cell.metadata
    assert sorted(p.name for p in notebooks.iterdir()) == ["01_demo.ipynb", "01_demo.py", "jupytext.toml"]


@pytest.mark.slow
def test_machine_dependent_outputs_are_not_stored_and_streams_are_merged(notebooks: Path) -> None:
    (notebooks / "01_demo.py").write_text(
        SOURCE
        + """
# %% tags=["nbval-ignore-output"]
print("depends on the machine")

# %%
import time
print("one", flush=True)
time.sleep(0.5)
print("two")
"""
    )
    report.sync_notebooks(notebooks)
    report.execute_notebooks(["01_demo"], notebooks)
    cells = nbformat.read(notebooks / "01_demo.ipynb", as_version=4).cells
    assert cells[2].outputs == []
    assert [output["text"] for output in cells[3].outputs] == ["one\ntwo\n"]


def test_failing_notebook_is_not_rewritten(notebooks: Path) -> None:
    (notebooks / "01_demo.py").write_text(SOURCE.replace("6 * 7", "1 / 0"))
    report.sync_notebooks(notebooks)
    before = (notebooks / "01_demo.ipynb").read_bytes()
    message = r"01_demo\.ipynb: a cell raised ZeroDivisionError: division by zero"
    with pytest.raises(report.ReportError, match=message):
        report.execute_notebooks(None, notebooks)
    assert (notebooks / "01_demo.ipynb").read_bytes() == before


def test_unknown_notebook_lists_the_known_ones(notebooks: Path) -> None:
    report.sync_notebooks(notebooks)
    assert report.notebook_paths(["01_demo.py"], notebooks) == [notebooks / "01_demo.ipynb"]
    with pytest.raises(report.ReportError, match=r"no notebook 02_x\.ipynb .*\(known: 01_demo\)"):
        report.notebook_paths(["02_x"], notebooks)


def test_execution_is_quiet(notebooks: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """No kernel warning (e.g. "Kernel is running over TCP without encryption") reaches the terminal."""
    report.sync_notebooks(notebooks)
    capfd.readouterr()
    report.execute_notebooks(["01_demo"], notebooks)
    out, err = capfd.readouterr()
    assert out == "[report] executing 01_demo.ipynb\n"
    assert err == ""
