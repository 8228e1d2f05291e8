"""Company profiles and the locked document counters."""

from collections.abc import Callable

from django.db import transaction

from .models import CompanyProfile


@transaction.atomic
def company_profile_create(**fields) -> CompanyProfile:
    profile = CompanyProfile(**fields)
    if not CompanyProfile.objects.filter(is_default=True).exists():
        profile.is_default = True
    profile.full_clean()
    profile.save()
    return profile


def company_profile_next_sequence(
    *, profile_id: int, kind: str, is_taken: Callable[[str], bool] | None = None
) -> tuple[int, str]:
    """Take the next number for `kind` ("invoice" or "quote") under a row lock.

    Must run inside the caller's transaction: the lock is held until it commits, so
    concurrent creations queue here and never share a number. A rolled-back creation
    gives its number back, so the sequence has no gaps from failures. `is_taken`
    skips numbers a caller already chose by hand (an API may set one), so the
    counter never hands out a duplicate.
    """
    profile = CompanyProfile.objects.select_for_update().get(pk=profile_id)
    field = f"next_{kind}_sequence"
    prefix = profile.invoice_prefix if kind == "invoice" else profile.quote_prefix
    sequence = getattr(profile, field)
    number = f"{prefix}{sequence:0{profile.number_padding}d}"
    while is_taken is not None and is_taken(number):
        sequence += 1
        number = f"{prefix}{sequence:0{profile.number_padding}d}"
    CompanyProfile.objects.filter(pk=profile_id).update(**{field: sequence + 1})
    return sequence, number
