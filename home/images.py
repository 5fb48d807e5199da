from django.db.models import prefetch_related_objects


def prefetch_renditions(images):
    """Fetch the renditions of all ``images`` in one query, so that each
    ``{% image %}`` or ``{% picture %}`` tag finds them without one of its own.
    Renditions not made yet are still created on demand."""
    prefetch_related_objects(list(images), "renditions")
