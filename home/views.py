import logging

from django.http import HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


@requires_csrf_token
def server_error(request):
    """The clinic's branded 500 page, or a plain one when the branded page cannot
    be built (the database being down is a common cause of a 500)."""
    try:
        html = render_to_string("500.html", request=request)
    except Exception:
        logger.exception("Could not render the branded error page")
        html = render_to_string("500_plain.html")
    return HttpResponseServerError(html)
