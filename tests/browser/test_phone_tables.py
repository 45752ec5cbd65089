"""On a phone (390×844) the list pages the walk-through found broken one Chinese character per line
(the review-sheet editor, the people files, the publicity targets, the published penalties) read as
cards: no column narrower than about two characters, and the page never scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_registry_flows import CHROMIUM, browser_world, login, page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
]

# The visible table cells holding text whose content box is narrower than two characters of their
# own font (a column squeezed to one character per line).
NARROW_CELLS = """table => Array.from(table.querySelectorAll('th, td')).filter(c => {
  const r = c.getBoundingClientRect();
  if (!r.width || !r.height || !c.innerText.trim()) return false;
  const s = getComputedStyle(c);
  const inner = r.width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  return inner < 2 * parseFloat(s.fontSize);
}).map(c => c.innerText.trim().slice(0, 12))"""


def readable_on_a_phone(pg: Any, table: str) -> None:
    pg.locator(table).first.wait_for()
    assert pg.locator(f"{table} tbody tr").count() > 0
    assert pg.locator(table).first.evaluate(NARROW_CELLS) == []
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways page scroll


def test_the_review_sheet_editor_is_readable_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    login(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/cases/review-sheet/")
    readable_on_a_phone(page, "[data-review-sheet]")
    criterion = page.locator("[data-review-sheet] input[name=text_0]")
    width = criterion.evaluate("e => e.getBoundingClientRect().width")
    font = criterion.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert width >= 15 * font, (width, font)  # the criterion's words can be read while typing


def test_the_people_files_are_readable_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from tests.factories_people import PeopleWorld

    pw = PeopleWorld(browser_world)
    login(page, live_server, pw.officer.username)
    page.goto(f"{live_server.url}/people/")
    readable_on_a_phone(page, "[data-people-files]")
    assert page.locator("[data-people-files] td", has_text="严重精神障碍患者").first.is_visible()


def test_the_publicity_targets_are_readable_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from fazhi.publicity import services
    from tests.dates import today
    from tests.factories_publicity import PublicityWorld

    pw = PublicityWorld(browser_world)
    year = today().year
    quarter = (today().month - 1) // 3 + 1
    services.target_set(actor=pw.legal, region=pw.w.town_a, year=year, metric="large_print", value=4)
    services.target_set(
        actor=pw.legal, region=pw.w.town_a, year=year, quarter=quarter, metric="joint_activities", value=1
    )
    login(page, live_server, pw.legal.username)
    page.goto(f"{live_server.url}/publicity/?year={year}")
    readable_on_a_phone(page, "#targets")


def test_the_published_penalties_are_readable_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    from fazhi.cases.services.publication import decision_publish
    from tests.factories import CaseWorld
    from tests.test_decision_publication import decided, make_individual

    cw = CaseWorld(browser_world)
    make_individual(cw.w.ent_a)
    published = decision_publish(case_id=decided(cw).pk)
    assert published is not None and published.status == "published"
    page.goto(f"{live_server.url}/public/penalties/")
    readable_on_a_phone(page, "[data-penalties]")
    assert page.locator("[data-penalties] td", has_text="巫*****餐饮店").first.is_visible()


def test_the_normative_documents_register_is_readable_on_a_phone(
    page: Any,  # noqa: F811
    live_server: Any,
    browser_world: Any,  # noqa: F811
) -> None:
    from django.utils import timezone

    from fazhi.decisions import services

    services.document_register(
        actor=browser_world["leader_a"],
        region=browser_world.town_a,
        title="峰灵镇集镇摊位管理规定",
        number="峰府发〔1〕3号",
        published_on=timezone.localdate(),
    )
    services.document_draft(
        actor=browser_world["leader_a"],
        region=browser_world.town_a,
        title="峰灵镇养犬管理办法",
        text="第一条 为规范管理，制定本办法。",
    )
    login(page, live_server, "leader_a")
    page.goto(f"{live_server.url}/decisions/documents/")
    readable_on_a_phone(page, "#documents")


def test_the_county_monthly_plan_is_readable_on_a_phone(page: Any, live_server: Any, browser_world: Any) -> None:  # noqa: F811
    import datetime as dt

    from django.utils import timezone

    from fazhi.inspections.models import PlanItem
    from tests.factories import EnterpriseFactory, MatterFactory

    month = (timezone.localdate().replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    matter = MatterFactory(body=browser_world.dept_body, name="烟花爆竹经营安全检查")
    for name, body in (
        ("巫溪县丰禾烟花爆竹经营部", browser_world.dept_body),
        ("巫溪县云台商贸有限公司", browser_world.body_a),
    ):
        PlanItem.objects.create(
            body=body,
            month=month,
            enterprise=EnterpriseFactory(region=browser_world.village_a, name=name),
            matter=matter,
            inspection_type="routine",
            earliest=month,
            latest=month + dt.timedelta(days=10),
        )
    login(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/inspections/plans/?month={month:%Y-%m}")
    readable_on_a_phone(page, "#plan-items")
    # the department is shown on the card (the county's view mixes departments)
    assert page.locator("#plan-items td", has_text="巫溪县应急管理局").first.is_visible()
