"""Two-factor authentication for the Wagtail admin, with django-otp.

Clinic staff read return requests in the admin, and a password alone is easily
reused, phished or guessed. ``ADMIN_2FA`` says how much more it takes:

- ``off``: the password, as before (devices set up earlier are kept, unused).
- ``optional``: a user who set up an authenticator app must also enter a code
  from it, or one of their backup codes, at sign-in.
- ``required``: the same, and a user without an app is sent to set one up as
  soon as their password is accepted; nothing else of the admin opens until
  they confirm it with a code.

A code is one more field of the sign-in form (:func:`login_form`), so a wrong
one is a failed sign-in like a wrong password: counted by the rate limit of
home/signin.py, and answered with the same message, so that it never tells a
guesser that the password was right. Devices are django-otp's own
(``otp_totp``, ``otp_static``); its ``OTPMiddleware`` marks a session that
entered a code as verified, and :class:`TwoFactorMiddleware` keeps the admin
closed to sessions that should be and are not. The page at /admin/two-factor/
(:func:`two_factor_view`) sets an app up and removes it.
"""

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache

import django_otp
import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

OFF, OPTIONAL, REQUIRED = "off", "optional", "required"
BACKUP_CODE_COUNT = 10
BACKUP_CODE_LENGTH = 8  # django-otp's StaticToken.random_token()
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def enabled():
    return settings.ADMIN_2FA != OFF


# Checking codes


def normalise(token):
    """Codes as people type them: apps show "123 456", backup codes are shown
    in lower case and may be typed in upper case."""
    return "".join(token.split()).replace("-", "").lower()


def could_be_from(device, token):
    """Whether ``token`` has the shape of ``device``'s codes. Each code is tried
    on its own kind of device only, so that a mistyped app code does not also
    count against (and throttle) the backup codes, and the other way round."""
    if isinstance(device, TOTPDevice):
        return token.isdigit() and len(token) == device.digits
    return len(token) == BACKUP_CODE_LENGTH


def verified_device(user, token):
    """The user's confirmed device that accepts ``token``, or None. A backup code
    is used up; an app code is not accepted twice (django-otp keeps the last
    time step), and each device slows down repeated failures itself."""
    token = normalise(token or "")
    if not token:
        return None
    with transaction.atomic():
        for device in django_otp.devices_for_user(user, for_verify=True):
            if could_be_from(device, token) and device.verify_token(token):
                return device
    return None


def has_device(user):
    return django_otp.user_has_device(user)


# Sign-in


def login_form(base_form):
    """``base_form`` (Wagtail's sign-in form) with a field for the code. The
    field is optional: users without a device leave it empty, and the form asks
    for it only once the password has been accepted."""

    class TwoFactorLoginForm(base_form):
        otp_token = forms.CharField(
            label=gettext_lazy("Authentication code"),
            required=False,
            max_length=32,
            help_text=gettext_lazy(
                "From your authenticator app, or one of your backup codes. "
                "Leave it empty if you have not set up two-factor authentication."
            ),
            widget=forms.TextInput(
                attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}
            ),
        )
        # One message for a wrong password and for a wrong or missing code: a
        # different one would tell a guesser that the password was right.
        error_messages = {
            **base_form.error_messages,
            "invalid_login": gettext_lazy(
                "Your %(username_field)s, password or authentication code didn't "
                "match. Please try again."
            ),
        }

        def clean(self):
            cleaned_data = super().clean()
            self.otp_device = self.check_code(self.get_user())
            return cleaned_data

        def check_code(self, user):
            """The device that verified this sign-in; None for a user who has
            none (``required`` mode sends them to set one up)."""
            if user is None or not has_device(user):
                return None
            device = verified_device(user, self.cleaned_data.get("otp_token"))
            if device is None:
                raise self.get_invalid_login_error()
            return device

    return TwoFactorLoginForm


def remember_device(request, form):
    """Mark the new session as verified by the device the form accepted, after
    django.contrib.auth's login() (which starts a new session)."""
    device = getattr(form, "otp_device", None)
    if device is not None:
        django_otp.login(request, device)


# Keeping the admin closed


class TwoFactorMiddleware:
    """Sends a signed-in admin user who has not entered a code in this session
    where they can: back to the sign-in form if they have a device (a session
    from before they set it up, or from before 2FA was switched on), to the
    set-up page if they have none and ``ADMIN_2FA`` is ``required``.

    Must come after django-otp's OTPMiddleware and MessageMiddleware. Only
    /admin/ URLs are closed; sign-in, sign-out, the set-up page and the admin's
    icons and JavaScript translations stay open, so that the way out and the way
    through work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.gate(request) or self.get_response(request)

    def gate(self, request):
        if not enabled() or not is_closed_path(request.path):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if has_device(user):
            return sign_in_again(request)
        if settings.ADMIN_2FA == REQUIRED and request.path != reverse("two_factor"):
            return redirect("two_factor")
        return None


def is_closed_path(request_path):
    open_paths = {
        reverse(name)
        for name in (
            "wagtailadmin_login",
            "wagtailadmin_logout",
            "wagtailadmin_javascript_catalog",
            "wagtailadmin_sprite",
        )
    }
    return request_path.startswith(reverse("wagtailadmin_home")) and (
        request_path not in open_paths
    )


def sign_in_again(request):
    """Signing out is the simplest safe answer to a session that never entered
    the code it needs: the sign-in form asks for password and code together."""
    logout(request)
    messages.info(
        request, gettext("Please sign in again with your authentication code.")
    )
    return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))


# The set-up page, /admin/two-factor/


class CodeForm(forms.Form):
    """One code, checked by ``verify`` (a function of the code that returns the
    device that accepted it, or None)."""

    token = forms.CharField(
        label=gettext_lazy("Authentication code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}
        ),
    )

    def __init__(self, *args, verify, **kwargs):
        super().__init__(*args, **kwargs)
        self.verify = verify

    def clean_token(self):
        self.device = self.verify(normalise(self.cleaned_data["token"]))
        if self.device is None:
            raise ValidationError(
                gettext_lazy(
                    "This code is not valid. Check that your phone's clock is "
                    "right and try again with a new code."
                ),
                code="invalid_token",
            )
        return self.cleaned_data["token"]


@never_cache
def two_factor_view(request):
    """Set-up for a user without a device, removal for one with a device. Never
    cached: the page shows a secret, then backup codes."""
    if not enabled():
        raise Http404
    if has_device(request.user):
        return manage(request)
    return enrol(request)


def enrol(request):
    """Shows a new app's secret, and confirms the app once it gives a right code.
    The unconfirmed device is kept between visits, so a reload does not make the
    secret already scanned useless."""
    device = pending_device(request.user)
    form = CodeForm(
        request.POST or None,
        verify=lambda token: device if device.verify_token(token) else None,
    )
    if request.method == "POST" and form.is_valid():
        codes = confirm(request, device)
        return render_page(
            request,
            "home/admin/two_factor_backup_codes.html",
            {"codes": codes, "continue_url": reverse("wagtailadmin_home")},
        )
    secret = b32encode(device.bin_key).decode()
    return render_page(
        request,
        "home/admin/two_factor_enrol.html",
        {
            "form": form,
            "config_url": device.config_url,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": qr_svg(device.config_url),
            "required": settings.ADMIN_2FA == REQUIRED,
        },
    )


def manage(request):
    """Removes the user's app and backup codes, once they give a right code:
    a session left open must not be enough to take the second factor away."""
    form = CodeForm(
        request.POST or None, verify=lambda token: verified_device(request.user, token)
    )
    if request.method == "POST" and form.is_valid():
        remove_devices(request.user)
        messages.success(request, gettext("Two-factor authentication is now off."))
        return redirect("two_factor")
    backup = StaticDevice.objects.filter(user=request.user, confirmed=True).first()
    return render_page(
        request,
        "home/admin/two_factor_manage.html",
        {
            "form": form,
            "backup_codes_left": backup.token_set.count() if backup else 0,
            "required": settings.ADMIN_2FA == REQUIRED,
        },
    )


def render_page(request, template, context):
    title = gettext("Two-factor authentication")
    return TemplateResponse(
        request,
        template,
        {"page_title": title, "header_title": title, "header_icon": "key", **context},
    )


def pending_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).last()
    return device or TOTPDevice.objects.create(
        user=user, name=APP_DEVICE_NAME, confirmed=False
    )


def confirm(request, device):
    """Confirm the app, make the backup codes (returned: shown this once), and
    count this session as verified by the app."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        codes = new_backup_codes(device.user)
    django_otp.login(request, device)
    return codes


def new_backup_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(
        user=user, name=BACKUP_DEVICE_NAME, confirmed=True
    )
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=backup, token=code) for code in codes
    )
    return codes


def remove_devices(user):
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def qr_svg(config_url):
    """The otpauth:// URI as a QR code, drawn here as inline SVG: the secret is
    never sent to a QR service, and the admin loads nothing from outside."""
    svg = segno.make(config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=gettext("QR code")
    )
    return mark_safe(svg)  # noqa: S308 (segno's own SVG of our own URI)


# Wagtail hooks (registered in home/wagtail_hooks.py)


def admin_urls():
    return [path("two-factor/", two_factor_view, name="two_factor")]


def account_menu_item(request):
    """A link under Account > More actions, while 2FA is not off."""
    if not enabled():
        return None
    return {
        "url": reverse("two_factor"),
        "label": gettext("Two-factor authentication"),
        "help_text": gettext(
            "Set up an authenticator app for signing in, or remove it."
        ),
    }
