"""Decision pages: the office's list and decision page (only the next lawful steps), the
catalogue, the normative-document register with its import, and the public pages (no account)."""
