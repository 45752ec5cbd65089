from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.accounts.models import User
from fazhi.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Issue an API token acting for USER's organisation with USER's roles (printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="which system will use the token")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有用户 {options['username']}", returncode=2)
        _, raw = api_token_create(actor=user, name=options["name"], system=True)
        self.stdout.write(raw)
