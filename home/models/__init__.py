from .pages import HeroMixin, HomePage, StandardPage
from .settings import ClinicSettings
from .snippets import Notice

__all__ = ["ClinicSettings", "HeroMixin", "HomePage", "Notice", "StandardPage"]
