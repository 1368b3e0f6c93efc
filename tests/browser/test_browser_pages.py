"""Residents' pages in Chromium: phone searches in plain words, elder mode, no sideways scroll."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from navigation import click_through
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser

FONT_SIZE = "return parseFloat(getComputedStyle(arguments[0]).fontSize)"


def first_item(base: str, q: str) -> str:
    url = f"{base}/api/v1/search?q={urllib.parse.quote(q)}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)["results"][0]["id"]


def task_named(base: str, name: str) -> str:
    with urllib.request.urlopen(f"{base}/api/v1/tasks", timeout=10) as response:
        return next(t["id"] for t in json.load(response)["tasks"] if t["name"] == name)


def page_paths(base: str) -> list[str]:
    q = urllib.parse.quote("证明我妈是我妈")
    return [
        "/",
        "/tasks",
        f"/tasks/{task_named(base, '户口注销')}",  # certificates on both lists
        f"/search?q={urllib.parse.quote('申请公租房要哪些证明')}",
        f"/search?q={q}",
        f"/items/{first_item(base, '养狗证明')}",
        "/desk",
        f"/desk?q={q}",
        "/lists/abolished",
        "/lists/retained",
        "/changes",
        "/report",
        "/report/status",
    ]


def assert_no_sideways_scroll(driver) -> None:
    width, inner = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= inner, f"{driver.current_url} scrolls sideways: {width} > {inner}"


def wait_for(driver, css: str):
    return WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


@pytest.mark.parametrize(
    ("words", "expected"), [("养狗证明", "居民养犬证明"), ("证明我妈是我妈", "亲属关系证明")]
)
def test_phone_search_in_everyday_words(live_server, make_driver, shoot, words, expected):
    driver = make_driver(phone=True)
    driver.get(live_server + "/")
    assert driver.execute_script("return window.innerWidth") == 390
    box = wait_for(driver, "#q")
    assert driver.switch_to.active_element == box  # autofocus on the home page
    if words == "养狗证明":
        shoot(driver, "phone-home")
    box.send_keys(words, Keys.ENTER)
    answer = wait_for(driver, ".answer .answer-text")
    assert expected in answer.text
    names = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".result-name")]
    assert names[0] == expected
    assert_no_sideways_scroll(driver)
    if words == "养狗证明":
        shoot(driver, "phone-results")
    driver.find_element(By.CSS_SELECTOR, ".result-name").click()
    card = wait_for(driver, ".counter-card")
    assert driver.find_element(By.TAG_NAME, "h1").text == expected
    assert "本证明已取消" in card.text or "本证明仍需提供" in card.text
    assert "清单版本" in card.text
    assert "依据" in card.text
    assert card.find_element(By.CSS_SELECTOR, ".qr svg").is_displayed()
    assert_no_sideways_scroll(driver)
    if words == "养狗证明":
        shoot(driver, "phone-item")


def test_elder_mode_persists_and_enlarges(live_server, make_driver, shoot):
    driver = make_driver(phone=True)
    driver.get(live_server + "/")
    standard = driver.execute_script(FONT_SIZE, driver.find_element(By.TAG_NAME, "body"))
    wait_for(driver, ".mode-switch").click()
    wait_for(driver, "body.elder")
    assert driver.get_cookie("elder")["value"] == "1"
    for link in ("取消清单", "清单变化", "查询"):
        click_through(driver, driver.find_element(By.LINK_TEXT, link))
        body = wait_for(driver, "body.elder")
        size = driver.execute_script(FONT_SIZE, body)
        assert size >= 18, driver.current_url
        assert size > standard
        small = driver.execute_script(
            "return Array.from(document.querySelectorAll("
            "'.mode-switch, .site-nav a, button:not([hidden])'))"
            ".filter(e => e.offsetParent && e.getBoundingClientRect().height < 48)"
            ".map(e => e.textContent.trim())"
        )
        assert small == [], f"touch targets under 48px on {driver.current_url}: {small}"
        assert_no_sideways_scroll(driver)
    driver.find_element(By.CSS_SELECTOR, "#q").send_keys("养狗证明", Keys.ENTER)
    wait_for(driver, "body.elder .answer")
    shoot(driver, "phone-elder-results")
    driver.find_element(By.CSS_SELECTOR, ".mode-switch").click()
    WebDriverWait(driver, 20, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: "elder" not in d.find_element(By.TAG_NAME, "body").get_attribute("class")
    )
    assert driver.get_cookie("elder") is None


@pytest.mark.parametrize("elder", [False, True])
def test_no_page_scrolls_sideways_on_a_phone(live_server, make_driver, shoot, elder):
    driver = make_driver(phone=True)
    driver.get(live_server + "/")
    if elder:
        driver.get(live_server + "/mode/elder")
        wait_for(driver, "body.elder")
    for path in page_paths(live_server):
        driver.get(live_server + path)
        wait_for(driver, "h1")
        assert_no_sideways_scroll(driver)
        if path in ("/changes", "/report", "/desk") or path.startswith("/lists/"):
            name = path.strip("/").replace("/", "-")
            shoot(driver, f"phone-{'elder-' if elder else ''}{name}", full=False)
