# ruff: noqa: S603 - zbarimg on a file this test wrote
"""Every QR code the system serves renders in chromium and decodes with zbarimg to what it must
carry: the task code (执法码, a served image/svg+xml) to the page that verifies the team, the
enterprise poster (企业码, inline) to the check-in page, the 2FA set-up code to the device's
otpauth:// address. The task code was served without the SVG namespace: a broken image.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.inspections import codes
from tests.browser.conftest import require_chromium
from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401
from tests.test_onsite import Onsite

ZBARIMG = shutil.which("zbarimg") or "/usr/bin/zbarimg"
pytestmark = [
    pytest.mark.browser,
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _zbarimg_is_installed() -> None:
    require_chromium(
        ZBARIMG
    )  # the same gate: a failure in CI, a skip elsewhere  # Playwright's sync API runs an event loop


def decode(png: Path) -> str:
    """What zbarimg reads in the picture (exactly one code)."""
    done = subprocess.run([ZBARIMG, "--raw", "-q", str(png)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"zbarimg found no code in {png}: {done.stderr}"
    found = done.stdout.strip().splitlines()
    assert len(found) == 1, found
    return found[0]


def render(svgs: dict[str, str], out: Path) -> dict[str, Path]:
    """Screenshots of each SVG in chromium, as ``name: svg`` → ``name: png``. A name ending in
    ``-img`` is loaded as a served file (an <img>, which must draw: naturalWidth > 0), any other
    inline in a page. No database inside: Playwright's loop gives Django another connection."""
    from playwright.sync_api import sync_playwright

    shots = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        pg = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        for name, svg in svgs.items():
            shots[name] = out / f"{name}.png"
            if name.endswith("-img"):
                url = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
                pg.set_content(f'<body style="margin:20px;background:#fff"><img id="qr" src="{url}" width="240">')
                pg.wait_for_function("document.getElementById('qr').complete")
                assert pg.evaluate("document.getElementById('qr').naturalWidth") > 0, f"{name}: a broken image"
                pg.locator("#qr").screenshot(path=str(shots[name]))
            else:
                pg.set_content(f'<body style="margin:20px;background:#fff"><div id="qr">{svg}</div>')
                pg.locator("#qr svg").screenshot(path=str(shots[name]))
        browser.close()
    return shots


def svg_in(html: str) -> str:
    found = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(found) == 1, "one QR code on the page"
    return found[0]


def task_of(url: str) -> int:
    """The inspection a task-code address is for (the token is signed with a timestamp)."""
    path = urlparse(url).path
    assert path.startswith("/v/") and path.endswith("/")
    return codes.read_task_token(path[3:-1]).inspection_id


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_task_code_file_renders_and_opens_the_verification_page(world: Any, tmp_path: Path) -> None:
    site = Onsite(world)
    served = client_for(world["inspector_a"]).get(f"/inspections/visits/{site.visit.pk}/code.svg")
    assert served.status_code == 200 and served["Content-Type"] == "image/svg+xml"
    svg = served.content.decode()
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    url = decode(render({"task-img": svg}, tmp_path)["task-img"])
    assert task_of(url) == site.visit.pk
    shown = Client().get(urlparse(url).path)  # the enterprise scans it: no login
    body = shown.content.decode()
    assert shown.status_code == 200 and "data-verified" in body
    assert all(o.certificate_no in body for o in (site.a1, site.a2, site.d1))


def test_the_enterprise_poster_renders_and_opens_the_check_in(world: Any, tmp_path: Path) -> None:
    Onsite(world)  # a visit today: the check-in page has something to check in to
    poster = client_for(world["enterprise"]).get(f"/inspections/enterprises/{world.ent_a.pk}/code/")
    assert poster.status_code == 200
    svg = svg_in(poster.content.decode())
    for png in render({"poster": svg, "poster-img": svg}, tmp_path).values():  # the page, and the file to print
        url = decode(png)
        path = urlparse(url).path
        assert path.startswith("/inspections/s/")
        assert codes.read_enterprise_token(path.split("/")[3]).enterprise_id == world.ent_a.pk
    officer = client_for(world["inspector_a"]).get(urlparse(url).path)
    assert officer.status_code == 200 and "签到" in officer.content.decode()


def test_the_two_factor_code_renders_and_carries_the_device_key(world: Any, tmp_path: Path, settings: Any) -> None:
    settings.FAZHI_2FA_ROLES = ["county_supervisor"]
    page_html = client_for(world["supervisor"]).get("/accounts/2fa/").content.decode()
    svg = svg_in(page_html)
    device = TOTPDevice.objects.get(user=world["supervisor"], confirmed=False)
    for png in render({"2fa": svg, "2fa-img": svg}, tmp_path).values():
        assert decode(png) == device.config_url
    assert base64.b32encode(device.bin_key).decode().rstrip("=") in device.config_url


def test_the_task_code_shows_on_my_schedule_on_a_phone(
    page: Any,  # noqa: F811
    live_server: Any,
    browser_world: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """我的检查日程 on a phone: the officer opens the task code; it is drawn, not a broken image, and
    the enterprise's phone reading it lands on the team's verification page."""
    site = Onsite(browser_world)
    login(page, live_server, "inspector_a")
    page.goto(f"{live_server.url}/inspections/mine/")
    page.click("summary:has-text('执法码')")
    img = page.locator("img[data-task-code]")
    img.wait_for(state="visible")
    page.wait_for_function("document.querySelector('img[data-task-code]').complete")
    assert img.evaluate("el => el.naturalWidth") > 0, "the task code is a broken image"
    img.screenshot(path=str(tmp_path / "mine.png"))
    url = decode(tmp_path / "mine.png")
    assert url.startswith(f"{live_server.url}/v/") and task_of(url) == site.visit.pk
    page.context.clear_cookies()  # the enterprise's phone: nobody logged in
    page.goto(url)
    page.wait_for_selector("[data-verified]")
    assert site.a1.certificate_no in page.inner_text("body")
    assert page.console_errors == []
