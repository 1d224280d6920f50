"""The HTML the simulator serves: Fortnox's consent page ("Godkänn"/"Avbryt"), the page showing an API-kod when
no redirect URI was given, error pages, and the proxy page of the HTML fault."""

from __future__ import annotations

from html import escape

SCOPE_NAMES = {
    "archive": "Arkiv", "article": "Artiklar", "bookkeeping": "Bokföring", "companyinformation": "Företagsinformation",
    "connectfile": "Koppla filer", "costcenter": "Kostnadsställen", "currency": "Valutor", "customer": "Kunder",
    "inbox": "Inkorg", "invoice": "Fakturor", "noxfinansinvoice": "Noxfinans-fakturor", "offer": "Offerter",
    "order": "Ordrar", "payment": "Inbetalningar", "price": "Prislistor och priser", "print": "Utskrifter",
    "profile": "Din profil", "project": "Projekt", "salary": "Lön", "settings": "Inställningar",
    "supplier": "Leverantörer", "supplierinvoice": "Leverantörsfakturor", "timereporting": "Tidredovisning",
}
APP_NAME = "Fortsync"

_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>{title} – Fortnox</title>
<style>body{{font-family:sans-serif;background:#f4f5f7;color:#1d2b36}}main{{max-width:32em;margin:3em auto;
background:#fff;padding:2em;border-radius:8px}}button{{font-size:1em;padding:.6em 1.4em;margin-right:.5em}}
.approve{{background:#00915a;color:#fff;border:0}}code{{font-size:1.3em}}</style></head>
<body><main><h1>{title}</h1>
{content}
</main></body></html>
"""


def page(title: str, content: str) -> str:
    return _PAGE.format(title=escape(title), content=content)


def consent(company: str, scopes: tuple[str, ...], fields: dict[str, str]) -> str:
    hidden = "\n".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in fields.items())
    items = "\n".join(f"<li>{escape(SCOPE_NAMES[s])} ({escape(s)})</li>" for s in scopes)
    return page("Godkänn integration", f"""<p><strong>{APP_NAME}</strong> vill ansluta till
<strong>{escape(company)}</strong> i Fortnox och får då läsa och ändra:</p>
<ul>
{items}
</ul>
<form method="post" action="/oauth-v1/auth">
{hidden}
<button class="approve" type="submit" name="action" value="approve">Godkänn</button>
<button type="submit" name="action" value="deny">Avbryt</button>
</form>""")


def code_shown(code: str) -> str:
    return page("Integrationen är godkänd", f"""<p>Kopiera API-koden och klistra in den i {APP_NAME}:</p>
<p><code id="api-kod">{escape(code)}</code></p>
<p>Koden gäller i 10 minuter och kan användas en gång.</p>""")


def cancelled() -> str:
    return page("Integrationen godkändes inte", f"<p>Du avbröt. {APP_NAME} fick ingen åtkomst till Fortnox.</p>")


def bad_request(message: str) -> str:
    return page("Något gick fel", f"<p>{escape(message)}</p>")


def proxy_error(status: int) -> str:
    """A gateway's error page, as a proxy or a maintenance window serves it instead of JSON."""
    return page(f"{status} – Tjänsten är inte tillgänglig",
                "<p>Fortnox är inte tillgängligt just nu. Försök igen om en stund.</p>")
