"""A resident's report as a case, in Chromium against the real server: the resident reports on
a phone and looks the case up; a clerk forwards and answers it; the resident reads the reply."""

from __future__ import annotations

import re

import pytest
from navigation import click_through
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from support import PASSWORD, make_app

from lookup.core import clock
from lookup.lists.db import get_session
from lookup.office import accounts

pytestmark = pytest.mark.browser

CLERK = "办事员乙"
ID_NUMBER = "330482199001011234"


@pytest.fixture(scope="module")
def clerk(live_home) -> str:
    """An office account in the live server's store."""
    app = make_app(live_home)
    with app.app_context():
        accounts.create_user(get_session(), CLERK, "editor", PASSWORD)
    return CLERK


def _wait(driver, css: str):
    return WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _look_up(driver, base: str, number: str, code: str):
    driver.get(base + "/report/status")
    driver.find_element(By.ID, "number").send_keys(number)
    driver.find_element(By.ID, "code").send_keys(code)
    driver.find_element(By.CSS_SELECTOR, "form.report-form button[type=submit]").click()
    return _wait(driver, ".case-status")


def _report(driver, base: str) -> tuple[str, str]:
    driver.get(base + "/report")
    driver.find_element(By.ID, "certificate").send_keys("亲属关系证明")
    driver.find_element(By.ID, "office").send_keys("某某镇便民服务中心")
    day = driver.find_element(By.ID, "happened_on")
    driver.execute_script("arguments[0].value = arguments[1]", day, clock.today().isoformat())
    description = f"办居住证被要求开证明，我的身份证{ID_NUMBER}"
    driver.find_element(By.ID, "description").send_keys(description)
    driver.find_element(By.ID, "contact").send_keys("13812345678")
    driver.find_element(By.CSS_SELECTOR, "form.report-form button[type=submit]").click()
    number = _wait(driver, ".receipt-number").text
    code = driver.find_element(By.CSS_SELECTOR, ".receipt-code").text
    assert re.fullmatch(r"\d{8}-\d{4}", number)
    assert re.fullmatch(r"\d{6}", code)
    assert code not in driver.current_url
    return number, code


def _clerk_forwards_and_answers(driver, base: str, number: str, shoot) -> str:
    driver.get(base + "/admin/login")
    driver.find_element(By.ID, "name").send_keys(CLERK)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(driver, ".case-summary")
    assert "新收到" in driver.find_element(By.CSS_SELECTOR, ".case-summary").text
    driver.get(base + "/admin/reports?status=new")
    driver.find_element(By.LINK_TEXT, number).click()
    _wait(driver, "#department")
    assert ID_NUMBER not in driver.page_source  # masked before it was stored
    department = Select(driver.find_element(By.ID, "department"))
    department.select_by_index(1)
    chosen = department.first_selected_option.text
    click_through(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/forward'] button"))
    flash = _wait(driver, ".flash-ok")
    assert f"已转办至{chosen}" in flash.text
    shoot(driver, "admin-case-forwarded")
    Select(driver.find_element(By.ID, "template")).select_by_visible_text("答复：已督促整改")
    click_through(driver, driver.find_element(By.CSS_SELECTOR, "form.template-pick button"))
    reply = _wait(driver, "#reply")
    assert chosen in reply.get_attribute("value")  # {部门} filled in
    reply.send_keys("\n经办人：市司法局。")
    click_through(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/answer'] button"))
    assert "已答复" in _wait(driver, ".flash-ok").text
    return chosen


def test_a_report_is_answered_and_the_resident_reads_the_reply(
    live_server, clerk, make_driver, shoot
):
    resident = make_driver(phone=True)
    number, code = _report(resident, live_server)
    shoot(resident, "report-receipt")
    case = _look_up(resident, live_server, number, code)
    assert "新收到" in case.text
    for secret in ("某某镇便民服务中心", "13812345678", ID_NUMBER, "办居住证"):
        assert secret not in resident.page_source

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    resident.get(live_server + "/report/status")
    resident.find_element(By.ID, "number").send_keys(number)
    resident.find_element(By.ID, "code").send_keys(wrong)
    resident.find_element(By.CSS_SELECTOR, "form.report-form button[type=submit]").click()
    alert = _wait(resident, "[role=alert]")
    assert "编号或查询码不正确" in alert.text
    assert not resident.find_elements(By.CSS_SELECTOR, ".case-status")

    office = make_driver()
    department = _clerk_forwards_and_answers(office, live_server, number, shoot)
    office.get(f"{live_server}/admin/audit?q={number}")
    log = _wait(office, ".admin-table tbody").text
    assert "转办反映" in log
    assert "答复反映" in log
    assert f"{CLERK}（网页 127.0.0.1）" in log
    office.get(f"{live_server}/admin/reports/figures")
    assert len(office.find_elements(By.CSS_SELECTOR, "svg.chart")) == 3
    assert department in _wait(office, ".figures-table").text
    shoot(office, "admin-figures")

    case = _look_up(resident, live_server, number, code)
    assert "已答复" in case.text
    assert department in case.text
    assert "经办人：市司法局。" in case.find_element(By.CSS_SELECTOR, ".case-reply").text
    # The reply may name the office (the template's {单位}); what the resident typed may not.
    for secret in ("13812345678", ID_NUMBER, "办居住证", CLERK):
        assert secret not in resident.page_source
    shoot(resident, "report-status")
