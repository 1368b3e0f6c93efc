"""The clerk's path in Chromium: a department's rows uploaded, reviewed with the publication
details and a future 施行日期, announced on /changes, and in effect once the (injected) date
has come — with nobody at a keyboard at that moment."""

from __future__ import annotations

import json
import shutil
import sys
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from conftest import ROOT
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from servers import gunicorn

pytestmark = pytest.mark.browser

POLICE = "市公安局"
NEW_NAME = "测试专用鸭梨证明"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def clerk_server(browser_ready, seeded_home, tmp_path):
    """gunicorn over a copy of the seeded home with a publisher, its clock in a file."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support import make_app

    from lookup.lists.db import get_session
    from lookup.office import accounts

    home = tmp_path / "home"
    shutil.copytree(seeded_home, home, ignore=shutil.ignore_patterns("*.lock"))
    app = make_app(home)
    with app.app_context():
        accounts.create_user(get_session(), "clerk", "publisher", PASSWORD)
    clock_file = tmp_path / "clock"
    with gunicorn(
        home,
        tmp_path / "gunicorn.log",
        LOOKUP_INSECURE_COOKIES="1",  # plain http on 127.0.0.1
        LOOKUP_CLOCK_FILE=str(clock_file),
        LOOKUP_VERSION_CHECK_INTERVAL="0.3",
    ) as up:
        yield up[0], home, clock_file


def department_file(home, tmp_path):
    """市公安局's own rows: its first item dropped, one changed, one new."""
    from support import make_app
    from xlsx_factory import official_list, rows_of

    from lookup.lists import store

    with make_app(home).app_context():
        police = [i for i in store.items_of(1, "abolished") if i["requiring_department"] == POLICE]
    rows = rows_of(police[1:])
    rows[0][6] = "数据共享：公安部门网络核验"
    rows.append([99, NEW_NAME, "测试事项办理", POLICE, "派出所", "", "告知承诺", ""])
    return official_list(tmp_path / "市公安局证明事项.xlsx", rows), police


def served_version(base: str) -> int:
    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
        return json.load(response)["version"]


def test_a_clerk_publishes_a_departments_rows_for_a_future_date(
    clerk_server, make_driver, shoot, tmp_path
):
    from lookup.core import clock

    base, home, clock_file = clerk_server
    path, police = department_file(home, tmp_path)
    effective = clock.today() + timedelta(days=20)
    driver = make_driver()
    wait = WebDriverWait(driver, 30)

    driver.get(base + "/admin/login")
    driver.find_element(By.ID, "name").send_keys("clerk")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".admin-nav")))

    driver.get(base + "/admin/upload")
    driver.find_element(By.ID, "file").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]").click()
    scope = wait.until(ec.presence_of_element_located((By.ID, "scope")))
    assert f"仅更新「{POLICE}」的事项" in scope.text
    assert "已自动识别" in scope.text
    summary = driver.find_element(By.CSS_SELECTOR, ".diff-summary").text
    assert "新增 1 项，删除 1 项，修改 1 项" in summary

    driver.find_element(By.ID, "doc_number").send_keys("平司〔2026〕12号")
    for field, day in (("issued_on", clock.today()), ("effective_on", effective)):
        element = driver.find_element(By.ID, field)
        driver.execute_script("arguments[0].value = arguments[1]", element, day.isoformat())
    driver.find_element(By.ID, "note").send_keys("市公安局证明事项调整")
    shoot(driver, "clerk-review")
    driver.find_element(By.CSS_SELECTOR, ".publish-form button[type=submit]").click()
    # admin.js reloads the page when the job is done: the element may go stale meanwhile
    WebDriverWait(driver, 30, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: "已发布为版本 2" in d.find_element(By.ID, "job").text
    )

    driver.get(base + "/changes")
    coming = driver.find_element(By.CSS_SELECTOR, ".coming")
    assert f"第 2 版：自 {clock.chinese_date(effective)}起施行" in coming.text
    assert "平司〔2026〕12号" in coming.text
    assert NEW_NAME in coming.text
    assert police[0]["name"] in coming.text
    shoot(driver, "clerk-announced")
    assert served_version(base) == 1

    driver.get(base + "/search?q=" + urllib.parse.quote(police[1]["name"]))
    note = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".coming-note")))
    assert f"自 {clock.chinese_date(effective)}起" in note.text

    # The 施行日期 comes (the workers' clock moves); nobody touches the service.
    moment = clock.start_of_day(effective)
    clock.write_file_offset(clock_file, moment + timedelta(seconds=5) - clock.utcnow())
    WebDriverWait(driver, 20, poll_frequency=0.3).until(lambda _d: served_version(base) == 2)
    driver.get(base + "/changes")
    assert not driver.find_elements(By.CSS_SELECTOR, ".coming")
    current = driver.find_element(By.ID, "version-2")
    assert "现行" in current.text
    assert "平司〔2026〕12号" in current.text
    driver.get(base + "/search?q=" + urllib.parse.quote(NEW_NAME))
    names = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".result-name")]
    assert NEW_NAME in names
    assert not driver.find_elements(By.CSS_SELECTOR, ".coming-note")
    shoot(driver, "clerk-in-effect")
