"""TLS verification against the operating system's trust store (``truststore``): a company CA, or an antivirus that
inspects TLS with its own root certificate, is trusted wherever the system trusts it (Windows certificate store,
macOS Keychain, the distribution's CA bundle on Linux), instead of only certifi's list.

    transport.transport_for(url, tls.ssl_context())
"""

from __future__ import annotations

import ssl
from functools import cache


@cache
def ssl_context() -> ssl.SSLContext:
    """One shared client context (certificate and host name checked, TLS 1.2 or newer)."""
    try:
        import truststore
    except ImportError:  # a broken installation: the standard library's defaults, still verifying
        context = ssl.create_default_context()
    else:
        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
