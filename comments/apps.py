from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Komentar")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site
        from wagtail.permissions import register_permission_policy

        from . import deferred, learning, notifications, policy, receivers
        from .admin.blocks import BlockPermissionPolicy
        from .conf import check_settings
        from .models import Block, CommentPolicy
        from .signals import comment_status_changed, comment_submitted

        checks.register(check_settings)

        request_started.connect(
            deferred.request_started, dispatch_uid="comments.deferred.started"
        )
        request_finished.connect(
            deferred.request_finished, dispatch_uid="comments.deferred.finished"
        )

        for signal in (post_save, post_delete):
            signal.connect(
                policy.forget_policy,
                sender=CommentPolicy,
                dispatch_uid=f"comments.forget_policy.{signal is post_save}",
            )
            signal.connect(
                policy.forget_kept_reads,
                sender=Site,
                dispatch_uid=f"comments.forget_kept_reads.{signal is post_save}",
            )
        comment_status_changed.connect(
            receivers.purge_article_from_cache,
            dispatch_uid="comments.purge_article_from_cache",
        )
        comment_status_changed.connect(
            receivers.notify_parent_of_reply,
            dispatch_uid="comments.notify_parent_of_reply",
        )
        # Moderation: the moderators' digest and the retraining trigger.
        comment_submitted.connect(
            notifications.on_submitted, dispatch_uid="comments.digest_on_submit"
        )
        comment_status_changed.connect(
            notifications.on_status_changed, dispatch_uid="comments.digest"
        )
        comment_status_changed.connect(
            learning.on_status_changed, dispatch_uid="comments.retrain"
        )
        register_permission_policy(Block, BlockPermissionPolicy(Block))
