from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`manage.py load_demo`): above every domain app, which it uses
    through their services; no app imports it."""

    name = "apps.demo"
    label = "demo"
