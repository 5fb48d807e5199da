from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Notice


class NoticeViewSet(SnippetViewSet):
    model = Notice
    icon = "info-circle"
    menu_label = _("Notices")
    list_display = ["name", "locale"]
    search_fields = ["name"]


register_snippet(NoticeViewSet)
