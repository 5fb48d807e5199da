"""The byline of a post's review comes from its approval: when a clinic's
moderator approves a post in the clinic's workflow, the post records who and
when, on its page row and on the approved revision (a post scheduled to go live
later is published from that revision)."""

from django.dispatch import receiver
from django.utils import timezone

from wagtail.models import TaskState
from wagtail.signals import workflow_approved

from blog.models import BlogPostPage


def approver_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


@receiver(workflow_approved)
def record_approval(sender, instance, user=None, **kwargs):
    content = instance.content_object
    # A page comes as a plain Page; a snippet in a workflow as itself.
    post = getattr(content, "specific_deferred", content)
    if not isinstance(post, BlogPostPage):
        return
    fields = {"approved_by_name": approver_name(user), "approved_at": timezone.now()}
    BlogPostPage.objects.filter(pk=post.pk).update(**fields)
    last = (
        TaskState.objects.filter(workflow_state=instance)
        .exclude(revision=None)
        .order_by("-finished_at")
        .select_related("revision")
        .first()
    )
    if last is not None:
        revision = last.revision
        revision.content.update(
            approved_by_name=fields["approved_by_name"],
            approved_at=fields["approved_at"].isoformat(),
        )
        revision.save(update_fields=["content"])
