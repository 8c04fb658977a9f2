"""``manage.py send_moderation_digest``: the digest held comments are waiting for.

A held comment sends the digest itself unless one went out within the interval;
the comments held in that interval then wait for the next held comment. Run this
from cron so that they reach the moderators once the interval has passed:

# /etc/cron.d/warta: every five minutes
*/5 * * * * warta cd /srv/warta && .venv/bin/python manage.py send_moderation_digest
"""

from django.core.management.base import BaseCommand

from comments.notifications import send_digest


class Command(BaseCommand):
    help = (
        "Email the moderators' digest if comments entered the queue since the last "
        "one and the policy's interval has passed. Meant for a cron job."
    )

    def handle(self, *args, **options) -> None:
        if send_digest():
            self.stdout.write("Ringkasan antrean moderasi dikirim.")
        else:
            self.stdout.write("Tidak ada ringkasan yang perlu dikirim.")
