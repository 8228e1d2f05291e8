import factory

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record


class AuditEventFactory(factory.django.DjangoModelFactory):
    """Appended through audit_record, so the chain and the hash are real."""

    class Meta:
        model = AuditEvent

    subject_type = "client"
    subject_id = factory.Sequence(lambda n: n + 1)
    kind = "updated"
    data = factory.LazyFunction(lambda: {"changed": {"city": ["", "Lyon"]}})

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return audit_record(**kwargs)
