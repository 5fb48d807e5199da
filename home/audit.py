"""Site settings changed through the admin are logged with the fields that
changed (names only: never the values, some are secrets)."""

from django.utils.translation import gettext_lazy as _

from wagtail.actions.edit import EditAction
from wagtail.fields import StreamField
from wagtail.log_actions import LogFormatter, log

SETTINGS_EDIT = "home.edit_settings"


def changed_fields(instance):
    """Names of the editable fields whose value differs from the stored row."""
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    fields = [field for field in instance._meta.concrete_fields if field.editable]
    if stored is None:
        return [field.name for field in fields]
    return [
        field.name
        for field in fields
        if comparable(field, stored) != comparable(field, instance)
    ]


def comparable(field, instance):
    """The field's value as stored, less a StreamField's block ids: the admin
    gives every block a new id on each save, which changes nothing an editor
    sees."""
    if isinstance(field, StreamField):
        return [
            (child.block_type, child.block.get_prep_value(child.value))
            for child in field.value_from_object(instance)
        ]
    return field.value_to_string(instance)


class AuditedSettingsEdit(EditAction):
    """The settings edit view's save, logged as ``home.edit_settings`` with the
    changed fields instead of Wagtail's plain ``wagtail.edit``."""

    def __init__(self, instance, user=None, *, form=None, **kwargs):
        kwargs["log_action"] = False
        super().__init__(instance, user=user, form=form, **kwargs)
        self.changed = changed_fields(instance)

    def _edit(self, skip_permission_checks=False):
        result = super()._edit(skip_permission_checks=skip_permission_checks)
        log(
            instance=self.instance,
            action=SETTINGS_EDIT,
            user=self.user,
            data={"fields": self.changed},
            content_changed=bool(self.changed),
        )
        return result


class SettingsEdited(LogFormatter):
    label = _("Edit settings")

    def format_message(self, log_entry):
        model = log_entry.content_type.model_class()
        names = [
            str(model._meta.get_field(name).verbose_name) if model else name
            for name in log_entry.data.get("fields", [])
        ]
        if not names:
            return _("Settings saved, nothing changed")
        return _("Settings changed: %(fields)s") % {"fields": ", ".join(names)}
