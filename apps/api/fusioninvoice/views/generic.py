"""The shapes every module repeats: list, show, delete, custom-fields upsert."""

from functools import cache

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from drf_spectacular.utils import extend_schema

from ..errors import DELETED, UPDATED, FIError
from ..inputs import FICustomFieldsInputSerializer
from ..query import grammar, list_filter, list_sort, named_filters
from .base import FIView, list_response, ok, record_id, show_response
from .common import (
    COMMON_ERRORS,
    ERROR,
    LIST_PARAMETERS,
    domain_error,
    envelope,
    list_data,
    parse,
)


class ModuleMixin:
    module = ""  # "clients", "invoices", "quotes", "payments"
    custom_fk = ""  # "client_id", ...
    error_names: dict = {}

    def get_queryset(self):
        raise NotImplementedError

    def get_object(self, pk):
        try:
            return self.get_queryset().get(pk=record_id(pk))
        except ObjectDoesNotExist:
            raise FIError("Record not found") from None

    def domain_error(self, exc: ValidationError):
        return domain_error(exc, self.error_names)


class ModuleListView(ModuleMixin, FIView):
    list_serializer = None

    def filter_params(self, params: dict) -> dict:
        return params

    def get(self, request):
        params = self.params
        rules = grammar(self.module)
        queryset = self.get_queryset().filter(named_filters(params, self.module))
        queryset = list_sort(
            list_filter(queryset, self.filter_params(params), rules), params, rules
        )
        return list_response(
            self,
            queryset,
            lambda objects: self.list_serializer(objects, many=True).data,
            custom_module=self.module,
            custom_fk=self.custom_fk,
        )


class ModuleDetailView(ModuleMixin, FIView):
    show_serializer = None

    def get(self, request, pk):
        obj = self.get_object(pk)
        return show_response(
            self,
            obj,
            self.show_serializer(obj).data,
            custom_module=self.module,
            custom_fk=self.custom_fk,
        )

    def delete(self, request, pk):
        obj = self.get_object(pk)
        try:
            self.perform_delete(obj)
        except ValidationError as exc:
            raise FIError(" ".join(exc.messages)) from None
        return ok(message=DELETED)

    def perform_delete(self, obj):
        raise NotImplementedError


def delete_schema(name: str, errors: dict | None = None):
    return extend_schema(
        tags=["FusionInvoice"],
        responses={
            200: envelope(f"FI{name}Deleted", None),
            **COMMON_ERRORS,
            **(errors or {}),
        },
    )


class CustomFieldsView(ModuleMixin, FIView):
    """
    PATCH (or POST) `/{module}/custom-fields/add`: `{<module>_id, column_N: value}`.
    """

    def set_values(self, obj, values: dict):
        raise NotImplementedError

    def patch(self, request):
        params = self.params
        serializer = parse(
            FICustomFieldsInputSerializer, params, id_field=self.custom_fk
        )
        obj = self.get_object(serializer.validated_data[self.custom_fk])
        values = {k: v for k, v in params.items() if k.startswith("column_")}
        try:
            obj = self.set_values(obj, values)
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok({self.custom_fk: obj.pk, **(obj.custom or {})}, message=UPDATED)

    post = patch


@cache
def custom_fields_schema(name: str, id_field: str):
    from drf_spectacular.utils import inline_serializer
    from rest_framework import serializers

    request = inline_serializer(
        f"FI{name}CustomFieldsInput",
        {
            id_field: serializers.IntegerField(min_value=1),
            "column_1": serializers.CharField(required=False),
        },
    )
    data = inline_serializer(
        f"FI{name}CustomFields", {id_field: serializers.IntegerField()}
    )
    return extend_schema(
        tags=["FusionInvoice"],
        request=request,
        responses={
            200: envelope(f"FI{name}CustomFieldsUpdated", data),
            **COMMON_ERRORS,
        },
        description=f"Upsert custom values: `{id_field}` plus `column_N` keys.",
    )


def list_schema(name: str, serializer, extra_parameters=()):
    return extend_schema(
        tags=["FusionInvoice"],
        parameters=[*LIST_PARAMETERS, *extra_parameters],
        operation_id=f"fi_{name.lower()}_list",
        responses={
            200: envelope(f"FI{name}List", list_data(name, serializer)),
            400: ERROR,
            401: COMMON_ERRORS[401],
        },
        description=(
            "Any other key filters a column (contains; `!=` for not equal); "
            "`relation->column` is ANDed."
        ),
    )
