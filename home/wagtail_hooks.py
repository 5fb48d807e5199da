from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Notice
from home.snippets import foreign_key_column


class NoticeViewSet(SnippetViewSet):
    # No search_fields: the admin searches Notice's index. Naming fields breaks the
    # search on SQLite, whose backend takes them for columns of its full-text
    # table ("no such column: name", django-modelsearch#47).
    model = Notice
    icon = "info-circle"
    menu_label = _("Notices")
    list_display = ["name", foreign_key_column("locale", _("Locale"))]


register_snippet(NoticeViewSet)
