"""/api/v1: the registry for department systems ("一次录入、多部门共用").

Token auth per organisation (``Authorization: Bearer fz_…``). Every endpoint reads through the
same scoped selectors and writes through the same services as the pages; errors are JSON
``{"code", "message", "details"}`` with the message in Chinese.
"""

from __future__ import annotations

from typing import Any

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Status, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from ninja.security import HttpBearer

from fazhi.accounts.models import Region
from fazhi.accounts.selectors import region_in_scope_find, region_list
from fazhi.accounts.services import api_token_authenticate
from fazhi.api.cases import router as cases_router
from fazhi.api.decisions import router as decisions_router
from fazhi.api.disputes import router as disputes_router
from fazhi.api.inspections import router as inspections_router
from fazhi.api.ledger import router as ledger_router
from fazhi.api.pagination import Pages
from fazhi.api.people import router as people_router
from fazhi.api.publicity import router as publicity_router
from fazhi.api.schemas import (
    ERRORS,
    ID_MAX,
    BodyOut,
    EnterpriseDetailOut,
    EnterpriseIn,
    EnterpriseOut,
    EnterpriseUpdateIn,
    Id,
    MatterDetailOut,
    MatterOut,
    OfficerOut,
    RegionOut,
)
from fazhi.api.supervision import router as supervision_router
from fazhi.api.training import router as training_router
from fazhi.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationError
from fazhi.core.params import BadParameter
from fazhi.registry import selectors, services


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="fazhi API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    docs=Swagger(),
    description="法治 county platform: registers, scoped per organisation.",
)


def error_response(request: HttpRequest, status: int, code: str, message: str, details: Any = None) -> HttpResponse:
    """The API's one error contract: ``{"code", "message", "details"}``, the message in Chinese
    (docs/api.md, "Errors"; the ``ErrorOut`` schema of every route in the OpenAPI document)."""
    response = api.create_response(request, {"code": code, "message": message, "details": details}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="fazhi"'
    return response


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    if isinstance(exc, BadParameter):  # a query parameter the route cannot use: a validation error
        return error_response(request, 422, "validation_error", exc.message, exc.details)
    details = exc.details
    if isinstance(exc, NotFound) and details is None:
        details = {"path": request.path}
    return error_response(request, exc.http_status, exc.code, exc.message, details)


@api.exception_handler(OverflowError)
def number_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An id or number larger than the database can hold (e.g. body_id=1.5e20): the caller's
    mistake, said as such, never a 500."""
    return error_response(
        request,
        422,
        "validation_error",
        _("A number in the request is out of range. Check the ids and numbers you sent."),
        {k: "out_of_range" for k in request.GET if len(str(request.GET.get(k, ""))) > 18}
        or {"request": "out_of_range"},
    )


api.exception_handler(DataError)(number_out_of_range)  # PostgreSQL: "integer out of range"


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthorized", _("A valid API token is required (Authorization: Bearer …)."))


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(
        request, 422, "validation_error", _("Some fields are not valid. Correct them and try again."), exc.errors
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, "not_found", _("The resource does not exist."), {"path": request.path})


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja: the body is not JSON (or not the declared form)
        return error_response(
            request,
            400,
            "malformed_body",
            _("The request body cannot be read: send JSON with Content-Type: application/json."),
        )
    if exc.status_code == 429:
        return error_response(request, 429, "throttled", _("Too many requests. Wait a moment and try again."))
    if exc.status_code == 403:
        return error_response(request, 403, "permission_denied", str(PermissionDenied().message))
    return error_response(
        request,
        exc.status_code,
        "error",
        _("The request could not be carried out (HTTP %(s)d).") % {"s": exc.status_code},
    )


registry = Router(tags=["registry"])


@registry.get("/regions", response={200: list[RegionOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_regions(request: HttpRequest, q: str = "", level: str = "") -> Any:
    return region_list(user=request.user, q=q, level=level)


@registry.get("/bodies", response={200: list[BodyOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_bodies(request: HttpRequest, q: str = "", level: str = "") -> Any:
    return selectors.body_list(user=request.user, q=q, level=level)


@registry.get("/bodies/{body_id}", response={200: BodyOut, **ERRORS})
def get_body(request: HttpRequest, body_id: Id) -> Any:
    return selectors.body_get(user=request.user, pk=body_id)


@registry.get("/officers", response={200: list[OfficerOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_officers(
    request: HttpRequest, q: str = "", body_id: int | None = Query(None, ge=1, le=ID_MAX), status: str = ""
) -> Any:
    return selectors.officer_list(user=request.user, q=q, body_id=body_id, status=status)


@registry.get("/officers/{officer_id}", response={200: OfficerOut, **ERRORS})
def get_officer(request: HttpRequest, officer_id: Id) -> Any:
    return selectors.officer_get(user=request.user, pk=officer_id)


@registry.get("/enterprises", response={200: list[EnterpriseOut], **ERRORS})
@paginate(Pages, page_size=50)
def list_enterprises(
    request: HttpRequest,
    q: str = "",
    region_id: int | None = Query(None, ge=1, le=ID_MAX),
    industry: str = "",
    risk_grade: str = "",
    do_not_disturb: bool | None = None,
) -> Any:
    return selectors.enterprise_list(
        user=request.user,
        q=q,
        region_id=region_id,
        industry=industry,
        risk_grade=risk_grade,
        do_not_disturb=do_not_disturb,
    )


@registry.get("/enterprises/{enterprise_id}", response={200: EnterpriseDetailOut, **ERRORS})
def get_enterprise(request: HttpRequest, enterprise_id: Id) -> Any:
    return selectors.enterprise_get(user=request.user, pk=enterprise_id)


def _region(request: HttpRequest, region_id: int) -> Region | None:
    return region_in_scope_find(user=request.user, pk=region_id)


def _input(request: HttpRequest, payload: EnterpriseIn) -> services.EnterpriseInput:
    region = _region(request, payload.region_id)
    if region is None:
        raise ValidationError(
            _("Region %(id)s does not exist or is outside your area.") % {"id": payload.region_id},
            details={"region_id": "not_in_scope"},
        )
    return services.EnterpriseInput(
        uscc=payload.uscc,
        name=payload.name,
        region=region,
        legal_representative=payload.legal_representative,
        address=payload.address,
        industry=payload.industry,
        risk_grade=payload.risk_grade,
        do_not_disturb=payload.do_not_disturb,
        do_not_disturb_until=payload.do_not_disturb_until,
    )


@registry.post("/enterprises", response={201: EnterpriseOut, **ERRORS})
def create_enterprise(request: HttpRequest, payload: EnterpriseIn) -> Any:
    return Status(
        201,
        services.enterprise_save(
            actor=request.user, enterprise=None, expected_version=None, data=_input(request, payload)
        ),
    )


@registry.put("/enterprises/{enterprise_id}", response={200: EnterpriseOut, **ERRORS})
def update_enterprise(request: HttpRequest, enterprise_id: Id, payload: EnterpriseUpdateIn) -> Any:
    ent = selectors.enterprise_get(user=request.user, pk=enterprise_id)
    return services.enterprise_save(
        actor=request.user, enterprise=ent, expected_version=payload.version, data=_input(request, payload)
    )


@registry.get("/matters", response={200: list[MatterOut], **ERRORS})
@paginate(Pages, page_size=100)
def list_matters(
    request: HttpRequest,
    q: str = "",
    body_id: int | None = Query(None, ge=1, le=ID_MAX),
    published: bool | None = None,
    inspection_type: str = "",
) -> Any:
    return selectors.matter_list(
        user=request.user, q=q, body_id=body_id, published=published, inspection_type=inspection_type
    )


@registry.get("/matters/{matter_id}", response={200: MatterDetailOut, **ERRORS})
def get_matter(request: HttpRequest, matter_id: Id) -> Any:
    return selectors.matter_get(user=request.user, pk=matter_id)


api.add_router("/", registry)
api.add_router("/", inspections_router)
api.add_router("/", supervision_router)
api.add_router("/", cases_router)
api.add_router("/", ledger_router)
api.add_router("/", training_router)
api.add_router("/", disputes_router)
api.add_router("/", decisions_router)
api.add_router("/", publicity_router)
api.add_router("/", people_router)
