import json

import pytest

from apps.accounts.services import api_key_create
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory


class FluidPayClient:
    """Django's test client speaking FluidPay: JSON bodies, the raw key as auth."""

    def __init__(self, client, key: str):
        self.client, self.key = client, key

    def call(self, method: str, path: str, body=None, *, key=None, **headers):
        kwargs = {"HTTP_AUTHORIZATION": self.key if key is None else key, **headers}
        if body is not None:
            kwargs.update(
                data=json.dumps(body) if not isinstance(body, str) else body,
                content_type="application/json",
            )
        return getattr(self.client, method)(f"/fluidpay/api/{path}", **kwargs)

    def get(self, path, **kw):
        return self.call("get", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("post", path, {} if body is None else body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("put", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("delete", path, **kw)


@pytest.fixture
def fp(client, db):
    CompanyProfileFactory(name="ACME Inc.")
    issued = api_key_create(user=UserFactory())
    return FluidPayClient(client, issued.key)
