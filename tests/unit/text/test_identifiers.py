"""Identifiers other than names, each with its kind and place; candidates may overlap (redact chooses)."""

from __future__ import annotations

from bot.text.identifiers import find


def test_each_kind_is_found_where_it_is() -> None:
    text = "mob 07700 900123, x@y.org, N17 9LJ, NHS 943 476 5919, DOB 3.4.15, at 61 park lane"
    found = {kind: text[start:end] for kind, start, end in find(text)}
    assert found["phone"] == "07700 900123"
    assert found["email"] == "x@y.org"
    assert found["postcode"] == "N17 9LJ"
    assert found["nhs_number"] == "943 476 5919"
    assert found["date_of_birth"] == "3.4.15"
    assert found["address"] == "61 park lane"


def test_addresses_in_capitals_and_rooms_in_hostels() -> None:
    text = "ROOM 5, 8 PARK VIEW COURT and 204 HIGH ROAD"
    found = {text[start:end] for _, start, end in find(text)}
    assert "ROOM 5, 8 PARK VIEW COURT" in found and "204 HIGH ROAD" in found


def test_practice_numbers_are_not_identifiers() -> None:
    assert list(find("3 family court hearings, 45 working days, s47 1st visit, dialled 999")) == []
