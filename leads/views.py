"""Receiving a return request.

One POST endpoint serves every form on every clinic site. The clinic is the
site of the page the form is on (never the Host header or a posted value). The
lead and its notification job are saved in one transaction and the visitor is
redirected to the thank-you state (Post/Redirect/Get); mail is sent later by the
task worker, so SMTP can neither slow nor fail this request.

There is no CSRF token (it would end caching of every page with a form):
cross-site posts are refused by checking Origin, or Sec-Fetch-Site when a
browser sends no Origin, against the page's site.
"""

import datetime
import logging
import traceback
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import DatabaseError, IntegrityError
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from wagtail.models import Page, Site

from home.contacts import ClinicContact, contact_for_host
from home.models import ClinicSettings
from leads import ratelimit
from leads.blocks import COMPACT, build_form
from leads.client_ip import client_ip, ip_hmac
from leads.delivery import create_lead
from leads.models import Lead, LeadSettings
from leads.recaptcha import ClinicReCaptchaField

logger = logging.getLogger(__name__)

# Outcomes of the checks, stored on the lead as spam_signals.
SPAM_SIGNALS = {"honeypot", "too_fast", "recaptcha_failed"}
UNVERIFIED_SIGNALS = {
    "recaptcha_missing",
    "recaptcha_expired",
    "recaptcha_misconfigured",
    "recaptcha_unreachable",
}
RECAPTCHA_SIGNALS = {
    "required": "recaptcha_missing",
    "captcha_invalid": "recaptcha_failed",
    "captcha_expired": "recaptcha_expired",
    "captcha_misconfigured": "recaptcha_misconfigured",
    "captcha_unreachable": "recaptcha_unreachable",
}
# No such page, or a body that cannot be read: Django answers these with its 404
# and 400 pages, which show nothing that was posted.
ANSWERED_BY_DJANGO = (Http404, BadRequest, MultiPartParserError, SuspiciousOperation)
# Namespace of submission ids made on the server for browsers without JavaScript.
NO_SCRIPT_NAMESPACE = uuid.UUID("5b0f3c1e-93a4-4d8e-9d7e-6f1f2a7c0b11")


def find_form(page_id, form_id):
    """The live, public page and the settings of its form ``form_id``, or 404."""
    try:
        pk = int(page_id)
    except (TypeError, ValueError):
        raise Http404 from None
    page = Page.objects.live().public().filter(pk=pk).specific().first()
    config = None
    if page is not None and hasattr(page, "lead_form"):
        config = page.lead_form(str(form_id or ""))
    if config is None:
        raise Http404
    return page, config


def same_origin(request, site):
    """Whether the POST comes from a page of ``site`` itself: its Origin is the
    site's, or this very host's when Wagtail serves ``site`` here (the default
    site under another of its names). A browser sends ``Origin: null`` from a
    page with a no-referrer policy as from a sandboxed frame anywhere: then only
    Sec-Fetch-Site can tell."""
    origin = request.META.get("HTTP_ORIGIN")
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if origin not in (None, "null"):
        return origin_is_site(origin, site, request.scheme) or (
            origin == f"{request.scheme}://{request.get_host()}"
            and Site.find_for_request(request) == site
        )
    if fetch_site is not None:
        return fetch_site == "same-origin"
    # Neither header: not a browser (every current browser sends Origin with a
    # POST), and only a browser can be tricked into a cross-site request.
    return origin is None


def origin_is_site(origin, site, scheme):
    """Whether ``origin`` is ``site`` served with ``scheme`` (the request's)."""
    parts = urlsplit(origin)
    try:
        port = parts.port
    except ValueError:
        return False
    if parts.scheme != scheme or parts.hostname != site.hostname:
        return False
    default_port = 443 if scheme == "https" else 80
    if site.port in (80, 443):  # Wagtail's "standard port": the scheme's own
        return port in (None, default_port)
    return (port or default_port) == site.port


def thank_you_url(request, page, form_id):
    return f"{page.get_url(request)}?sent={form_id}#lead-{form_id}"


def redirect_see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303  # the thank-you page is fetched with GET
    return response


def render_with_form(request, page, form_id, form, status):
    """The page again, with the visitor's input and the errors in the form."""
    request.lead_form = (form_id, form)
    context = page.get_context(request)
    response = TemplateResponse(
        request, page.get_template(request), context, status=status
    )
    return response.render()  # now, in the page's language (see submit)


def recaptcha_signal(lead_settings, token, ip):
    """None when reCAPTCHA is off or passed, otherwise why it did not."""
    if not lead_settings.recaptcha_enabled:
        return None
    field = ClinicReCaptchaField(
        public_key=lead_settings.recaptcha_site_key,
        private_key=lead_settings.recaptcha_secret_key,
        remote_ip=ip,
    )
    try:
        field.clean(token[:4000])
    except Exception as error:  # noqa: BLE001 (ValidationError; anything else too)
        code = getattr(error, "code", None)
        if code not in RECAPTCHA_SIGNALS:
            # A failure nobody foresaw: keep the lead, as if Google were away.
            logger.exception("reCAPTCHA check failed unexpectedly")
        return RECAPTCHA_SIGNALS.get(code, "recaptcha_unreachable")
    return None


def screen(form, lead_settings, token, ip):
    """(verification, quarantined, signals) for a valid form."""
    signals = []
    if form.cleaned_data.get("website"):
        signals.append("honeypot")
    fill_ms = form.cleaned_data.get("fill_ms")
    if fill_ms is not None and fill_ms < settings.LEADS_MIN_FILL_SECONDS * 1000:
        signals.append("too_fast")
    recaptcha = recaptcha_signal(lead_settings, token, ip)
    if recaptcha:
        signals.append(recaptcha)
    if SPAM_SIGNALS.intersection(signals):
        return Lead.Verification.SPAM, True, signals
    if UNVERIFIED_SIGNALS.intersection(signals):
        return Lead.Verification.UNVERIFIED, True, signals
    # Passed every check that was on. With reCAPTCHA off, a fill time measured
    # by the browser is what tells a person from a plain script.
    checked = lead_settings.recaptcha_enabled or fill_ms is not None
    verification = (
        Lead.Verification.VERIFIED if checked else Lead.Verification.UNVERIFIED
    )
    return verification, False, signals


def identify(site, browser_id, fingerprint):
    """(submission id, received already) of this request.

    The id is the browser's id for the form fill, unless that id already came
    with other content (the page came back with Back, and the visitor corrected
    it): then an id made of both, the same for a repeat of the corrected
    request. Without JavaScript, see no_script_submission_id. A request is also
    a repeat when the same content reached the same site in the last
    LEADS_DEDUPE_SECONDS."""
    submission_id = browser_id or no_script_submission_id(fingerprint)
    earlier = fingerprint_of(submission_id)
    if browser_id is not None and earlier not in (None, fingerprint):
        submission_id = uuid.uuid5(browser_id, fingerprint)
        earlier = fingerprint_of(submission_id)
    if earlier is not None:
        return submission_id, True
    since = timezone.now() - datetime.timedelta(seconds=settings.LEADS_DEDUPE_SECONDS)
    recent = Lead.objects.filter(
        site=site, fingerprint=fingerprint, created_at__gte=since
    )
    return submission_id, recent.exists()


def fingerprint_of(submission_id):
    """The fingerprint of the lead saved under ``submission_id``, or None."""
    return (
        Lead.objects.filter(submission_id=submission_id)
        .values_list("fingerprint", flat=True)
        .first()
    )


def no_script_submission_id(fingerprint):
    """Without JavaScript there is no browser-made id: two identical posts in
    the same de-duplication window get the same id, so the unique constraint
    catches a double click even when both arrive at once."""
    window = int(timezone.now().timestamp() // settings.LEADS_DEDUPE_SECONDS)
    return uuid.uuid5(NO_SCRIPT_NAMESPACE, f"{fingerprint}:{window}")


def not_sent(request, *, forbidden=False, status):
    """The page that tells a visitor their request was not sent, and how to
    reach the clinic instead: in the page's language and with its clinic when
    they are known, else in the URL's language with the clinic of the host from
    the contacts file (home.contacts). It needs no database."""
    clinic = getattr(request, "lead_clinic", None) or contact_for_host(
        request.get_host()
    )
    language = getattr(request, "lead_language", None) or translation.get_language()
    with translation.override(language):
        return TemplateResponse(
            request,
            "leads/unavailable.html",
            {"clinic": clinic, "forbidden": forbidden},
            status=status,
        ).render()


def log_failure(error):
    """Log a request that failed without the error's text: a database error can
    quote what the visitor typed. Its class and the lines of our code it passed
    through are enough to find the cause."""
    ours = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(str(settings.BASE_DIR))
        and "site-packages" not in frame.filename
    ]
    logger.error(
        "A return request failed with %s (%s)",
        type(error).__name__,
        ", ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in ours[-3:]),
    )


@csrf_exempt
@sensitive_post_parameters()
@never_cache
@require_POST
def submit(request):
    """Every return-request form posts here. Any failure, the page and form
    lookup included, is answered with our own page, never an error page that
    could show what was posted: 503 when the database fails, 500 otherwise."""
    # Error reports for this request show no POST data and no local variables,
    # DEBUG or not (leads.reporting).
    request.is_lead_submission = True
    try:
        return receive(request)
    except ANSWERED_BY_DJANGO:
        raise
    except Exception as error:
        log_failure(error)
        return not_sent(
            request, status=503 if isinstance(error, DatabaseError) else 500
        )


def receive(request):
    page, config = find_form(request.POST.get("page"), request.POST.get("form"))
    site = page.get_site()
    if site is None:
        raise Http404
    request.lead_language = request.LANGUAGE_CODE = page.locale.language_code
    clinic = ClinicSettings.for_page(page, request)
    request.lead_clinic = ClinicContact.of(clinic)
    with translation.override(request.lead_language):
        if not same_origin(request, site):
            return not_sent(request, forbidden=True, status=403)
        form_id = request.POST["form"]
        form = build_form(
            form_id,
            compact=config.get("variant") == COMPACT,
            data=posted_data(request),
        )
        if not form.is_valid():
            return render_with_form(request, page, form_id, form, status=400)
        return save(request, page, site, form_id, form, clinic)


def posted_data(request):
    """The POST data. A urlencoded body that is not all UTF-8 is read as UTF-8
    with the bad bytes replaced (U+FFFD, which the form refuses in that field
    only); Django would read the whole body as latin-1 and garble every field."""
    if request.content_type == "application/x-www-form-urlencoded":
        return QueryDict(request.body.decode("utf-8", errors="replace"))
    return request.POST


def save(request, page, site, form_id, form, clinic):
    """Save a valid request once (a repeat is answered as the first was) and
    redirect to the thank-you state."""
    fingerprint = form.fingerprint(site.pk)
    submission_id, repeat = identify(
        site, form.cleaned_data["submission_id"], fingerprint
    )
    done = redirect_see_other(thank_you_url(request, page, form_id))
    if repeat:
        return done

    ip = client_ip(request)
    ip_digest = ip_hmac(ip)
    if not ratelimit.allow_lead(site.pk, ip_hmac(ratelimit.network_of(ip))):
        form.add_error(
            None,
            _(
                "We have received several requests from your connection in a short "
                "time. Please wait a few minutes and send it again, or call us at "
                "%(phone)s."
            )
            % {"phone": clinic.phone_label},
        )
        return render_with_form(request, page, form_id, form, status=429)

    verification, quarantined, signals = screen(
        form, LeadSettings.for_site_id(site.pk), form.data.get("captcha", ""), ip
    )
    try:
        create_lead(
            site=site,
            page=page,
            source_url=page.get_full_url(request)[:500],
            language_code=page.locale.language_code,
            submission_id=submission_id,
            fingerprint=fingerprint,
            consent_at=timezone.now(),
            verification=verification,
            quarantined=quarantined,
            spam_signals=",".join(signals),
            ip_hmac=ip_digest,
            **form.lead_fields(),
        )
    except IntegrityError:
        # The same submission id, saved a moment ago by a parallel request.
        if Lead.objects.filter(submission_id=submission_id).exists():
            return done
        raise
    return done
