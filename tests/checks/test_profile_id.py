"""The profile's own ID number (ZC501): a valid 18-character resident ID."""

from __future__ import annotations

import pytest

from zccheck.checks.profile_id import profile_id_findings

from tests.checks.builders import PROFILE_FILE, applicant, data, found, the_pack


def test_a_valid_number():
    assert profile_id_findings(applicant(身份证号="650102198506151232"), the_pack()) == []


def test_a_lowercase_check_character_is_the_same_number():
    assert profile_id_findings(applicant(身份证号="11010519491231002x"), the_pack()) == []


def test_no_number_nothing_to_check():
    assert profile_id_findings(applicant(身份证号=None), the_pack()) == []


@pytest.mark.parametrize("number, problem", [
    ("650102198506151233", "check-digit"),
    ("65010219850615", "length"),
    ("6501021985061512AB", "characters"),
    ("990102198506151232", "region"),
    ("650102198502301232", "birth-date"),
])
def test_an_invalid_number(number, problem):
    findings = profile_id_findings(applicant(身份证号=number), the_pack())
    assert found(findings) == [("ZC501", None, PROFILE_FILE, None)]
    assert data(findings[0], "problem") == {"problem": problem}
