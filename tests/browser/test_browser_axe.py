"""axe-core on every public page: no serious or critical WCAG 2.1 A/AA violation."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from test_browser_pages import page_paths

pytestmark = pytest.mark.browser

RUN_AXE = """
var done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
  resultTypes: ["violations"]
}).then(function (r) {
  done(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); })};
  }));
}, function (e) { done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]); });
"""

# What every page must have beyond axe's own rules: one h1, the language, the landmarks.
PAGE_SHAPE = """
return {
  "one-h1": document.querySelectorAll("h1").length === 1,
  "lang-zh-CN": document.documentElement.lang === "zh-CN",
  "one-main": document.querySelectorAll("main").length === 1,
  "banner-nav-footer": !!document.querySelector("header") && !!document.querySelector("nav")
    && !!document.querySelector("footer"),
  "elder-switch": !!document.querySelector(".mode-switch")
};
"""


def run_axe(driver, axe_source: str) -> list[dict]:
    # WebDriver scripts run outside the page's CSP (script-src 'self'): nothing is vendored.
    driver.execute_script(axe_source)
    assert driver.execute_script("return typeof window.axe") == "object"
    return driver.execute_async_script(RUN_AXE)


@pytest.mark.parametrize(("phone", "elder"), [(False, False), (True, True)])
def test_axe_finds_no_serious_violation(live_server, make_driver, axe_source, phone, elder):
    driver = make_driver(phone=phone)
    if elder:
        driver.get(live_server + "/mode/elder")
    failures = {}
    for path in page_paths(live_server):
        driver.get(live_server + path)
        WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
        found = [v for v in run_axe(driver, axe_source) if v["impact"] in ("serious", "critical")]
        found += [{"id": name} for name, ok in driver.execute_script(PAGE_SHAPE).items() if not ok]
        if found:
            failures[path] = found
    assert failures == {}


def test_axe_really_checks_the_page(live_server, make_driver, axe_source):
    """A planted unlabeled input is found: the clean results above are not a silent no-op."""
    driver = make_driver()
    driver.get(live_server + "/")
    driver.execute_script(
        "document.querySelector('main').appendChild(document.createElement('input'))"
    )
    assert "label" in {v["id"] for v in run_axe(driver, axe_source)}
