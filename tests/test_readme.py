"""The README's results table is the one that runs/reference and vaelib/report_values.py give."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaelib import report_values
from vaelib.course import readme
from vaelib.course.project import REFERENCE_RUN_DIR


def test_readme_results_table_is_up_to_date() -> None:
    committed = readme.readme_results(readme.README.read_text(encoding="utf-8"))
    assert committed == readme.results_table_markdown(REFERENCE_RUN_DIR), (
        "README.md's results table differs from runs/reference: run `make readme` and commit README.md"
    )


def test_table_has_the_reports_numbers() -> None:
    table = readme.results_table_markdown(REFERENCE_RUN_DIR)
    report_psnr = report_values.DENOISING_MEANS["PSNR"][1]
    assert f"| VAE reconstruction → clean: PSNR | {report_psnr:.3f} dB |" in table
    assert f"= {report_values.PCA_EXPLAINED_VARIANCE_SUM:.4f} |" in table


def test_write_readme_results_replaces_only_the_table(tmp_path: Path) -> None:
    path = tmp_path / "README.md"  # not `readme`: that is the module under test
    before, after = "# Title\n\nText.\n", "\n## Next\n"
    path.write_text(f"{before}{readme.RESULTS_START}\nold table\n{readme.RESULTS_END}{after}", encoding="utf-8")
    assert readme.write_readme_results(path, REFERENCE_RUN_DIR)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(before) and text.endswith(f"{readme.RESULTS_END}{after}")
    assert readme.readme_results(text) == readme.results_table_markdown(REFERENCE_RUN_DIR)
    assert not readme.write_readme_results(path, REFERENCE_RUN_DIR), "a second run changes nothing"


def test_missing_markers_are_an_error() -> None:
    with pytest.raises(ValueError, match="results:start"):
        readme.readme_results("# a README without the table\n")
