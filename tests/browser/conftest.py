"""Browser tests: Debian's Chromium (via /usr/bin/chromedriver) against a real gunicorn.

The server runs the project's gunicorn.conf.py on a free 127.0.0.1 port with a copy of the
seeded LOOKUP_HOME, once per session. axe-core comes from npm into tests/browser/node_modules
(pinned by package.json and package-lock.json), installed here when missing.
Locally a missing browser skips these tests; with LOOKUP_REQUIRE_BROWSER=1 (CI) it fails them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from servers import gunicorn

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844, "pixelRatio": 2.0, "mobile": True, "touch": True}
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def _unavailable(message: str) -> None:
    if os.environ.get("LOOKUP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (LOOKUP_REQUIRE_BROWSER=1: the browser tests must run)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_ready() -> None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        _unavailable(
            "browser tests skipped: missing "
            + ", ".join(missing)
            + " (apt-get install chromium chromium-driver fonts-noto-cjk)"
        )


@pytest.fixture(scope="session")
def live_home(browser_ready, seeded_home, tmp_path_factory) -> Path:
    """The LOOKUP_HOME the live server runs on (tests may add office users to its store)."""
    home = tmp_path_factory.mktemp("live") / "home"
    shutil.copytree(seeded_home, home, ignore=shutil.ignore_patterns("*.lock"))
    return home


@pytest.fixture(scope="session")
def live_server(live_home):
    """A real gunicorn serving a copy of the seeded home; yields its base URL."""
    with gunicorn(live_home, live_home.parent / "gunicorn.log", WEB_CONCURRENCY="1") as up:
        yield up[0]


@pytest.fixture(scope="session")
def axe_source(browser_ready) -> str:
    """axe-core's script, installed from npm (package-lock.json) when node_modules lacks it."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("browser tests need npm to install axe-core (tests/browser/package.json)")
        command = ["ci"] if (HERE / "package-lock.json").exists() else ["install"]
        subprocess.run(
            [npm, *command, "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=300
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def make_driver(browser_ready, tmp_path):
    """Start Chromium: ``make_driver()`` for a desktop window, ``make_driver(phone=True)``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers = []

    def start(phone: bool = False):
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp_path)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument("--lang=zh-CN")
        if phone:
            options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
            options.add_argument("--window-size=390,844")
        else:
            options.add_argument("--window-size=1280,900")
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        driver.set_script_timeout(120)
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.quit()


@pytest.fixture
def shoot():
    """Save a screenshot (the whole page, or the window) to test-artifacts/screenshots/."""

    def save(driver, name: str, *, full: bool = True) -> Path:
        import base64

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        if not full:
            driver.save_screenshot(str(path))
            return path
        size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 5000)}
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": {**clip, "scale": 1}},
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    return save
