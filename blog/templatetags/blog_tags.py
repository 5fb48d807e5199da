from django import template

register = template.Library()


@register.filter
def faq_questions(value, clinic):
    """The questions an FAQ block shows on this clinic's site: inline ones, then
    those of its FAQ set when that set is this clinic's and published."""
    return value.questions(clinic.site_id if clinic else None)
