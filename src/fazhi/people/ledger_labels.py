"""How the people app's ledger verbs read to a person (merged into web.ledger_labels)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERB_LABELS: dict[str, Promise] = {
    "people.file_opened": _("Special-population file opened"),
    "people.file_assigned": _("Responsible officials named for a file"),
    "people.basis_ended": _("Basis of a file ended"),
    "people.file_deleted": _("File deleted after retention"),
    "people.visited": _("Visit to a person on file recorded"),
    "people.assessed": _("Danger assessment recorded"),
    "people.meeting_held": _("Risk meeting recorded"),
    "people.incident": _("Incident by a person on file recorded"),
    "people.screening": _("Screening campaign recorded"),
    "people.access_log_exported": _("A person's access log exported"),
    "people.export_requested": _("Bulk export of files requested"),
    "people.export_approved": _("Bulk export of files approved"),
    "people.exported": _("Bulk export of files downloaded"),
    "people.share_granted": _("Sharing of files with a body granted"),
    "people.share_revoked": _("Sharing of files with a body revoked"),
    "people.shared": _("Files shared with a body"),
}
