"""The public complaint and report form (投诉举报, no login) and the receipt page."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from fazhi.core.errors import ApplicationError
from fazhi.core.middleware import request_ip
from fazhi.core.params import param_id
from fazhi.registry.models import EnforcementBody
from fazhi.supervision import selectors, services
from fazhi.supervision.models import Complaint


def _choices() -> dict[str, object]:
    return {
        "regions": selectors.public_complaint_regions(),
        "bodies": selectors.public_bodies(),
        "kinds": Complaint.Kind.choices,
    }


class ComplaintFormView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "supervision/public_form.html", {**_choices(), "values": {}})

    def post(self, request: HttpRequest) -> HttpResponse:
        values = {
            k: request.POST.get(k, "")
            for k in ("kind", "region", "body", "text", "enterprise_name", "contact_name", "contact_phone")
        }
        key = f"complaints:{request_ip(request)}"
        sent = cache.get(key, 0)
        error = ""
        if sent >= settings.FAZHI_PUBLIC_COMPLAINTS_PER_HOUR:
            error = _("Too many complaints from this connection in an hour. Please call the hotline.")
        else:
            try:
                region = selectors.public_complaint_regions().filter(pk=param_id(request.POST, "region") or 0).first()
                body = selectors.public_bodies().filter(pk=param_id(request.POST, "body") or 0).first()
                if region is None:
                    raise ApplicationError(_("Choose the township (or the county) where it happened."))
                if body is not None and body.level == EnforcementBody.Level.COUNTY:
                    region = body.region  # county departments answer to the county bureau
                complaint = services.complaint_receive(
                    actor=None,
                    source=Complaint.Source.PUBLIC,
                    kind=values["kind"],
                    body=body,
                    region=region,
                    text=values["text"],
                    enterprise_name=values["enterprise_name"],
                    contact_name=values["contact_name"],
                    contact_phone=values["contact_phone"],
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                cache.set(key, sent + 1, 3600)
                return redirect("complaint_public:receipt", receipt=services.complaint_receipt(complaint))
        return render(
            request, "supervision/public_form.html", {**_choices(), "values": values, "error": error}, status=422
        )


class ComplaintReceiptView(View):
    def get(self, request: HttpRequest, receipt: str) -> HttpResponse:
        complaint = selectors.complaint_by_receipt(receipt)
        if complaint is None:
            raise Http404
        return render(request, "supervision/public_receipt.html", {"c": complaint, "receipt": receipt})
