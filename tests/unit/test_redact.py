from __future__ import annotations

import logging

import pytest

from fortsync_gui.clients.errors import ApiError
from fortsync_gui.clients.redact import RedactingFilter, redact, register_secret


@pytest.mark.parametrize("text, secret", [
    ("Authorization: Bearer eyJhbGciOi.abc.def", "eyJhbGciOi.abc.def"),
    ("{'Authorization': 'Basic Zm9vOmJhcg=='}", "Zm9vOmJhcg=="),
    ("Access-Token: 1234-5678-abcd", "1234-5678-abcd"),
    ("Client-Secret: s3cr3t-value", "s3cr3t-value"),
    ("Cookie: token=abcdef123456", "abcdef123456"),
    ("GET /api/v2/accounts?token=abcdef123456&limit=10", "abcdef123456"),
    ("grant_type=refresh_token&refresh_token=a7302e6b-b1cb", "a7302e6b-b1cb"),
    ('{"access_token":"xyz-123-tok","expires_in":3600}', "xyz-123-tok"),
    ("code=the-auth-code&state=1", "the-auth-code"),
])
def test_credentials_are_removed(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_registered_secret_is_removed_anywhere() -> None:
    register_secret("very-unusual-secret-value")
    assert "very-unusual-secret-value" not in redact("oops: very-unusual-secret-value in a message")


def test_exception_text_and_logs_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    err = ApiError("fortnox", "bad token Authorization: Bearer abc.def.ghi", url="/3/x?token=qwerty123")
    assert "abc.def.ghi" not in str(err) and "qwerty123" not in str(err)
    logger = logging.getLogger("test.redact")
    handler_filter = RedactingFilter()
    with caplog.at_level(logging.INFO, logger="test.redact"):
        logger.addFilter(handler_filter)
        try:
            logger.info("sending %s", "Cookie: token=supersecret99")
        finally:
            logger.removeFilter(handler_filter)
    assert "supersecret99" not in caplog.text
