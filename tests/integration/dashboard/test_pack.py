"""The supervision pack from the page: the existing export, for a period, audited; only one's own or one's team's."""

from __future__ import annotations

import csv
import io

from bot.dashboard import pack
from tests.integration.dashboard.conftest import World, said, sign_in


def test_a_supervisor_downloads_a_team_members_pack_as_html_and_csv(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    query = {"staff": "demo-worker", "from": "2026-11-01", "to": "2026-11-30"}
    printable = browser.get("/pack", params={**query, "format": "html"})
    assert printable.status_code == 200 and printable.headers["content-type"].startswith("text/html")
    assert (
        'filename="supervision-pack-demo-worker-2026-11-01-to-2026-11-30.html"'
        in printable.headers["content-disposition"]
    )
    assert "Supervision pack: Demo Practitioner, 01 Nov 2026 to 30 Nov 2026" in said(printable)
    sheet = browser.get("/pack", params={**query, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(sheet.text)))
    assert [int(r["id"]) for r in rows] == [world.ids[n] for n in ("challenged", "late", "fresh")]  # oldest first
    assert rows[0]["status"] == "challenged"
    assert [(r.actor, r.target) for r in world.audits(pack.PACK)] == [("demo-supervisor", "demo-worker")] * 2


def test_a_practitioner_gets_their_own_pack_and_is_refused_a_colleagues(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-worker")
    own = browser.get("/pack", params={"from": "2026-11-01", "to": "2026-11-30", "format": "csv"})
    assert own.status_code == 200 and "1234501" in own.text
    other = browser.get("/pack", params={"staff": "demo-nqsw", "from": "2026-10-01", "to": "2026-11-30"})
    assert other.status_code == 403 and "1234505" not in other.text
    assert [(r.actor, r.target) for r in world.audits(pack.PACK_REFUSED)] == [("demo-worker", "demo-nqsw")]


def test_a_supervisor_is_refused_another_teams_pack(world: World, site: str) -> None:
    answer = sign_in(site, world, "demo-supervisor").get(
        "/pack", params={"staff": "other-worker", "from": "2026-11-01", "to": "2026-11-30"}
    )
    assert answer.status_code == 403 and "7654321" not in answer.text
    assert len(world.audits(pack.PACK_REFUSED)) == 1


def test_bad_periods_and_formats_are_explained(world: World, site: str) -> None:
    browser = sign_in(site, world, "demo-supervisor")
    for params, words in (
        ({"from": "2026-11-31", "to": "2026-11-30"}, "should be a date like"),
        ({"from": "2026-11-30", "to": "2026-11-01"}, "must end after it starts"),
        ({"from": "2024-01-01", "to": "2026-11-01"}, "a year at most"),
        ({"from": "2026-11-01", "to": "2026-11-30", "format": "pdf"}, "HTML (to print) or CSV"),
    ):
        answer = browser.get("/pack", params=params)
        assert answer.status_code == 400 and words in said(answer), params
    assert world.audits(pack.PACK) == []
