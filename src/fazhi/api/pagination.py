"""Page-number pagination with bounds: a page beyond any real list is a 422, never an OFFSET
overflow in the database (schemathesis found page=2.4e34 answering 500)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=500)
