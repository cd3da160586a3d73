"""Headless Chromium for the browser tests (slides, course site, JupyterLab): one way to start it, wait and listen."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,800",
]
WAIT_S = 60.0
"""Longest wait for a page condition, in seconds (JupyterLab starting a kernel on a busy CI machine)."""


def start_chromium(tmp_path: Path, width: int, height: int):
    """Return a headless Chromium driver whose page is ``width`` × ``height`` CSS pixels and which logs
    network events; skip the test if Chromium or chromedriver is missing."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip(f"{CHROMIUM} or {CHROMEDRIVER} missing: run .ci/install-chromium as root")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    # The page gets exactly this size, as on a projector (the window size includes browser chrome).
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.set_script_timeout(WAIT_S)
    return driver


def wait_for(driver, script: str, what: str, timeout_s: float = WAIT_S):
    """Poll a JavaScript expression until it is truthy; return its value (fail after ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return {script};")
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout_s} s waiting for {what}")


def network_events(driver) -> list[dict]:
    """Return (and clear) the DevTools network messages Chromium logged since the last call."""
    return [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
