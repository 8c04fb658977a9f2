"""``manage.py load_demo``: the seed press releases (and comments) as demo content.

Idempotent: running it again updates the same pages and adds no duplicates.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from news.demo import load_articles


class Command(BaseCommand):
    help = "Load the three seed press releases (and demo comments) idempotently."

    def handle(self, *args, **options) -> None:
        articles = load_articles()
        for article in articles:
            self.stdout.write(f"Artikel: {article.title} ({article.url})")
        if apps.is_installed("comments"):
            # Only when installed: the project runs without the comments app too.
            from comments.demo import load_comments

            for line in load_comments(articles):
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"{len(articles)} artikel demo siap."))
