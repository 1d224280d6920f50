"""What a phase's planner sees of the links earlier phases of the same run will make: a company linked or created
by the companies phase is the company of its customer's documents, a product created by the products phase is the
product of its article's rows. Ids are real, or a :class:`~.model.Ref` to the step that makes them."""

from __future__ import annotations

from dataclasses import dataclass, field

from fortsync_gui.store import EntityKind

from ..state import LinkRow
from .model import Ref, RemoteRef


@dataclass
class Overlay:
    company_of_customer: dict[str, RemoteRef] = field(default_factory=dict)  # customer number -> company id
    customer_of_company: dict[str, RemoteRef] = field(default_factory=dict)  # company id (text) -> customer number
    link_steps: dict[tuple[EntityKind, str], int] = field(default_factory=dict)  # (kind, upsales id) -> link step
    waiting_customers: set[str] = field(default_factory=set)  # customers held back for a duplicate decision
    product_of_article: dict[str, RemoteRef] = field(default_factory=dict)
    article_of_product: dict[str, str] = field(default_factory=dict)  # product id (text) -> article number

    @classmethod
    def of_links(cls, companies: list[LinkRow], products: list[LinkRow]) -> Overlay:
        out = cls()
        for link in companies:
            out.company_of_customer[link.fortnox_id] = int(link.upsales_id)
            out.customer_of_company[link.upsales_id] = link.fortnox_id
        for link in products:
            out.product_of_article[link.fortnox_id] = int(link.upsales_id)
            out.article_of_product[link.upsales_id] = link.fortnox_id
        return out

    def add_products(self, products: list[LinkRow]) -> None:
        for link in products:
            self.product_of_article.setdefault(link.fortnox_id, int(link.upsales_id))
            self.article_of_product.setdefault(link.upsales_id, link.fortnox_id)

    def company(self, company_id: RemoteRef, customer: RemoteRef, step: int | None = None) -> None:
        """The company and the customer will be linked (by ``step``, when this run makes the link)."""
        if isinstance(customer, str):
            self.company_of_customer[customer] = company_id
        if not isinstance(company_id, Ref):
            self.customer_of_company[str(company_id)] = customer
            if step is not None:
                self.link_steps[(EntityKind.COMPANY, str(company_id))] = step
