from .pages import HeroMixin, HomePage, StandardPage
from .settings import ClinicSettings
from .snippets import Notice
from .workers import WorkerHeartbeat

__all__ = [
    "ClinicSettings",
    "HeroMixin",
    "HomePage",
    "Notice",
    "StandardPage",
    "WorkerHeartbeat",
]
