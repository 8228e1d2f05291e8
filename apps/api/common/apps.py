from django.apps import AppConfig


class ApiCommonConfig(AppConfig):
    name = "apps.api.common"
    label = "api_common"
