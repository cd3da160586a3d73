"""The classroom: a worked solution after every exercise, handouts without them, live slides and explorers
in a real JupyterLab that never touch the tracked notebooks."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from vaelib.course import classroom
from vaelib.course.project import BUILD_DIR, NOTEBOOKS_DIR

from browser import start_chromium, wait_for
from jupyter_lab import running_lab

SOURCES = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]*_*.py"))
EXERCISES = "## Alıştırmalar"
SOLUTION_HEADING = re.compile(r"^### Çözüm (\d+)$", re.MULTILINE)
SCREENSHOT = BUILD_DIR / "explorer-screenshot.png"
PRESENT_SLIDE = "document.querySelector('.reveal .slides section.present')"
IDLE_KERNEL = (
    "(w => w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
    " && w.sessionContext.session.kernel.status === 'idle')(window.jupyterapp.shell.currentWidget)"
)


def _is_solution(cell) -> bool:
    return classroom.SOLUTION_TAG in cell.metadata.get("tags", [])


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_every_exercise_has_a_worked_solution_after_the_exercises(source: Path) -> None:
    cells = jupytext.read(source).cells
    start = next(i for i, cell in enumerate(cells) if cell.source.startswith(EXERCISES))
    exercises = len(re.findall(r"^\d+\. ", cells[start].source, flags=re.MULTILINE))
    after = [cell for cell in cells[start + 1 :] if cell.source.strip()]
    assert after and all(_is_solution(cell) for cell in after), (
        f"{source.name}: every cell after the exercises (but the empty one for students) must be tagged "
        f"{classroom.SOLUTION_TAG!r}"
    )
    assert all(cell.metadata.get("slideshow") == {"slide_type": "skip"} for cell in after), (
        f"{source.name}: solutions stay out of the slides (slide_type skip)"
    )
    headings = [int(n) for cell in after if cell.cell_type == "markdown" for n in SOLUTION_HEADING.findall(cell.source)]
    assert headings == list(range(1, exercises + 1)), f"{source.name}: solutions {headings} for {exercises} exercises"
    for n in range(1, exercises + 1):  # each solution has code or a worked derivation, not just a heading
        first = next(i for i, cell in enumerate(after) if f"### Çözüm {n}" in cell.source)
        body = after[
            first + 1 : next((i for i, cell in enumerate(after) if f"### Çözüm {n + 1}" in cell.source), len(after))
        ]
        assert any(cell.cell_type == "code" for cell in body) or len(after[first].source) > 200, (
            f"{source.name}: solution {n} has neither code nor a worked answer"
        )


def test_handouts_have_no_solutions_and_no_outputs(tmp_path: Path) -> None:
    written = classroom.write_student_notebooks(tmp_path)
    assert [p.name for p in written] == [p.name for p in classroom.numbered_notebooks()]
    assert (tmp_path / classroom.GLOSSARY).read_text() == (NOTEBOOKS_DIR / classroom.GLOSSARY).read_text()
    for handout_path in written:
        teacher = nbformat.read(NOTEBOOKS_DIR / handout_path.name, as_version=4)
        handout = nbformat.read(handout_path, as_version=4)
        solutions = [cell.source for cell in teacher.cells if _is_solution(cell) and cell.source.strip()]
        assert solutions, f"{handout_path.name}: the teacher's notebook has no solutions"
        text = "\n".join(cell.source for cell in handout.cells)
        assert not any(_is_solution(cell) for cell in handout.cells)
        assert "### Çözüm" not in text and not [s for s in solutions if s in text], "a solution leaked"
        assert all(
            not cell.get("outputs") and not cell.get("execution_count")
            for cell in handout.cells
            if cell.cell_type == "code"
        )
        kept = [cell.source for cell in teacher.cells if not _is_solution(cell)]
        assert [cell.source for cell in handout.cells] == kept  # everything else is the teacher's


def test_working_copies_for_presenting_are_outside_git(tmp_path: Path) -> None:
    tracked = NOTEBOOKS_DIR / "04_gurultu_giderme.ipynb"
    before = tracked.read_bytes()
    (copy,) = classroom.working_copies(["04_gurultu_giderme"], tmp_path)
    assert copy.read_bytes() == before and (tmp_path / classroom.GLOSSARY).is_file()
    copy.write_text("{}")  # what a live talk does to its copy
    assert tracked.read_bytes() == before
    assert classroom.PRESENT_DIR.is_relative_to(BUILD_DIR)  # build/ is in .gitignore
    assert classroom.lab_command(copy, tmp_path)[-1] == "--LabApp.default_url=/rise/04_gurultu_giderme.ipynb"


@pytest.mark.slow
def test_a_notebook_presents_live_as_a_rise_slideshow(tmp_path: Path) -> None:
    """`make present`'s JupyterLab (its default URL) opens on the working copy's RISE slideshow."""
    root = tmp_path / "present"
    copies = classroom.working_copies(["01_veri"], root)
    default_url = classroom.lab_command(copies[0], root)[-1]
    driver = start_chromium(tmp_path, 1280, 720)
    try:
        with running_lab(root, tmp_path, default_url) as (base_url, token):
            driver.get(f"{base_url}/?token={token}")
            title = wait_for(driver, f"(s => s && s.innerText)({PRESENT_SLIDE})", "the first RISE slide")
            assert "Veri" in title and "/rise/01_veri.ipynb" in driver.current_url
    finally:
        driver.quit()


EXPLORER_NOTEBOOK = nbformat.v4.new_notebook(
    cells=[
        nbformat.v4.new_code_cell(
            "import numpy as np\n"
            "from vaelib import runs\n"
            "from vaelib.course import explorers, project\n"
            "vae, cfg = runs.load_vae(project.REFERENCE_RUN_DIR)\n"
            "explorers.latent_dimensions(vae, np.zeros(cfg.latent_dim), dims=[0, 1])"
        )
    ],
    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}},
)
IMAGE = "document.querySelector('.jp-OutputArea .widget-image')"
KERNEL_START_S = 240.0


@pytest.mark.slow
def test_an_explorer_answers_a_slider_in_jupyterlab(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root = tmp_path / "lab"
    root.mkdir()
    nbformat.write(EXPLORER_NOTEBOOK, root / "explorer.ipynb")
    driver = start_chromium(tmp_path, 1280, 900)
    try:
        with running_lab(root, tmp_path, "--LabApp.expose_app_in_browser=True") as (base_url, token):
            driver.get(f"{base_url}/lab/tree/explorer.ipynb?token={token}")
            wait_for(driver, "window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", "the notebook")
            wait_for(driver, IDLE_KERNEL, "an idle kernel", KERNEL_START_S)
            driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            # a fresh kernel imports TensorFlow and loads the model first
            first = wait_for(driver, f"(img => img && img.src)({IMAGE})", "the explorer's picture", KERNEL_START_S)
            handle = driver.find_elements(By.CSS_SELECTOR, ".jp-OutputArea .widget-slider .noUi-handle")[0]
            handle.send_keys(Keys.ARROW_RIGHT * 10)
            changed = wait_for(
                driver,
                f"(img => img && img.src !== {first!r} && img.src)({IMAGE})",
                "a new picture after moving the slider",
            )
            assert changed != first
            SCREENSHOT.parent.mkdir(exist_ok=True)
            driver.save_screenshot(str(SCREENSHOT))
            assert not driver.execute_script(
                "return Array.from(document.querySelectorAll('.jp-toast-message, .Toastify__toast'))"
                ".some(t => /news/i.test(t.innerText))"
            ), "JupyterLab asked the class about Jupyter news"
    finally:
        driver.quit()
