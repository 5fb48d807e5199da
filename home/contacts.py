"""Each clinic's name and phone number by host name, kept in a small file, for
pages that must reach a visitor while the database is down (the return-request
endpoint's "not sent" page tells them whom to call).

The file is written again whenever clinic settings or a site are saved or
deleted (home/signals.py) and after every ``migrate``; reading it needs no
database. Its place is the CLINIC_CONTACTS_FILE setting. On several machines each
keeps its own copy: one that saved nothing has the copy of its last ``migrate``.
"""

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.http.request import split_domain_port

from home.models import ClinicSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClinicContact:
    """What the "not sent" page shows of a clinic; the same names as
    ClinicSettings, so the page takes either."""

    display_name: str
    phone: str
    phone_e164: str
    phone_label: str

    @classmethod
    def of(cls, clinic):
        """The contact of a ClinicSettings (reads its site: needs the database)."""
        return cls(
            display_name=clinic.display_name,
            phone=clinic.phone_e164,
            phone_e164=clinic.phone_e164,
            phone_label=clinic.phone_label,
        )


def snapshot():
    """{"hosts": {hostname: contact}, "default": contact}, from the database."""
    hosts, default = {}, None
    for clinic in ClinicSettings.objects.select_related("site"):
        contact = asdict(ClinicContact.of(clinic))
        hosts[clinic.site.hostname] = contact
        if clinic.site.is_default_site:
            default = contact
    return {"hosts": hosts, "default": default}


def refresh():
    """Write the snapshot file again. A failure is logged, never raised: saving
    the settings matters more than this copy."""
    path = Path(settings.CLINIC_CONTACTS_FILE)
    try:
        data = json.dumps(snapshot(), indent=1, sort_keys=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, prefix=".contacts-", delete=False
        ) as temporary:
            temporary.write(data)
        os.replace(temporary.name, path)  # readers see the old file or the new
    except Exception:
        logger.exception("Could not write the clinic contacts file %s", path)


def contact_for_host(host):
    """The contact of the clinic served at ``host`` (a Host header, port and
    all), the default clinic's for a host no clinic has, or None when the file is
    missing or unreadable."""
    try:
        data = json.loads(Path(settings.CLINIC_CONTACTS_FILE).read_text())
        hostname, _port = split_domain_port(host)
        contact = data["hosts"].get(hostname) or data["default"]
        return ClinicContact(**contact) if contact else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
