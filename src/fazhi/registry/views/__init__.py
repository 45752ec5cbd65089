"""Registry pages, one module per register (views parse input, call a selector or a service, and
render; nothing else). The package re-exports every view for ``registry/urls.py``."""

from __future__ import annotations

from fazhi.registry.views.bodies import BodyCreateView, BodyDetailView, BodyEditView, BodyListView
from fazhi.registry.views.enterprises import EnterpriseDetailView, EnterpriseEditView, EnterpriseListView
from fazhi.registry.views.matters import MatterDetailView, MatterEditView, MatterListView
from fazhi.registry.views.officers import OfficerDetailView, OfficerEditView, OfficerListView
from fazhi.registry.views.regions import RegionListView
from fazhi.registry.views.transfer import ExportView, ImportErrorsView, ImportJobView, ImportView, TemplateView

__all__ = [
    "BodyCreateView",
    "BodyDetailView",
    "BodyEditView",
    "BodyListView",
    "EnterpriseDetailView",
    "EnterpriseEditView",
    "EnterpriseListView",
    "ExportView",
    "ImportErrorsView",
    "ImportJobView",
    "ImportView",
    "MatterDetailView",
    "MatterEditView",
    "MatterListView",
    "OfficerDetailView",
    "OfficerEditView",
    "OfficerListView",
    "RegionListView",
    "TemplateView",
]
