from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fortsync_gui.domain.names import email_domain, normalise_name, website_domain
from fortsync_gui.domain.orgno import format_fortnox, luhn_valid, normalise_org_no
from fortsync_gui.domain.users import match_user


@pytest.mark.parametrize("raw, normal", [
    ("556036-0793", "5560360793"),
    ("5560360793", "5560360793"),
    ("16556036-0793", "5560360793"),
    ("165560360793", "5560360793"),
    ("19800101-1234", "8001011234"),
    (" 556036 0793 ", "5560360793"),
    ("556036-079", None),
    ("", None),
    (None, None),
    ("SE556036079301", None),  # a VAT number is not an org number
    ("tel 08-123 456 78", None),
])
def test_org_no_normal_form(raw: str | None, normal: str | None) -> None:
    assert normalise_org_no(raw) == normal


def test_fortnox_form_and_luhn() -> None:
    assert format_fortnox("16 556036 0793") == "556036-0793"
    assert luhn_valid("5560360793")
    assert not luhn_valid("5560360794")


@given(st.text(alphabet="0123456789", min_size=10, max_size=10), st.sampled_from(["", "16"]),
       st.sampled_from(["", "-", " "]))
def test_every_written_form_of_one_number_normalises_alike(digits: str, prefix: str, sep: str) -> None:
    written = f"{prefix}{digits[:6]}{sep}{digits[6:]}"
    assert normalise_org_no(written) == digits
    assert format_fortnox(written) == f"{digits[:6]}-{digits[6:]}"



@given(st.text(alphabet="0123456789-+ x٣", max_size=14))
def test_hyphens_only_take_the_short_way_to_the_same_answer(raw: str) -> None:
    """normalise_org_no answers hyphenated forms (Fortnox's NNNNNN-NNNN) without its regexes: the same answer as the
    long way, whatever else the text holds (another separator, a stray letter, a non-ASCII digit)."""
    digits = "".join(ch for ch in raw if ch.isdecimal())
    if len(digits) == 12 and digits[:2] in {"16", "18", "19", "20"}:
        digits = digits[2:]
    stray = any(not (ch.isdecimal() or ch.isspace() or ch in "-+") for ch in raw)
    assert normalise_org_no(raw) == (digits if len(digits) == 10 and not stray else None)

def test_name_normalisation_for_suggestions() -> None:
    assert normalise_name("Bergströms Bygg AB") == normalise_name("Bergström Bygg Aktiebolag")
    assert normalise_name("Åkesson & Söner HB") == normalise_name("ÅKESSON SÖNER")
    assert normalise_name("Acme AB") != normalise_name("Acne AB")


def test_email_and_web_domains() -> None:
    assert email_domain("Info@Bergstrom-Bygg.se") == "bergstrom-bygg.se"
    assert email_domain("kalle@gmail.com") is None
    assert email_domain("not an address") is None
    assert website_domain("https://www.bergstrom-bygg.se/kontakt") == "bergstrom-bygg.se"


@dataclass
class U:
    id: int
    name: str


def test_r13_exact_full_name_or_fallback() -> None:
    users = [U(1, "Anna Johansson"), U(2, "Erik Öberg")]
    assert match_user("Anna Johansson", users, fallback_user_id=9) == 1
    assert match_user(" Erik Öberg ", users, fallback_user_id=9) == 2
    assert match_user("Anna-Johansson", users, fallback_user_id=9) == 9
    assert match_user("anna johansson", users, fallback_user_id=9) == 9
    assert match_user("", users, fallback_user_id=9) == 9
