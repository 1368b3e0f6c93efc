"""Tasks and plain answers in Chromium at phone width: a task question → the task card → the
task page → an item (issue 11); the elder-mode answer card's plain first line, and the elder
list a page at a time (issue 12)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_browser_pages import FONT_SIZE, assert_no_sideways_scroll, wait_for

pytestmark = pytest.mark.browser

HEIGHT = "return document.documentElement.scrollHeight"


def test_phone_task_question_to_task_page_to_item(live_server, make_driver, shoot):
    driver = make_driver(phone=True)
    driver.get(live_server + "/")
    assert driver.execute_script("return window.innerWidth") == 390
    wait_for(driver, "#q").send_keys("申请公租房要哪些证明", Keys.ENTER)
    answer = wait_for(driver, ".answer-task .answer-text")
    assert answer.text.startswith("办理「公共租赁住房申请」")
    card = wait_for(driver, ".task-card")
    assert card.is_displayed()
    assert "公共租赁住房申请" in card.text
    assert "项不用再开" in card.text
    # The card sits between the answer and the results, inside the first screen or two.
    assert card.location["y"] < driver.find_element(By.ID, "results-h").location["y"]
    assert_no_sideways_scroll(driver)
    shoot(driver, "phone-task-results", full=False)

    card.find_element(By.CSS_SELECTOR, ".task-card-name a").click()
    wait_for(driver, ".task-summary")
    task_page = driver.current_url
    assert driver.find_element(By.TAG_NAME, "h1").text == "公共租赁住房申请"
    summary = driver.find_element(By.CSS_SELECTOR, ".task-summary")
    assert summary.find_element(By.CSS_SELECTOR, ".qr svg").is_displayed()
    checks = driver.find_elements(By.CSS_SELECTOR, ".check-abolished")
    assert len(checks) == 8
    assert all("不用开了：" in c.text for c in checks)
    assert driver.find_element(By.CSS_SELECTOR, ".print-button").is_displayed()
    assert_no_sideways_scroll(driver)
    shoot(driver, "phone-task-page")

    first = checks[0].find_element(By.CSS_SELECTOR, "h3 a")
    name = first.text
    first.click()
    wait_for(driver, ".counter-card")
    assert driver.find_element(By.TAG_NAME, "h1").text == name
    heading = driver.find_element(By.ID, "card-h").text
    assert "办理公共租赁住房申请" in heading
    assert heading.endswith("本证明已取消")
    assert driver.find_element(By.CSS_SELECTOR, ".task-link a").get_attribute("href") == task_page
    assert_no_sideways_scroll(driver)


def test_elder_answer_card_shows_the_plain_first_line(live_server, make_driver, shoot):
    driver = make_driver(phone=True)
    driver.get(live_server + "/mode/elder")
    wait_for(driver, "body.elder")
    wait_for(driver, "#q").send_keys("办居住证要房东开租房证明吗", Keys.ENTER)
    text = wait_for(driver, "body.elder .answer .answer-text")
    detail = driver.find_element(By.CSS_SELECTOR, ".answer .answer-detail")
    assert text.is_displayed()
    assert text.text.startswith("「房屋租赁证明」不用开了")
    assert "取消清单第" in detail.text
    big = driver.execute_script(FONT_SIZE, text)
    small = driver.execute_script(FONT_SIZE, detail)
    assert big >= 22
    assert big > small
    # The first line is on the first screen, above the detail.
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", text)
    assert 0 <= top < driver.execute_script("return window.innerHeight")
    assert text.location["y"] < detail.location["y"]
    assert_no_sideways_scroll(driver)
    shoot(driver, "phone-elder-answer", full=False)


def test_elder_list_is_a_page_at_a_time(live_server, make_driver):
    driver = make_driver(phone=True)
    driver.get(live_server + "/lists/abolished")
    standard = driver.execute_script(HEIGHT)
    driver.get(live_server + "/mode/elder")
    driver.get(live_server + "/lists/abolished")
    wait_for(driver, ".elder-list")
    elder = driver.execute_script(HEIGHT)
    assert len(driver.find_elements(By.CSS_SELECTOR, ".elder-item")) == 20
    assert elder < standard
    assert elder < 15000  # all 216 items in large type were 118,000 px tall
    driver.find_element(By.CSS_SELECTOR, ".pagination a[rel=next]").click()
    wait_for(driver, ".pagination a[rel=prev]")
    assert "page=2" in driver.current_url
    assert_no_sideways_scroll(driver)
