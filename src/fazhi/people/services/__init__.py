"""Writes of the people app, split by sub-domain; import the services from here."""

from fazhi.people.services.files import (
    Identity,
    file_assign,
    file_end_basis,
    file_lookup_index,
    file_open,
    file_reveal,
    files_purge,
)
from fazhi.people.services.register import ActionInput, incident_record, meeting_record, screening_record
from fazhi.people.services.sharing import (
    access_log_export,
    export_approve,
    export_request,
    export_rows,
    share_grant,
    share_revoke,
    shared_files,
)
from fazhi.people.services.visits import assessment_record, visit_record

__all__ = [
    "ActionInput",
    "Identity",
    "access_log_export",
    "assessment_record",
    "export_approve",
    "export_request",
    "export_rows",
    "file_assign",
    "file_end_basis",
    "file_lookup_index",
    "file_open",
    "file_reveal",
    "files_purge",
    "incident_record",
    "meeting_record",
    "screening_record",
    "share_grant",
    "share_revoke",
    "shared_files",
    "visit_record",
]
