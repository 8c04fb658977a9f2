"""``manage.py create_demo_users``: an admin, a Humas editor and a comment moderator.

For the demo site only: the password is generated once, kept in
``var/demo-password.txt`` (readable by the owner only) and printed.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = [
    ("admin", None, True),
    ("humas", "Humas", False),
    ("moderator", "Moderator", False),
]


class Command(BaseCommand):
    help = "Create demo users admin, humas and moderator (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/admin/",
            help="Admin address to print with the login.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a public site).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Demo users are for development (DEBUG=True) only.")
        password = self.demo_password(Path(settings.VAR_DIR) / "demo-password.txt")
        User = get_user_model()
        for username, group_name, is_superuser in DEMO_USERS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.invalid"}
            )
            user.is_superuser = user.is_staff = is_superuser
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write(
            f"Login admin: {options['url']} — pengguna admin, humas, "
            f"moderator; kata sandi: {password}"
        )

    @staticmethod
    def demo_password(path: Path) -> str:
        if path.exists():
            return path.read_text().strip()
        password = secrets.token_urlsafe(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password + "\n")
        path.chmod(0o600)
        return password
