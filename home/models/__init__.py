from .pages import HeroMixin, HomePage, PromoteMixin, StandardPage
from .settings import ClinicSettings
from .snippets import Notice
from .teams import ClinicTeam
from .workers import WorkerHeartbeat

__all__ = [
    "ClinicSettings",
    "ClinicTeam",
    "HeroMixin",
    "HomePage",
    "Notice",
    "PromoteMixin",
    "StandardPage",
    "WorkerHeartbeat",
]
