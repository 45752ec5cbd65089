"""Case pages, by sub-domain: the list and registration, the case page and its steps, the rules
page, case-file review and guidance visits. Views only parse input, call services and ask their
``can_*`` predicates; every refusal comes back as the service's Chinese message."""

from fazhi.cases.views.detail import CaseDetailView, DocumentView, EvidenceView
from fazhi.cases.views.registration import CaseListView, CaseNewView, SummaryView
from fazhi.cases.views.review import GuidanceView, ReviewListView, ReviewView
from fazhi.cases.views.review_sheet import ReviewSheetView
from fazhi.cases.views.rules import RulesView

__all__ = [
    "CaseDetailView",
    "CaseListView",
    "CaseNewView",
    "DocumentView",
    "EvidenceView",
    "GuidanceView",
    "ReviewListView",
    "ReviewSheetView",
    "ReviewView",
    "RulesView",
    "SummaryView",
]
