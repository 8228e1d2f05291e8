"""What every Fusebill object needs: the request's options."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.html import escape


@dataclass
class Options:
    """What the request asked for, and what every object needs to know."""

    base_uri: str  # absolute, ends with "/": https://host/fusebill/v1/
    today: dt.date
    include_charges: bool = True
    group_charges: bool = False
    show_tracked_items: bool = False
    show_zero_dollar_charges: bool = False
    tax_rates: dict = field(default_factory=dict)  # TaxRate id -> TaxRate
    ar_balances: dict = field(default_factory=dict)  # id -> (opening, closing)
    signatures: dict = field(default_factory=dict)  # CompanyProfile id -> HTML

    def signature(self, profile) -> str:
        if profile.pk not in self.signatures:
            self.signatures[profile.pk] = signature(profile)
        return self.signatures[profile.pk]


def signature(profile) -> str:
    """The company block Fusebill prints on invoices, as small HTML (escaped)."""
    lines = " | ".join(escape(line) for line in profile.address_lines)
    contact = " | ".join(escape(x) for x in (profile.email, profile.phone) if x)
    html = f"<p><strong>{escape(profile.name)}</strong></p>\n"
    if lines:
        html += f"<p><em>{lines}</em></p>\n"
    if contact:
        html += f"<p>{contact}</p>\n"
    return html
