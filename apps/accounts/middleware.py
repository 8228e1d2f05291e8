"""Second factor on every page a session can reach (staff pages and the admin).

- A user with an authenticator whose session was not verified with it (signed in
  before turning it on, elsewhere) is signed out and sent to sign in again.
- When an Admin requires a second factor of everyone, a user without one is sent to
  set it up before any other page.

API requests carry credentials, not sessions, and are untouched."""

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from .second_factor import user_has_second_factor, user_must_set_up_second_factor

# Pages a half-finished sign-in still needs: sign in and out, password reset, and
# setting up the second factor itself.
_OPEN_URL_NAMES = frozenset(
    {
        "login",
        "login-verify",
        "logout",
        "security",
        "second-factor-setup",
        "password-reset",
        "password-reset-done",
        "password-reset-confirm",
        "password-reset-complete",
    }
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or not _is_guarded(match):
            return None
        if user.is_verified():  # this session passed a second factor
            return None
        if user_has_second_factor(user):
            logout(request)
            return redirect_to_login(request.get_full_path())
        if user_must_set_up_second_factor(user):
            return redirect("accounts:second-factor-setup")
        return None


def _is_guarded(match) -> bool:
    if match.namespace == "accounts" and match.url_name in _OPEN_URL_NAMES:
        return False
    # The API dialects and their schema authenticate each request with a
    # credential, never the session.
    return not match.func.__module__.startswith(("apps.api.", "drf_spectacular."))
