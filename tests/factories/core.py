import factory

from apps.core.models import CustomField


class CustomFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomField
        django_get_or_create = ("module", "column_name")

    module = CustomField.Module.INVOICES
    column_name = factory.Sequence(lambda n: f"column_{n + 1}")
    label = factory.Sequence(lambda n: f"Field {n + 1}")
    field_type = CustomField.FieldType.TEXT
