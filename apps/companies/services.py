"""Company profiles and the locked document counters."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.roles import MANAGE, require
from apps.audit.services import audit_record, audit_record_changes, model_values
from apps.core.money import is_known_currency

from .models import CompanyProfile

# What staff may set on a profile; the counters move only under the lock below.
EDITABLE_FIELDS = (
    "name",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "email",
    "phone",
    "website",
    "logo",
    "default_currency",
    "payment_terms_days",
    "quote_valid_days",
    "default_terms",
    "default_footer",
    "invoice_prefix",
    "quote_prefix",
    "number_padding",
    "is_default",
)


def company_profile_errors(
    profile: CompanyProfile, *, was_default: bool
) -> dict[str, str]:
    """Refusals of a profile's values (the admin's form shows them too); upper-cases
    the currency and country codes in place."""
    errors = {}
    if not is_known_currency(profile.default_currency or ""):
        errors["default_currency"] = (
            f"'{profile.default_currency}' is not a known currency code; "
            "use ISO 4217 such as USD."
        )
    else:
        profile.default_currency = profile.default_currency.upper()
    profile.country = (profile.country or "").upper()
    if not 1 <= (profile.number_padding or 0) <= 12:
        errors["number_padding"] = "Numbers are padded to between 1 and 12 digits."
    if was_default and not profile.is_default:
        errors["is_default"] = (
            "Mark another profile as the default instead; "
            "one profile is always the default."
        )
    return errors


# The number counters move with every document created; each creation is on the
# document's own trail, so the profile's history leaves them out.
_COUNTERS = ("next_invoice_sequence", "next_quote_sequence")


def _clean(profile: CompanyProfile, *, was_default: bool = False) -> None:
    if errors := company_profile_errors(profile, was_default=was_default):
        raise ValidationError(errors)
    profile.full_clean()


def _make_only_default(profile: CompanyProfile) -> None:
    CompanyProfile.objects.exclude(pk=profile.pk).filter(is_default=True).update(
        is_default=False
    )


def _require_manage(by) -> None:
    """Settings are the Admin's. `by` None is the operator at the command line."""
    if by is not None:
        require(by, MANAGE)


@transaction.atomic
def company_profile_create(*, by=None, **fields) -> CompanyProfile:
    """Create a profile; the first one, or one marked default, becomes the default."""
    _require_manage(by)
    profile = CompanyProfile(**fields)
    if not CompanyProfile.objects.filter(is_default=True).exists():
        profile.is_default = True
    _clean(profile)
    profile.save()
    if profile.is_default:
        _make_only_default(profile)
    audit_record(
        subject_type="company_profile",
        subject_id=profile.pk,
        subject_label=profile.name,
        kind="created",
        actor=by,
        data={"fields": model_values(profile, exclude=_COUNTERS)},
    )
    return profile


@transaction.atomic
def company_profile_update(
    *, profile: CompanyProfile, by=None, **fields
) -> CompanyProfile:
    """Change a profile's details. There is always exactly one default profile."""
    _require_manage(by)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            f"Unknown company profile fields: {', '.join(sorted(unknown))}."
        )
    profile = CompanyProfile.objects.select_for_update().get(pk=profile.pk)
    was_default = profile.is_default
    before = model_values(profile, exclude=_COUNTERS)
    for name, value in fields.items():
        setattr(profile, name, value)
    _clean(profile, was_default=was_default)
    profile.save()
    if profile.is_default:
        _make_only_default(profile)
    audit_record_changes(
        subject_type="company_profile",
        instance=profile,
        before=before,
        by=by,
        exclude=_COUNTERS,
    )
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
    sequence = getattr(profile, field)
    number = profile.number_for(kind, sequence)
    while is_taken is not None and is_taken(number):
        sequence += 1
        number = profile.number_for(kind, sequence)
    CompanyProfile.objects.filter(pk=profile_id).update(**{field: sequence + 1})
    return sequence, number
