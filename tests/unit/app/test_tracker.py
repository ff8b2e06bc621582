"""Where conversations are, and that looking for them never creates Rasa's database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from bot.app.tracker import conversations, count_events, delete_before, delete_conversations, tracker_url


def test_tracker_url_from_the_environment(tmp_path: Path) -> None:
    assert tracker_url(tmp_path, {}) == f"sqlite:///{tmp_path / 'tracker.db'}"
    assert tracker_url(tmp_path, {"TRACKER_DB": "/srv/t.db"}) == "sqlite:////srv/t.db"
    url = "postgresql+psycopg2://rasa@db/tracker"
    assert tracker_url(tmp_path, {"TRACKER_DB": "/srv/t.db", "TRACKER_URL": url}) == url


def test_a_missing_store_or_table_holds_nothing_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "tracker.db"
    url = f"sqlite:///{missing}"
    assert conversations(url, ["pw"]) == {} and count_events(url, ["pw"]) == 0
    assert delete_conversations(url, ["pw"]) == 0
    assert not missing.exists()
    sqlite3.connect(tmp_path / "other.db").close()  # a database without Rasa's table
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert conversations(other, ["pw"]) == {} and count_events(other, ["pw"]) == 0
    assert delete_conversations(other, []) == 0


def test_events_not_written_by_rasa_are_handed_over_as_stored(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL,"
                     " intent_name TEXT, action_name TEXT, data TEXT)")  # fmt: skip
        conn.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('pw', 'user', 0, 'not json')")
        conn.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('x', 'user', 10, NULL)")
    url = f"sqlite:///{path}"
    found = conversations(url, ["pw", "pw"])
    assert found == {
        "pw": [{"type": "user", "at": "1970-01-01T00:00:00+00:00", "intent": None, "action": None, "data": "not json"}]
    }
    assert delete_before(url, dt.datetime(1970, 1, 1, 0, 0, 5, tzinfo=dt.timezone.utc)) == 1
    assert count_events(url, ["x"]) == 1
