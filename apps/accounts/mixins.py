"""Access rules shared by every staff page."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin


class StaffRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Anonymous visitors go to the sign-in page; signed-in non-staff users get 403."""

    def test_func(self) -> bool:
        user = self.request.user
        return bool(user.is_active and user.is_staff)
