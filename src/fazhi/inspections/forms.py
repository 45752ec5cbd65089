from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms import StyledForm
from fazhi.registry.models import InspectionType


class PlanItemForm(StyledForm):
    body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Enforcement body"), queryset=None)
    enterprise: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    matter: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Inspection matter"), queryset=None)
    inspection_type = forms.ChoiceField(label=_("Inspection type"), choices=InspectionType.choices)
    earliest = forms.DateField(label=_("Earliest date"), widget=forms.DateInput(attrs={"type": "date"}))
    latest = forms.DateField(label=_("Latest date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    remote = forms.BooleanField(
        label=_("Remote (非现场): documents, data or video, no trip to the enterprise"), required=False
    )

    def __init__(self, *args: Any, bodies: Any, enterprises: Any, matters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        self.fields["matter"].queryset = matters  # type: ignore[attr-defined]


class RunForm(StyledForm):
    region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Region"), queryset=None)
    month = forms.DateField(
        label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m", "%Y-%m-%d"]
    )
    calendar_confirmed = forms.BooleanField(
        label=_("Schedule on Monday to Friday: the year's holiday arrangement is not entered yet"),
        required=False,
    )

    def __init__(self, *args: Any, regions: Any, ask_calendar: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        if not ask_calendar:  # offered once the service asked for it: a month of an unentered year
            self.fields["calendar_confirmed"].widget = forms.HiddenInput()
