"""Site pages above the domain apps: home, the ledger (audit administrator), the calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts import selectors as account_selectors
from fazhi.accounts import services as account_services
from fazhi.accounts.roles import Perm
from fazhi.accounts.scopes import is_enterprise_account
from fazhi.core.errors import ApplicationError, PermissionDenied, ValidationError
from fazhi.core.forms import StyledForm
from fazhi.core.params import param_year
from fazhi.core.web import AppView, paged
from fazhi.core.workdays import OFFICIAL_YEARS, WorkCalendar, parse_days, year_is_official
from fazhi.web import ledger_labels

TODO_SHOWN = 8  # items listed per kind; the heading says how many there are and links to all


def _todo(title: str, rows: list[tuple[str, str, str]], total: int, more: str = "") -> dict[str, Any]:
    return {"title": title, "rows": rows[:TODO_SHOWN], "total": total, "more": more}


def todo_lists(user: Any) -> list[dict[str, Any]]:
    """What waits for this user, one list per kind, each row a link to the one page where it is
    done. Every list comes from its app's selector (scoped there); this only lays them out.

    Every total is the owning app's ``*_count`` selector: the page never counts."""
    from fazhi.cases import selectors as cases
    from fazhi.inspections import selectors as inspections
    from fazhi.supervision import selectors as supervision
    from fazhi.supervision import services as supervision_services

    out: list[dict[str, Any]] = []
    date = lambda d: d.strftime("%Y-%m-%d") if d else ""  # noqa: E731
    if user.can(Perm.PLAN_APPROVE):
        qs = inspections.approvals_waiting(user=user)
        approvals = reverse("inspections:approvals")
        rows = [(f"{v.date:%Y-%m-%d} {v.enterprise.name}", f"{approvals}#visit-{v.pk}", "") for v in qs[:TODO_SHOWN]]
        total = inspections.approvals_waiting_count(user=user)
        out.append(_todo(_("Joint inspections awaiting my approval"), rows, total, approvals))
        # 事后补批: a body head's only; the list appears when the owning selector counts any
        total = inspections.approvals_afterwards_waiting_count(user=user)
        if total:
            rows = [
                (
                    f"{r.date:%Y-%m-%d} {r.enterprise.name}",
                    reverse("inspections:record", args=[r.pk]),
                    _("approve by %(day)s") % {"day": date(r.approval_due)},
                )
                for r in inspections.approvals_afterwards_waiting(user=user)[:TODO_SHOWN]
            ]
            title = _("Inspections to approve afterwards (事后补批)")
            out.append(_todo(title, rows, total, f"{approvals}#afterwards"))
    if user.can(Perm.PLAN_COORDINATE):
        qs2 = inspections.returned_visits(user=user)
        rows = [
            (
                f"{v.date:%Y-%m-%d} {v.enterprise.name}",
                f"{reverse('inspections:run_detail', args=[v.run_id])}#visit-{v.pk}",
                _("returned by %(who)s: %(reason)s") % {"who": v.returned_by, "reason": v.return_reason},
            )
            for v in qs2[:TODO_SHOWN]
        ]
        out.append(_todo(_("Joint inspections returned to me"), rows, inspections.returned_visits_count(user=user)))
    if user.can(Perm.INSPECTION_FILE):
        qs3 = inspections.filings_waiting(user=user)
        rows = [
            (
                f"{r.date:%Y-%m-%d} {r.enterprise.name}",
                reverse("inspections:record", args=[r.pk]),
                _("file by %(day)s") % {"day": date(r.filing_due)},
            )
            for r in qs3[:TODO_SHOWN]
        ]
        total = inspections.filings_waiting_count(user=user)
        out.append(_todo(_("Inspections without a code to file"), rows, total))
    warnings_url = reverse("supervision:warnings")
    if supervision_services.can_correct_warnings(user):
        rows = [
            (w.summary, f"{warnings_url}?status=open", _("correct by %(day)s") % {"day": date(w.due)})
            for w in supervision.warnings_to_correct(user=user)[:TODO_SHOWN]
        ]
        total = supervision.warnings_to_correct_count(user=user)
        out.append(_todo(_("Warnings for my body to correct"), rows, total, f"{warnings_url}?status=open"))
    if user.can(Perm.SUPERVISE):
        rows = [
            (w.summary, f"{warnings_url}?status=submitted", w.body.name if w.body else "")
            for w in supervision.corrections_to_verify(user=user)[:TODO_SHOWN]
        ]
        total = supervision.corrections_to_verify_count(user=user)
        out.append(_todo(_("Corrections to verify"), rows, total, f"{warnings_url}?status=submitted"))
    if user.can(Perm.COMPLAINT_HANDLE):
        complaints = reverse("supervision:complaints")
        rows = [
            (f"#{c.pk} {c.text[:30]}", complaints, _("answer by %(day)s") % {"day": date(c.due)})
            for c in supervision.complaints_to_answer(user=user)[:TODO_SHOWN]
        ]
        total = supervision.complaints_to_answer_count(user=user)
        out.append(_todo(_("Complaints and opinions to answer"), rows, total, complaints))
    if user.can(Perm.CASE_APPROVE):
        waiting = cases.cases_for_head(user=user)
        rows = [
            (f"{c.number or '#' + str(c.pk)} {c.party_name}", reverse("cases:detail", args=[c.pk]), what)
            for c, what in waiting[:TODO_SHOWN]
        ]
        out.append(_todo(_("Cases waiting for my decision"), rows, cases.cases_for_head_count(user=user)))
    if user.can(Perm.LEGAL_REVIEW):
        out.extend(_legal_todos(user))
    if user.can(Perm.INSPECTION_VIEW) and not user.can(Perm.OPINION_GIVE):
        qs7 = inspections.rectifications_due(user=user)
        rows = [
            (
                r.enterprise.name,
                reverse("inspections:record", args=[r.pk]),
                _("rectify by %(day)s") % {"day": date(r.rectification_due)},
            )
            for r in qs7[:TODO_SHOWN]
        ]
        out.append(_todo(_("Rectification deadlines"), rows, inspections.rectifications_due_count(user=user)))
    if user.can(Perm.PUBLICATION_MANAGE):
        qs8 = inspections.publications_waiting(user=user)
        publications = reverse("inspections:publications")
        rows = [
            (p.record.enterprise.name, publications, _("publish by %(day)s") % {"day": date(p.due)})
            for p in qs8[:TODO_SHOWN]
        ]
        total = inspections.publications_waiting_count(user=user)
        out.append(_todo(_("Results to publish"), rows, total, publications))
    if user.can(Perm.DECISION_REVIEW) or user.can(Perm.DECISION_DRAFT):
        out.extend(_decision_todos(user))
    if user.can(Perm.DISPUTE_MEDIATE):
        out.extend(_dispute_todos(user))
    if user.can(Perm.PEOPLE_VISIT):
        out.append(_people_todo(user))
    if user.can(Perm.INSPECT):
        today = timezone.localdate()
        visits = list(inspections.my_inspections(user=user, start=today)[:TODO_SHOWN])
        rows = [
            (
                f"{v.date:%Y-%m-%d} {v.enterprise.name}",
                reverse("inspections:task_code", args=[v.pk]),
                _("today: show this task code") if v.date == today else _("task code"),
            )
            for v in visits
        ]
        mine = reverse("inspections:mine")
        out.append(
            _todo(
                _("My inspections today and coming"),
                rows,
                inspections.my_inspections_count(user=user, start=today),
                mine,
            )
        )
    return out


def _dispute_todos(user: Any) -> list[dict[str, Any]]:
    """A mediator's day: follow-up visits (回头看) due this week and mediations by their time limit."""
    from fazhi.disputes import selectors as disputes

    out = []
    due = disputes.follow_ups_due(user=user)
    rows = [
        (
            f"{f.dispute.number} {f.dispute.category.name}",
            reverse("disputes:follow_up", args=[f.pk]),
            _("visit by %(day)s") % {"day": f"{f.due_on:%Y-%m-%d}"},
        )
        for f in due[:TODO_SHOWN]
    ]
    out.append(
        _todo(_("Follow-up visits due"), rows, disputes.follow_ups_due_count(user=user), reverse("disputes:list"))
    )
    mediating = disputes.mediating_due(user=user)
    rows = [
        (
            f"{d.number} {d.category.name}",
            reverse("disputes:detail", args=[d.pk]),
            _("time limit %(day)s") % {"day": f"{d.deadline:%Y-%m-%d}" if d.deadline else "—"},
        )
        for d in mediating[:TODO_SHOWN]
    ]
    total = disputes.mediating_due_count(user=user)
    out.append(_todo(_("Disputes in mediation"), rows, total, reverse("disputes:list")))
    if user.can(Perm.DISPUTE_COORDINATE):
        waiting = disputes.disputes_waiting(user=user)
        rows = [
            (
                f"{d.number} {d.category.name}",
                reverse("disputes:detail", args=[d.pk]),
                _("received %(day)s: route it") % {"day": f"{d.received_on:%Y-%m-%d}"},
            )
            for d in waiting[:TODO_SHOWN]
        ]
        total = disputes.disputes_waiting_count(user=user)
        out.append(_todo(_("Disputes waiting to be routed"), rows, total, reverse("disputes:list")))
        risks = reverse("disputes:risks")
        rows = [
            (f"{r.dispute.number} {r.dispute.category.name}", risks, r.reasons)
            for r in disputes.risk_warnings(user=user)[:TODO_SHOWN]
        ]
        out.append(_todo(_("Risk warnings to acknowledge"), rows, disputes.risk_warnings_count(user=user), risks))
    return out


def _legal_todos(user: Any) -> list[dict[str, Any]]:
    """The legal office's reviews: cases waiting for the legal review (法制审核) and closed case
    files to review (案卷评查); its filings are the inspections list above."""
    from fazhi.cases import selectors as cases

    out = []
    rows = [
        (
            f"{c.number or '#' + str(c.pk)} {c.party_name}",
            reverse("cases:detail", args=[c.pk]),
            _("legal review before the decision"),
        )
        for c in cases.legal_reviews_waiting(user=user)[:TODO_SHOWN]
    ]
    out.append(_todo(_("Cases waiting for legal review"), rows, cases.legal_reviews_waiting_count(user=user)))
    if user.can(Perm.CASE_FILE_REVIEW):
        rows = [
            (
                f"{c.number or '#' + str(c.pk)} {c.party_name}",
                reverse("cases:review", args=[c.pk]),
                _("closed %(day)s") % {"day": f"{c.closed_on:%Y-%m-%d}" if c.closed_on else "—"},
            )
            for c in cases.files_to_review(user=user)[:TODO_SHOWN]
        ]
        total = cases.files_to_review_count(user=user)
        out.append(_todo(_("Closed case files to review"), rows, total, reverse("cases:reviews")))
    return out


def _decision_todos(user: Any) -> list[dict[str, Any]]:
    """The legal office's legality reviews of decisions and normative-document drafts, and the
    published documents still to be filed (备案) by their due day."""
    from fazhi.decisions import selectors as decisions

    out = []
    if user.can(Perm.DECISION_REVIEW):
        rows = [
            (d.title, reverse("decisions:detail", args=[d.pk]), _("major decision"))
            for d in decisions.decisions_awaiting_review(user=user)[:TODO_SHOWN]
        ]
        rows += [
            (doc.title, reverse("decisions:document", args=[doc.pk]), _("normative document draft"))
            for doc in decisions.documents_awaiting_review(user=user)[: TODO_SHOWN - len(rows)]
        ]
        total = decisions.decisions_awaiting_review_count(user=user) + decisions.documents_awaiting_review_count(
            user=user
        )
        out.append(_todo(_("Awaiting my legality review"), rows, total, reverse("decisions:list")))
    if user.can(Perm.DECISION_DRAFT):
        rows = [
            (
                f"{doc.number} {doc.title}",
                reverse("decisions:document", args=[doc.pk]),
                _("file by %(day)s") % {"day": f"{doc.filing_due:%Y-%m-%d}" if doc.filing_due else "—"},
            )
            for doc in decisions.documents_unfiled(user=user)[:TODO_SHOWN]
        ]
        total = decisions.documents_unfiled_count(user=user)
        if total:
            out.append(_todo(_("Normative documents to file"), rows, total, reverse("decisions:documents")))
    return out


def _people_todo(user: Any) -> dict[str, Any]:
    """重点人群: visits overdue or due this week, by file number and category (never a name)."""
    from fazhi.people import selectors as people

    due = people.visits_due(user=user)
    today = timezone.localdate()
    rows = [
        (
            f"{f.number} {f.category.name}",
            reverse("people:visit", args=[f.pk]),
            (_("overdue since %(day)s") if f.next_visit_due and f.next_visit_due < today else _("visit by %(day)s"))
            % {"day": f"{f.next_visit_due:%Y-%m-%d}"},
        )
        for f in due[:TODO_SHOWN]
    ]
    return _todo(_("Key-group visits due"), rows, due.count(), reverse("people:list") + "?due=soon")


class SectionLandingView(AppView):
    """A section's bare address (``/inspections/``): the page this role starts from in that section,
    as its menu lists it (``navigation.group_landing``); a role with nothing there is refused."""

    group = ""

    def get(self, request: HttpRequest) -> HttpResponse:
        from fazhi.web.navigation import group_landing

        target = group_landing(request.user, self.group)
        if target is None:
            raise PermissionDenied()
        return redirect(target)


class HomeView(AppView):
    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if is_enterprise_account(user):
            return redirect("inspections:portal")  # an enterprise's home is its portal (企业服务)
        # Issue 24: what waits for me, an inspector's visits of today first; the registers' counts
        # are on the register pages, not here.
        todos = todo_lists(user)
        mine = reverse("inspections:mine")
        # the inspector's visits first, then the lists with something waiting, the empty ones last
        todos.sort(key=lambda t: (t["more"] != mine, t["total"] == 0))
        today = timezone.localdate()
        return render(
            request,
            "home.html",
            {
                "todos": todos,
                "today": today,
            },
        )


class LedgerView(AppView):
    """The audit administrator reads the ledger and checks its chain (三权分立)."""

    permission = Perm.LEDGER_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        verb = request.GET.get("verb", "").strip()
        actor = request.GET.get("actor", "").strip()
        target = request.GET.get("target", "").strip()
        rows = account_selectors.ledger_entries(user=request.user, verb=verb, actor=actor, target=target)
        ctx = paged(request, rows, per_page=50)
        for e in ctx["rows"]:
            e.verb_label = ledger_labels.verb_label(e.verb)
            e.fields = ledger_labels.readable_payload(e.payload, e.verb)
        return render(
            request,
            "ledger.html",
            {**ctx, "verb": verb, "verbs": ledger_labels.verb_choices(), "actor": actor, "target": target},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        result = account_services.ledger_check(actor=request.user)
        if result.ok:
            messages.success(request, _("The ledger is intact: %(n)d entries checked.") % {"n": result.checked})
        else:
            messages.error(
                request,
                _("The ledger has been tampered with at entry #%(seq)s: %(reason)s")
                % {"seq": result.broken_seq, "reason": result.reason},
            )
        return redirect("core:ledger")


class OverrideForm(StyledForm):
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.TypedChoiceField(
        label=gettext_lazy("The day is"),
        coerce=lambda v: v == "1",
        choices=[("1", gettext_lazy("a working day")), ("0", gettext_lazy("a holiday"))],
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


class ArrangementForm(StyledForm):
    """The State Council's arrangement for a year, pasted or typed (one form, all days at once)."""

    holidays = forms.CharField(
        label=gettext_lazy("Holidays"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "1月1日至3日、2月6日至12日、10月1日至7日"}),
        help_text=gettext_lazy("Paste the dates from the notice: ranges like 10月1日至7日, separated by 、 or lines."),
    )
    workdays = forms.CharField(
        label=gettext_lazy("Make-up working days"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "2月14日、9月26日、10月9日"}),
        help_text=gettext_lazy("Weekend days that are working days (调休上班)."),
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知."),
    )


class CalendarView(AppView):
    permission = Perm.CALENDAR_EDIT

    def get(
        self,
        request: HttpRequest,
        form: OverrideForm | None = None,
        arrangement_form: ArrangementForm | None = None,
        year: int | None = None,
    ) -> HttpResponse:
        if year is None:
            year = param_year(request.GET, default=timezone.localdate().year)
        cal = WorkCalendar(dt.date(year, 1, 1), dt.date(year, 12, 31))
        months = []
        for m in range(1, 13):
            days = [(d, cal.is_workday(d), d in cal.overrides) for d in _month_days(year, m)]
            months.append({"month": m, "days": days, "lead": days[0][0].weekday()})
        return render(
            request,
            "calendar.html",
            {
                "year": year,
                "official": year_is_official(year),
                "arrangement": account_selectors.calendar_arrangement(year),
                "arrangement_form": arrangement_form or ArrangementForm(),
                "last_official": OFFICIAL_YEARS[-1],
                "months": months,
                "overrides": account_selectors.calendar_overrides(year),
                "form": form or OverrideForm(),
                "years": [year - 1, year, year + 1],
                "workday_count": account_selectors.workday_count(year),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("action") == "arrangement":
            return self._arrangement(request)
        if "delete" in request.POST:
            try:
                day = dt.date.fromisoformat(request.POST["delete"])
            except ValueError:
                messages.error(request, _("The date is not valid."))
                return redirect("core:calendar")
            account_services.calendar_override_delete(actor=request.user, date=day)
            messages.success(request, _("The override was removed."))
            return redirect(f"{request.path}?year={day.year}")
        form = OverrideForm(request.POST)
        if not form.is_valid():
            return self.get(request, form)
        try:
            account_services.calendar_override_set(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.get(request, form)
        messages.success(request, _("Saved."))
        return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")

    def _arrangement(self, request: HttpRequest) -> HttpResponse:
        year = param_year(request.POST, default=0)  # a crafted year answers 400 (core.params)
        form = ArrangementForm(request.POST)
        if not year:
            form.add_error(None, _("Choose the year of the arrangement."))
            return self.get(request, arrangement_form=form)
        if not form.is_valid():
            return self.get(request, arrangement_form=form, year=year)
        errors: dict[str, str] = {}
        days: dict[str, list[dt.date]] = {}
        for field in ("holidays", "workdays"):
            try:
                days[field] = parse_days(form.cleaned_data[field], year=year, field=field)
            except ApplicationError as exc:
                errors[field] = exc.message
        try:
            if errors:
                raise ValidationError(" ".join(errors.values()), details=errors)
            arrangement = account_services.calendar_arrangement_set(
                actor=request.user, year=year, source=form.cleaned_data["source"], **days
            )
        except ApplicationError as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            for field, message in (errors or details).items():
                form.add_error(field if field in form.fields else None, str(message))
            if not form.errors:
                form.add_error(None, exc.message)
            return self.get(request, arrangement_form=form, year=year)
        messages.success(
            request,
            _("The arrangement for %(year)d is entered: %(h)d holidays, %(w)d make-up working days.")
            % {"year": year, "h": arrangement.holidays, "w": arrangement.workdays},
        )
        return redirect(f"{request.path}?year={year}")


def _month_days(year: int, month: int) -> list[dt.date]:
    d = dt.date(year, month, 1)
    out = []
    while d.month == month:
        out.append(d)
        d += dt.timedelta(days=1)
    return out


class AccessLogView(AppView):
    """The audit administrator reads who saw which sensitive record, when and why."""

    permission = Perm.LEDGER_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        who = request.GET.get("user", "").strip()
        rows = account_selectors.access_log_entries(user=request.user, username=who)
        return render(request, "access_log.html", {**paged(request, rows, per_page=50), "who": who})
