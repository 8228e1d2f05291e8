"""Named tax rates staff pick for items. An item copies the percent when it is
chosen, so changing or retiring a rate never changes an issued invoice."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.roles import MANAGE, require
from apps.core.money import ZERO

from ..models import TaxRate

EDITABLE_FIELDS = ("name", "percent", "is_compound", "is_active")


def _clean(tax_rate: TaxRate) -> None:
    tax_rate.name = (tax_rate.name or "").strip()
    if not ZERO <= Decimal(tax_rate.percent) <= 100:
        raise ValidationError(
            {"percent": "A tax rate must be between 0 and 100 percent."}
        )
    tax_rate.full_clean()


def _require_manage(by) -> None:
    """Tax rates are settings, the Admin's. `by` None is the operator's shell."""
    if by is not None:
        require(by, MANAGE)


@transaction.atomic
def tax_rate_create(*, by=None, **fields) -> TaxRate:
    _require_manage(by)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown tax rate fields: {', '.join(sorted(unknown))}.")
    tax_rate = TaxRate(**fields)
    _clean(tax_rate)
    tax_rate.save()
    return tax_rate


@transaction.atomic
def tax_rate_update(*, tax_rate: TaxRate, by=None, **fields) -> TaxRate:
    _require_manage(by)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown tax rate fields: {', '.join(sorted(unknown))}.")
    tax_rate = TaxRate.objects.select_for_update().get(pk=tax_rate.pk)
    for name, value in fields.items():
        setattr(tax_rate, name, value)
    _clean(tax_rate)
    tax_rate.save()
    return tax_rate
