"""The staff home page: what is owed, what is late, what came in."""

from django.views.generic import TemplateView

from apps.accounts.mixins import StaffRequiredMixin

from .chart import chart_build
from .selectors import dashboard_figures, dashboard_recent_invoices


class DashboardView(StaffRequiredMixin, TemplateView):
    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = dashboard_figures(user=self.request.user)
        months = dashboard.months[dashboard.currency]
        context.update(
            dashboard=dashboard,
            months=months,
            chart=chart_build(months),
            other_months={
                c: m for c, m in dashboard.months.items() if c != dashboard.currency
            },
            recent_invoices=dashboard_recent_invoices(user=self.request.user),
        )
        return context
