"""What every FusionInvoice view shares: credentials, the error handler, parameters
from the query string or a JSON body, the envelopes, and the list answer (paged by
`query.paging`)."""

from django.conf import settings
from django.http import QueryDict
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.common.permissions import RolePermission
from apps.core.models import CustomField
from apps.core.text import is_digits

from ..auth import FusionInvoiceAuthentication
from ..errors import RETRIEVED, FIError, exception_handler
from ..outputs import fi_timestamp
from ..query import laravel_page, page_number, per_page, wants

MAX_ID = 2**63 - 1


class FIView(APIView):
    authentication_classes = [FusionInvoiceAuthentication]
    permission_classes = [RolePermission]

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and is_digits(length) and int(length) > limit:
            raise FIError("The request body is too large.", status_code=413)
        super().initial(request, *args, **kwargs)

    @property
    def params(self) -> dict:
        """Query string and body merged (the body wins), as FusionInvoice reads them."""
        if not hasattr(self, "_params"):
            merged = {
                key: values[-1] for key, values in self.request.query_params.lists()
            }
            data = self.request.data
            if isinstance(data, QueryDict):
                merged.update({key: values[-1] for key, values in data.lists()})
            elif isinstance(data, dict):
                merged.update(data)
            elif data not in (None, "", [], {}):
                raise FIError("The request body must be a JSON object.")
            self._params = merged
        return self._params

    @property
    def user(self):
        return self.request.user


def record_id(value) -> int:
    """An id from a path or body; anything else is 'Record not found'."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise FIError("Record not found") from None
    if not 0 < number <= MAX_ID:
        raise FIError("Record not found")
    return number


def ok(
    data=None, message: str = RETRIEVED, status: int = 200, key: str = "data", **extra
) -> Response:
    body = {"success": True, "message": message}
    if data is not None:
        body[key] = data
    body.update(extra)
    return Response(body, status=status)


def custom_columns(module: str) -> list[str]:
    return list(
        CustomField.objects.filter(module=module).values_list("column_name", flat=True)
    )


def with_custom(
    rows: list[dict], objects, *, columns: list[str], fk: str
) -> list[dict]:
    """Add FusionInvoice's `custom` object to each row.

    The object holds the fk, the column_N values and the timestamps.
    """
    for row, obj in zip(rows, objects, strict=True):
        values = obj.custom or {}
        custom = {fk: obj.pk}
        for column in sorted({*columns, *values}, key=lambda c: (len(c), c)):
            custom[column] = values.get(column)
        custom["created_at"] = fi_timestamp(obj.created_at)
        custom["updated_at"] = fi_timestamp(obj.updated_at)
        row["custom"] = custom
    return rows


def list_response(
    view: FIView, queryset, serialize, *, custom_module: str, custom_fk: str
) -> Response:
    """The whole list, or Laravel's length-aware paginator.

    The paginator answers when the caller sends `paginated_response=1`.
    """
    params = view.params
    columns = (
        custom_columns(custom_module)
        if wants(params, "include_custom_fields")
        else None
    )
    if not wants(params, "paginated_response"):
        objects = list(queryset)
        rows = serialize(objects)
        if columns is not None:
            with_custom(rows, objects, columns=columns, fk=custom_fk)
        return ok(rows)
    size, page = per_page(params), page_number(params)
    total = queryset.count()
    start = (page - 1) * size
    objects = list(queryset[start : start + size]) if start < total else []
    rows = serialize(objects)
    if columns is not None:
        with_custom(rows, objects, columns=columns, fk=custom_fk)
    base = view.request.build_absolute_uri(view.request.path)
    return ok(
        laravel_page(base, params, rows, page=page, size=size, total=total, start=start)
    )


def show_response(
    view: FIView, obj, data: dict, *, custom_module: str, custom_fk: str
) -> Response:
    if wants(view.params, "include_custom_fields"):
        with_custom([data], [obj], columns=custom_columns(custom_module), fk=custom_fk)
    return ok(data)
