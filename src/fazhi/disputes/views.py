"""Dispute pages: the list, the phone intake, the dispute page with only its next lawful steps, the
mediation session, the agreement document and the follow-up visit. Views parse input and call
services and selectors; every refusal comes back as the service's Chinese message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Region
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import can
from fazhi.core.errors import ApplicationError, PermissionDenied, ValidationError
from fazhi.core.params import param_choice, param_count, param_date, param_id, param_ids, param_money
from fazhi.core.web import AppView, ScopedListView, docx_response
from fazhi.disputes import selectors, services
from fazhi.disputes.models import Agreement, Dispute, DisputeParty
from fazhi.disputes.services.mediation import REFER_TO, confirmation_due
from fazhi.disputes.services.steps import next_steps, overdue

PARTY_ROWS = 3


class DisputeListView(ScopedListView):
    """The list; a user who sees only figures (the county, leaders) is sent to the figures."""

    selector = selectors.dispute_list
    template_name = "disputes/list.html"
    partial_template = "disputes/_rows.html"
    filters = ("q", "status", "category", "flag", "party_id_number")
    int_filters = ("village_id",)
    bool_filters = ("overdue",)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Perm.DISPUTE_VIEW):
            if can(request.user, Perm.DISPUTE_FIGURES):
                return redirect("disputes:figures")
            raise PermissionDenied()
        return super().get(request)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "statuses": Dispute.Status.choices,
            "categories": selectors.category_list(),
            "status": request.GET.get("status", ""),
            "category": request.GET.get("category", ""),
            "flag": request.GET.get("flag", ""),
            "q": request.GET.get("q", ""),
            "due": selectors.follow_ups_due(user=request.user)[:10],
            "mediating": selectors.mediating_due(user=request.user)[:10],
            "can_intake": can(request.user, Perm.DISPUTE_INTAKE),
            "can_coordinate": can(request.user, Perm.DISPUTE_COORDINATE),
            "can_figures": can(request.user, Perm.DISPUTE_FIGURES),
            "today": timezone.localdate(),
        }


def _parties(request: HttpRequest) -> list[services.PartyInput]:
    p = request.POST
    out = []
    for n in range(1, PARTY_ROWS + 1):
        out.append(
            services.PartyInput(
                name=p.get(f"party_{n}_name", ""),
                kind=p.get(f"party_{n}_kind", DisputeParty.Kind.PERSON),
                side=p.get(f"party_{n}_side", "applicant" if n == 1 else "respondent"),
                id_number=p.get(f"party_{n}_id_number", ""),
                phone=p.get(f"party_{n}_phone", ""),
            )
        )
    return out


class DisputeNewView(AppView):
    """Intake on a phone: one screen, the few fields a grid worker knows at the door."""

    permission = Perm.DISPUTE_INTAKE

    def context(self, request: HttpRequest, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
        townships = list(selectors.townships_for_intake(user=request.user))
        township = townships[0] if len(townships) == 1 else None
        return {
            "townships": townships,
            "villages": selectors.villages_for_intake(user=request.user, township=township) if township else [],
            "sources": Dispute.Source.choices,
            "categories": selectors.category_list(),
            "campaigns": selectors.campaign_list(user=request.user).filter(ends_on__gte=timezone.localdate()),
            "party_rows": [(n, values.get(f"party_{n}_name", "")) for n in range(1, PARTY_ROWS + 1)],
            "party_kinds": DisputeParty.Kind.choices,
            "values": values,
            "field_errors": extra.pop("field_errors", {}),
            **extra,
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "disputes/new.html", self.context(request, {"source": "screening"}))

    def post(self, request: HttpRequest) -> HttpResponse:
        p = request.POST
        values: dict[str, Any] = dict(p.items())
        try:
            if p.get("action") == "report_again":
                target = selectors.dispute_duplicate_target(user=request.user, pk=param_id(p, "dispute", required=True))
                services.dispute_report_again(actor=request.user, dispute=target, note=p.get("description", "")[:300])
                messages.success(request, _("Added to %(n)s as a further report.") % {"n": target.number})
                return redirect("disputes:list")
            township = selectors.region_for_intake(
                user=request.user, pk=param_id(p, "township"), level=Region.Level.TOWNSHIP
            )
            if township is None:
                raise ValidationError(_("Choose the township."), details={"township": "required"})
            village = selectors.region_for_intake(
                user=request.user, pk=param_id(p, "village"), level=Region.Level.VILLAGE
            )
            campaign = selectors.campaign_list(user=request.user).filter(pk=param_id(p, "campaign") or 0).first()
            amount = param_money(p, "amount") if p.get("amount", "").strip() else None
            dispute = services.dispute_intake(
                actor=request.user,
                township=township,
                village=village,
                group_name=p.get("group_name", ""),
                source=p.get("source", ""),
                category=selectors.category_get(code=p.get("category", "")),
                parties=_parties(request),
                police_related=p.get("police_related") == "1",
                petition_related=p.get("petition_related") == "1",
                mass_risk=p.get("mass_risk") == "1",
                amount=amount,
                description=p.get("description", ""),
                received_on=param_date(p, "received_on", default=timezone.localdate()),
                campaign=campaign,
                not_a_duplicate=p.get("not_a_duplicate") == "1",
            )
        except services.DuplicateSuggested as exc:
            ids = exc.details["duplicates"] if isinstance(exc.details, dict) else []
            duplicates = selectors.duplicates_shown(ids=ids)
            return render(
                request, "disputes/new.html", self.context(request, values, duplicates=duplicates), status=409
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            errors = exc.details if isinstance(exc.details, dict) else {}
            return render(request, "disputes/new.html", self.context(request, values, field_errors=errors), status=422)
        messages.success(request, _("Registered as %(n)s.") % {"n": dispute.number})
        return redirect("disputes:detail", pk=dispute.pk)


class DisputeDetailView(AppView):
    permission = Perm.DISPUTE_VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        dispute = selectors.dispute_get(user=request.user, pk=pk)
        return render(request, "disputes/detail.html", self.context(request, dispute))

    def context(self, request: HttpRequest, dispute: Dispute) -> dict[str, Any]:
        steps = next_steps(request.user, dispute)
        agreements = list(dispute.agreements.all())
        return {
            "d": dispute,
            "steps": steps,
            "overdue": overdue(dispute),
            "agreements": [(a, confirmation_due(a)) for a in agreements],
            "levels": Dispute.Level.choices,
            "refer_to": [(v, Dispute.Level(v).label) for v in REFER_TO],
            "orgs": selectors.org_units_for_routing(user=request.user, dispute=dispute) if "route" in steps else [],
            "mediators": selectors.mediators_for(user=request.user, dispute=dispute) if "assign" in steps else [],
            "forms": Agreement.Form.choices,
            "outcomes": [
                (Dispute.Outcome.RESOLVED.value, Dispute.Outcome.RESOLVED.label),
                (Dispute.Outcome.PARTLY.value, Dispute.Outcome.PARTLY.label),
            ],
            "today": timezone.localdate(),
            "revealed": None,
        }

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        dispute = selectors.dispute_get(user=request.user, pk=pk)
        p = request.POST
        action = p.get("action", "")
        user = request.user
        version = param_id(p, "version")
        try:
            if action == "reveal":
                party = selectors.party_get(user=user, pk=param_id(p, "party", required=True))
                id_number, phone = services.party_reveal(actor=user, party=party, reason=p.get("reason", ""))
                # answered in this response only: the full number is never stored in the session
                ctx = self.context(request, dispute)
                ctx["revealed"] = {"party": party.pk, "id_number": id_number, "phone": phone}
                return render(request, "disputes/detail.html", ctx)
            if action == "route":
                orgs = selectors.org_units_for_routing(user=user, dispute=dispute)
                lead = orgs.filter(pk=param_id(p, "lead_org") or 0).first()
                services.dispute_route(
                    actor=user,
                    dispute=dispute,
                    level=p.get("level", ""),
                    lead_org=lead,
                    joined_orgs=list(orgs.filter(pk__in=param_ids(p, "joined_orgs"))),
                    note=p.get("note", ""),
                    expected_version=version,
                )
            elif action == "assign":
                mediators = selectors.mediators_for(user=user, dispute=dispute).filter(pk__in=param_ids(p, "mediators"))
                services.dispute_assign(actor=user, dispute=dispute, mediators=list(mediators))
            elif action == "escalate":
                services.dispute_escalate(
                    actor=user, dispute=dispute, reason=p.get("reason", ""), expected_version=version
                )
            elif action == "accept":
                services.dispute_accept(actor=user, dispute=dispute, expected_version=version)
            elif action == "refuse":
                party = selectors.party_get(user=user, pk=param_id(p, "party", required=True))
                services.party_refuse(actor=user, dispute=dispute, party=party, reason=p.get("reason", ""))
            elif action == "extend":
                services.dispute_extend(
                    actor=user,
                    dispute=dispute,
                    days=param_count(p, "days", default=0),
                    reason=p.get("reason", ""),
                    expected_version=version,
                )
            elif action == "terminate":
                services.dispute_terminate(
                    actor=user, dispute=dispute, reason=p.get("reason", ""), expected_version=version
                )
            elif action == "refer":
                services.dispute_refer(
                    actor=user, dispute=dispute, to=p.get("to", ""), note=p.get("note", ""), expected_version=version
                )
            elif action == "agreement":
                services.agreement_record(
                    actor=user,
                    dispute=dispute,
                    form=p.get("form", ""),
                    terms=p.get("terms", ""),
                    outcome=p.get("outcome", Dispute.Outcome.RESOLVED),
                    made_on=param_date(p, "made_on", default=timezone.localdate()),
                    perform_by=param_date(p, "perform_by"),
                    expected_version=version,
                )
            elif action == "confirmation":
                agreement = selectors.agreement_get(user=user, pk=param_id(p, "agreement", required=True))
                services.agreement_confirmation_record(
                    actor=user, agreement=agreement, day=param_date(p, "day", default=timezone.localdate())
                )
            elif action == "flags":
                services.dispute_flags_review(
                    actor=user,
                    dispute=dispute,
                    police_related=p.get("police_related") == "1",
                    petition_related=p.get("petition_related") == "1",
                    mass_risk=p.get("mass_risk") == "1",
                    expected_version=version,
                )
            elif action == "merge":
                into = selectors.dispute_get(user=user, pk=param_id(p, "into", required=True))
                services.dispute_merge(actor=user, dispute=dispute, into=into, expected_version=version)
            elif action == "mass_incident":
                services.mass_incident_record(
                    actor=user, dispute=dispute, day=param_date(p, "day", required=True), note=p.get("note", "")
                )
            else:
                raise ValidationError(_("Choose an action."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "disputes/detail.html", self.context(request, dispute), status=exc.http_status)
        messages.success(request, _("Saved."))
        return redirect("disputes:detail", pk=pk)


class SessionView(AppView):
    """A mediation session on a phone: who came, what was said."""

    permission = Perm.DISPUTE_MEDIATE

    def context(self, request: HttpRequest, dispute: Dispute, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "d": dispute,
            "values": values,
            "present": set(param_ids(request.POST, "present")) if request.method == "POST" else set(),
            "mediators": dispute.mediators.all(),
            "today": timezone.localdate(),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        dispute = selectors.dispute_get(user=request.user, pk=pk)
        return render(request, "disputes/session.html", self.context(request, dispute, {}))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        dispute = selectors.dispute_get(user=request.user, pk=pk)
        p = request.POST
        try:
            parties = [party for party in dispute.parties.all() if party.pk in set(param_ids(p, "present"))]
            services.session_record(
                actor=request.user,
                dispute=dispute,
                held_on=param_date(p, "held_on", default=timezone.localdate()),
                place=p.get("place", ""),
                notes=p.get("notes", ""),
                present=parties,
                mediators=list(dispute.mediators.all()),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "disputes/session.html", self.context(request, dispute, dict(p.items())), status=422)
        messages.success(request, _("Session recorded."))
        return redirect("disputes:detail", pk=pk)


class AgreementDocumentView(AppView):
    permission = Perm.DISPUTE_MEDIATE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = selectors.agreement_get(user=request.user, pk=pk)
        try:
            data = services.agreement_document(actor=request.user, agreement=agreement)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("disputes:detail", pk=agreement.dispute_id)
        return docx_response(
            data, _("Mediation agreement (%(number)s)") % {"number": agreement.dispute.number} + ".docx"
        )


class FollowUpView(AppView):
    """A 回头看 visit recorded on a phone: performed or not, and what the parties said."""

    permission = Perm.DISPUTE_MEDIATE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = selectors.follow_up_get(user=request.user, pk=pk)
        return render(request, "disputes/follow_up.html", {"f": visit, "values": {}, "today": timezone.localdate()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = selectors.follow_up_get(user=request.user, pk=pk)
        p = request.POST
        performed = {"1": True, "0": False}.get(param_choice(p, "performed", ("1", "0")))
        try:
            services.follow_up_record(
                actor=request.user,
                follow_up=visit,
                performed=performed,
                note=p.get("note", ""),
                visited_on=param_date(p, "visited_on", default=timezone.localdate()),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(
                request,
                "disputes/follow_up.html",
                {"f": visit, "values": dict(p.items()), "today": timezone.localdate()},
                status=422,
            )
        if performed:
            messages.success(request, _("Visit recorded."))
        else:
            messages.warning(request, _("Visit recorded: the agreement is not performed and the dispute is reopened."))
        return redirect("disputes:detail", pk=visit.dispute_id)
