"""The staff desk in Chromium: keyboard only, from page load to a copied answer and an item."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser


def active_result(driver) -> int:
    """Index of the focused result (-1 when focus is elsewhere)."""
    return driver.execute_script(
        "var r = Array.from(document.querySelectorAll('.desk-result'));"
        "return r.indexOf(document.activeElement.closest('.desk-result'));"
    )


def allow_clipboard(driver, origin: str) -> None:
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )


def read_clipboard(driver) -> str:
    return driver.execute_async_script(
        "var done = arguments[0];"
        "navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });"
    )


def test_desk_keyboard_flow(live_server, make_driver, shoot):
    driver = make_driver()
    allow_clipboard(driver, live_server)
    wait = WebDriverWait(driver, 20)
    driver.get(live_server + "/desk")
    box = wait.until(ec.presence_of_element_located((By.ID, "desk-q")))
    assert driver.switch_to.active_element == box
    driver.switch_to.active_element.send_keys("无犯罪记录证明", Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".desk-result")))
    assert driver.switch_to.active_element.get_attribute("id") == "desk-q"
    first = driver.find_element(By.CSS_SELECTOR, ".desk-result")
    for label in ("办理事项", "索要单位", "开具单位", "依据"):
        assert label in first.text  # dense: every field visible without clicking
    shoot(driver, "desk", full=False)

    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert active_result(driver) == 0
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert active_result(driver) == 1
    selected = driver.find_elements(By.CSS_SELECTOR, ".desk-result.is-selected")
    assert len(selected) == 1
    driver.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert active_result(driver) == 0

    driver.switch_to.active_element.send_keys(Keys.ENTER)
    status = driver.find_element(By.ID, "desk-status")
    wait.until(lambda d: "已复制" in status.text)
    expected = driver.find_element(By.ID, "say-1").get_attribute("value")
    assert "第 1 版" in expected
    assert "依据" in expected
    assert read_clipboard(driver) == expected
    assert active_result(driver) == 0  # focus stays on the result for the next key

    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    assert driver.switch_to.active_element.get_attribute("id") == "desk-q"
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    href = driver.switch_to.active_element.get_attribute("data-href")
    driver.switch_to.active_element.send_keys("o")
    wait.until(ec.url_contains(href))
    assert driver.find_element(By.CSS_SELECTOR, ".counter-card")


def test_copy_falls_back_to_selecting_the_text(live_server, make_driver):
    driver = make_driver()
    driver.get(live_server + "/desk?q=养狗证明")
    driver.execute_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    driver.find_element(By.CSS_SELECTOR, ".desk-result .copy-button").click()
    status = driver.find_element(By.ID, "desk-status")
    WebDriverWait(driver, 20).until(lambda d: "复制" in status.text)
    area = driver.find_element(By.ID, "say-1")
    assert area.is_displayed()  # its <details> was opened
    selected = driver.execute_script(
        "var a = arguments[0]; return a.value.substring(a.selectionStart, a.selectionEnd);", area
    )
    assert selected == area.get_attribute("value")


def test_desk_slip_and_department_sheet(live_server, make_driver, shoot):
    driver = make_driver()
    driver.get(live_server + "/desk?q=" + "养狗证明")
    driver.find_element(By.CSS_SELECTOR, ".desk-result .desk-actions a[href$='/slip']").click()
    slip = WebDriverWait(driver, 20).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".slip"))
    )
    assert "本证明已取消" in slip.text
    assert "清单版本" in slip.text
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not driver.find_element(By.CSS_SELECTOR, ".site-header").is_displayed()
    assert slip.is_displayed()
    shoot(driver, "desk-slip-print")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.get(live_server + "/desk/print?department=市公安局")
    rows = driver.find_elements(By.CSS_SELECTOR, ".sheet-table tbody tr")
    assert rows
    assert "市公安局" in driver.find_element(By.TAG_NAME, "h1").text
    shoot(driver, "desk-department")
