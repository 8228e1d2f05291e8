from .models import CompanyProfile


def company_profile_list():
    return CompanyProfile.objects.all()


def company_profile_get_default() -> CompanyProfile | None:
    return CompanyProfile.objects.order_by("-is_default", "pk").first()
