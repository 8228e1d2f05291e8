"""Access rules shared by every staff page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .roles import READ, WRITE, denial_message, user_can

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class StaffRequiredMixin(LoginRequiredMixin):
    """Anonymous visitors go to the sign-in page. A signed-in user gets 403 (the page
    names the role needed) unless their role has the capability: `read_capability`
    for GET and HEAD, `capability` for every other method. Settings, user and API-key
    pages set `capability = MANAGE`."""

    read_capability = READ
    capability = WRITE

    def needed_capability(self) -> str:
        if self.request.method in SAFE_METHODS:
            return self.read_capability
        return self.capability

    def test_func(self) -> bool:
        """May the signed-in user make this request?"""
        return user_can(self.request.user, self.needed_capability())

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.test_func():
            raise PermissionDenied(
                denial_message(request.user, self.needed_capability())
            )
        return super().dispatch(request, *args, **kwargs)
