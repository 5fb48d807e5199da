"""The return-request form's widgets rendered by Django's two form renderers,
the Django template engine's and Jinja2's (the one leads.forms uses), in-process:
time per form and whether the HTML is the same but for line breaks.

Run through bench/profile_pages.sh (which sets the settings).
"""

import os
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.forms.renderers import DjangoTemplates, Jinja2  # noqa: E402

from leads.forms import ReturnRequestForm  # noqa: E402

N = 500


def widgets_html(renderer):
    """Every field's widget, each radio button by itself (as the template does)."""
    form = ReturnRequestForm(auto_id="lead-bench-%s", renderer=renderer)
    html = []
    for field in form:
        if getattr(field.field.widget, "input_type", None) == "radio":
            html.extend(choice.tag() for choice in field)
        else:
            html.append(field.as_widget())
    return "".join(html)


def measure(renderer):
    for _ in range(50):
        widgets_html(renderer)
    start = time.perf_counter()
    for _ in range(N):
        html = widgets_html(renderer)
    return (time.perf_counter() - start) / N * 1000, html


def main():
    django_ms, django_html = measure(DjangoTemplates())
    jinja_ms, jinja_html = measure(Jinja2())
    same = django_html.replace("\n", "") == jinja_html.replace("\n", "")
    print(
        f"form widgets: Django templates {django_ms:.2f} ms, Jinja2 {jinja_ms:.2f} ms "
        f"({django_ms / jinja_ms:.1f}x); same HTML but for line breaks: {same}"
    )


if __name__ == "__main__":
    main()
