"""Forms only parse and render; the services validate the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Region
from fazhi.accounts.selectors import region_in_scope
from fazhi.core.forms import StyledForm
from fazhi.core.text import LONG, NAME, NOTE
from fazhi.registry.imports import IMPORTERS
from fazhi.registry.models import EnforcementBody, Enterprise, InspectionType


class VersionForm(StyledForm):
    """Carries the version the user loaded, so a save over someone else's change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EnterpriseForm(VersionForm):
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=30)
    name = forms.CharField(label=_("Enterprise name"), max_length=200)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Village / community"), queryset=None)
    industry = forms.CharField(label=_("Industry"), max_length=50, required=False)
    risk_grade = forms.ChoiceField(label=_("Risk grade"), choices=Enterprise.RiskGrade.choices)
    do_not_disturb = forms.BooleanField(label=_("Do-not-disturb list"), required=False)
    do_not_disturb_until = forms.DateField(
        label=_("Do-not-disturb until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_in_scope(user=user)  # type: ignore[attr-defined]


class ContactsForm(StyledForm):
    contacts = forms.CharField(
        label=_("Contacts"),
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One contact per line: name, phone, position (separated by commas)."),
    )


class OfficerForm(VersionForm):
    name = forms.CharField(label=_("Full name"), max_length=50)
    certificate_no = forms.CharField(label=_("Certificate number"), max_length=40)
    body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Enforcement body"), queryset=None)
    issuing_authority = forms.CharField(label=_("Issuing authority"), max_length=100, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    # No status and no valid-until date: they follow the qualification record (training app).

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class BodyForm(VersionForm):
    name = forms.CharField(label=_("Name"), max_length=NAME)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    qualification_basis = forms.CharField(
        label=_("Qualification basis"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG
    )
    published = forms.BooleanField(label=_("Qualification published"), required=False)


class BodyCreateForm(BodyForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    level = forms.ChoiceField(label=_("Level"), choices=EnforcementBody.Level.choices)
    region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Area of jurisdiction"), queryset=None)

    field_order = ["code", "name", "short_name", "level", "region", "qualification_basis", "published"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_in_scope(user=user).filter(  # type: ignore[attr-defined]
            level__in=["county", "township"]
        )


class RegionForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("The administrative division code."))
    name = forms.CharField(label=_("Name"), max_length=100)
    level = forms.ChoiceField(label=_("Level"), choices=Region.Level.choices)
    parent: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Parent"), queryset=Region.objects.order_by("path"), required=False
    )


class MatterForm(VersionForm):
    code = forms.CharField(label=_("Matter code"), max_length=40)
    name = forms.CharField(label=_("Matter name"), max_length=200)
    catalogue_code = forms.CharField(
        label=_("Catalogue matter code"),
        max_length=40,
        required=False,
        help_text=_("The published catalogue's code, the same for every body holding this matter (合并同类项)."),
    )
    body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Enforcement body"), queryset=None)
    legal_basis = forms.CharField(
        label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG
    )
    inspection_type = forms.ChoiceField(label=_("Inspection type"), choices=InspectionType.choices)
    published = forms.BooleanField(label=_("Published"), required=False)
    checklist = forms.CharField(
        label=_("Check points"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=LONG,
        help_text=_("One check point per line."),
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class ImportForm(StyledForm):
    kind = forms.ChoiceField(label=_("Register"), choices=[(k, v.sheet_title) for k, v in IMPORTERS.items()])
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))
    partial = forms.BooleanField(
        label=_("Write the valid rows and give me the rejected ones back"),
        required=False,
        help_text=_("Unticked (the default): if any row is wrong, nothing is written and every error is listed."),
    )
