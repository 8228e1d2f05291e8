"""Clients: list, show, store, update, delete, custom fields."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from apps.clients.selectors import client_list
from apps.clients.services import (
    client_create,
    client_custom_fields_set,
    client_delete,
    client_update,
)

from ..errors import CREATED, UPDATED, FIError
from ..inputs import CLIENT_FIELDS, FIClientInputSerializer, error_names
from ..outputs import FIClientWithAmountsSerializer
from .base import FIView, ok
from .common import (
    CLIENT_DELETE_ERROR,
    COMMON_ERRORS,
    envelope,
    parse,
)
from .generic import (
    CustomFieldsView,
    ModuleDetailView,
    ModuleListView,
    ModuleMixin,
    custom_fields_schema,
    delete_schema,
    list_schema,
)


class ClientMixin(ModuleMixin):
    module = "clients"
    custom_fk = "client_id"
    error_names = error_names(CLIENT_FIELDS)

    def get_queryset(self):
        return client_list(user=self.user, with_amounts=True)


class ClientListView(ClientMixin, ModuleListView):
    list_serializer = FIClientWithAmountsSerializer

    @list_schema(
        "Client",
        FIClientWithAmountsSerializer,
        [
            OpenApiParameter("search", str),
            OpenApiParameter("active", int, enum=[0, 1]),
            OpenApiParameter("name", str),
            OpenApiParameter("email", str),
        ],
    )
    def get(self, request):
        return super().get(request)


class ClientStoreView(ClientMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIClientInputSerializer,
        responses={
            201: envelope("FIClientCreated", FIClientWithAmountsSerializer()),
            **COMMON_ERRORS,
        },
        description=(
            "Answers the client under both `client` (as FusionInvoice) and `data`."
        ),
    )
    def post(self, request):
        fields = parse(FIClientInputSerializer, self.params).domain_fields()
        try:
            client = client_create(by=self.user, **fields)
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        data = FIClientWithAmountsSerializer(self.get_object(client.pk)).data
        body = {"success": True, "message": CREATED, "client": data, "data": data}
        return Response(body, status=201)


class ClientDetailView(ClientMixin, ModuleDetailView):
    show_serializer = FIClientWithAmountsSerializer

    @extend_schema(
        tags=["FusionInvoice"],
        parameters=[OpenApiParameter("include_custom_fields", int, enum=[0, 1])],
        responses={
            200: envelope("FIClientShow", FIClientWithAmountsSerializer()),
            **COMMON_ERRORS,
        },
    )
    def get(self, request, pk):
        return super().get(request, pk)

    @extend_schema(
        tags=["FusionInvoice"],
        request=FIClientInputSerializer,
        responses={
            200: envelope("FIClientUpdated", FIClientWithAmountsSerializer()),
            **COMMON_ERRORS,
        },
    )
    def put(self, request, pk):
        client = self.get_object(pk)
        fields = parse(
            FIClientInputSerializer, self.params, partial=True
        ).domain_fields()
        try:
            client_update(client=client, by=self.user, **fields)
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(
            FIClientWithAmountsSerializer(self.get_object(client.pk)).data,
            message=UPDATED,
        )

    @delete_schema("Client", {400: CLIENT_DELETE_ERROR})
    def delete(self, request, pk):
        client = self.get_object(pk)
        try:
            client_delete(client=client, by=self.user)
        except ValidationError as exc:
            # FusionInvoice's own key for this one refusal is the plural `messages`.
            raise FIError(" ".join(exc.messages), key="messages") from None
        return ok(message="Record successfully deleted")


class ClientCustomFieldsView(ClientMixin, CustomFieldsView):
    def set_values(self, obj, values):
        return client_custom_fields_set(client=obj, by=self.user, values=values)

    @custom_fields_schema("Client", "client_id")
    def patch(self, request):
        return super().patch(request)

    @custom_fields_schema("Client", "client_id")
    def post(self, request):
        return super().patch(request)
