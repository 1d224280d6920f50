"""Swedish sentences for the errors the clients raise (their ``message_key``), per service, saying what to do.

The texts are English source strings marked with ``QT_TRANSLATE_NOOP`` in context ``Messages`` and translated when
shown. ``{detail}`` is what the service itself said (already redacted by the clients).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fortsync_gui.clients.errors import ApiError
from fortsync_gui.clients.fortnox_loopback import AuthorizationFailed
from fortsync_gui.clients.redact import redact
from fortsync_gui.secrets import SecretStoreError


class Service(Enum):
    UPSALES = "upsales"
    FORTNOX = "fortnox"


_COMMON = {
    "api.network": QT_TRANSLATE_NOOP("Messages", "Fortsync could not reach {service}. Check the internet connection "
                                                 "and try again."),
    "api.uncertain_write": QT_TRANSLATE_NOOP("Messages", "The connection to {service} broke off during a write, so "
                                                         "it may have gone through. Fortsync checks it before doing "
                                                         "it again. Check the internet connection and try again."),
    "api.malformed": QT_TRANSLATE_NOOP("Messages", "{service} answered with something Fortsync does not understand. "
                                                   "Try again in a while; if it keeps happening, contact {service}'s "
                                                   "support."),
    "api.server": QT_TRANSLATE_NOOP("Messages", "{service} has a problem right now (server error). Try again in a "
                                                "while."),
    "api.rate_limited": QT_TRANSLATE_NOOP("Messages", "{service} is receiving too many requests right now. Wait a "
                                                      "minute and try again."),
    "api.not_found": QT_TRANSLATE_NOOP("Messages", "{service} did not find what Fortsync asked for ({detail})."),
    "api.validation": QT_TRANSLATE_NOOP("Messages", "{service} refused the request: {detail}"),
    "api.error": QT_TRANSLATE_NOOP("Messages", "{service} answered with an error: {detail}"),
    "api.insecure_url": QT_TRANSLATE_NOOP("Messages", "Fortsync only sends keys to {service} over https:// (plain "
                                                      "http:// only to this computer): {detail}. Check the address."),
}

_UPSALES = {
    "api.auth": QT_TRANSLATE_NOOP("Messages", "Upsales did not accept the API key. Check that you copied the whole "
                                              "key, or create a new key in Upsales and paste it here."),
    "api.permission": QT_TRANSLATE_NOOP("Messages", "The API key lacks rights that Fortsync needs ({detail}). Create "
                                                    "the key as an administrator in Upsales."),
}

_FORTNOX = {
    "fortnox.invalid_grant": QT_TRANSLATE_NOOP("Messages", "The code has expired or has already been used. Approve the "
                                                           "integration again and paste the new API code."),
    "fortnox.invalid_client": QT_TRANSLATE_NOOP("Messages", "Fortnox did not recognise Fortsync's app registration "
                                                            "(client id or secret). Check the profile's Fortnox app "
                                                            "settings."),
    "api.auth": QT_TRANSLATE_NOOP("Messages", "Fortnox no longer accepts the authorisation. Approve the integration "
                                              "again and paste the new API code."),
    "api.permission": QT_TRANSLATE_NOOP("Messages", "Fortnox refused access: {detail}. The company may lack a licence "
                                                    "for this part of Fortnox, or the integration was approved without "
                                                    "it. Check the licences in Fortnox and approve the integration "
                                                    "again."),
    "fortnox.access_denied": QT_TRANSLATE_NOOP("Messages", "The integration was not approved in Fortnox. Click Log in "
                                                           "to Fortnox to try again."),
    "fortnox.authorization_failed": QT_TRANSLATE_NOOP("Messages", "Fortnox could not approve the integration "
                                                                  "({detail}). Try again."),
    "fortnox.loopback_timeout": QT_TRANSLATE_NOOP("Messages", "No answer came from the browser in time. Click Log in "
                                                              "to Fortnox to try again, or paste the API code."),
    "fortnox.loopback_cancelled": QT_TRANSLATE_NOOP("Messages", "The sign-in was cancelled."),
    "fortnox.loopback": QT_TRANSLATE_NOOP("Messages", "The sign-in in the browser failed ({detail}). Try again, or "
                                                      "paste the API code."),
    "fortnox.keyring_locked": QT_TRANSLATE_NOOP("Messages", "The Fortnox sign-in needs renewing, but the password "
                                                            "manager does not accept writes. Unlock the password "
                                                            "manager and try again."),
    "fortnox.tokens_unsaved": QT_TRANSLATE_NOOP("Messages", "The Fortnox sign-in was renewed but could not be saved in "
                                                            "the password manager. Unlock the password manager and "
                                                            "try again."),
    "fortnox.refresh_lost": QT_TRANSLATE_NOOP("Messages", "A renewal of the Fortnox sign-in was interrupted and the "
                                                          "sign-in was lost. Log in to Fortnox again."),
}

_KEYRING = QT_TRANSLATE_NOOP("Messages", "This computer's password manager could not be used ({detail}). Unlock it, "
                                         "or check that one is installed, and try again.")
_UNEXPECTED = QT_TRANSLATE_NOOP("Messages", "Something unexpected went wrong ({detail}). Try again; if it keeps "
                                            "happening, report it to Fortsync's support.")

_NAMES = {Service.UPSALES: "Upsales", Service.FORTNOX: "Fortnox"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def error_text(service: Service, error: BaseException) -> str:
    """One Swedish sentence for ``error`` raised while talking to ``service``."""
    if isinstance(error, SecretStoreError):
        return _tr(_KEYRING).format(detail=redact(str(error)))
    key = getattr(error, "message_key", None)
    specific = _UPSALES if service is Service.UPSALES else _FORTNOX
    template = specific.get(key) or _COMMON.get(key or "")
    if template is None:
        return _tr(_UNEXPECTED).format(detail=redact(f"{type(error).__name__}: {error}"))
    if isinstance(error, ApiError):
        detail = error.message
    elif isinstance(error, AuthorizationFailed):
        detail = error.error
    else:
        detail = redact(str(error))
    return _tr(template).format(service=_NAMES[service], detail=detail)
