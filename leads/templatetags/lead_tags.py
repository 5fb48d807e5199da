from django import template

register = template.Library()


@register.simple_tag
def lead_widget(field, **attrs):
    """A field's input, tied to its help text and error by aria-describedby."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-help")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
