"""The README's in-class command, `.venv/bin/jupyter lab notebooks/`, serves every numbered notebook, and the
repository's settings keep JupyterLab from asking the class about Jupyter news."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaelib.course.project import NOTEBOOKS_DIR

from jupyter_lab import get_json, running_lab

NEWS_SETTINGS = "@jupyterlab/apputils-extension:notification"


@pytest.mark.slow
def test_jupyter_lab_serves_every_numbered_notebook_without_asking_about_news(tmp_path: Path) -> None:
    notebooks = sorted(path.name for path in NOTEBOOKS_DIR.glob("[0-9][0-9]*_*.ipynb"))
    assert notebooks, f"no numbered notebooks in {NOTEBOOKS_DIR}"
    with running_lab(NOTEBOOKS_DIR, tmp_path) as (base_url, token):
        listed = {entry["name"]: entry["type"] for entry in get_json(f"{base_url}/api/contents", token)["content"]}
        for name in notebooks:
            assert listed.get(name) == "notebook", f"{name} is not listed as a notebook: {listed}"
            model = get_json(f"{base_url}/api/contents/{name}", token)
            assert model["type"] == "notebook" and model["format"] == "json"
            assert model["content"]["cells"], f"{name} is served without cells"
        # overrides.json becomes the schema's defaults, which no user setting changes in this fresh config
        schema = get_json(f"{base_url}/lab/api/settings/{NEWS_SETTINGS}", token)["schema"]["properties"]
        assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False, (
            "the news question is on: `make venv` installs jupyter/overrides.json into the venv"
        )
