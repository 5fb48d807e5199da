"""A real SMTP server on loopback (aiosmtpd) and the real database task backend."""

import asyncio
import email
import socket
import threading
import uuid
from dataclasses import dataclass
from email import policy

from django.core.management import call_command
from django.urls import reverse

import pytest
from aiosmtpd.controller import Controller

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """Collects what the SMTP server accepted, as parsed messages; refuses the
    recipients in ``refused`` as a server refuses an unknown mailbox."""

    def __init__(self):
        self.messages = []
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


class HoldingInbox:
    """An SMTP server that holds the first connection at ``stage`` ("rcpt":
    before it has the mail; "data": with the mail received, before saying OK)
    until released, and accepts everything after that."""

    def __init__(self, stage):
        self.stage = stage
        self.messages = []
        self.holding = threading.Event()
        self.released = threading.Event()

    async def hold(self):
        if self.released.is_set():
            return
        self.holding.set()
        while not self.released.is_set():
            await asyncio.sleep(0.05)

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if self.stage == "rcpt":
            await self.hold()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        if self.stage == "data":
            await self.hold()
        return "250 OK"


@pytest.fixture
def holding_smtp(request):
    """A real SMTP server that holds the first mail at the stage given as the
    ``indirect`` parameter ("rcpt" or "data") until released; without one it
    holds nothing."""
    inbox = HoldingInbox(getattr(request, "param", None))
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    inbox.released.set()
    controller.stop()


@pytest.fixture
def stalled_smtp_port():
    """A server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


@pytest.fixture
def mail_over_smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    settings.DEFAULT_FROM_EMAIL = "no-reply@clinic.example"

    def point_at(port):
        settings.EMAIL_PORT = port

    return point_at


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "leads"],
        }
    }


@pytest.fixture
def clinics(truhealing, tal):
    """Both clinics with return-request inboxes: one at TruHealing, two at Tal."""
    truhealing.routing.lead_inboxes = "admissions@truhealing.example"
    truhealing.routing.save()
    tal.routing.lead_inboxes = "intake@tal.example, director@tal.example"
    tal.routing.save()
    return truhealing, tal


def run_worker():
    """The worker `make run` starts, run until nothing is due."""
    call_command(
        "db_worker",
        "--batch",
        "--queue-name",
        "leads",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )


# Pages with return-request forms, one clinic each, and a browser-like POST.

LEAD_FORM_TEXTS = {
    "heading": "Ask about coming back",
    "intro": "Leave a number or an email.",
    "button_text": "Send my request",
    "thank_you_heading": "Thank you, we have it",
    "thank_you_text": "We will reach out soon.",
}


@dataclass
class FormPage:
    clinic: object
    page: object
    form_id: str

    @property
    def host(self):
        return self.clinic.site.hostname

    @property
    def origin(self):
        return f"http://{self.host}"

    def data(self, **fields):
        """What a browser with JavaScript sends for a real person's request."""
        data = {
            "page": str(self.page.pk),
            "form": self.form_id,
            "submission_id": str(uuid.uuid4()),
            "fill_ms": "9000",
            "name": "Jordan Example",
            "phone": "(513) 555-0123",
            "email": "jordan@example.net",
            "contact_method": "phone",
            "contact_time": "evening",
            "returning_client": "yes",
            "message": "I left after week three.",
            "consent": "on",
            "website": "",
        }
        data.update(fields)
        return {key: value for key, value in data.items() if value is not None}

    def post(self, client, data=None, *, origin=None, **headers):
        """POST as the browser on this clinic's page would (Origin included)."""
        return client.post(
            reverse("lead_submit"),
            self.data() if data is None else data,
            HTTP_HOST=headers.pop("HTTP_HOST", self.host),
            HTTP_ORIGIN=self.origin if origin is None else origin,
            **headers,
        )


def form_page(clinic, *, variant="full", inbox):
    clinic.routing.lead_inboxes = inbox
    clinic.routing.save()
    blog = BlogIndexPageFactory(parent=clinic.home)
    post = BlogPostPageFactory(
        parent=blog,
        title=f"Coming back to {clinic.settings.clinic_name}",
        slug="coming-back",
        body=[
            ("paragraph", "<p>You can come back.</p>"),
            ("lead_form", {"variant": variant, **LEAD_FORM_TEXTS}),
        ],
    )
    form_id = next(child.id for child in post.body if child.block_type == "lead_form")
    return FormPage(clinic=clinic, page=post, form_id=form_id)


@pytest.fixture
def lead_forms(truhealing, tal):
    """A post with a full return-request form on each clinic's site."""
    return {
        "truhealing": form_page(truhealing, inbox="admissions@truhealing.example"),
        "tal": form_page(tal, inbox="intake@tal.example"),
    }
