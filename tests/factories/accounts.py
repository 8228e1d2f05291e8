import factory

from apps.accounts.models import (
    AccountPolicy,
    ApiKey,
    LoginToken,
    SessionToken,
    User,
    UserEvent,
)
from apps.accounts.roles import ADMIN
from apps.accounts.services import (
    api_key_create,
    login_token_create,
    session_token_create,
    sha256_hex,
    user_role_set,
)


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; an Admin unless `role=` says otherwise (BILLING, VIEWER), so
    tests written before roles existed keep the access they assumed."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    full_name = factory.Faker("name")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            user_role_set(user=obj, role=extracted or ADMIN)


class ApiKeyFactory(factory.django.DjangoModelFactory):
    """Issued through api_key_create; the one-time secrets ride on `.issued`."""

    class Meta:
        model = ApiKey

    user = factory.SubFactory(UserFactory)
    name = "Integration"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        issued = api_key_create(**kwargs)
        issued.api_key.issued = issued
        return issued.api_key


class LoginTokenFactory(factory.django.DjangoModelFactory):
    """Issued through login_token_create; the `<id>|<secret>` token is `.token`."""

    class Meta:
        model = LoginToken

    user = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, user, **kwargs):
        token = login_token_create(user=user)
        instance = LoginToken.objects.get(pk=token.split("|", 1)[0])
        instance.token = token
        return instance


class SessionTokenFactory(factory.django.DjangoModelFactory):
    """A TimeTap session token from session_token_create; the secret is `.token`."""

    class Meta:
        model = SessionToken

    api_key = factory.SubFactory(ApiKeyFactory)

    @classmethod
    def _create(cls, model_class, *args, api_key, **kwargs):
        token = session_token_create(api_key=api_key)
        instance = SessionToken.objects.get(token_hash=sha256_hex(token))
        instance.token = token
        return instance


class AccountPolicyFactory(factory.django.DjangoModelFactory):
    """The one policy row (pk=1), as `account_policy_get` makes it."""

    class Meta:
        model = AccountPolicy
        django_get_or_create = ("id",)

    id = 1
    require_second_factor = False


class UserEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserEvent

    user = factory.SubFactory(UserFactory)
    actor = factory.SelfAttribute("user")
    kind = UserEvent.Kind.ROLE_CHANGED
    detail = "Viewer -> Billing"
