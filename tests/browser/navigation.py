"""Waiting for the next page, not for an element the page being left also has.

A form post or a link keeps the old document alive until the new one arrives; waiting for a
selector that both pages share (a flash message, the answer box, ``body.elder``) can return the
old element, which then goes stale under the test. ``click_through`` waits until the old document
is gone before anything is looked up on the new one.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait


def click_through(driver, element, timeout: float = 20) -> None:
    """Click ``element`` and return once the page it was on has been replaced."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, timeout).until(ec.staleness_of(old_page))
